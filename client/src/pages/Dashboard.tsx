import { useQuery } from 'urql';
import { WorldMap } from '../components/WorldMap';
import { Bars, Loading } from '../components/ui';
import { useCountries, useThemes } from '../data';
import { graphql } from '../gql';
import { useI18n } from '../i18n';
import { Link } from '../router';

const DashboardDoc = graphql(`
  query Dashboard {
    statistics {
      relationships publishedOffers publishedRequests partnerCountries
      relationshipsByYear { year count }
      listingsByYear { year count }
      byTheme { themeId listings relationships }
    }
  }
`);

export function DashboardPage() {
  const { t, name, label, num } = useI18n();
  const [{ data }] = useQuery({ query: DashboardDoc });
  const countries = useCountries();
  const themes = useThemes();
  if (!data || !countries.length) return <Loading />;
  const s = data.statistics;
  const foreign = countries.filter((c) => c.code !== 'FR');
  const values = Object.fromEntries(foreign.map((c) => [c.code, c.relationshipCount]));
  const listingValues = Object.fromEntries(foreign.map((c) => [c.code, c.listingCount]));
  const top = [...foreign].sort((a, b) => b.relationshipCount - a.relationshipCount).slice(0, 12);
  // Scarce: countries with local authorities in the reference data but the fewest relationships with France.
  const scarce = foreign.filter((c) => c.authorityCount >= 20).sort((a, b) => a.relationshipCount - b.relationshipCount || b.authorityCount - a.authorityCount).slice(0, 15);
  const decades = new Map<number, number>();
  for (const y of s.relationshipsByYear) decades.set(Math.floor(y.year / 10) * 10, (decades.get(Math.floor(y.year / 10) * 10) ?? 0) + y.count);
  const cname = (code: string) => name(countries.find((c) => c.code === code)) || code;
  return (
    <div className="fr-mt-4w">
      <h1>{t('Tableau de bord de la coopération décentralisée', 'Decentralised cooperation dashboard')}</h1>
      <div className="bp-figures fr-mb-4w">
        <p className="bp-figure fr-m-0">
          <strong>{num(s.relationships)}</strong> {t('relations', 'relationships')}
        </p>
        <p className="bp-figure fr-m-0">
          <strong>{num(s.partnerCountries)}</strong> {t('pays partenaires', 'partner countries')}
        </p>
        <p className="bp-figure fr-m-0">
          <strong>{num(s.publishedOffers + s.publishedRequests)}</strong> {t('annonces publiées', 'published listings')}
        </p>
      </div>
      <section aria-labelledby="choropleth-title">
        <h2 id="choropleth-title" className="fr-h4">
          {t('Relations par pays', 'Relationships by country')}
        </h2>
        <WorldMap title={t('Carte choroplèthe du nombre de relations avec des collectivités françaises par pays', 'Choropleth map of relationships with French authorities by country')} values={values} countryName={cname} height={440} />
        <Bars caption={t('Les 12 pays qui comptent le plus de relations', 'The 12 countries with the most relationships')} rows={top.map((c) => ({ label: name(c), value: c.relationshipCount }))} />
      </section>
      <section aria-labelledby="listings-map-title" className="fr-mt-4w">
        <h2 id="listings-map-title" className="fr-h4">
          {t('Annonces publiées par pays', 'Published listings by country')}
        </h2>
        <WorldMap title={t('Carte choroplèthe des annonces publiées par pays', 'Choropleth map of published listings by country')} values={listingValues} countryName={cname} height={380} />
      </section>
      <div className="fr-grid-row fr-grid-row--gutters fr-mt-4w">
        <section className="fr-col-12 fr-col-md-6" aria-labelledby="theme-title">
          <h2 id="theme-title" className="fr-h4">
            {t('Par thématique', 'By theme')}
          </h2>
          <Bars caption={t('Relations par grande thématique', 'Relationships by main theme')} rows={s.byTheme.map((b) => ({ label: label(themes.find((x) => x.id === b.themeId)) || b.themeId, value: b.relationships })).sort((a, b) => b.value - a.value)} />
          <Bars caption={t('Annonces publiées par grande thématique', 'Published listings by main theme')} rows={s.byTheme.map((b) => ({ label: label(themes.find((x) => x.id === b.themeId)) || b.themeId, value: b.listings })).sort((a, b) => b.value - a.value)} />
        </section>
        <section className="fr-col-12 fr-col-md-6" aria-labelledby="time-title">
          <h2 id="time-title" className="fr-h4">
            {t('Dans le temps', 'Over time')}
          </h2>
          <Bars caption={t('Relations par décennie de début', 'Relationships by starting decade')} rows={[...decades.entries()].sort((a, b) => a[0] - b[0]).map(([d, n]) => ({ label: `${d}–${d + 9}`, value: n }))} />
          <Bars caption={t('Annonces par année de publication', 'Listings by year of publication')} rows={s.listingsByYear.map((y) => ({ label: String(y.year), value: y.count }))} />
        </section>
      </div>
      <section aria-labelledby="scarce-title" className="fr-mt-4w">
        <h2 id="scarce-title" className="fr-h4">
          {t('Pays où la Bourse recense peu de coopération française', 'Countries where the Bourse records little French cooperation')}
        </h2>
        <div className="fr-table fr-table--sm">
          <table>
            <caption>{t('Pays comptant au moins 20 autorités locales dans la base, par nombre croissant de relations', 'Countries with at least 20 local authorities in the data, by increasing number of relationships')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('Pays', 'Country')}</th>
                <th scope="col">{t('Relations', 'Relationships')}</th>
                <th scope="col">{t('Autorités locales', 'Local authorities')}</th>
                <th scope="col">{t('Annonces', 'Listings')}</th>
              </tr>
            </thead>
            <tbody>
              {scarce.map((c) => (
                <tr key={c.code}>
                  <td>
                    <Link href={`/annonces?country=${c.code}`}>{name(c)}</Link>
                  </td>
                  <td>{num(c.relationshipCount)}</td>
                  <td>{num(c.authorityCount)}</td>
                  <td>{num(c.listingCount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
