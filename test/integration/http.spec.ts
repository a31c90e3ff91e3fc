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

describe('GraphQL hardening', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: 'none' });
  }, 120_000);
  afterAll(() => server?.close());

  it('rejects queries nested too deep', async () => {
    const deep = `{ themes { ${'children { '.repeat(14)}id${' }'.repeat(14)} } }`;
    const res = await server.gql(deep);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors?.[0].message).toMatch(/depth/i);
  });

  it('answers a query over the token limit with a 400, not a 500', async () => {
    const res = await server.gql(`{ ${Array.from({ length: 1600 }, () => 'themes { id }').join(' ')} }`);
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0].message).toMatch(/Token limit/);
  });

  it('rejects too many aliases', async () => {
    const res = await server.gql(`{ ${Array.from({ length: 20 }, (_, i) => `a${i}: themes { id }`).join(' ')} }`);
    expect(res.body.errors?.[0].message).toMatch(/alias/i);
  });

  it('does not suggest field names', async () => {
    const res = await server.gql(`{ localAuthoritie { id } }`);
    expect(res.body.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(JSON.stringify(res.body)).not.toMatch(/Did you mean/);
  });

  it('refuses batched requests and keeps CSRF prevention on', async () => {
    const batch = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([{ query: '{ themes { id } }' }, { query: '{ themes { id } }' }]) });
    expect(batch.status).toBe(400);
    const simpleForm = await fetch(`${server.url}/graphql?query=${encodeURIComponent('{ themes { id } }')}`, { method: 'GET' });
    expect(simpleForm.status).toBe(400); // a GET without content-type or preflight header is refused (CSRF)
  });
});

describe('observability', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: 'none' });
  }, 120_000);
  afterAll(() => server?.close());

  it('echoes a request id and exposes Prometheus metrics (requests, latency, GraphQL errors, SQL statements, pool)', async () => {
    const res = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'test-req-42' }, body: JSON.stringify({ query: '{ localAuthority(id: "nope") { id } }' }) });
    expect(res.headers.get('x-request-id')).toBe('test-req-42');
    const generated = await fetch(`${server.url}/healthz`);
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/http_requests_total\{route="\/graphql",status="200"\} \d+/);
    expect(metrics).toMatch(/http_request_duration_seconds_bucket\{le="0.1",route="\/graphql"\} \d+/);
    expect(metrics).toMatch(/graphql_errors_total\{code="BAD_USER_INPUT"\} 1/);
    expect(metrics).toMatch(/sql_statements_per_request_count \d+/);
    expect(metrics).toContain('db_pool_waiting');
  });
});
