import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import { LEVELS, useEnum, useI18n } from '../i18n';
import { navigate } from '../router';
import { ErrorAlert, Field, Loading } from './ui';

export const MergeDoc = graphql(`
  mutation MergeAuthorities($input: MergeLocalAuthoritiesInput!) {
    mergeLocalAuthorities(input: $input) {
      __typename
      ... on AuthorityMerge { authority { id name } relationshipsMoved relationshipsDropped listingsMoved membershipsMoved themesAdded contactsMoved interestsMoved suggestionsMoved }
      ... on VersionConflict { message }
    }
  }
`);
const FindSameCountryDoc = graphql(`
  query FindSameCountry($q: String!, $country: String!) {
    localAuthorities(filter: { search: $q, countries: [$country] }, first: 6) { nodes { id name level population source version } }
  }
`);

/**
 * For administrators, on a fiche: merge this record into another of the same country (a duplicate that the
 * suspected-duplicates list does not show: too far, or a name with nothing in common). Opens the record kept after.
 */
export function MergeInto({ authority }: { authority: { id: string; name: string; version: number; country: { code: string } } }) {
  const { t, num } = useI18n();
  const e = useEnum();
  const [q, setQ] = useState('');
  const [search, setSearch] = useState('');
  const [chosen, setChosen] = useState<{ id: string; name: string; version: number } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [{ data, fetching }] = useQuery({ query: FindSameCountryDoc, variables: { q: search, country: authority.country.code }, pause: search.length < 2 });
  const [merging, merge] = useMutation(MergeDoc);
  const found = (data?.localAuthorities.nodes ?? []).filter((n) => n.id !== authority.id);
  return (
    // Bottom margin: the fiche's gutter grid below has a negative top margin that would cover the summary.
    <details className="fr-mt-2w fr-mb-4w" data-testid="merge-into">
      <summary>{t('Fusionner cette fiche dans une autre (doublon)', 'Merge this record into another (duplicate)')}</summary>
      <p className="fr-text--sm bp-muted fr-mt-1w">
        {t(
          `Tout ce qui se rattache à « ${authority.name} » (relations, annonces, membres, thématiques, contacts, intérêts, suggestions) passe à la fiche choisie, qui complète ses champs vides ; « ${authority.name} » est supprimée.`,
          `Everything attached to “${authority.name}” (relationships, listings, members, themes, contacts, interests, suggestions) moves to the chosen record, which fills its empty fields; “${authority.name}” is deleted.`,
        )}
      </p>
      <form
        className="bp-inline-form"
        role="search"
        onSubmit={(ev) => {
          ev.preventDefault();
          setChosen(null);
          setSearch(q.trim());
        }}
      >
        <Field name="merge-search" label={t('Fiche à garder (même pays)', 'Record to keep (same country)')} value={q} onChange={setQ} />
        <button className="fr-btn fr-btn--secondary" type="submit">
          {t('Chercher', 'Search')}
        </button>
      </form>
      {fetching && <Loading />}
      {data && !found.length && <p>{t('Aucune autre fiche de ce pays ne porte ce nom.', 'No other record of this country has this name.')}</p>}
      {!chosen && found.length > 0 && (
        <ul>
          {found.map((n) => (
            <li key={n.id}>
              <button className="fr-btn fr-btn--tertiary fr-btn--sm" onClick={() => setChosen(n)}>
                {n.name} — {e(LEVELS, n.level)}, {n.population != null ? `${num(n.population)} ${t('hab.', 'inhabitants')}` : t('population inconnue', 'population unknown')} ({n.source})
              </button>
            </li>
          ))}
        </ul>
      )}
      {chosen && (
        <ul className="fr-btns-group fr-btns-group--inline fr-btns-group--sm">
          <li>
            <button
              className="fr-btn"
              disabled={merging.fetching}
              onClick={async () => {
                setProblem(null);
                const r = await merge({ input: { duplicateId: authority.id, duplicateVersion: authority.version, intoId: chosen.id, intoVersion: chosen.version } });
                const m = r.data?.mergeLocalAuthorities;
                if (r.error) setProblem(r.error.graphQLErrors[0]?.message ?? r.error.message);
                else if (m?.__typename === 'VersionConflict') setProblem(m.message);
                else if (m?.__typename === 'AuthorityMerge') navigate(`/collectivites/${m.authority.id}`);
              }}
            >
              {t(`Confirmer : fusionner dans « ${chosen.name} »`, `Confirm: merge into “${chosen.name}”`)}
            </button>
          </li>
          <li>
            <button className="fr-btn fr-btn--secondary" onClick={() => setChosen(null)}>
              {t('Annuler', 'Cancel')}
            </button>
          </li>
        </ul>
      )}
      <ErrorAlert error={problem} />
    </details>
  );
}
