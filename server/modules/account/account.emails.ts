/** Direct e-mails of the account module (reset links, invitations), in French and English. Pure functions. */
import type { UserRole } from './account.types';

export interface Email {
  subject: string;
  text: string;
}

const SIGNATURE_FR = '— Bourse-partenariats de la coopération décentralisée';
const SIGNATURE_EN = '— Decentralised cooperation partnership exchange';

/** The reset link's e-mail, in the account's language with the other one below. */
export function passwordResetEmail(publicUrl: string, token: string, locale: 'fr' | 'en', minutes: number): Email {
  const link = `${publicUrl}/mot-de-passe?jeton=${encodeURIComponent(token)}`;
  const fr = `Bonjour,\n\nPour choisir un nouveau mot de passe, ouvrez ce lien (valable ${minutes} minutes, une seule fois) :\n${link}\n\nSi vous n’avez rien demandé, ignorez ce message : votre mot de passe ne change pas.\n\n${SIGNATURE_FR}`;
  const en = `Hello,\n\nTo choose a new password, open this link (valid ${minutes} minutes, once):\n${link}\n\nIf you did not ask for it, ignore this message: your password does not change.\n\n${SIGNATURE_EN}`;
  const subject = locale === 'en' ? '[Bourse-partenariats] Choose a new password' : '[Bourse-partenariats] Choisir un nouveau mot de passe';
  return { subject, text: locale === 'en' ? `${en}\n\n---\n\n${fr}` : `${fr}\n\n---\n\n${en}` };
}

const ROLE: Record<UserRole, [string, string]> = {
  AGENT: ['agent d’une collectivité', 'agent of a local authority'],
  REVIEWER: ['membre du ministère (modération et revue des suggestions)', 'ministry reviewer (moderation and review of suggestions)'],
  ADMIN: ['administrateur', 'administrator'],
};

/** The invitation's e-mail (the invitee has no account, hence no language yet: French first, English below). */
export function invitationEmail(publicUrl: string, token: string, role: UserRole): Email {
  const link = `${publicUrl}/invitation?jeton=${encodeURIComponent(token)}`;
  const fr = `Bonjour,\n\nVous êtes invité(e) à rejoindre la Bourse-partenariats en tant que ${ROLE[role][0]}. Pour créer votre compte, ouvrez ce lien (valable 14 jours) :\n${link}\n\n${SIGNATURE_FR}`;
  const en = `Hello,\n\nYou are invited to join the partnership exchange as ${ROLE[role][1]}. To create your account, open this link (valid 14 days):\n${link}\n\n${SIGNATURE_EN}`;
  return { subject: '[Bourse-partenariats] Invitation', text: `${fr}\n\n---\n\n${en}` };
}
