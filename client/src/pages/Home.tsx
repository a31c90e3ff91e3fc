import { useState } from 'react';
import { useQuery } from 'urql';
import { ListingCard } from '../components/ListingCard';
import { Loading } from '../components/ui';
import { useCountries, useThemes } from '../data';
import { graphql } from '../gql';
import { LEVELS, useEnum, useI18n } from '../i18n';
import { Link } from '../router';

const HomeDoc = graphql(`
  query Home {
    statistics { frenchAuthorities foreignAuthorities relationships publishedOffers publishedRequests partnerCountries }
    listings(first: 6) { totalCount nodes { ...ListingSummaryFields } }
  }
`);
const SearchDoc = graphql(`
  query HomeSearch($q: String!) {
    localAuthorities(filter: { search: $q }, first: 6) { nodes { id name level population country { nameFr nameEn } } }
  }
`);

const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

export function HomePage() {
  const { t, num, label, name } = useI18n();
  const e = useEnum();
  const [{ data }] = useQuery({ query: HomeDoc });
  const [q, setQ] = useState('');
  const [submitted, setSubmitted] = useState('');
  const [{ data: found, fetching }] = useQuery({ query: SearchDoc, variables: { q: submitted }, pause: submitted.trim().length < 2 });
  const themes = useThemes();
  const countries = useCountries();
  const needle = fold(submitted.trim());
  const themeHits = needle.length >= 2 ? themes.filter((th) => fold(label(th)).includes(needle)).slice(0, 6) : [];
  const countryHits = needle.length >= 2 ? countries.filter((c) => fold(c.nameFr).includes(needle) || fold(c.nameEn).includes(needle)).slice(0, 6) : [];
  const s = data?.statistics;
  return (
    <>
      <div className="fr-my-5w">
        <h1>{t('Trouver un partenaire pour la coopération décentralisée', 'Find a partner for decentralised cooperation')}</h1>
        <p className="fr-text--lead">
          {t(
            'Les collectivités françaises et les autorités locales étrangères publient ici leurs offres et demandes de partenariat ; le ministère les modère et propose des rapprochements.',
            'French and foreign local authorities publish their partnership offers and requests here; the ministry moderates them and suggests matches.',
          )}
        </p>
        <form
          role="search"
          className="fr-search-bar fr-search-bar--lg"
          onSubmit={(ev) => {
            ev.preventDefault();
            setSubmitted(q);
          }}
        >
          <label className="fr-label" htmlFor="home-search">
            {t('Rechercher une collectivité, une thématique ou un pays', 'Search an authority, a theme or a country')}
          </label>
          <input className="fr-input" id="home-search" type="search" placeholder={t('Ex. : Orléans, eau, Bénin', 'E.g. Orléans, water, Benin')} value={q} onChange={(ev) => setQ(ev.target.value)} />
          <button className="fr-btn" type="submit" title={t('Rechercher', 'Search')}>
            {t('Rechercher', 'Search')}
          </button>
        </form>
      </div>
      {needle.length >= 2 && (
        <section aria-labelledby="results-title" className="fr-mb-5w">
          <h2 id="results-title" className="fr-h4">
            {t('Résultats', 'Results')}
          </h2>
          {fetching && <Loading />}
          <div className="fr-grid-row fr-grid-row--gutters">
            <div className="fr-col-12 fr-col-md-4">
              <h3 className="fr-h6">{t('Collectivités', 'Authorities')}</h3>
              <ul>
                {found?.localAuthorities.nodes.map((a) => (
                  <li key={a.id}>
                    <Link href={`/collectivites/${a.id}`}>{a.name}</Link> — {e(LEVELS, a.level)}, {name(a.country)}
                  </li>
                ))}
                {found && !found.localAuthorities.nodes.length && <li>{t('Aucune collectivité', 'No authority')}</li>}
              </ul>
            </div>
            <div className="fr-col-12 fr-col-md-4">
              <h3 className="fr-h6">{t('Thématiques', 'Themes')}</h3>
              <ul>
                {themeHits.map((th) => (
                  <li key={th.id}>
                    <Link href={`/annonces?theme=${encodeURIComponent(th.id)}`}>{label(th)}</Link>
                  </li>
                ))}
                {!themeHits.length && <li>{t('Aucune thématique', 'No theme')}</li>}
              </ul>
            </div>
            <div className="fr-col-12 fr-col-md-4">
              <h3 className="fr-h6">{t('Pays', 'Countries')}</h3>
              <ul>
                {countryHits.map((c) => (
                  <li key={c.code}>
                    <Link href={`/annonces?country=${c.code}`}>{name(c)}</Link> ({num(c.relationshipCount)} {t('relations', 'relationships')})
                  </li>
                ))}
                {!countryHits.length && <li>{t('Aucun pays', 'No country')}</li>}
              </ul>
            </div>
          </div>
        </section>
      )}
      <section aria-labelledby="figures-title" className="fr-mb-5w">
        <h2 id="figures-title" className="fr-h4">
          {t('Chiffres clés', 'Key figures')}
        </h2>
        {!s ? (
          <Loading />
        ) : (
          <div className="bp-figures">
            <p className="bp-figure fr-m-0">
              <strong>{num(s.publishedOffers)}</strong> {t('offres publiées', 'published offers')}
            </p>
            <p className="bp-figure fr-m-0">
              <strong>{num(s.publishedRequests)}</strong> {t('demandes publiées', 'published requests')}
            </p>
            <p className="bp-figure fr-m-0">
              <strong>{num(s.relationships)}</strong> {t('jumelages et coopérations', 'twinnings and cooperations')}
            </p>
            <p className="bp-figure fr-m-0">
              <strong>{num(s.partnerCountries)}</strong> {t('pays partenaires', 'partner countries')}
            </p>
            <p className="bp-figure fr-m-0">
              <strong>{num(s.frenchAuthorities)}</strong> {t('collectivités françaises', 'French authorities')}
            </p>
            <p className="bp-figure fr-m-0">
              <strong>{num(s.foreignAuthorities)}</strong> {t('autorités locales étrangères', 'foreign local authorities')}
            </p>
          </div>
        )}
      </section>
      <section aria-labelledby="latest-title">
        <h2 id="latest-title" className="fr-h4">
          {t('Dernières annonces', 'Latest listings')}
        </h2>
        <div className="fr-grid-row fr-grid-row--gutters">
          {data?.listings.nodes.map((l) => (
            <div key={l.id} className="fr-col-12 fr-col-md-6">
              <ListingCard listing={l} />
            </div>
          ))}
        </div>
        <p>
          <Link className="fr-link fr-icon-arrow-right-line fr-link--icon-right" href="/annonces">
            {t(`Voir les ${data?.listings.totalCount ?? ''} annonces sur la carte`, `See all ${data?.listings.totalCount ?? ''} listings on the map`)}
          </Link>
        </p>
      </section>
    </>
  );
}
