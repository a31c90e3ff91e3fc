import '@codegouvfr/react-dsfr/main.css';
import './app.css';
import { startReactDsfr } from '@codegouvfr/react-dsfr/spa';
import { createRoot } from 'react-dom/client';
import { Provider } from 'urql';
import { client } from './api';
import { App } from './App';
import { I18nProvider } from './i18n';
import { Link } from './router';
import { SessionProvider } from './session';

startReactDsfr({ defaultColorScheme: 'light', Link, useLang: () => document.documentElement.lang || 'fr' });

declare module '@codegouvfr/react-dsfr/spa' {
  interface RegisterLink {
    Link: typeof Link;
  }
}

createRoot(document.getElementById('root')!).render(
  <Provider value={client}>
    <I18nProvider>
      <SessionProvider>
        <App />
      </SessionProvider>
    </I18nProvider>
  </Provider>,
);
