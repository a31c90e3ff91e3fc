import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { fieldErrors } from '../api';
import { Contacts } from '../components/Contacts';
import { PlaceCandidate } from '../components/PlaceCandidate';
import { useSetAside } from '../components/SetAside';
import { CandidateCard, ErrorAlert, FactorChart, Field, Loading, StatusBadge, Success } from '../components/ui';
import { graphql } from '../gql';
import { INTEREST_STATUSES, LEVELS, LISTING_TYPES, useEnum, useI18n } from '../i18n';
import { Link, withParams } from '../router';
import { canEdit, isMinistry, useSession } from '../session';

const ListingDoc = graphql(`
  query ListingPage($id: ID!) {
    listing(id: $id) {
      ...ListingSummaryFields
      description desiredLevels languages populationMin populationMax expectedDurationMonths maxAcceptedInterests reviewReason version authorityId
    }
  }
`);
const MatchesDoc = graphql(`
  query ListingMatches($id: ID!) {
    listingMatches(listingId: $id, first: 5) {
      score
      factors { name weight value contribution explanationFr explanationEn }
      listing { id title type authority { id name country { nameFr nameEn } } }
    }
  }
`);
// Authorities of the other side that fit the listing (its themes, target countries, levels and population range).
const PartnersDoc = graphql(`
  query ListingSuggestedPartners($id: ID!) {
    suggestPartners(input: { listingId: $id, first: 5 }) {
      candidatesConsidered
      candidates {
        rank score
        authority { id name level country { nameFr nameEn } }
        factors { name weight value contribution explanationFr explanationEn }
      }
    }
  }
`);
const InterestsDoc = graphql(`
  query ListingInterests($id: ID!) {
    listingInterests(listingId: $id) { id message status version createdAt authority { id name country { nameFr nameEn } } }
  }
`);
const SubmitDoc = graphql(`mutation SubmitListing($id: ID!) { submitListing(id: $id) { __typename ... on Listing { id status version } ... on InvalidStatusTransition { message } } }`);
const PublishDoc = graphql(`mutation PublishListing($id: ID!) { publishListing(id: $id) { __typename ... on Listing { id status version publishedAt expiresAt } ... on InvalidStatusTransition { message } } }`);
const SendBackDoc = graphql(`mutation SendBackListing($id: ID!, $reason: String!) { sendBackListing(id: $id, reason: $reason) { __typename ... on Listing { id status version reviewReason } ... on InvalidStatusTransition { message } } }`);
const RenewDoc = graphql(`mutation RenewListing($id: ID!) { renewListing(id: $id) { __typename ... on Listing { id status version } ... on InvalidStatusTransition { message } } }`);
const CloseDoc = graphql(`mutation CloseListing($id: ID!) { closeListing(id: $id) { __typename ... on Listing { id status version } ... on InvalidStatusTransition { message } } }`);
const ExpressDoc = graphql(`mutation ExpressInterest($input: ExpressInterestInput!) { expressInterest(input: $input) { id status } }`);
const RespondDoc = graphql(`
  mutation RespondToInterest($id: ID!, $version: Int!, $accept: Boolean!) {
    respondToInterest(id: $id, version: $version, accept: $accept) {
      __typename
      ... on ExpressionOfInterest { id status version }
      ... on InterestCapReached { message }
      ... on VersionConflict { message }
    }
  }
`);

