import { useState } from 'react';
import { useMutation } from 'urql';
import { fieldErrors } from '../api';
import { ErrorAlert, Field } from '../components/ui';
import { graphql } from '../gql';
import { useI18n } from '../i18n';
import { Link, navigate } from '../router';
import { useSession } from '../session';

const SignInDoc = graphql(`mutation SignIn($input: SignInInput!) { signIn(input: $input) { id role } }`);
const SignUpDoc = graphql(`mutation SignUp($input: SignUpInput!) { signUp(input: $input) { id role } }`);

export function SignInPage() {
  const { t, lang } = useI18n();
  const { refresh } = useSession();
  const [mode, setMode] = useState<'in' | 'up'>('in');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [inState, signIn] = useMutation(SignInDoc);
  const [upState, signUp] = useMutation(SignUpDoc);
  const state = mode === 'in' ? inState : upState;
  const errs = fieldErrors(state.error, lang);
  return (
    <div className="fr-grid-row fr-grid-row--center fr-mt-5w">
      <div className="fr-col-12 fr-col-md-6">
        <h1>{mode === 'in' ? t('Se connecter', 'Sign in') : t('Créer un compte', 'Create an account')}</h1>
        <form
          noValidate
          onSubmit={async (ev) => {
            ev.preventDefault();
            const r = mode === 'in' ? await signIn({ input: { email, password } }) : await signUp({ input: { email, password, displayName, locale: lang } });
            if (!r.error) {
              refresh();
              const role = r.data && 'signIn' in r.data ? r.data.signIn.role : r.data && 'signUp' in r.data ? r.data.signUp.role : 'AGENT';
              navigate(role === 'AGENT' ? '/espace' : '/ministere');
            }
          }}
        >
          {!Object.keys(errs).length && <ErrorAlert error={state.error} />}
          {mode === 'up' && <Field name="displayName" label={t('Nom affiché', 'Display name')} value={displayName} onChange={setDisplayName} error={errs.displayName} autoComplete="name" />}
          <Field name="email" type="email" label={t('Adresse électronique', 'E-mail address')} value={email} onChange={setEmail} error={errs.email} autoComplete="email" />
          <Field name="password" type="password" label={t('Mot de passe', 'Password')} hint={mode === 'up' ? t('12 caractères au moins.', 'At least 12 characters.') : undefined} value={password} onChange={setPassword} error={errs.password} autoComplete={mode === 'in' ? 'current-password' : 'new-password'} />
          <button className="fr-btn fr-mt-2w" type="submit" disabled={state.fetching}>
            {mode === 'in' ? t('Se connecter', 'Sign in') : t('Créer mon compte', 'Create my account')}
          </button>
        </form>
        {mode === 'in' && (
          <p className="fr-mt-2w">
            <Link href="/mot-de-passe">{t('Mot de passe oublié ?', 'Forgotten password?')}</Link>
          </p>
        )}
        <hr className="fr-mt-4w" />
        <p>{mode === 'in' ? t('Pas encore de compte ?', 'No account yet?') : t('Déjà un compte ?', 'Already have an account?')}</p>
        <button className="fr-btn fr-btn--secondary" onClick={() => setMode(mode === 'in' ? 'up' : 'in')}>
          {mode === 'in' ? t('Créer un compte', 'Create an account') : t('Se connecter', 'Sign in')}
        </button>
      </div>
    </div>
  );
}
