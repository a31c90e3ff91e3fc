import { useEffect, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { Contacts } from '../components/Contacts';
import { ListingCard } from '../components/ListingCard';
import { PlaceCandidate } from '../components/PlaceCandidate';
import { MergeInto } from '../components/MergeInto';
import { useSetAside } from '../components/SetAside';
import { WorldMap } from '../components/WorldMap';
import { CandidateCard, CountryPicker, ErrorAlert, Field, LevelCheckboxes, Loading, Success, ThemePicker } from '../components/ui';
import { fieldErrors } from '../api';
import { graphql } from '../gql';
import type { AuthorityLevel } from '../gql/graphql';
import { LEVELS, RELATIONSHIP_KINDS, SUGGESTION_STATUSES, useEnum, useI18n } from '../i18n';
import { Link, navigate, useLocation, withParams } from '../router';
import { canEdit, isMinistry, useSession } from '../session';

const FicheDoc = graphql(`
  query Fiche($id: ID!) {
    localAuthority(id: $id) {
      id name kind level population areaKm2 description website address languages mainActivities latitude longitude inseeCode siren wikidataId source version
      country { code nameFr nameEn embassy { name city website } }
      departement { id name }
      region { id name }
      themes { id labelFr labelEn }
      foreignActors { id name kind description website countryCode }
      relationships {
        id kind status title description startYear endYear firstConventionYear source sourceUrl
        partner { id name level latitude longitude country { code nameFr nameEn } }
        themes { priority theme { id labelFr labelEn } }
        fundings { id funder amountEur waterOnePercentEur year }
      }
      listings { ...ListingSummaryFields }
    }
  }
`);
const SuspectOfDoc = graphql(`
  query FicheSuspectedDuplicate($id: ID!) { localAuthority(id: $id) { id suspectedDuplicateOf { distanceKm namesAgree into { id name source } } } }
`);
const SuggestDoc = graphql(`
  query FicheSuggestions($input: SuggestPartnersInput!) {
    suggestPartners(input: $input) {
      candidatesConsidered
      alreadyPartnered { id name }
      setAside { id name }
      candidates {
        rank score
        authority { id name level population latitude longitude country { nameFr nameEn } }
        factors { name weight value contribution explanationFr explanationEn }
      }
    }
  }
`);
const ProposeDoc = graphql(`mutation ProposeSuggestions($input: ProposeSuggestionsInput!) { proposeMatchSuggestions(input: $input) { id candidateId status } }`);
// The ministry sees which suggested candidates are already in its review queue, and with what outcome.
const QueuedDoc = graphql(`query FicheQueuedSuggestions($seekerId: ID!) { matchSuggestions(filter: { seekerId: $seekerId, statuses: [PROPOSED, APPROVED, REJECTED] }, first: 100) { id candidateId status } }`);

/** What a user can narrow the suggestions to (the API's hard filters, and the themes sought). */
interface Criteria {
  countries: string[];
  levels: string[];
  themes: string[];
  popMin: string;
  popMax: string;
  first: number;
}
const NO_CRITERIA: Criteria = { countries: [], levels: [], themes: [], popMin: '', popMax: '', first: 10 };
const POPULATION = /^\d{1,10}$/;
const FIRST_CHOICES = [10, 20, 50, 100];
// The levels each side may have (as server/modules/authority/authority.enums.ts): a seeker's candidates are of the other side.
const FRENCH_LEVELS = ['COMMUNE', 'EPCI', 'DEPARTEMENT', 'REGION', 'OVERSEAS_COLLECTIVITY', 'OTHER'];
const FOREIGN_LEVELS = ['MUNICIPALITY', 'PROVINCE', 'OTHER'];

function criteriaFrom(params: URLSearchParams): Criteria {
  const first = Number(params.get('first'));
  return {
    countries: params.getAll('country'),
    levels: params.getAll('level'),
    themes: params.getAll('theme'),
    popMin: params.get('popMin') ?? '',
    popMax: params.get('popMax') ?? '',
    first: FIRST_CHOICES.includes(first) ? first : NO_CRITERIA.first,
  };
}

function suggestInput(authorityId: string, c: Criteria) {
  const int = (v: string) => (POPULATION.test(v.trim()) ? Number(v.trim()) : undefined);
  const [min, max] = [int(c.popMin), int(c.popMax)];
  return {
    authorityId,
    first: c.first,
    countries: c.countries.length ? c.countries : undefined,
    levels: c.levels.length ? (c.levels as AuthorityLevel[]) : undefined,
    themes: c.themes.length ? c.themes : undefined,
    populationRange: min !== undefined || max !== undefined ? { min, max } : undefined,
  };
}

export function FichePage({ id }: { id: string }) {
  const { t, label, name, num, lang } = useI18n();
  const e = useEnum();
  const { me } = useSession();
  const [{ data, error, fetching }] = useQuery({ query: FicheDoc, variables: { id } });
  // Applied criteria live in the URL (a refined list can be shared); the form edits a draft until submitted.
  const { path, params } = useLocation();
  const applied = criteriaFrom(params);
  const [criteria, setCriteria] = useState<Criteria>(applied);
  const query = params.toString();
  useEffect(() => setCriteria(criteriaFrom(new URLSearchParams(query))), [query, id]); // back button, another fiche
  const apply = (c: Criteria) =>
    navigate(withParams(path, params, { country: c.countries, level: c.levels, theme: c.themes, popMin: c.popMin.trim() || null, popMax: c.popMax.trim() || null, first: c.first !== NO_CRITERIA.first ? String(c.first) : null }), { replace: true });
  const [{ data: sugg, fetching: suggLoading, error: suggError }, refetchSugg] = useQuery({ query: SuggestDoc, variables: { input: suggestInput(id, applied) } });
  // The seeker's agents set candidates aside ("not for us") and restore them; the list is then read again.
  const aside = useSetAside(id, () => refetchSugg({ requestPolicy: 'network-only' }));
  const apiErrors = fieldErrors(suggError, lang);
  const [proposed, propose] = useMutation(ProposeDoc);
  const [done, setDone] = useState<string | null>(null);
  const ministry = isMinistry(me);
  const [{ data: queued }, refetchQueued] = useQuery({ query: QueuedDoc, variables: { seekerId: id }, pause: !ministry, requestPolicy: 'cache-and-network' });
  // For the ministry: the reference record this one, entered by a user or an import, may repeat.
  const [{ data: suspect }] = useQuery({ query: SuspectOfDoc, variables: { id }, pause: !ministry, requestPolicy: 'cache-and-network' });
  const duplicateOf = suspect?.localAuthority?.suspectedDuplicateOf;
  const queueStatus = new Map((queued?.matchSuggestions ?? []).map((s) => [s.candidateId, s.status]));
  // Proposes the top 5 under the applied criteria, or the given candidates; the review queue is then re-read.
  const proposeToReview = async (candidateIds?: string[]) => {
    const { first: _first, ...criteria } = suggestInput(id, applied);
    const r = await propose({ input: { ...criteria, first: 5, candidateIds } });
    if (r.data) {
      const n = r.data.proposeMatchSuggestions.length;
      setDone(n ? t(`${n} suggestion(s) ajoutée(s) à la file de revue.`, `${n} suggestion(s) added to the review queue.`) : t('Aucune autre suggestion à placer en revue sous ces critères.', 'No other suggestion to put in the review queue under these criteria.'));
      refetchQueued({ requestPolicy: 'network-only' });
    }
  };
  const criteriaApplied = JSON.stringify(applied) !== JSON.stringify(NO_CRITERIA);
  if (fetching && !data) return <Loading />;
  const a = data?.localAuthority;
  if (error || !a) return <ErrorAlert error={error ?? t('Collectivité introuvable.', 'Authority not found.')} />;
  const mine = canEdit(me, a.id);
  const home: [number, number] | null = a.longitude != null && a.latitude != null ? [a.longitude, a.latitude] : null;
  const partners = a.relationships.filter((r) => r.partner.longitude != null && r.partner.latitude != null);
  const located = (sugg?.suggestPartners.candidates ?? []).filter((c) => c.authority.longitude != null && c.authority.latitude != null);
  const fit = home ? [home, ...partners.map((r) => [r.partner.longitude!, r.partner.latitude!] as [number, number])] : undefined;
  return (
    <div className="fr-mt-4w">
      <p className="bp-muted fr-mb-1w">{t('Fiche de présentation', 'Presentation sheet')}</p>
      <h1>{a.name}</h1>
      <p className="fr-text--lg">
        {e(LEVELS, a.level)} — {name(a.country)}
        {a.departement && ` — ${a.departement.name}`}
        {a.region && ` — ${a.region.name}`}
      </p>
      {duplicateOf && (
        <div className="fr-alert fr-alert--info fr-alert--sm fr-mb-2w" data-testid="suspected-duplicate">
          <p>
            {t('Doublon présumé : cette fiche semble répéter', 'Suspected duplicate: this record seems to repeat')} <Link href={`/collectivites/${duplicateOf.into.id}`}>{duplicateOf.into.name}</Link> (
            {duplicateOf.distanceKm === null ? t('trouvée par son nom', 'found by its name') : t(`à ${num(duplicateOf.distanceKm, 2)} km`, `${num(duplicateOf.distanceKm, 2)} km away`)}
            {!duplicateOf.namesAgree && t(', noms différents', ', names differ')}).{' '}
            <Link href={`/ministere?onglet=doublons&pays=${a.country.code}`}>{t('Voir les doublons présumés', 'See the suspected duplicates')}</Link>
          </p>
        </div>
      )}
      {mine && (
        <ul className="fr-btns-group fr-btns-group--inline fr-btns-group--sm">
          <li>
            <Link className="fr-btn fr-btn--secondary" href={`/collectivites/${a.id}/modifier`}>
              {t('Modifier la fiche', 'Edit the fiche')}
            </Link>
          </li>
          <li>
            <Link className="fr-btn" href={`/annonces/nouvelle?authority=${a.id}`}>
              {t('Publier une annonce', 'Post a listing')}
            </Link>
          </li>
        </ul>
      )}
      {me?.role === 'ADMIN' && <MergeInto authority={a} />}
      <div className="fr-grid-row fr-grid-row--gutters">
        <section className="fr-col-12 fr-col-md-6" aria-labelledby="identity-title">
          <h2 id="identity-title" className="fr-h4">
            {t('Identité et caractéristiques', 'Identity and characteristics')}
          </h2>
          <dl>
            <dt className="fr-text--bold">{t('Population', 'Population')}</dt>
            <dd>{a.population != null ? `${num(a.population)} ${t('habitants', 'inhabitants')}` : '—'}</dd>
            {a.areaKm2 != null && (
              <>
                <dt className="fr-text--bold">{t('Superficie', 'Area')}</dt>
                <dd>{num(a.areaKm2, 1)} km²</dd>
              </>
            )}
            {a.inseeCode && (
              <>
                <dt className="fr-text--bold">{t('Code INSEE', 'INSEE code')}</dt>
                <dd>{a.inseeCode}</dd>
              </>
            )}
            {a.languages.length > 0 && (
              <>
                <dt className="fr-text--bold">{t('Langues de travail', 'Working languages')}</dt>
                <dd>{a.languages.join(', ')}</dd>
              </>
            )}
            {a.mainActivities.length > 0 && (
              <>
                <dt className="fr-text--bold">{t('Principales activités', 'Main activities')}</dt>
                <dd>{a.mainActivities.join(' ; ')}</dd>
              </>
            )}
            {a.website && (
              <>
                <dt className="fr-text--bold">{t('Site internet', 'Website')}</dt>
                <dd>{a.website}</dd>
              </>
            )}
            {a.country.embassy && a.kind === 'FOREIGN' && (
              <>
                <dt className="fr-text--bold">{t('Ambassade de France', 'French embassy')}</dt>
                <dd>
                  {a.country.embassy.name}
                  {a.country.embassy.city && `, ${a.country.embassy.city}`}
                </dd>
              </>
            )}
          </dl>
          {a.description && <p style={{ whiteSpace: 'pre-wrap' }}>{a.description}</p>}
          {a.themes.length > 0 && (
            <>
              <h3 className="fr-h6">{t('Objectifs souhaités', 'Desired objectives')}</h3>
              <ul className="fr-tags-group">
                {a.themes.map((th) => (
                  <li key={th.id}>
                    <span className="fr-tag fr-tag--sm">{label(th)}</span>
                  </li>
                ))}
              </ul>
            </>
          )}
          <h3 className="fr-h6">{t('Contacts', 'Contacts')}</h3>
          <Contacts authorityId={a.id} />
        </section>
        <section className="fr-col-12 fr-col-md-6" aria-labelledby="map-title">
          <h2 id="map-title" className="fr-h4">
            {t('Jumelages et coopérations', 'Twinnings and cooperations')} ({a.relationships.length})
          </h2>
          {home && partners.length > 0 && <WorldMap title={t(`Carte des partenaires de ${a.name}`, `Map of ${a.name}'s partners`)} itemsLabel={['collectivités', 'authorities']} height={320} fitTo={fit} lines={partners.map((r) => ({ from: home, to: [r.partner.longitude!, r.partner.latitude!] }))} points={[{ id: a.id, lat: a.latitude!, lon: a.longitude!, label: a.name }, ...partners.map((r) => ({ id: r.partner.id, lat: r.partner.latitude!, lon: r.partner.longitude!, label: r.partner.name }))]} />}
        </section>
      </div>
      <section aria-labelledby="rel-title" className="fr-mt-3w">
        <h2 id="rel-title" className="fr-h5">
          {t('Liste des relations', 'Relationships')}
        </h2>
        {!a.relationships.length && <p>{t('Aucune relation enregistrée.', 'No relationship recorded.')}</p>}
        {a.relationships.map((r) => (
          <article key={r.id} className="bp-card">
            <h3 className="fr-h6">
              {e(RELATIONSHIP_KINDS, r.kind)} — <Link href={`/collectivites/${r.partner.id}`}>{r.partner.name}</Link> ({name(r.partner.country)})
            </h3>
            {(r.title || r.startYear || r.endYear || r.firstConventionYear || r.status === 'ENDED') && (
              <p className="fr-text--sm">
                {r.title && <strong>{r.title}. </strong>}
                {r.startYear && `${t('Depuis', 'Since')} ${r.startYear}`}
                {r.endYear && ` — ${t("jusqu'en", 'until')} ${r.endYear}`}
                {r.firstConventionYear && ` — ${t('première convention', 'first agreement')} ${r.firstConventionYear}`}
                {r.status === 'ENDED' && ` — ${t('terminée', 'ended')}`}
              </p>
            )}
            {r.description && <p className="fr-text--sm">{r.description}</p>}
            {r.source && (
              <p className="fr-text--xs fr-mb-0 bp-source">
                {t('Source', 'Source')} : {r.sourceUrl ? <a href={r.sourceUrl} rel="noopener noreferrer" target="_blank" title={`${r.source} — ${t('nouvelle fenêtre', 'new window')}`}>{r.source}</a> : r.source}
              </p>
            )}
            {r.themes.length > 0 && (
              <ul className="fr-tags-group">
                {r.themes.map((th) => (
                  <li key={th.theme.id}>
                    <span className="fr-tag fr-tag--sm">{label(th.theme)}</span>
                  </li>
                ))}
              </ul>
            )}
            {r.fundings.length > 0 && (
              <div className="fr-table fr-table--sm fr-mb-0">
                <table>
                  <caption>{t('Financements', 'Funding')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('Financeur', 'Funder')}</th>
                      <th scope="col">{t('Année', 'Year')}</th>
                      <th scope="col">{t('Montant (€)', 'Amount (€)')}</th>
                      <th scope="col">{t('dont 1 % eau (€)', 'of which 1% water (€)')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {r.fundings.map((f) => (
                      <tr key={f.id}>
                        <td>{f.funder}</td>
                        <td>{f.year ?? '—'}</td>
                        <td>{num(f.amountEur)}</td>
                        <td>{num(f.waterOnePercentEur)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </article>
        ))}
      </section>
      {a.foreignActors.length > 0 && (
        <section aria-labelledby="actors-title" className="fr-mt-3w">
          <h2 id="actors-title" className="fr-h5">
            {t('Acteurs étrangers présents sur le territoire', 'Foreign actors on the territory')}
          </h2>
          <ul>
            {a.foreignActors.map((f) => (
              <li key={f.id}>
                <strong>{f.name}</strong> ({f.kind.toLowerCase().replace(/_/g, ' ')}){f.description && ` — ${f.description}`}
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="listings-title" className="fr-mt-3w">
        <h2 id="listings-title" className="fr-h5">
          {t('Annonces', 'Listings')} ({a.listings.length})
        </h2>
        {a.listings.map((l) => (
          <ListingCard key={l.id} listing={l} />
        ))}
      </section>
      <section aria-labelledby="suggest-title" className="fr-mt-3w">
        <h2 id="suggest-title" className="fr-h4">
          {t('Partenaires suggérés', 'Suggested partners')}
        </h2>
        <p className="bp-muted">
          {t(
            'Classement calculé à partir des thématiques, des pays, des jumelages existants et de la taille ; chaque score est expliqué.',
            'Ranking computed from themes, countries, existing twinnings and size; every score is explained.',
          )}
          {sugg && ` ${t('Candidats examinés', 'Candidates considered')} : ${num(sugg.suggestPartners.candidatesConsidered)}.`}
        </p>
        {ministry && (
          <>
            {done && <Success>{done}</Success>}
            <ErrorAlert error={proposed.error} />
            <button className="fr-btn fr-btn--secondary fr-mb-1w" disabled={proposed.fetching} onClick={() => proposeToReview()}>
              {t('Placer en revue les 5 meilleures suggestions qui n’y sont pas encore', 'Queue for review the top 5 suggestions not queued yet')}
            </button>
            <p className="fr-text--xs bp-muted">
              {criteriaApplied
                ? t('Selon les critères appliqués ci-dessous.', 'Under the criteria applied below.')
                : t('Sans critère : le classement par défaut. Affinez les suggestions pour proposer une sélection.', 'No criteria: the default ranking. Refine the suggestions to propose a selection.')}
            </p>
          </>
        )}
        <details className="fr-mb-2w" data-testid="refine-suggestions" open={criteriaApplied || undefined}>
          <summary>{t('Affiner les suggestions', 'Refine the suggestions')}</summary>
          <form
            className="fr-mt-2w"
            onSubmit={(ev) => {
              ev.preventDefault();
              apply(criteria);
            }}
          >
            <div className="bp-refine">
              <div>
                <CountryPicker name="sugg-countries" label={t('Pays des candidats', 'Candidates’ countries')} value={criteria.countries} onChange={(countries) => setCriteria({ ...criteria, countries })} />
                <LevelCheckboxes name="sugg-levels" inline only={a.kind === 'FRENCH' ? FOREIGN_LEVELS : FRENCH_LEVELS} legend={t('Niveaux', 'Levels')} value={criteria.levels} onChange={(levels) => setCriteria({ ...criteria, levels })} />
                <div className="bp-pair">
                  <Field name="sugg-pop-min" type="number" label={t('Population minimale', 'Smallest population')} value={criteria.popMin} error={criteria.popMin && !POPULATION.test(criteria.popMin.trim()) ? t('Un nombre entier positif.', 'A whole positive number.') : undefined} onChange={(popMin) => setCriteria({ ...criteria, popMin })} />
                  <Field name="sugg-pop-max" type="number" label={t('Population maximale', 'Largest population')} value={criteria.popMax} error={criteria.popMax && !POPULATION.test(criteria.popMax.trim()) ? t('Un nombre entier positif.', 'A whole positive number.') : apiErrors['populationRange.max']} onChange={(popMax) => setCriteria({ ...criteria, popMax })} />
                </div>
                <div className="fr-select-group">
                  <label className="fr-label" htmlFor="sugg-first">
                    {t('Nombre de suggestions', 'Number of suggestions')}
                  </label>
                  <select id="sugg-first" className="fr-select" value={criteria.first} onChange={(ev) => setCriteria({ ...criteria, first: Number(ev.target.value) })}>
                    {FIRST_CHOICES.map((n) => (
                      <option key={n} value={n}>
                        {n}
                      </option>
                    ))}
                  </select>
                </div>
              </div>
              <div>
                <ThemePicker name="sugg-themes" legend={t('Thématiques recherchées (par défaut : celles de la fiche, des relations et des annonces)', 'Themes sought (default: the fiche’s, relationships’ and listings’)')} value={criteria.themes} onChange={(themes) => setCriteria({ ...criteria, themes })} />
              </div>
            </div>
            <ul className="fr-btns-group fr-btns-group--inline-md">
              <li>
                <button type="submit" className="fr-btn">
                  {t('Mettre à jour les suggestions', 'Update the suggestions')}
                </button>
              </li>
              <li>
                <button
                  type="button"
                  className="fr-btn fr-btn--secondary"
                  onClick={() => {
                    setCriteria(NO_CRITERIA);
                    apply(NO_CRITERIA);
                  }}
                >
                  {t('Réinitialiser', 'Reset')}
                </button>
              </li>
            </ul>
          </form>
        </details>
        {suggError && !Object.keys(apiErrors).length && <ErrorAlert error={suggError} />}
        {!!sugg?.suggestPartners.alreadyPartnered.length && (
          <p className="fr-text--sm" data-testid="already-partnered">
            {t('Déjà partenaires (jamais suggérés)', 'Already partners (never suggested)')} :{' '}
            {sugg.suggestPartners.alreadyPartnered.map((p, i) => (
              <span key={p.id}>
                {i > 0 && ', '}
                <Link href={`/collectivites/${p.id}`}>{p.name}</Link>
              </span>
            ))}
          </p>
        )}
        {aside.status}
        {!!sugg?.suggestPartners.setAside.length && (
          <details className="fr-mb-2w" data-testid="set-aside">
            <summary>
              {t('Suggestions écartées', 'Suggestions set aside')} ({sugg.suggestPartners.setAside.length})
            </summary>
            <p className="fr-text--xs bp-muted fr-mt-1w">
              {t(
                'Écartées par les agents de la collectivité : elles n’apparaissent plus dans ses suggestions ni dans les propositions du ministère. Les autres visiteurs voient le classement complet.',
                'Set aside by the authority’s agents: they no longer appear in its suggestions nor in the ministry’s proposals. Other visitors see the full ranking.',
              )}
            </p>
            <ul>
              {sugg.suggestPartners.setAside.map((x) => (
                <li key={x.id}>
                  <Link href={`/collectivites/${x.id}`}>{x.name}</Link>{' '}
                  {mine && aside.restoreButton(x)}
                </li>
              ))}
            </ul>
          </details>
        )}
        {sugg && !sugg.suggestPartners.candidates.length && <p>{t('Aucun candidat ne répond à ces critères.', 'No candidate meets these criteria.')}</p>}
        {suggLoading && !sugg && <Loading />}
        {home && !!located.length && (
          <WorldMap
            title={t(`Carte des partenaires suggérés pour ${a.name}`, `Map of the partners suggested for ${a.name}`)}
            itemsLabel={['collectivités', 'authorities']}
            height={320}
            fitTo={[home, ...located.map((c) => [c.authority.longitude!, c.authority.latitude!] as [number, number])]}
            lines={located.map((c) => ({ from: home, to: [c.authority.longitude!, c.authority.latitude!] }))}
            points={[
              { id: a.id, lat: a.latitude!, lon: a.longitude!, label: a.name },
              ...located.map((c) => ({
                id: c.authority.id,
                lat: c.authority.latitude!,
                lon: c.authority.longitude!,
                label: `${c.rank}. ${c.authority.name} — ${num(c.score * 100, 0)} / 100`,
                onSelect: () => navigate(`/collectivites/${c.authority.id}`),
              })),
            ]}
          />
        )}
        <ol className="bp-ranked">
          {sugg?.suggestPartners.candidates.map((c) => (
            <CandidateCard key={c.authority.id} c={c}>
              {mine && aside.asideButton(c.authority)}
              {ministry &&
                (queueStatus.has(c.authority.id) ? (
                  <p className="fr-badge fr-badge--sm fr-badge--info fr-mt-1w" data-testid="review-status">
                    {t('File de revue', 'Review queue')} : {e(SUGGESTION_STATUSES, queueStatus.get(c.authority.id)!)}
                  </p>
                ) : (
                  <button className="fr-btn fr-btn--tertiary fr-btn--sm fr-mt-1w" disabled={proposed.fetching} onClick={() => proposeToReview([c.authority.id])}>
                    {t('Mettre en revue', 'Put in review')}
                    <span className="fr-sr-only"> : {c.authority.name}</span>
                  </button>
                ))}
            </CandidateCard>
          ))}
        </ol>
        <PlaceCandidate seeker={a} input={suggestInput(id, applied)} />
      </section>
    </div>
  );
}