export function ListingPage({ id }: { id: string }) {
  const { t, label, name, date, num, lang } = useI18n();
  const e = useEnum();
  const { me } = useSession();
  const [{ data, error, fetching }, refetch] = useQuery({ query: ListingDoc, variables: { id } });
  const [{ data: matches }] = useQuery({ query: MatchesDoc, variables: { id } });
  const l = data?.listing;
  const owner = !!l && canEdit(me, l.authorityId);
  const ministry = isMinistry(me);
  const [{ data: partners }, refetchPartners] = useQuery({ query: PartnersDoc, variables: { id }, pause: !l });
  // The owner sets aside suggested partners that are not for it (its authority's suggestions, fiche included).
  const aside = useSetAside(l?.authorityId ?? '', () => refetchPartners({ requestPolicy: 'network-only' }));
  const [{ data: interests }, refetchInterests] = useQuery({ query: InterestsDoc, variables: { id }, pause: !l || !(owner || ministry) });
  const [message, setMessage] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [, submit] = useMutation(SubmitDoc);
  const [, publish] = useMutation(PublishDoc);
  const [, sendBack] = useMutation(SendBackDoc);
  const [, renew] = useMutation(RenewDoc);
  const [, close] = useMutation(CloseDoc);
  const [interestState, express] = useMutation(ExpressDoc);
  const [, respond] = useMutation(RespondDoc);
  const myOthers = (me?.authorities ?? []).filter((a) => a.id !== l?.authorityId);
  const [asAuthority, setAsAuthority] = useState('');
  const [interestText, setInterestText] = useState('');

  if (fetching && !data) return <Loading />;
  if (error || !l) return <ErrorAlert error={error ?? t('Annonce introuvable.', 'Listing not found.')} />;

  type R = { data?: Record<string, { __typename?: string; message?: string } | undefined>; error?: unknown };
  const run = async (action: Promise<R>, done: string) => {
    setMessage(null);
    setProblem(null);
    const r = await action;
    const payload = r.data && Object.values(r.data)[0];
    if (r.error) setProblem((r.error as Error).message.replace(/^\[GraphQL\] /, ''));
    else if (payload?.__typename && payload.__typename !== 'Listing' && payload.__typename !== 'ExpressionOfInterest') setProblem(payload.message ?? '');
    else setMessage(done);
    refetch({ requestPolicy: 'network-only' });
    refetchInterests({ requestPolicy: 'network-only' });
  };
  const errs = fieldErrors(interestState.error, lang);

  return (
    <div className="fr-mt-4w">
      <nav role="navigation" className="fr-breadcrumb" aria-label={t('vous êtes ici :', 'you are here:')}>
        <ol className="fr-breadcrumb__list" style={{ display: 'flex', gap: '.5rem', listStyle: 'none', padding: 0 }}>
          <li>
            <Link className="fr-breadcrumb__link" href="/annonces">
              {t('Annonces', 'Listings')}
            </Link>
          </li>
          <li>
            <a className="fr-breadcrumb__link" aria-current="page">
              {l.title}
            </a>
          </li>
        </ol>
      </nav>
      <p>
        <span className={`fr-badge ${l.type === 'OFFER' ? 'fr-badge--green-emeraude' : 'fr-badge--purple-glycine'} fr-mr-1w`}>{e(LISTING_TYPES, l.type)}</span>
        <StatusBadge status={l.status} />
      </p>
      <h1>{l.title}</h1>
      <p className="fr-text--lg">
        <Link href={`/collectivites/${l.authority.id}`}>{l.authority.name}</Link> — {e(LEVELS, l.authority.level)}, {name(l.authority.country)}
        {l.authority.population != null && ` — ${num(l.authority.population)} ${t('habitants', 'inhabitants')}`}
      </p>
      {message && <Success>{message}</Success>}
      <ErrorAlert error={problem} />
      {l.reviewReason && (owner || ministry) && (
        <div className="fr-alert fr-alert--warning fr-mb-2w">
          <h2 className="fr-alert__title">{t('Renvoyée par le ministère', 'Sent back by the ministry')}</h2>
          <p>{l.reviewReason}</p>
        </div>
      )}
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-8">
          <h2 className="fr-h4">{t('Description', 'Description')}</h2>
          <p style={{ whiteSpace: 'pre-wrap' }}>{l.description}</p>
          <h2 className="fr-h5">{t('Thématiques (par priorité)', 'Themes (by priority)')}</h2>
          <ul className="fr-tags-group">
            {l.themes.map((th) => (
              <li key={th.theme.id}>
                <Link className="fr-tag" href={`/annonces?theme=${encodeURIComponent(th.theme.id)}`}>
                  {label(th.theme)}
                </Link>
              </li>
            ))}
          </ul>
          <dl>
            <dt className="fr-text--bold">{t('Pays recherchés', 'Countries sought')}</dt>
            <dd>{l.targetCountries.length ? l.targetCountries.map((c) => name(c)).join(', ') : t('Tous', 'Any')}</dd>
            <dt className="fr-text--bold">{t('Niveaux de partenaire', 'Partner levels')}</dt>
            <dd>{l.desiredLevels.length ? l.desiredLevels.map((x) => e(LEVELS, x)).join(', ') : t('Tous', 'Any')}</dd>
            {(l.populationMin != null || l.populationMax != null) && (
              <>
                <dt className="fr-text--bold">{t('Population du partenaire', "Partner's population")}</dt>
                <dd>
                  {num(l.populationMin)} – {num(l.populationMax)}
                </dd>
              </>
            )}
            {l.expectedDurationMonths != null && (
              <>
                <dt className="fr-text--bold">{t('Durée prévue', 'Expected duration')}</dt>
                <dd>
                  {l.expectedDurationMonths} {t('mois', 'months')}
                </dd>
              </>
            )}
            <dt className="fr-text--bold">{t('Publication', 'Publication')}</dt>
            <dd>
              {l.publishedAt ? `${date(l.publishedAt)} — ${t('expire le', 'expires on')} ${date(l.expiresAt)}` : t('Non publiée', 'Not published')}
            </dd>
          </dl>
        </div>
        <div className="fr-col-12 fr-col-md-4">
          {owner && (
            <div className="bp-card">
              <h2 className="fr-h5">{t('Gérer mon annonce', 'Manage my listing')}</h2>
              <ul className="fr-btns-group fr-btns-group--sm">
                {l.status === 'DRAFT' && (
                  <>
                    <li>
                      <Link className="fr-btn fr-btn--secondary" href={`/annonces/${l.id}/modifier`}>
                        {t('Modifier', 'Edit')}
                      </Link>
                    </li>
                    <li>
                      <button className="fr-btn" onClick={() => run(submit({ id: l.id }), t('Annonce soumise au ministère pour modération.', 'Listing submitted to the ministry for review.'))}>
                        {t('Soumettre à la modération', 'Submit for review')}
                      </button>
                    </li>
                  </>
                )}
                {(l.status === 'PUBLISHED' || l.status === 'EXPIRED') && (
                  <li>
                    <button className="fr-btn fr-btn--secondary" onClick={() => run(renew({ id: l.id }), t('Demande de renouvellement envoyée.', 'Renewal requested.'))}>
                      {t('Renouveler', 'Renew')}
                    </button>
                  </li>
                )}
                {l.status !== 'CLOSED' && (
                  <li>
                    <button className="fr-btn fr-btn--tertiary" onClick={() => run(close({ id: l.id }), t('Annonce clôturée.', 'Listing closed.'))}>
                      {t('Clôturer', 'Close')}
                    </button>
                  </li>
                )}
              </ul>
            </div>
          )}
          {ministry && l.status === 'SUBMITTED' && (
            <div className="bp-card">
              <h2 className="fr-h5">{t('Modération', 'Moderation')}</h2>
              <button className="fr-btn fr-mb-2w" onClick={() => run(publish({ id: l.id }), t('Annonce publiée pour 12 mois.', 'Listing published for 12 months.'))}>
                {t('Publier', 'Publish')}
              </button>
              <Field name="send-back-reason" label={t('Motif du renvoi', 'Reason for sending back')} value={reason} onChange={setReason} textarea />
              <button className="fr-btn fr-btn--secondary" disabled={!reason.trim()} onClick={() => run(sendBack({ id: l.id, reason }), t('Annonce renvoyée à ses auteurs.', 'Listing sent back to its authors.'))}>
                {t('Renvoyer avec ce motif', 'Send back with this reason')}
              </button>
            </div>
          )}
          {me && !owner && l.status === 'PUBLISHED' && myOthers.length > 0 && (
            <form
              className="bp-card"
              aria-labelledby="interest-title"
              onSubmit={async (ev) => {
                ev.preventDefault();
                const r = await express({ input: { listingId: l.id, authorityId: asAuthority || myOthers[0].id, message: interestText } });
                if (!r.error) {
                  setInterestText('');
                  setMessage(t('Manifestation d’intérêt envoyée. Les auteurs de l’annonce vont y répondre.', 'Expression of interest sent. The listing’s authors will answer it.'));
                }
              }}
            >
              <h2 id="interest-title" className="fr-h5">
                {t('Manifester mon intérêt', 'Express interest')}
              </h2>
              {myOthers.length > 1 && (
                <div className="fr-select-group">
                  <label className="fr-label" htmlFor="interest-authority">
                    {t('Au nom de', 'On behalf of')}
                  </label>
                  <select id="interest-authority" className="fr-select" value={asAuthority} onChange={(ev) => setAsAuthority(ev.target.value)}>
                    {myOthers.map((a) => (
                      <option key={a.id} value={a.id}>
                        {a.name}
                      </option>
                    ))}
                  </select>
                </div>
              )}
              <Field name="interest-message" label={t('Message', 'Message')} hint={t('Présentez votre collectivité et votre projet.', 'Introduce your authority and your project.')} value={interestText} onChange={setInterestText} textarea error={errs.message} required />
              {!errs.message && <ErrorAlert error={interestState.error} />}
              <button className="fr-btn" type="submit" disabled={interestState.fetching}>
                {t('Envoyer', 'Send')}
              </button>
            </form>
          )}
          {!me && l.status === 'PUBLISHED' && (
            <p>
              <Link className="fr-btn" href="/connexion">
                {t('Se connecter pour répondre', 'Sign in to answer')}
              </Link>
            </p>
          )}
        </div>
      </div>
      {(owner || ministry) && interests && (
        <section aria-labelledby="interests-title" className="fr-mt-4w">
          <h2 id="interests-title" className="fr-h4">
            {t('Manifestations d’intérêt reçues', 'Expressions of interest received')} ({interests.listingInterests.length})
          </h2>
          {l.maxAcceptedInterests != null && (
            <p className="bp-muted">
              {t('Nombre maximal accepté', 'Maximum accepted')} : {l.maxAcceptedInterests}
            </p>
          )}
          {!interests.listingInterests.length && <p>{t('Aucune pour le moment.', 'None yet.')}</p>}
          {interests.listingInterests.map((i) => (
            <article key={i.id} className="bp-card" data-testid="interest">
              <h3 className="fr-h6">
                <Link href={`/collectivites/${i.authority.id}`}>{i.authority.name}</Link> ({name(i.authority.country)}) — {e(INTEREST_STATUSES, i.status)}
              </h3>
              <p className="fr-text--xs bp-muted">{date(i.createdAt)}</p>
              <p style={{ whiteSpace: 'pre-wrap' }}>{i.message}</p>
              {owner && i.status === 'PENDING' && (
                <ul className="fr-btns-group fr-btns-group--inline fr-btns-group--sm">
                  <li>
                    <button className="fr-btn" onClick={() => run(respond({ id: i.id, version: i.version, accept: true }), t('Intérêt accepté : vous voyez désormais les coordonnées l’un de l’autre.', 'Interest accepted: you can now see each other’s contacts.'))}>
                      {t('Accepter', 'Accept')} — {i.authority.name}
                    </button>
                  </li>
                  <li>
                    <button className="fr-btn fr-btn--secondary" onClick={() => run(respond({ id: i.id, version: i.version, accept: false }), t('Intérêt décliné.', 'Interest declined.'))}>
                      {t('Décliner', 'Decline')} — {i.authority.name}
                    </button>
                  </li>
                </ul>
              )}
              {i.status === 'ACCEPTED' && (
                <>
                  <h4 className="fr-h6">{t('Coordonnées', 'Contacts')}</h4>
                  <Contacts authorityId={i.authority.id} />
                </>
              )}
            </article>
          ))}
        </section>
      )}
      {!!matches?.listingMatches.length && (
        <section aria-labelledby="matches-title" className="fr-mt-4w">
          <h2 id="matches-title" className="fr-h4">
            {l.type === 'OFFER' ? t('Demandes qui correspondent', 'Matching requests') : t('Offres qui correspondent', 'Matching offers')}
          </h2>
          <div className="fr-grid-row fr-grid-row--gutters">
            {matches.listingMatches.map((m) => (
              <div key={m.listing.id} className="fr-col-12 fr-col-md-6">
                <article className="bp-card">
                  <h3 className="fr-h6">
                    <Link href={`/annonces/${m.listing.id}`}>{m.listing.title}</Link>
                  </h3>
                  <p className="fr-text--sm">
                    {m.listing.authority.name} ({name(m.listing.authority.country)}) — {t('score', 'score')} {num(m.score * 100, 0)} / 100
                  </p>
                  <FactorChart factors={m.factors} />
                </article>
              </div>
            ))}
          </div>
        </section>
      )}
      {!!partners?.suggestPartners.candidates.length && (
        <section aria-labelledby="partners-title" className="fr-mt-4w" data-testid="listing-partners">
          <h2 id="partners-title" className="fr-h4">
            {t('Partenaires possibles pour cette annonce', 'Possible partners for this listing')}
          </h2>
          <p className="bp-muted">
            {t(
              'Classement selon les thématiques, les pays et le profil de partenaire recherchés par l’annonce, puis les jumelages existants ; chaque score est expliqué.',
              'Ranked by the themes, countries and partner profile the listing asks for, then existing twinnings; every score is explained.',
            )}{' '}
            {t('Candidats examinés', 'Candidates considered')} : {num(partners.suggestPartners.candidatesConsidered)}.{' '}
            <Link href={refineHref(l)}>{t(`Affiner ces suggestions sur la fiche de ${l.authority.name}`, `Refine these suggestions on ${l.authority.name}’s fiche`)}</Link>
          </p>
          {owner && aside.status}
          <ol className="bp-ranked">
            {partners.suggestPartners.candidates.map((c) => (
              <CandidateCard key={c.authority.id} c={c}>
                {owner && aside.asideButton(c.authority)}
              </CandidateCard>
            ))}
          </ol>
          <PlaceCandidate seeker={{ name: l.authority.name, kind: l.authority.countryCode === 'FR' ? 'FRENCH' : 'FOREIGN' }} input={{ listingId: l.id }} forListing />
        </section>
      )}
    </div>
  );
}

/** The fiche's suggestions, narrowed to what the listing asks for (same URL parameters as the fiche's refine form). */
function refineHref(l: { authority: { id: string; countryCode: string }; targetCountries: { code: string }[]; desiredLevels: string[]; populationMin?: number | null; populationMax?: number | null; themes: { theme: { id: string } }[] }): string {
  const french = l.authority.countryCode === 'FR';
  return withParams(`/collectivites/${l.authority.id}`, new URLSearchParams(), {
    // A foreign seeker's candidates are French: its target countries do not narrow them.
    country: french ? l.targetCountries.map((c) => c.code).filter((c) => c !== 'FR') : [],
    level: l.desiredLevels,
    theme: l.themes.map((x) => x.theme.id),
    popMin: l.populationMin != null ? String(l.populationMin) : null,
    popMax: l.populationMax != null ? String(l.populationMax) : null,
  });
}
