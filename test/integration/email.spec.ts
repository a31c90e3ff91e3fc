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

  const decode = (data: string) => data.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
  const linkToken = (text: string, path: string) => decodeURIComponent(new RegExp(`https://bourse\\.example\\.org/${path}\\?jeton=([A-Za-z0-9_%-]+)`).exec(text)![1]);

  it('e-mails a one-time password-reset link that sets a new password and revokes every session', async () => {
    const up = await server.gql(`mutation { signUp(input: { email: "oubli@mairie.example.org", password: "the old password", displayName: "Camille" }) { id } }`);
    const oldCookie = up.setCookie!.split(';')[0];
    const REQUEST = `mutation($e: String!) { requestPasswordReset(input: { email: $e }) }`;
    expect(ok(await server.gql(REQUEST, { e: 'Oubli@Mairie.example.org' })).requestPasswordReset).toBe(true);
    expect(ok(await server.gql(REQUEST, { e: 'inconnu@mairie.example.org' })).requestPasswordReset).toBe(true);
    inbox.length = 0;
    await server.product.mailer!.flush();
    expect(inbox.map((m) => m.to)).toEqual([['oubli@mairie.example.org']]); // nothing to the unknown address
    const text = decode(inbox[0].data);
    expect(text).toMatch(/Subject: .*Choisir un nouveau mot de passe/);
    const token = linkToken(text, 'mot-de-passe');
    // The secret link does not stay in the database once sent; only the token's hash is kept.
    expect((await server.product.ds.query(`SELECT count(*)::int AS n FROM mail_outbox`))[0].n).toBe(0);
    expect((await server.product.ds.query(`SELECT count(*)::int AS n FROM password_reset WHERE token_hash = $1`, [token]))[0].n).toBe(0);

    const RESET = `mutation($t: String!) { resetPassword(input: { token: $t, password: "the new password!" }) { email } }`;
    const res = await server.gql(RESET, { t: token });
    expect(ok(res).resetPassword.email).toBe('oubli@mairie.example.org');
    expect(ok(await server.gql(`{ me { email } }`, undefined, { cookie: oldCookie })).me).toBeNull();
    expect(ok(await server.gql(`{ me { email } }`, undefined, { cookie: res.setCookie!.split(';')[0] })).me.email).toBe('oubli@mairie.example.org');
    const SIGN_IN = `mutation($p: String!) { signIn(input: { email: "oubli@mairie.example.org", password: $p }) { id } }`;
    expect(ok(await server.gql(SIGN_IN, { p: 'the new password!' })).signIn.id).toBeTruthy();
    expect(JSON.stringify((await server.gql(SIGN_IN, { p: 'the old password' })).body.errors)).toContain('UNAUTHENTICATED');
    expect(JSON.stringify((await server.gql(RESET, { t: token })).body.errors)).toContain('INVALID_RESET_TOKEN');

    // At most three links an hour per account.
    inbox.length = 0;
    for (let i = 0; i < 4; i++) ok(await server.gql(REQUEST, { e: 'oubli@mairie.example.org' }));
    await server.product.mailer!.flush();
    expect(inbox).toHaveLength(2); // 1 + 2 = 3 in the hour
  });

  it('e-mails the invitation link to the invitee', async () => {
    inbox.length = 0;
    const inv = ok(await server.gql(`mutation { inviteUser(input: { email: "poste.cotonou@example.org", role: REVIEWER, reviewerCountries: ["BJ"] }) { token } }`, undefined, { admin: true })).inviteUser;
    await server.product.mailer!.flush();
    expect(inbox.map((m) => m.to)).toEqual([['poste.cotonou@example.org']]);
    expect(linkToken(decode(inbox[0].data), 'invitation')).toBe(inv.token);
  });
});
