import { useMemo, useState } from 'react';
import { useQuery } from 'urql';
import { ListingCard } from '../components/ListingCard';
import { WorldMap, type MapPoint } from '../components/WorldMap';
import { CountryPicker, ErrorAlert, LevelCheckboxes, Loading, ThemePicker } from '../components/ui';
import { useCountries } from '../data';
import { graphql } from '../gql';
import type { AuthorityLevel, ListingType } from '../gql/graphql';
import { useI18n } from '../i18n';
import { navigate, useLocation, withParams } from '../router';

const ExploreDoc = graphql(`
  query Explore($filter: ListingFilter, $first: Int) {
    listings(filter: $filter, first: $first) { totalCount nodes { ...ListingSummaryFields } }
  }
`);

const PAGE = 20;

export function ExplorePage() {
  const { t, num, name } = useI18n();
  const { path, params } = useLocation();
  const countries = useCountries();
  const [shown, setShown] = useState(PAGE);
  const [selection, setSelection] = useState<string[] | null>(null);
  const type = params.get('type') ?? '';
  const themes = params.getAll('theme');
  const countryCodes = params.getAll('country');
  const levels = params.getAll('level');
  const popMin = params.get('popMin') ?? '';
  const popMax = params.get('popMax') ?? '';
  const q = params.get('q') ?? '';
  const set = (changes: Record<string, string | string[] | null>) => {
    setShown(PAGE);
    setSelection(null);
    navigate(withParams(path, params, changes), { replace: true });
  };
  const filter = useMemo(
    () => ({
      type: (type || undefined) as ListingType | undefined,
      themes: themes.length ? themes : undefined,
      countries: countryCodes.length ? countryCodes : undefined,
      authorityLevels: levels.length ? (levels as AuthorityLevel[]) : undefined,
      populationMin: popMin ? Number(popMin) : undefined,
      populationMax: popMax ? Number(popMax) : undefined,
      search: q || undefined,
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [params.toString()],
  );
  const [{ data, fetching, error }] = useQuery({ query: ExploreDoc, variables: { filter, first: 100 } });
  const nodes = data?.listings.nodes ?? [];
  const listed = selection ? nodes.filter((n) => selection.includes(n.id)) : nodes;
  const values: Record<string, number> = {};
  for (const l of nodes) for (const c of new Set([l.authority.countryCode, ...l.targetCountries.map((x) => x.code)])) values[c] = (values[c] ?? 0) + 1;
  const points: MapPoint[] = nodes
    .filter((l) => l.authority.latitude != null && l.authority.longitude != null)
    .map((l) => ({ id: l.id, lat: l.authority.latitude!, lon: l.authority.longitude!, label: `${l.title} — ${l.authority.name}`, onSelect: () => navigate(`/annonces/${l.id}`) }));
  const cname = (code: string) => name(countries.find((c) => c.code === code)) || code;
  const total = data?.listings.totalCount ?? 0;

  return (
    <>
      <h1 className="fr-mt-4w">{t('Annonces de partenariat', 'Partnership listings')}</h1>
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-4">
          <form aria-labelledby="filters-title" onSubmit={(ev) => ev.preventDefault()}>
            <h2 id="filters-title" className="fr-h5">
              {t('Filtres', 'Filters')}
            </h2>
            <div className="fr-input-group">
              <label className="fr-label" htmlFor="filter-q">
                {t('Mots-clés', 'Keywords')}
              </label>
              <input id="filter-q" className="fr-input" type="search" defaultValue={q} onBlur={(ev) => ev.target.value !== q && set({ q: ev.target.value })} onKeyDown={(ev) => ev.key === 'Enter' && set({ q: (ev.target as HTMLInputElement).value })} />
            </div>
            <fieldset className="fr-fieldset" aria-labelledby="type-legend">
              <legend id="type-legend" className="fr-fieldset__legend fr-text--regular">
                {t("Type d'annonce", 'Listing type')}
              </legend>
              {[
                ['', t('Toutes', 'All')],
                ['OFFER', t('Offres', 'Offers')],
                ['REQUEST', t('Demandes', 'Requests')],
              ].map(([v, text]) => (
                <div key={v} className="fr-fieldset__element fr-fieldset__element--inline">
                  <div className="fr-radio-group fr-radio-group--sm">
                    <input type="radio" id={`type-${v || 'all'}`} name="type" checked={type === v} onChange={() => set({ type: v })} />
                    <label className="fr-label" htmlFor={`type-${v || 'all'}`}>
                      {text}
                    </label>
                  </div>
                </div>
              ))}
            </fieldset>
            <ThemePicker name="filter-themes" legend={t('Thématiques', 'Themes')} value={themes} onChange={(v) => set({ theme: v })} />
            <CountryPicker name="filter-countries" label={t('Pays', 'Countries')} value={countryCodes} onChange={(v) => set({ country: v })} />
            <LevelCheckboxes name="level" legend={t('Niveau de la collectivité', 'Level of the authority')} value={levels} onChange={(v) => set({ level: v })} />
            <div className="fr-grid-row fr-grid-row--gutters">
              <div className="fr-col-6 fr-input-group">
                <label className="fr-label" htmlFor="pop-min">
                  {t('Population min.', 'Min. population')}
                </label>
                <input id="pop-min" className="fr-input" type="number" min={0} defaultValue={popMin} onBlur={(ev) => ev.target.value !== popMin && set({ popMin: ev.target.value })} />
              </div>
              <div className="fr-col-6 fr-input-group">
                <label className="fr-label" htmlFor="pop-max">
                  {t('Population max.', 'Max. population')}
                </label>
                <input id="pop-max" className="fr-input" type="number" min={0} defaultValue={popMax} onBlur={(ev) => ev.target.value !== popMax && set({ popMax: ev.target.value })} />
              </div>
            </div>
            <button type="button" className="fr-btn fr-btn--tertiary fr-btn--sm" onClick={() => navigate(path, { replace: true })}>
              {t('Effacer les filtres', 'Clear filters')}
            </button>
          </form>
        </div>
        <div className="fr-col-12 fr-col-md-8">
          <ErrorAlert error={error} />
          <p aria-live="polite" className="fr-mb-1w">
            <strong>{num(total)}</strong> {t('annonce(s)', 'listing(s)')}
            {countryCodes.length > 0 && ` — ${countryCodes.map(cname).join(', ')}`}
            {total > nodes.length && ` (${t('la carte montre les', 'the map shows the')} ${nodes.length} ${t('plus récentes', 'latest')})`}
          </p>
          <WorldMap
            title={t('Carte des annonces : pays concernés et localisation des collectivités', 'Map of listings: countries concerned and authorities’ locations')}
            values={values}
            selected={countryCodes}
            countryName={cname}
            onCountry={(code) => set({ country: countryCodes.includes(code) ? countryCodes.filter((c) => c !== code) : [...countryCodes, code] })}
            points={points}
            onCluster={(items) => setSelection(items.map((i) => i.id))}
            height={460}
          />
          <h2 className="fr-h5 fr-mt-3w">{t('Liste', 'List')}</h2>
          {selection && (
            <p>
              {t('Annonces du groupe sélectionné sur la carte', 'Listings of the group selected on the map')} ({selection.length}).{' '}
              <button type="button" className="fr-btn fr-btn--sm fr-btn--tertiary" onClick={() => setSelection(null)}>
                {t('Tout afficher', 'Show all')}
              </button>
            </p>
          )}
          {fetching && !data && <Loading />}
          {!fetching && !listed.length && <p>{t('Aucune annonce ne correspond à ces filtres.', 'No listing matches these filters.')}</p>}
          {listed.slice(0, shown).map((l) => (
            <ListingCard key={l.id} listing={l} />
          ))}
          {listed.length > shown && (
            <button type="button" className="fr-btn fr-btn--secondary" onClick={() => setShown(shown + PAGE)}>
              {t('Afficher plus', 'Show more')}
            </button>
          )}
        </div>
      </div>
    </>
  );
}
