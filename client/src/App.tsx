import { Footer } from '@codegouvfr/react-dsfr/Footer';
import { Header } from '@codegouvfr/react-dsfr/Header';
import { useEffect } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from './gql';
import { useI18n } from './i18n';
import { navigate, useLocation } from './router';
import { isMinistry, useSession } from './session';
import { HomePage } from './pages/Home';
import { ExplorePage } from './pages/Explore';
import { ListingPage } from './pages/Listing';
import { ListingFormPage } from './pages/ListingForm';
import { AuthoritiesPage } from './pages/Authorities';
import { FichePage } from './pages/Fiche';
import { FicheEditPage } from './pages/FicheEdit';
import { InvitationPage, PasswordPage } from './pages/Password';
import { SignInPage } from './pages/SignIn';
import { MySpacePage } from './pages/MySpace';
import { MinistryPage } from './pages/Ministry';
import { DashboardPage } from './pages/Dashboard';

const UnreadDoc = graphql(`query Unread { unreadNotificationCount }`);
const SignOutDoc = graphql(`mutation SignOut { signOut }`);

function route(path: string): { page: JSX.Element; title: [string, string] } {
  const m = (re: RegExp) => path.match(re);
  let r: RegExpMatchArray | null;
  if (path === '/') return { page: <HomePage />, title: ['Accueil', 'Home'] };
  if (path === '/annonces') return { page: <ExplorePage />, title: ['Annonces et carte', 'Listings and map'] };
  if (path === '/annonces/nouvelle') return { page: <ListingFormPage />, title: ['Nouvelle annonce', 'New listing'] };
  if ((r = m(/^\/annonces\/([^/]+)\/modifier$/))) return { page: <ListingFormPage id={r[1]} />, title: ["Modifier l'annonce", 'Edit listing'] };
  if ((r = m(/^\/annonces\/([^/]+)$/))) return { page: <ListingPage id={r[1]} />, title: ['Annonce', 'Listing'] };
  if (path === '/collectivites') return { page: <AuthoritiesPage />, title: ['Collectivités', 'Local authorities'] };
  if ((r = m(/^\/collectivites\/([^/]+)\/modifier$/))) return { page: <FicheEditPage id={r[1]} />, title: ['Modifier la fiche', 'Edit fiche'] };
  if ((r = m(/^\/collectivites\/([^/]+)$/))) return { page: <FichePage id={r[1]} />, title: ['Fiche de présentation', 'Fiche'] };
  if (path === '/connexion') return { page: <SignInPage />, title: ['Connexion', 'Sign in'] };
  if (path === '/mot-de-passe') return { page: <PasswordPage />, title: ['Mot de passe oublié', 'Forgotten password'] };
  if (path === '/invitation') return { page: <InvitationPage />, title: ['Invitation', 'Invitation'] };
  if (path === '/espace') return { page: <MySpacePage />, title: ['Mon espace', 'My space'] };
  if (path === '/ministere') return { page: <MinistryPage />, title: ['Espace ministère', "Ministry's desk"] };
  if (path === '/tableau-de-bord') return { page: <DashboardPage />, title: ['Tableau de bord', 'Dashboard'] };
  return { page: <NotFound />, title: ['Page introuvable', 'Page not found'] };
}

function NotFound() {
  const { t } = useI18n();
  return (
    <div className="fr-my-7w">
      <h1>{t('Page introuvable', 'Page not found')}</h1>
      <p>{t("La page demandée n'existe pas.", 'The page you asked for does not exist.')}</p>
    </div>
  );
}

export function App() {
  const { t, lang, setLang } = useI18n();
  const { path } = useLocation();
  const { me, refresh } = useSession();
  const [{ data: unread }] = useQuery({ query: UnreadDoc, pause: !me, requestPolicy: 'cache-and-network' });
  const [, signOut] = useMutation(SignOutDoc);
  const { page, title } = route(path);
  useEffect(() => {
    document.title = `${t(...title)} — ${t('Bourse-partenariats', 'Partnership exchange')}`;
  }, [title, t]);

  const nav = [
    { text: t('Accueil', 'Home'), linkProps: { href: '/' }, isActive: path === '/' },
    { text: t('Annonces et carte', 'Listings and map'), linkProps: { href: '/annonces' }, isActive: path.startsWith('/annonces') },
    { text: t('Collectivités', 'Authorities'), linkProps: { href: '/collectivites' }, isActive: path.startsWith('/collectivites') },
    { text: t('Tableau de bord', 'Dashboard'), linkProps: { href: '/tableau-de-bord' }, isActive: path === '/tableau-de-bord' },
    ...(me ? [{ text: t('Mon espace', 'My space'), linkProps: { href: '/espace' }, isActive: path === '/espace' }] : []),
    ...(isMinistry(me) ? [{ text: t('Espace ministère', "Ministry's desk"), linkProps: { href: '/ministere' }, isActive: path === '/ministere' }] : []),
  ];
  const count = unread?.unreadNotificationCount ?? 0;
  const quick = [
    {
      iconId: 'fr-icon-translate-2' as const,
      buttonProps: { onClick: () => setLang(lang === 'fr' ? 'en' : 'fr'), lang: lang === 'fr' ? 'en' : 'fr' },
      text: lang === 'fr' ? 'English' : 'Français',
    },
    ...(me
      ? [
          { iconId: 'fr-icon-notification-3-line' as const, linkProps: { href: '/espace#notifications' }, text: `${t('Notifications', 'Notifications')} (${count})` },
          {
            iconId: 'fr-icon-logout-box-r-line' as const,
            buttonProps: {
              onClick: async () => {
                await signOut({});
                refresh();
                navigate('/');
              },
            },
            text: t('Se déconnecter', 'Sign out'),
          },
        ]
      : [{ iconId: 'fr-icon-account-circle-line' as const, linkProps: { href: '/connexion' }, text: t('Se connecter', 'Sign in') }]),
  ];
  return (
    <>
      <Header
        brandTop={<>République<br />Française</>}
        homeLinkProps={{ href: '/', title: t('Accueil — Bourse-partenariats', 'Home — Partnership exchange') }}
        serviceTitle={t('Bourse-partenariats', 'Partnership exchange')}
        serviceTagline={t('de la coopération décentralisée', 'for decentralised cooperation')}
        navigation={nav}
        quickAccessItems={quick}
      />
      <main id="contenu" tabIndex={-1} className="fr-container fr-pb-7w" role="main">
        {page}
      </main>
      <Footer
        accessibility="partially compliant"
        contentDescription={t(
          "Plateforme d'échange d'offres et de demandes de partenariat entre collectivités territoriales françaises et autorités locales étrangères.",
          'A marketplace of partnership offers and requests between French and foreign local authorities.',
        )}
        bottomItems={[{ text: t('API GraphQL', 'GraphQL API'), linkProps: { href: '/graphiql', target: '_self' } }]}
      />
    </>
  );
}
