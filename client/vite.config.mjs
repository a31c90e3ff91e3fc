// Vite build of the web application (served by the API process from client/dist).
import { createRequire } from 'node:module';
import { defineConfig } from 'vite';

const require = createRequire(import.meta.url);

/** `virtual:country-codes`: ISO numeric → alpha-2, to join world-atlas shapes (numeric ids) with the API's countries. */
function countryCodes() {
  const id = 'virtual:country-codes';
  return {
    name: 'country-codes',
    resolveId: (source) => (source === id ? '\0' + id : null),
    load(key) {
      if (key !== '\0' + id) return null;
      const map = Object.fromEntries(require('world-countries').filter((c) => c.ccn3).map((c) => [c.ccn3, c.cca2]));
      return `export default ${JSON.stringify(map)};`;
    },
  };
}

export default defineConfig({
  root: new URL('.', import.meta.url).pathname,
  plugins: [countryCodes()],
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    assetsInlineLimit: 0,
    rolldownOptions: {
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return; // react-dsfr's "use client" markers mean nothing in a SPA
        warn(warning);
      },
    },
  },
  server: { proxy: { '/graphql': 'http://127.0.0.1:4000' } },
});
