import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import { LEVELS, useEnum, useI18n } from '../i18n';
import { navigate } from '../router';
import { ErrorAlert, Loading, NameSearch } from './ui';

const MergeDoc = graphql(`
  mutation MergeAuthorities($input: MergeLocalAuthoritiesInput!) {
    mergeLocalAuthorities(input: $input) {
      __typename
      ... on AuthorityMerge { authority { id name } relationshipsMoved relationshipsDropped listingsMoved membershipsMoved themesAdded contactsMoved interestsMoved suggestionsMoved }
      ... on VersionConflict { message }
    }
  }
`);
type MergeInput = { duplicateId: string; duplicateVersion: number; intoId: string; intoVersion: number; name?: string };
type Merged = { authority: { id: string; name: string }; relationshipsMoved: number; relationshipsDropped: number; listingsMoved: number; membershipsMoved: number; contactsMoved: number };

/** The merge mutation, its outcome read once: what was merged, or the message to show (an error or a version conflict). */
export function useMergeAuthorities(): [boolean, (input: MergeInput) => Promise<{ merged?: Merged; problem?: string }>] {
  const [state, merge] = useMutation(MergeDoc);
  return [
    state.fetching,
    async (input) => {
      const r = await merge({ input });
      const m = r.data?.mergeLocalAuthorities;
      if (r.error) return { problem: r.error.graphQLErrors[0]?.message ?? r.error.message };
      if (m?.__typename === 'VersionConflict') return { problem: m.message };
      return m?.__typename === 'AuthorityMerge' ? { merged: m } : { problem: 'No answer' };
    },
  ];
}

/** The second step of a merge: confirm (the label names the record kept) or cancel. */
export function ConfirmMerge({ label, busy, onConfirm, onCancel }: { label: string; busy?: boolean; onConfirm: () => void; onCancel: () => void }) {
  const { t } = useI18n();
  return (
    <ul className="fr-btns-group fr-btns-group--inline fr-btns-group--sm">
      <li>
        <button className="fr-btn" disabled={busy} onClick={onConfirm}>
          {label}
        </button>
      </li>
      <li>
        <button className="fr-btn fr-btn--secondary" onClick={onCancel}>
          {t('Annuler', 'Cancel')}
        </button>
      </li>
    </ul>
  );
}

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
  const [search, setSearch] = useState('');
  const [chosen, setChosen] = useState<{ id: string; name: string; version: number } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [{ data, fetching }] = useQuery({ query: FindSameCountryDoc, variables: { q: search, country: authority.country.code }, pause: search.length < 2 });
  const [merging, merge] = useMergeAuthorities();
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
      <NameSearch
        name="merge-search"
        label={t('Fiche à garder (même pays)', 'Record to keep (same country)')}
        onSearch={(text) => {
          setChosen(null);
          setSearch(text);
        }}
      />
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
        <ConfirmMerge
          label={t(`Confirmer : fusionner dans « ${chosen.name} »`, `Confirm: merge into “${chosen.name}”`)}
          busy={merging}
          onCancel={() => setChosen(null)}
          onConfirm={async () => {
            setProblem(null);
            const { merged, problem: refused } = await merge({ duplicateId: authority.id, duplicateVersion: authority.version, intoId: chosen.id, intoVersion: chosen.version });
            if (merged) navigate(`/collectivites/${merged.authority.id}`);
            else setProblem(refused ?? null);
          }}
        />
      )}
      <ErrorAlert error={problem} />
    </details>
  );
}
