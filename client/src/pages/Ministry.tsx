import { useEffect, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { ListingCard } from '../components/ListingCard';
import { ConfirmMerge, useMergeAuthorities } from '../components/MergeInto';
import { CountryPicker, ErrorAlert, FactorChart, Field, Loading, Success } from '../components/ui';
import { useThemes } from '../data';
import { graphql } from '../gql';
import type { SuggestionStatus } from '../gql/graphql';
import { LEVELS, SUGGESTION_STATUSES, useEnum, useI18n } from '../i18n';
import { Link, navigate, useLocation, withParams } from '../router';
import { isMinistry, useSession } from '../session';

const ModerationDoc = graphql(`
  query Moderation { listings(filter: { statuses: [SUBMITTED] }, first: 100) { totalCount nodes { ...ListingSummaryFields } } }
`);
const SuggestionsDoc = graphql(`
  query ReviewQueue($filter: MatchSuggestionFilter) {
    matchSuggestions(filter: $filter, first: 50) {
      id status score reason version createdAt decidedAt candidateSetAside
      seeker { id name level country { code nameFr nameEn } }
      candidate { id name level country { code nameFr nameEn } }
      factors { name weight value contribution explanationFr explanationEn }
    }
  }
`);
const ApproveDoc = graphql(`
  mutation ApproveSuggestion($id: ID!, $version: Int!) {
    approveMatchSuggestion(id: $id, version: $version) { __typename ... on MatchSuggestion { id status version } ... on VersionConflict { message } }
  }
`);
const RejectDoc = graphql(`
  mutation RejectSuggestion($id: ID!, $version: Int!, $reason: String!) {
    rejectMatchSuggestion(id: $id, version: $version, reason: $reason) { __typename ... on MatchSuggestion { id status version } ... on VersionConflict { message } }
  }
`);

const SuspectsDoc = graphql(`
  query DuplicateSuspects($countries: [String!], $maxKm: Float) {
    duplicateSuspects(countries: $countries, maxKm: $maxKm, first: 50) {
      distanceKm namesAgree
      duplicate { id name source population version wikidataId country { code nameFr nameEn } relationships { id } }
      into { id name source population version country { code nameFr nameEn } relationships { id } }
    }
  }
`);
const DismissDoc = graphql(`
  mutation DismissDuplicate($duplicateId: ID!, $intoId: ID!) { dismissDuplicateSuspect(duplicateId: $duplicateId, intoId: $intoId) }
`);

const DismissalsDoc = graphql(`
  query DuplicateDismissals($countries: [String!]) { duplicateDismissals(countries: $countries, first: 50) { dismissedAt duplicate { id name } into { id name } } }
`);
const RestoreDoc = graphql(`
  mutation RestoreDuplicateSuspect($duplicateId: ID!, $intoId: ID!) { restoreDuplicateSuspect(duplicateId: $duplicateId, intoId: $intoId) }
`);
const MergesDoc = graphql(`
  query AuthorityMerges { authorityMerges(first: 20) { id duplicateId duplicateName intoId intoName origin mergedAt undoneAt into { id name } } }
`);
const UndoMergeDoc = graphql(`
  mutation UndoAuthorityMerge($id: ID!) { undoAuthorityMerge(id: $id) { rowsMovedBack rowsRestored rowsNotRestored duplicate { id name } into { id name } } }
`);

export function MinistryPage() {
  const { t } = useI18n();
  const { me, loading } = useSession();
  const { path, params } = useLocation();
  const tab = params.get('onglet') ?? 'moderation';
  if (loading) return <Loading />;
  if (!isMinistry(me)) return <p className="fr-mt-4w">{t('Espace réservé aux agents du ministère.', "Reserved for the ministry's staff.")}</p>;
  const tabs: [string, string][] = [
    ['moderation', t('Modération des annonces', 'Listing moderation')],
    ['suggestions', t('Revue des rapprochements', 'Match review')],
    ['doublons', t('Doublons', 'Duplicates')],
  ];
  return (
    <div className="fr-mt-4w">
      <h1>{t('Espace ministère', "Ministry's desk")}</h1>
      <p>
        {me!.reviewerCountries.length > 0 && `${t('Pays suivis', 'Countries reviewed')} : ${me!.reviewerCountries.join(', ')}. `}
        <Link href="/tableau-de-bord">{t('Tableau de bord', 'Dashboard')}</Link>
      </p>
      <nav className="fr-mb-3w" aria-label={t('Onglets', 'Tabs')}>
        <ul className="fr-btns-group fr-btns-group--inline">
          {tabs.map(([k, text]) => (
            <li key={k}>
              <Link className={`fr-btn ${tab === k ? '' : 'fr-btn--secondary'}`} href={withParams(path, new URLSearchParams(), { onglet: k })} aria-current={tab === k ? 'page' : undefined}>
                {text}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {tab === 'suggestions' ? <SuggestionQueue /> : tab === 'doublons' ? <DuplicateQueue admin={me!.role === 'ADMIN'} /> : <ModerationQueue />}
    </div>
  );
}

function ModerationQueue() {
  const { t } = useI18n();
  const [{ data, fetching, error }] = useQuery({ query: ModerationDoc, requestPolicy: 'network-only' });
  return (
    <section aria-labelledby="moderation-title">
      <h2 id="moderation-title" className="fr-h4">
        {t('Annonces soumises', 'Submitted listings')} ({data?.listings.totalCount ?? '…'})
      </h2>
      <ErrorAlert error={error} />
      {fetching && !data && <Loading />}
      {data && !data.listings.nodes.length && <p>{t('Aucune annonce en attente.', 'No listing awaiting review.')}</p>}
      {data?.listings.nodes.map((l) => (
        <ListingCard key={l.id} listing={l} />
      ))}
    </section>
  );
}

function SuggestionQueue() {
  const { t, name, num, label, date } = useI18n();
  const e = useEnum();
  const themes = useThemes();
  const { path, params } = useLocation();
  const status = (params.get('statut') ?? 'PROPOSED') as SuggestionStatus;
  const countries = params.getAll('pays');
  const theme = params.get('theme') ?? '';
  const set = (c: Record<string, string | string[] | null>) => navigate(withParams(path, params, c), { replace: true });
  const [{ data, fetching, error }, refetch] = useQuery({
    query: SuggestionsDoc,
    variables: { filter: { statuses: [status], countries: countries.length ? countries : undefined, themes: theme ? [theme] : undefined } },
    requestPolicy: 'network-only',
  });
  const [, approve] = useMutation(ApproveDoc);
  const [, reject] = useMutation(RejectDoc);
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const [msg, setMsg] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const after = (r: { error?: { message: string }; data?: Record<string, { __typename: string; message?: string } | undefined> }, ok: string) => {
    const payload = r.data && Object.values(r.data)[0];
    if (r.error) setProblem(r.error.message);
    else if (payload?.__typename === 'VersionConflict') setProblem(payload.message ?? '');
    else setMsg(ok);
    refetch({ requestPolicy: 'network-only' });
  };
  return (
    <section aria-labelledby="review-title">
      <h2 id="review-title" className="fr-h4">
        {t('Rapprochements suggérés par le moteur', 'Matches suggested by the engine')}
      </h2>
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-4 fr-select-group">
          <label className="fr-label" htmlFor="sugg-status">
            {t('Statut', 'Status')}
          </label>
          <select id="sugg-status" className="fr-select" value={status} onChange={(ev) => set({ statut: ev.target.value })}>
            {Object.keys(SUGGESTION_STATUSES).map((s) => (
              <option key={s} value={s}>
                {e(SUGGESTION_STATUSES, s)}
              </option>
            ))}
          </select>
        </div>
        <div className="fr-col-12 fr-col-md-4">
          <CountryPicker name="sugg-countries" label={t('Pays', 'Countries')} value={countries} onChange={(v) => set({ pays: v })} />
        </div>
        <div className="fr-col-12 fr-col-md-4 fr-select-group">
          <label className="fr-label" htmlFor="sugg-theme">
            {t('Thématique', 'Theme')}
          </label>
          <select id="sugg-theme" className="fr-select" value={theme} onChange={(ev) => set({ theme: ev.target.value })}>
            <option value="">{t('Toutes', 'All')}</option>
            {themes.map((th) => (
              <option key={th.id} value={th.id}>
                {'\u00a0'.repeat((th.level - 1) * 3)}
                {label(th)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {msg && <Success>{msg}</Success>}
      <ErrorAlert error={problem ?? error} />
      {fetching && !data && <Loading />}
      {data && !data.matchSuggestions.length && (
        <p>{t('Aucune suggestion. Ouvrez la fiche d’une collectivité pour placer ses meilleures suggestions en revue.', 'No suggestion. Open an authority’s fiche to put its best suggestions in review.')}</p>
      )}
      {data?.matchSuggestions.map((s) => (
        <article key={s.id} className="bp-card" data-testid="suggestion">
          <h3 className="fr-h6">
            <Link href={`/collectivites/${s.seeker.id}`}>{s.seeker.name}</Link> ({name(s.seeker.country)}) ↔ <Link href={`/collectivites/${s.candidate.id}`}>{s.candidate.name}</Link> ({e(LEVELS, s.candidate.level)}, {name(s.candidate.country)})
          </h3>
          <p className="fr-text--sm">
            {t('Score', 'Score')} {num(s.score * 100, 0)} / 100 — {e(SUGGESTION_STATUSES, s.status)} — {date(s.createdAt)}
            {s.reason && ` — ${t('motif', 'reason')} : ${s.reason}`}
          </p>
          {s.candidateSetAside && (
            <p className="fr-badge fr-badge--sm fr-badge--warning" data-testid="candidate-set-aside">
              {t(`Écartée par ${s.seeker.name}`, `Set aside by ${s.seeker.name}`)}
            </p>
          )}
          <FactorChart factors={s.factors} />
          {s.status === 'PROPOSED' && (
            <div className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">
              <div className="fr-col-12 fr-col-md-3">
                <button className="fr-btn" onClick={async () => after(await approve({ id: s.id, version: s.version }), t('Rapprochement approuvé : les deux parties sont notifiées.', 'Match approved: both parties are notified.'))}>
                  {t('Approuver', 'Approve')}
                </button>
              </div>
              <div className="fr-col-12 fr-col-md-6">
                <Field name={`reject-reason-${s.id}`} label={t('Motif du rejet', 'Reason for rejection')} value={reasons[s.id] ?? ''} onChange={(v) => setReasons({ ...reasons, [s.id]: v })} />
              </div>
              <div className="fr-col-12 fr-col-md-3">
                <button className="fr-btn fr-btn--secondary" disabled={!reasons[s.id]?.trim()} onClick={async () => after(await reject({ id: s.id, version: s.version, reason: reasons[s.id] }), t('Rapprochement rejeté.', 'Match rejected.'))}>
                  {t('Rejeter', 'Reject')}
                </button>
              </div>
            </div>
          )}
        </article>
      ))}
    </section>
  );
}

const SOURCE_LABELS: Record<string, [string, string]> = {
  insee: ['INSEE', 'INSEE'],
  geonames: ['GeoNames', 'GeoNames'],
  seed: ['Atlas du ministère', "Ministry's Atlas"],
  wikidata: ['import Wikidata', 'Wikidata import'],
  user: ['saisie par un utilisateur', 'entered by a user'],
};

/**
 * Records that may repeat a reference record, for an administrator to merge (or leave: nothing is merged without a
 * click); reviewers (embassies' correspondents) see those of their countries and dismiss the pairs that are two places.
 */
function DuplicateQueue({ admin }: { admin: boolean }) {
  const { t, name, num } = useI18n();
  const { path, params } = useLocation();
  const countries = params.getAll('pays');
  const maxKm = Number(params.get('km') ?? 2);
  const set = (c: Record<string, string | string[] | null>) => navigate(withParams(path, params, c), { replace: true });
  const [{ data, fetching, error }, refetch] = useQuery({ query: SuspectsDoc, variables: { countries: countries.length ? countries : undefined, maxKm }, requestPolicy: 'network-only' });
  const [, merge] = useMergeAuthorities();
  const [, dismiss] = useMutation(DismissDoc);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [takeName, setTakeName] = useState<Record<string, boolean>>({});
  const [msg, setMsg] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  // Bumped after a merge or a dismissal: the lists below are read again.
  const [merges, setMerges] = useState(0);
  const [dismissals, setDismissals] = useState(0);
  const source = (s: string) => t(...(SOURCE_LABELS[s] ?? [s, s]));
  const describe = (a: { name: string; source: string; population?: number | null; relationships: unknown[] }) =>
    `${source(a.source)}, ${a.population ? `${num(a.population)} ${t('hab.', 'inhabitants')}` : t('population inconnue', 'population unknown')}, ${a.relationships.length} ${t('relation(s)', 'relationship(s)')}`;
  return (
    <section aria-labelledby="duplicates-title">
      <h2 id="duplicates-title" className="fr-h4">
        {t('Doublons présumés', 'Suspected duplicates')}
      </h2>
      <p className="fr-text--sm">
        {t(
          'Fiches créées par un import ou un utilisateur, à côté d’une fiche de référence (INSEE, GeoNames) du même pays : à moins de la distance choisie, ou dont le nom contient celui de la fiche de référence. La fusion déplace tout (relations, annonces, membres, thématiques, contacts, intérêts, suggestions) vers la fiche de référence, puis supprime le doublon. Rien n’est fusionné sans votre confirmation.',
          'Records created by an import or a user next to a reference record (INSEE, GeoNames) of the same country: within the chosen distance, or whose name contains the reference record’s. Merging moves everything (relationships, listings, members, themes, contacts, interests, suggestions) to the reference record, then deletes the duplicate. Nothing is merged without your confirmation.',
        )}
        {!admin &&
          ` ${t(
            'La fusion est réservée aux administrateurs ; vous voyez les pays que vous suivez et pouvez écarter les paires qui désignent deux lieux différents.',
            'Merging is for administrators; you see the countries you review and can dismiss the pairs that are two different places.',
          )}`}
      </p>
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-6">
          <CountryPicker name="dup-countries" label={t('Pays', 'Countries')} value={countries} onChange={(v) => set({ pays: v })} />
        </div>
        <div className="fr-col-12 fr-col-md-4 fr-select-group">
          <label className="fr-label" htmlFor="dup-km">
            {t('Distance au plus', 'Distance at most')}
          </label>
          <select id="dup-km" className="fr-select" value={String(maxKm)} onChange={(ev) => set({ km: ev.target.value })}>
            {[1, 2, 5, 10].map((k) => (
              <option key={k} value={k}>
                {k} km
              </option>
            ))}
          </select>
        </div>
      </div>
      {msg && <Success>{msg}</Success>}
      <ErrorAlert error={problem ?? error} />
      {fetching && !data && <Loading />}
      {data && !data.duplicateSuspects.length && <p>{t('Aucun doublon présumé.', 'No suspected duplicate.')}</p>}
      {data?.duplicateSuspects.map((s) => {
        const key = s.duplicate.id;
        const newName = takeName[key] ? s.duplicate.name : undefined;
        return (
          <article key={key} className="bp-card" data-testid="duplicate-suspect">
            <h3 className="fr-h6">
              <Link href={`/collectivites/${s.duplicate.id}`}>{s.duplicate.name}</Link> → <Link href={`/collectivites/${s.into.id}`}>{s.into.name}</Link> ({name(s.into.country)})
            </h3>
            <ul className="fr-text--sm">
              <li>
                {t('Doublon présumé', 'Suspected duplicate')} : {describe(s.duplicate)}
                {s.duplicate.wikidataId && ` (${s.duplicate.wikidataId})`}
              </li>
              <li>
                {t('Fiche de référence', 'Reference record')} : {describe(s.into)}
              </li>
              <li>
                {s.distanceKm === null ? t('Sans coordonnées : trouvé par son nom.', 'No coordinates: found by its name.') : `${t('Distance', 'Distance')} : ${num(s.distanceKm, 2)} km.`}{' '}
                {s.namesAgree ? t('Les noms concordent.', 'The names agree.') : t('Les noms diffèrent : vérifiez qu’il s’agit du même lieu.', 'The names differ: check that it is the same place.')}
              </li>
            </ul>
            {admin && (
              <div className="fr-checkbox-group fr-checkbox-group--sm fr-mb-2w">
                <input type="checkbox" id={`dup-name-${key}`} checked={!!takeName[key]} onChange={(ev) => setTakeName({ ...takeName, [key]: ev.target.checked })} />
                <label className="fr-label" htmlFor={`dup-name-${key}`}>
                  {t(`Garder le nom « ${s.duplicate.name} » au lieu de « ${s.into.name} »`, `Keep the name “${s.duplicate.name}” instead of “${s.into.name}”`)}
                </label>
              </div>
            )}
            {confirming === key ? (
              <ConfirmMerge
                label={t('Confirmer la fusion', 'Confirm the merge')}
                onCancel={() => setConfirming(null)}
                onConfirm={async () => {
                  setConfirming(null);
                  setMsg(null);
                  setProblem(null);
                  const { merged: m, problem: refused } = await merge({ duplicateId: s.duplicate.id, duplicateVersion: s.duplicate.version, intoId: s.into.id, intoVersion: s.into.version, name: newName });
                  if (m)
                    setMsg(
                      t(
                        `« ${s.duplicate.name} » fusionnée dans « ${m.authority.name} » : ${m.relationshipsMoved} relation(s) déplacée(s), ${m.relationshipsDropped} en double supprimée(s), ${m.listingsMoved} annonce(s), ${m.membershipsMoved} membre(s), ${m.contactsMoved} contact(s).`,
                        `“${s.duplicate.name}” merged into “${m.authority.name}”: ${m.relationshipsMoved} relationship(s) moved, ${m.relationshipsDropped} repeated one(s) removed, ${m.listingsMoved} listing(s), ${m.membershipsMoved} member(s), ${m.contactsMoved} contact(s).`,
                      ),
                    );
                  else setProblem(refused ?? null);
                  refetch({ requestPolicy: 'network-only' });
                  setMerges((n) => n + 1);
                }}
              />
            ) : (
              <ul className="fr-btns-group fr-btns-group--inline fr-btns-group--sm">
                {admin && (
                  <li>
                    <button className="fr-btn fr-btn--secondary" onClick={() => setConfirming(key)}>
                      {t(`Fusionner dans « ${s.into.name} »`, `Merge into “${s.into.name}”`)}
                    </button>
                  </li>
                )}
                <li>
                  <button
                    className="fr-btn fr-btn--tertiary"
                    onClick={async () => {
                      setMsg(null);
                      setProblem(null);
                      const r = await dismiss({ duplicateId: s.duplicate.id, intoId: s.into.id });
                      if (r.error) setProblem(r.error.graphQLErrors[0]?.message ?? r.error.message);
                      else setMsg(t(`« ${s.duplicate.name} » et « ${s.into.name} » ne seront plus proposées comme doublons.`, `“${s.duplicate.name}” and “${s.into.name}” will no longer be suggested as duplicates.`));
                      refetch({ requestPolicy: 'network-only' });
                      setDismissals((n) => n + 1);
                    }}
                  >
                    {t('Ce ne sont pas les mêmes', 'Not the same place')}
                  </button>
                </li>
              </ul>
            )}
          </article>
        );
      })}
      <Dismissals countries={countries} refreshKey={dismissals + merges} onRestored={() => refetch({ requestPolicy: 'network-only' })} />
      {admin && (
        <RecentMerges
          refreshKey={merges}
          onUndone={() => {
            refetch({ requestPolicy: 'network-only' });
            setDismissals((n) => n + 1);
          }}
        />
      )}
    </section>
  );
}

/** Reads a query again from the server whenever `key` changes (a change made elsewhere on the page), not on the first render. */
function useReadAgainOn(key: number, refetch: (opts: { requestPolicy: 'network-only' }) => void) {
  useEffect(() => {
    if (key) refetch({ requestPolicy: 'network-only' });
  }, [key, refetch]);
}

/** Pairs found to be two places (dismissed, or an undone merge), which can be listed among the suspects again. */
function Dismissals({ countries, refreshKey, onRestored }: { countries: string[]; refreshKey: number; onRestored: () => void }) {
  const { t, date } = useI18n();
  const [{ data, error }, refetch] = useQuery({ query: DismissalsDoc, variables: { countries: countries.length ? countries : undefined }, requestPolicy: 'network-only' });
  useReadAgainOn(refreshKey, refetch);
  const [restoring, restore] = useMutation(RestoreDoc);
  const [msg, setMsg] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const list = data?.duplicateDismissals ?? [];
  return (
    <details className="fr-mt-4w" data-testid="dismissals">
      <summary>{t(`Paires écartées (${list.length})`, `Dismissed pairs (${list.length})`)}</summary>
      <p className="fr-text--sm bp-muted fr-mt-1w">
        {t('Paires jugées être deux lieux différents (écartées, ou fusion annulée) : elles ne sont plus proposées comme doublons.', 'Pairs found to be two different places (dismissed, or a merge undone): they are no longer suggested as duplicates.')}
      </p>
      {msg && <Success>{msg}</Success>}
      <ErrorAlert error={problem ?? error} />
      {data && !list.length && <p>{t('Aucune paire écartée.', 'No dismissed pair.')}</p>}
      <ul className="bp-plain-list">
        {list.map((d) => (
          <li key={`${d.duplicate.id}:${d.into.id}`} className="bp-card" data-testid="dismissal">
            <p className="fr-mb-1w">
              <Link href={`/collectivites/${d.duplicate.id}`}>{d.duplicate.name}</Link> ≠ <Link href={`/collectivites/${d.into.id}`}>{d.into.name}</Link> — {date(d.dismissedAt)}
            </p>
            <button
              className="fr-btn fr-btn--tertiary fr-btn--sm"
              disabled={restoring.fetching}
              onClick={async () => {
                setMsg(null);
                setProblem(null);
                const r = await restore({ duplicateId: d.duplicate.id, intoId: d.into.id });
                if (r.error) setProblem(r.error.graphQLErrors[0]?.message ?? r.error.message);
                else setMsg(t(`« ${d.duplicate.name} » et « ${d.into.name} » peuvent de nouveau être proposées comme doublons.`, `“${d.duplicate.name}” and “${d.into.name}” may be suggested as duplicates again.`));
                refetch({ requestPolicy: 'network-only' });
                onRestored();
              }}
            >
              {t('Rétablir comme doublon présumé', 'Restore as a suspected duplicate')}
              <span className="fr-sr-only"> : {d.duplicate.name}</span>
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
}

/** The latest merges (an administrator's or an import's), each of which can be undone after a confirmation. */
function RecentMerges({ refreshKey, onUndone }: { refreshKey: number; onUndone: () => void }) {
  const { t, date } = useI18n();
  const [{ data, error }, refetch] = useQuery({ query: MergesDoc, requestPolicy: 'network-only' });
  useReadAgainOn(refreshKey, refetch);
  const [undoing, undo] = useMutation(UndoMergeDoc);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [msg, setMsg] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const list = data?.authorityMerges ?? [];
  return (
    <section aria-labelledby="merges-title" className="fr-mt-4w">
      <h2 id="merges-title" className="fr-h4">
        {t('Fusions récentes', 'Recent merges')}
      </h2>
      <p className="fr-text--sm">
        {t(
          'Une fusion peut être annulée : le doublon revient avec ce qui lui a été pris, la fiche gardée retrouve ses champs d’avant (sauf ceux modifiés depuis). Ce qui a été ajouté à la fiche gardée après la fusion y reste.',
          'A merge can be undone: the duplicate comes back with what was taken from it, the record kept gets its former fields back (except those changed since). What was added to the record kept after the merge stays there.',
        )}
      </p>
      {msg && <Success>{msg}</Success>}
      <ErrorAlert error={problem ?? error} />
      {data && !list.length && <p>{t('Aucune fusion.', 'No merge.')}</p>}
      <ul className="bp-plain-list">
        {list.map((m) => (
          <li key={m.id} className="bp-card" data-testid="authority-merge">
            <p className="fr-mb-1w">
              « {m.duplicateName} » → {m.into ? <Link href={`/collectivites/${m.into.id}`}>{m.into.name}</Link> : `« ${m.intoName} »`} — {date(m.mergedAt)} —{' '}
              {m.origin === 'IMPORT' ? t('import Wikidata', 'Wikidata import') : t('par un administrateur', 'by an administrator')}
              {m.undoneAt && ` — ${t('annulée le', 'undone on')} ${date(m.undoneAt)}`}
            </p>
            {!m.undoneAt && !m.into && (
              <p className="fr-text--sm bp-muted">
                {t(`« ${m.intoName} » a été fusionnée depuis : annulez d’abord cette fusion-là.`, `“${m.intoName}” was merged since: undo that merge first.`)}
              </p>
            )}
            {!m.undoneAt &&
              m.into &&
              (confirming === m.id ? (
                <ConfirmMerge
                  label={t(`Confirmer : rétablir « ${m.duplicateName} »`, `Confirm: restore “${m.duplicateName}”`)}
                  busy={undoing.fetching}
                  onCancel={() => setConfirming(null)}
                  onConfirm={async () => {
                    setConfirming(null);
                    setMsg(null);
                    setProblem(null);
                    const r = await undo({ id: m.id });
                    const u = r.data?.undoAuthorityMerge;
                    if (u)
                      setMsg(
                        t(
                          `« ${u.duplicate.name} » rétablie : ${u.rowsMovedBack} élément(s) rendu(s) par « ${u.into.name} », ${u.rowsRestored} restauré(s)${u.rowsNotRestored ? `, ${u.rowsNotRestored} non restauré(s) (modifiés depuis)` : ''}.`,
                          `“${u.duplicate.name}” restored: ${u.rowsMovedBack} item(s) given back by “${u.into.name}”, ${u.rowsRestored} restored${u.rowsNotRestored ? `, ${u.rowsNotRestored} not restored (changed since)` : ''}.`,
                        ),
                      );
                    else setProblem(r.error?.graphQLErrors[0]?.message ?? r.error?.message ?? null);
                    refetch({ requestPolicy: 'network-only' });
                    onUndone();
                  }}
                />
              ) : (
                <button className="fr-btn fr-btn--tertiary fr-btn--sm" onClick={() => setConfirming(m.id)}>
                  {t(`Annuler cette fusion`, `Undo this merge`)}
                  <span className="fr-sr-only"> : {m.duplicateName}</span>
                </button>
              ))}
          </li>
        ))}
      </ul>
    </section>
  );
}
