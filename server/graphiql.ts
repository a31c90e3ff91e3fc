import express from 'express';
import path from 'node:path';

/** GraphiQL bundled from npm and served locally: the explorer works with no internet access. */
export function graphiqlAssets(): express.Router {
  const router = express.Router();
  const file = (pkg: string, rel: string) => path.join(path.dirname(require.resolve(`${pkg}/package.json`)), rel);
  const assets: Record<string, string> = {
    'react.js': file('react', 'umd/react.production.min.js'),
    'react-dom.js': file('react-dom', 'umd/react-dom.production.min.js'),
    'graphiql.js': file('graphiql', 'graphiql.min.js'),
    'graphiql.css': file('graphiql', 'graphiql.min.css'),
  };
  for (const [name, location] of Object.entries(assets)) {
    router.get(`/${name}`, (_req, res) => res.sendFile(location, { maxAge: '1d' }));
  }
  return router;
}

export function graphiqlPage(endpoint: string): string {
  return `<!doctype html>
<html lang="fr">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Bourse-partenariats — explorateur GraphQL / GraphQL explorer</title>
  <link rel="stylesheet" href="/vendor/graphiql/graphiql.css">
  <style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
  <div id="graphiql">Chargement… / Loading…</div>
  <script src="/vendor/graphiql/react.js"></script>
  <script src="/vendor/graphiql/react-dom.js"></script>
  <script src="/vendor/graphiql/graphiql.js"></script>
  <script>
    const fetcher = GraphiQL.createFetcher({ url: ${JSON.stringify(endpoint)} });
    const defaultQuery = \`# Bourse-partenariats de la coopération décentralisée
# Mutations need the header {"Authorization": "Bearer <ADMIN_TOKEN>"} (Headers tab).
query FindOrleans {
  localAuthorities(filter: { search: "orleans" }, first: 3) {
    totalCount
    nodes {
      name level inseeCode population
      country { nameFr }
      relationships { kind startYear endYear partner { name country { nameFr } } themes { priority theme { labelFr } } }
    }
  }
}
\`;
    ReactDOM.createRoot(document.getElementById('graphiql')).render(
      React.createElement(GraphiQL, { fetcher, defaultQuery, defaultEditorToolsVisibility: true }),
    );
  </script>
</body>
</html>`;
}
