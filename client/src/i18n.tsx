// French first, English second: every text is written as t('français', 'English'); numbers, dates and country names follow the language.
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';

export type Lang = 'fr' | 'en';
type I18n = {
  lang: Lang;
  setLang: (l: Lang) => void;
  t: (fr: string, en: string) => string;
  num: (n: number | null | undefined, digits?: number) => string;
  date: (iso: string | null | undefined) => string;
  name: (x: { nameFr: string; nameEn: string } | null | undefined) => string;
  label: (x: { labelFr: string; labelEn: string } | null | undefined) => string;
};

const Ctx = createContext<I18n | null>(null);
const initial = (): Lang => {
  const fromUrl = new URLSearchParams(window.location.search).get('lang');
  if (fromUrl === 'en' || fromUrl === 'fr') return fromUrl;
  return window.localStorage.getItem('lang') === 'en' ? 'en' : 'fr';
};

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initial);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const value = useMemo<I18n>(() => {
    const locale = lang === 'fr' ? 'fr-FR' : 'en-GB';
    const nf = new Intl.NumberFormat(locale);
    const df = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric' });
    return {
      lang,
      setLang: (l) => {
        window.localStorage.setItem('lang', l);
        setLangState(l);
      },
      t: (fr, en) => (lang === 'fr' ? fr : en),
      num: (n, digits) => (n == null ? '—' : digits != null ? new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(n) : nf.format(n)),
      date: (iso) => (iso ? df.format(new Date(iso)) : '—'),
      name: (x) => (x ? (lang === 'fr' ? x.nameFr : x.nameEn) : ''),
      label: (x) => (x ? (lang === 'fr' ? x.labelFr : x.labelEn) : ''),
    };
  }, [lang]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error('I18nProvider missing');
  return v;
}

export const LEVELS: Record<string, [string, string]> = {
  COMMUNE: ['Commune', 'Commune'],
  EPCI: ['Intercommunalité (EPCI)', 'Intermunicipality (EPCI)'],
  DEPARTEMENT: ['Département', 'Département'],
  REGION: ['Région', 'Region'],
  OVERSEAS_COLLECTIVITY: ["Collectivité d'outre-mer", 'Overseas collectivity'],
  MUNICIPALITY: ['Municipalité', 'Municipality'],
  PROVINCE: ['Province / région', 'Province / region'],
  OTHER: ['Autre', 'Other'],
};
export const LISTING_TYPES: Record<string, [string, string]> = { OFFER: ['Offre', 'Offer'], REQUEST: ['Demande', 'Request'] };
export const LISTING_STATUSES: Record<string, [string, string]> = {
  DRAFT: ['Brouillon', 'Draft'],
  SUBMITTED: ['En attente de modération', 'Awaiting review'],
  PUBLISHED: ['Publiée', 'Published'],
  EXPIRED: ['Expirée', 'Expired'],
  CLOSED: ['Clôturée', 'Closed'],
};
export const RELATIONSHIP_KINDS: Record<string, [string, string]> = {
  TWINNING: ['Jumelage', 'Twinning'],
  DECENTRALISED_COOPERATION: ['Coopération décentralisée', 'Decentralised cooperation'],
  FRIENDSHIP_PACT: ["Pacte d'amitié", 'Friendship pact'],
  OTHER: ['Autre', 'Other'],
};
export const INTEREST_STATUSES: Record<string, [string, string]> = {
  PENDING: ['En attente', 'Pending'],
  ACCEPTED: ['Acceptée', 'Accepted'],
  DECLINED: ['Déclinée', 'Declined'],
};
export const SUGGESTION_STATUSES: Record<string, [string, string]> = {
  PROPOSED: ['Proposée', 'Proposed'],
  APPROVED: ['Approuvée', 'Approved'],
  REJECTED: ['Rejetée', 'Rejected'],
};
export const FACTORS: Record<string, [string, string]> = {
  THEME: ['Thématiques', 'Themes'],
  COUNTRY: ['Pays', 'Country'],
  SCARCITY: ['Pays peu couvert', 'Scarce country'],
  NETWORK: ['Réseau', 'Network'],
  PEERS: ['Partenaires de vos pairs', 'Partners of your peers'],
  NEARBY_PARTNERS: ['Partenaires voisins', 'Nearby partners'],
  EXPERIENCE: ['Expérience', 'Experience'],
  SIZE: ['Taille et niveau', 'Size and level'],
  DISTANCE: ['Distance', 'Distance'],
  PROFILE: ['Profil recherché', 'Profile sought'],
};

/** t() for one of the enum tables above. */
export function useEnum() {
  const { lang } = useI18n();
  return (table: Record<string, [string, string]>, key: string | null | undefined) => (key ? (table[key]?.[lang === 'fr' ? 0 : 1] ?? key) : '');
}
