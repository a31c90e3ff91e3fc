import { auditServer } from 'graphql-http';
import { startTestServer, type TestServer } from '../helpers/test-server';

/**
 * GraphQL over HTTP conformance, checked by the graphql-http package's own audit suite against the running
 * server. Every MUST passes; the SHOULD warnings we keep are listed (and explained in docs/reliability.md):
 * a new one fails this test until it is fixed or documented.
 */
const KNOWN_WARNINGS = ['572B', 'FDE2', '7B9B'];

describe('GraphQL over HTTP (graphql-http serverAudits)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: 'none' });
  }, 120_000);
  afterAll(() => server?.close());

  it('passes every MUST audit, and only the documented SHOULD audits warn', async () => {
    const results = await auditServer({ url: `${server.url}/graphql` });
    expect(results.length).toBeGreaterThan(50);
    const failures = results.filter((r) => r.status === 'error').map((r) => `${r.id} ${r.name}: ${'reason' in r ? r.reason : ''}`);
    expect(failures).toEqual([]);
    const warnings = results.filter((r) => r.status === 'warn').map((r) => r.id);
    expect(warnings.sort()).toEqual([...KNOWN_WARNINGS].sort());
  });
});
