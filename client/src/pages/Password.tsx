import { useState } from 'react';
import { useMutation } from 'urql';
import { fieldErrors } from '../api';
import { ErrorAlert, Field, Success } from '../components/ui';
import { graphql } from '../gql';
import { useI18n } from '../i18n';
import { Link, navigate, useLocation } from '../router';
import { useSession } from '../session';

const RequestDoc = graphql(`mutation RequestPasswordReset($input: RequestPasswordResetInput!) { requestPasswordReset(input: $input) }`);
const ResetDoc = graphql(`mutation ResetPassword($input: ResetPasswordInput!) { resetPassword(input: $input) { id role } }`);
const AcceptDoc = graphql(`mutation AcceptInvitation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { id role } }`);

/** "Mot de passe oublié": asks for a link by e-mail, or (with the link's `jeton`) sets the new password. */
export function PasswordPage() {
  const { t, lang } = useI18n();
  const { params } = useLocation();
  const { refresh } = useSession();
  const token = params.get('jeton');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [sent, setSent] = useState(false);
  const [reqState, request] = useMutation(RequestDoc);
  const [resetState, reset] = useMutation(ResetDoc);
  const state = token ? resetState : reqState;
  const errs = fieldErrors(state.error, lang);
  return (
    <div className="fr-grid-row fr-grid-row--center fr-mt-5w">
      <div className="fr-col-12 fr-col-md-6">
        <h1>{token ? t('Choisir un nouveau mot de passe', 'Choose a new password') : t('Mot de passe oublié', 'Forgotten password')}</h1>
        {sent ? (
          <Success>
            {t(
              'Si un compte existe pour cette adresse, un lien valable une heure vient de lui être envoyé.',
              'If an account exists for this address, a link valid for an hour has just been sent to it.',
            )}
          </Success>
        ) : (
          <form
            noValidate
            onSubmit={async (ev) => {
              ev.preventDefault();
              if (token) {
                const r = await reset({ input: { token, password } });
                if (!r.error) {
                  refresh();
                  navigate(r.data?.resetPassword.role === 'AGENT' ? '/espace' : '/ministere');
                }
              } else if (!(await request({ input: { email } })).error) setSent(true);
            }}
          >
            {(!Object.keys(errs).length || errs.token) && <ErrorAlert error={errs.token ? t('Ce lien est inconnu, déjà utilisé ou expiré : demandez-en un nouveau.', 'This link is unknown, used or expired: ask for a new one.') : state.error} />}
            {token ? (
              <Field name="password" type="password" label={t('Nouveau mot de passe', 'New password')} hint={t('12 caractères au moins.', 'At least 12 characters.')} value={password} onChange={setPassword} error={errs.password} autoComplete="new-password" />
            ) : (
              <Field name="email" type="email" label={t('Adresse électronique du compte', 'E-mail address of the account')} value={email} onChange={setEmail} error={errs.email} autoComplete="email" />
            )}
            <button className="fr-btn fr-mt-2w" type="submit" disabled={state.fetching}>
              {token ? t('Enregistrer le mot de passe', 'Save the password') : t('Recevoir un lien', 'Send me a link')}
            </button>
          </form>
        )}
        <p className="fr-mt-4w">
          <Link href="/connexion">{t('Retour à la connexion', 'Back to sign in')}</Link>
        </p>
      </div>
    </div>
  );
}

/** The invitation link (`/invitation?jeton=…`): the invitee chooses a name and a password; the account gets the invited role. */
export function InvitationPage() {
  const { t, lang } = useI18n();
  const { params } = useLocation();
  const { refresh } = useSession();
  const token = params.get('jeton') ?? '';
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [state, accept] = useMutation(AcceptDoc);
  const errs = fieldErrors(state.error, lang);
  return (
    <div className="fr-grid-row fr-grid-row--center fr-mt-5w">
      <div className="fr-col-12 fr-col-md-6">
        <h1>{t('Créer mon compte sur invitation', 'Create my account from an invitation')}</h1>
        <form
          noValidate
          onSubmit={async (ev) => {
            ev.preventDefault();
            const r = await accept({ input: { token, displayName, password, locale: lang } });
            if (!r.error) {
              refresh();
              navigate(r.data?.acceptInvitation.role === 'AGENT' ? '/espace' : '/ministere');
            }
          }}
        >
          {(!Object.keys(errs).length || errs.token) && <ErrorAlert error={errs.token ? t('Cette invitation est inconnue, déjà utilisée ou expirée.', 'This invitation is unknown, used or expired.') : state.error} />}
          <Field name="displayName" label={t('Nom affiché', 'Display name')} value={displayName} onChange={setDisplayName} error={errs.displayName} autoComplete="name" />
          <Field name="password" type="password" label={t('Mot de passe', 'Password')} hint={t('12 caractères au moins.', 'At least 12 characters.')} value={password} onChange={setPassword} error={errs.password} autoComplete="new-password" />
          <button className="fr-btn fr-mt-2w" type="submit" disabled={state.fetching}>
            {t('Créer mon compte', 'Create my account')}
          </button>
        </form>
      </div>
    </div>
  );
}
