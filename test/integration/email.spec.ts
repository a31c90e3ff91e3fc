import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { ok, startTestServer, type TestServer } from '../helpers/test-server';

interface Received {
  to: string[];
  data: string;
}

/** Notifications by e-mail when SMTP is configured, against a local SMTP server started by the test. */
describe('e-mail notifications', () => {
  let smtp: SMTPServer;
  let server: TestServer;
  const inbox: Received[] = [];

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, callback) {
        let data = '';
        stream.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
        stream.on('end', () => {
          inbox.push({ to: session.envelope.rcptTo.map((r) => r.address), data });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
    const port = (smtp.server.address() as AddressInfo).port;
    server = await startTestServer({ seed: 'sample', config: { smtpUrl: `smtp://127.0.0.1:${port}`, publicUrl: 'https://bourse.example.org' } });
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  it('e-mails a notification once, in the recipient’s language with the other below', async () => {
    const parakou = ok(await server.gql(`{ localAuthorities(filter: { search: "parakou" }, first: 1) { nodes { id } } }`)).localAuthorities.nodes[0].id;
    const agent = ok(await server.gql(`mutation { signUp(input: { email: "ri@parakou.example.org", password: "a long enough password", displayName: "Awa", locale: "en" }) { id } }`)).signUp;
    ok(await server.gql(`mutation($u: ID!, $a: ID!) { addMembership(userId: $u, authorityId: $a) { id } }`, { u: agent.id, a: parakou }, { admin: true }));
    const listing = ok(await server.gql(`mutation($input: CreateListingInput!) { createListing(input: $input) { id } }`, { input: { authorityId: parakou, type: 'REQUEST', title: 'Éclairage public solaire', description: 'x', themes: [{ themeId: 'gov.public-services.lighting', priority: 1 }] } }, { admin: true })).createListing;
    ok(await server.gql(`mutation($id: ID!) { submitListing(id: $id) { __typename } }`, { id: listing.id }, { admin: true }));
    ok(await server.gql(`mutation($id: ID!) { publishListing(id: $id) { __typename } }`, { id: listing.id }, { admin: true }));

    expect(await server.product.mailer!.flush()).toBeGreaterThanOrEqual(1);
    const mail = inbox.find((m) => m.to.includes('ri@parakou.example.org'));
    expect(mail).toBeDefined();
    const decoded = mail!.data.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
    expect(decoded).toMatch(/Subject: .*Bourse-partenariats/);
    expect(decoded).toContain('Hello Awa');
    expect(decoded).toContain('https://bourse.example.org/');
    expect(decoded.indexOf('Hello Awa')).toBeLessThan(decoded.indexOf('Bonjour Awa'));
    // Sent once: a second pass finds nothing to send.
    expect(await server.product.mailer!.flush()).toBe(0);
    const [{ pending }] = await server.product.ds.query(`SELECT count(*)::int AS pending FROM notification WHERE emailed_at IS NULL`);
    expect(pending).toBe(0);
  });
});
