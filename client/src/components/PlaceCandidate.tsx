import { useState } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import type { AuthorityLevel } from '../gql/graphql';
import { LEVELS, useEnum, useI18n } from '../i18n';
import { CandidateCard, ErrorAlert, Loading, NameSearch } from './ui';

const FindCandidateDoc = graphql(`
  query FindCandidate($q: String!, $kind: AuthorityKind!) {
    localAuthorities(filter: { search: $q, kind: $kind }, first: 6) { nodes { id name level population country { nameFr nameEn } } }
  }
`);
const ExplainCandidateDoc = graphql(`
  query ExplainCandidate($input: ExplainCandidateInput!) {
    explainCandidate(input: $input) {
      standing rank score retrieved candidatesConsidered reasonFr reasonEn
      candidate { id name level country { nameFr nameEn } }
      factors { name weight value contribution explanationFr explanationEn }
    }
  }
`);
/** Whom and under which criteria: an authority (its fiche's applied criteria) or a listing (its own). */
export interface SeekerCriteria {
  authorityId?: string;
  listingId?: string;
  first?: number;
  countries?: string[];
  levels?: AuthorityLevel[];
  themes?: string[];
  populationRange?: { min?: number; max?: number };
}
/**
 * "Where does this authority rank, and why?": the answer to "why is X not suggested?" — its rank and explained score
 * under the applied criteria, or the reason it cannot be suggested (own side, already a partner, outside the criteria).
 */
export function PlaceCandidate({ seeker, input, forListing }: { seeker: { name: string; kind: string }; input: SeekerCriteria; forListing?: boolean }) {
  const { t, name, num, lang } = useI18n();
  const e = useEnum();
  const [search, setSearch] = useState('');
  const [chosen, setChosen] = useState<string | null>(null);
  const otherSide = seeker.kind === 'FRENCH' ? 'FOREIGN' : 'FRENCH';
  const [{ data: found, fetching: finding }] = useQuery({ query: FindCandidateDoc, variables: { q: search, kind: otherSide }, pause: search.length < 2 });
  const { first: _first, ...criteria } = input;
  const [{ data, fetching, error }] = useQuery({ query: ExplainCandidateDoc, variables: { input: { ...criteria, candidateId: chosen ?? '' } }, pause: !chosen });
  const x = chosen ? data?.explainCandidate : undefined;
  return (
    <details className="fr-mt-2w" data-testid="place-candidate">
      <summary>{t('Où se classe une collectivité précise ?', 'Where does a given authority rank?')}</summary>
      <p className="fr-text--sm bp-muted fr-mt-1w">
        {t(
          `Cherchez une collectivité ${otherSide === 'FOREIGN' ? 'étrangère' : 'française'} pour voir son rang et son score pour ${seeker.name} ${forListing ? 'selon les critères de cette annonce' : 'selon les critères appliqués'}, ou pourquoi elle n’est pas suggérée.`,
          `Look up a ${otherSide === 'FOREIGN' ? 'foreign' : 'French'} authority to see its rank and score for ${seeker.name} ${forListing ? 'under this listing’s criteria' : 'under the applied criteria'}, or why it is not suggested.`,
        )}
      </p>
      <NameSearch
        name="place-candidate-q"
        label={t('Nom de la collectivité', 'Authority name')}
        onSearch={(text) => {
          setChosen(null);
          setSearch(text);
        }}
      />
      {finding && <Loading />}
      {found && !chosen && (
        found.localAuthorities.nodes.length ? (
          <ul className="fr-btns-group fr-btns-group--sm fr-btns-group--inline-md fr-mt-1w">
            {found.localAuthorities.nodes.map((a) => (
              <li key={a.id}>
                <button type="button" className="fr-btn fr-btn--tertiary fr-btn--sm" onClick={() => setChosen(a.id)}>
                  {a.name} — {e(LEVELS, a.level)}, {name(a.country)}
                  {a.population != null && ` (${num(a.population)} ${t('hab.', 'inhab.')})`}
                </button>
              </li>
            ))}
          </ul>
        ) : (
          <p className="fr-text--sm">{t('Aucune collectivité de ce nom.', 'No authority of that name.')}</p>
        )
      )}
      {fetching && <Loading />}
      <ErrorAlert error={error} />
      {x && (
        <div className="fr-mt-1w" data-testid="placed-candidate" aria-live="polite">
          <p className={`fr-badge fr-badge--sm ${x.standing === 'RANKED' ? 'fr-badge--success' : 'fr-badge--warning'}`}>
            {x.standing === 'RANKED' ? t(`Rang ${x.rank} / ${x.candidatesConsidered}`, `Rank ${x.rank} / ${x.candidatesConsidered}`) : t('Non suggérée', 'Not suggested')}
          </p>
          <p className="fr-text--sm fr-mt-1w">{lang === 'fr' ? x.reasonFr : x.reasonEn}</p>
          {x.standing === 'RANKED' && x.rank != null && x.score != null && (
            <ol className="bp-ranked" start={x.rank}>
              <CandidateCard c={{ rank: x.rank, score: x.score, authority: x.candidate, factors: x.factors }} />
            </ol>
          )}
          <button type="button" className="fr-btn fr-btn--tertiary-no-outline fr-btn--sm" onClick={() => setChosen(null)}>
            {t('Choisir une autre collectivité', 'Choose another authority')}
          </button>
        </div>
      )}
    </details>
  );
}
