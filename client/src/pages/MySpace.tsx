import { useMutation, useQuery } from 'urql';
import { ListingCard } from '../components/ListingCard';
import { Loading } from '../components/ui';
import { graphql } from '../gql';
import { INTEREST_STATUSES, useEnum, useI18n } from '../i18n';
import { Link } from '../router';
import { useSession } from '../session';

const MySpaceDoc = graphql(`
  query MySpace {
    me { id authorities { id name listings { ...ListingSummaryFields } } }
    myInterests { id status message createdAt authority { id name } listing { id title authority { id name } } }
    notifications(first: 30) { id kind titleFr titleEn createdAt readAt entityId }
  }
`);
const MarkReadDoc = graphql(`mutation MarkRead { markNotificationsRead }`);

export function MySpacePage() {
  const { t, lang, date } = useI18n();
  const e = useEnum();
  const { me, loading } = useSession();
  const [{ data }, refetch] = useQuery({ query: MySpaceDoc, pause: !me, requestPolicy: 'network-only' });
  const [, markRead] = useMutation(MarkReadDoc);
  if (loading) return <Loading />;
  if (!me)
    return (
      <p className="fr-mt-4w">
        <Link href="/connexion">{t('Connectez-vous pour accéder à votre espace.', 'Sign in to see your space.')}</Link>
      </p>
    );
  const mineIds = new Set(me.authorities.map((a) => a.id));
  const received = data?.myInterests.filter((i) => mineIds.has(i.listing.authority.id)) ?? [];
  const sent = data?.myInterests.filter((i) => mineIds.has(i.authority.id)) ?? [];
  return (
    <div className="fr-mt-4w">
      <h1>
        {t('Mon espace', 'My space')} — {me.displayName}
      </h1>
      <section aria-labelledby="my-auth-title">
        <h2 id="my-auth-title" className="fr-h4">
          {t('Mes collectivités et leurs annonces', 'My authorities and their listings')}
        </h2>
        {!me.authorities.length && <p>{t("Votre compte n'est rattaché à aucune collectivité : demandez au ministère de vous y rattacher.", 'Your account does not act for any authority yet: ask the ministry to attach you to one.')}</p>}
        {data?.me?.authorities.map((a) => (
          <div key={a.id} className="fr-mb-3w">
            <h3 className="fr-h5">
              <Link href={`/collectivites/${a.id}`}>{a.name}</Link>
            </h3>
            <ul className="fr-btns-group fr-btns-group--inline fr-btns-group--sm">
              <li>
                <Link className="fr-btn" href={`/annonces/nouvelle?authority=${a.id}`}>
                  {t('Nouvelle annonce', 'New listing')}
                </Link>
              </li>
              <li>
                <Link className="fr-btn fr-btn--secondary" href={`/collectivites/${a.id}/modifier`}>
                  {t('Modifier la fiche', 'Edit the fiche')}
                </Link>
              </li>
              <li>
                <Link className="fr-btn fr-btn--tertiary" href={`/collectivites/${a.id}#suggest-title`}>
                  {t('Partenaires suggérés', 'Suggested partners')}
                </Link>
              </li>
            </ul>
            {a.listings.map((l) => (
              <ListingCard key={l.id} listing={l} headingLevel={3} />
            ))}
          </div>
        ))}
      </section>
      <section aria-labelledby="received-title" className="fr-mt-4w">
        <h2 id="received-title" className="fr-h4">
          {t('Manifestations d’intérêt reçues', 'Expressions of interest received')}
        </h2>
        {!received.length && <p>{t('Aucune.', 'None.')}</p>}
        <ul>
          {received.map((i) => (
            <li key={i.id}>
              <strong>{i.authority.name}</strong> → <Link href={`/annonces/${i.listing.id}`}>{i.listing.title}</Link> — {e(INTEREST_STATUSES, i.status)} ({date(i.createdAt)})
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="sent-title" className="fr-mt-4w">
        <h2 id="sent-title" className="fr-h4">
          {t('Manifestations d’intérêt envoyées', 'Expressions of interest sent')}
        </h2>
        {!sent.length && <p>{t('Aucune.', 'None.')}</p>}
        <ul>
          {sent.map((i) => (
            <li key={i.id}>
              <Link href={`/annonces/${i.listing.id}`}>{i.listing.title}</Link> ({i.listing.authority.name}) — {e(INTEREST_STATUSES, i.status)}
              {i.status === 'ACCEPTED' && (
                <>
                  {' '}
                  — <Link href={`/collectivites/${i.listing.authority.id}`}>{t('voir les coordonnées', 'see the contacts')}</Link>
                </>
              )}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="notifications" className="fr-mt-4w">
        <h2 id="notifications" className="fr-h4" tabIndex={-1}>
          {t('Notifications', 'Notifications')}
        </h2>
        <button
          className="fr-btn fr-btn--sm fr-btn--tertiary fr-mb-2w"
          onClick={async () => {
            await markRead({});
            refetch({ requestPolicy: 'network-only' });
          }}
        >
          {t('Tout marquer comme lu', 'Mark all as read')}
        </button>
        <ul>
          {data?.notifications.map((n) => (
            <li key={n.id}>
              {!n.readAt && <span className="fr-badge fr-badge--sm fr-badge--new fr-mr-1w">{t('nouveau', 'new')}</span>}
              {lang === 'fr' ? n.titleFr : n.titleEn} <span className="bp-muted">({date(n.createdAt)})</span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
