import { startTestServer, type TestServer } from '../helpers/test-server';

/** What a browser or an operator gets outside GraphQL: explorer, web page, health. */
describe('HTTP endpoints', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: 'none' });
  }, 120_000);
  afterAll(() => server?.close());

  it('serves the GraphQL explorer with every asset from this server (works offline)', async () => {
    const page = await (await fetch(`${server.url}/graphiql`)).text();
    const assets = [...page.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(assets.length).toBeGreaterThanOrEqual(4);
    for (const asset of assets) {
      expect(asset.startsWith('/')).toBe(true); // no CDN
      const res = await fetch(`${server.url}${asset}`);
      expect(res.status).toBe(200);
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    }
  });

  it('opens the explorer when a browser visits /graphql', async () => {
    const res = await fetch(`${server.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(await res.text()).toContain('GraphiQL');
  });

  it('serves the web page at /', async () => {
    const html = await (await fetch(`${server.url}/`)).text();
    expect(html).toContain('Bourse-partenariats de la coopération décentralisée');
  });

  it('answers liveness and readiness', async () => {
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('answers malformed JSON with a JSON error', async () => {
    const res = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0].extensions.code).toBe('BAD_REQUEST');
  });
});
