import { useQuery } from 'urql';
import { CountryPicker, ErrorAlert, Loading } from '../components/ui';
import { graphql } from '../gql';
import type { AuthorityKind } from '../gql/graphql';
import { LEVELS, useEnum, useI18n } from '../i18n';
import { Link, navigate, useLocation, withParams } from '../router';

const AuthoritiesDoc = graphql(`
  query Authorities($filter: LocalAuthorityFilter, $first: Int) {
    localAuthorities(filter: $filter, first: $first) {
      totalCount
      nodes { id name level population country { nameFr nameEn } }
    }
  }
`);

export function AuthoritiesPage() {
  const { t, name, num } = useI18n();
  const e = useEnum();
  const { path, params } = useLocation();
  const q = params.get('q') ?? '';
  const kind = params.get('kind') ?? '';
  const countries = params.getAll('country');
  const [{ data, fetching, error }] = useQuery({
    query: AuthoritiesDoc,
    variables: { first: 30, filter: { search: q || undefined, kind: (kind || undefined) as AuthorityKind | undefined, countries: countries.length ? countries : undefined } },
  });
  const set = (c: Record<string, string | string[] | null>) => navigate(withParams(path, params, c), { replace: true });
  return (
    <div className="fr-mt-4w">
      <h1>{t('Collectivités et autorités locales', 'Local authorities')}</h1>
      <div className="fr-grid-row fr-grid-row--gutters">
        <form className="fr-col-12 fr-col-md-4" role="search" onSubmit={(ev) => ev.preventDefault()}>
          <div className="fr-input-group">
            <label className="fr-label" htmlFor="auth-q">
              {t('Nom', 'Name')}
            </label>
            <input id="auth-q" className="fr-input" type="search" defaultValue={q} onKeyDown={(ev) => ev.key === 'Enter' && set({ q: (ev.target as HTMLInputElement).value })} onBlur={(ev) => ev.target.value !== q && set({ q: ev.target.value })} />
          </div>
          <div className="fr-select-group">
            <label className="fr-label" htmlFor="auth-kind">
              {t('Type', 'Kind')}
            </label>
            <select id="auth-kind" className="fr-select" value={kind} onChange={(ev) => set({ kind: ev.target.value })}>
              <option value="">{t('Toutes', 'All')}</option>
              <option value="FRENCH">{t('Collectivités françaises', 'French authorities')}</option>
              <option value="FOREIGN">{t('Autorités locales étrangères', 'Foreign authorities')}</option>
            </select>
          </div>
          <CountryPicker name="auth-countries" label={t('Pays', 'Countries')} value={countries} onChange={(v) => set({ country: v })} />
        </form>
        <div className="fr-col-12 fr-col-md-8">
          <ErrorAlert error={error} />
          {fetching && !data && <Loading />}
          {data && (
            <p aria-live="polite">
              {num(data.localAuthorities.totalCount)} {t('résultat(s)', 'result(s)')}
            </p>
          )}
          <ul>
            {data?.localAuthorities.nodes.map((a) => (
              <li key={a.id}>
                <Link href={`/collectivites/${a.id}`}>{a.name}</Link> — {e(LEVELS, a.level)}, {name(a.country)}
                {a.population != null && ` — ${num(a.population)} ${t('hab.', 'inhab.')}`}
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}
