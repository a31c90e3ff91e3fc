import { createHash } from 'node:crypto';
import { cookieOf, expectError, ok, startTestServer, type TestServer } from '../helpers/test-server';


/** Accounts, sessions and who may do what (first part of the accounts issue). */
describe('accounts and permissions', () => {
  let server: TestServer;
  let orleans: string;
  let dijon: string;
  let parakou: string;

  const ME = `{ me { email role displayName reviewerCountries } }`;
  const SIGN_UP = `mutation($input: SignUpInput!) { signUp(input: $input) { id email role } }`;
  const SIGN_IN = `mutation($input: SignInInput!) { signIn(input: $input) { id email role } }`;
  const UPDATE = `mutation($input: UpdateLocalAuthorityInput!) { updateLocalAuthority(input: $input) { __typename ... on LocalAuthority { version description } } }`;

  async function signUp(email: string) {
    const res = await server.gql(SIGN_UP, { input: { email, password: 'correct horse battery', displayName: 'Service RI' } });
    return { user: ok(res).signUp, cookie: cookieOf(res.setCookie), rawCookie: res.setCookie };
  }

  beforeAll(async () => {
    server = await startTestServer({ seed: 'sample' });
    const find = async (s: string, c: string) => ok(await server.gql(`query($s: String, $c: [String!]) { localAuthorities(filter: { search: $s, countries: $c, levels: [COMMUNE, MUNICIPALITY] }, first: 1) { nodes { id } } }`, { s, c: [c] })).localAuthorities.nodes[0].id;
    orleans = await find('orleans', 'FR');
    dijon = await find('dijon', 'FR');
    parakou = await find('parakou', 'BJ');
  }, 120_000);
  afterAll(() => server?.close());

  it('signs up with an HTTP-only, SameSite session cookie stored server-side; passwords are Argon2id', async () => {
    const { user, cookie, rawCookie } = await signUp('Agent.Orleans@Example.org');
    expect(user).toMatchObject({ email: 'agent.orleans@example.org', role: 'AGENT' });
    expect(rawCookie).toMatch(/^bp_session=[A-Za-z0-9_-]{40,};/);
    expect(rawCookie).toMatch(/HttpOnly/i);
    expect(rawCookie).toMatch(/SameSite=Lax/i);
    expect(ok(await server.gql(ME, undefined, { cookie })).me).toMatchObject({ email: 'agent.orleans@example.org', role: 'AGENT' });
    expect(ok(await server.gql(ME)).me).toBeNull();
    const [{ password_hash }] = await server.product.ds.query(`SELECT password_hash FROM app_user WHERE email = 'agent.orleans@example.org'`);
    expect(password_hash).toMatch(/^\$argon2id\$/);
    // Only a SHA-256 of the token is stored: a database leak gives no usable session.
    const token = cookie.split('=')[1];
    const count = async (value: string) => (await server.product.ds.query(`SELECT count(*)::int AS n FROM user_session WHERE token_hash = $1`, [value]))[0].n;
    expect(await count(token)).toBe(0);
    expect(await count(createHash('sha256').update(token).digest('hex'))).toBe(1);
  });

  it('refuses a duplicate e-mail and a short password', async () => {
    expectError(await server.gql(SIGN_UP, { input: { email: 'agent.orleans@example.org', password: 'correct horse battery', displayName: 'X' } }), 'BAD_USER_INPUT', 'input.email');
    expectError(await server.gql(SIGN_UP, { input: { email: 'new@example.org', password: 'short', displayName: 'X' } }), 'BAD_USER_INPUT', 'input.password');
  });

  it('signs in and out; sign-out revokes the session', async () => {
    const res = await server.gql(SIGN_IN, { input: { email: 'agent.orleans@example.org', password: 'correct horse battery' } });
    const cookie = cookieOf(res.setCookie);
    expect(ok(await server.gql(ME, undefined, { cookie })).me.email).toBe('agent.orleans@example.org');
    ok(await server.gql(`mutation { signOut }`, undefined, { cookie }));
    expect(ok(await server.gql(ME, undefined, { cookie })).me).toBeNull();
  });

  it('rate-limits failed sign-ins per e-mail, even with the right password afterwards', async () => {
    await signUp('victim@example.org');
    for (let i = 0; i < 5; i++) expectError(await server.gql(SIGN_IN, { input: { email: 'victim@example.org', password: `wrong password ${i}` } }), 'UNAUTHENTICATED', 'input.password');
    expectError(await server.gql(SIGN_IN, { input: { email: 'victim@example.org', password: 'correct horse battery' } }), 'TOO_MANY_REQUESTS', 'input.email');
  });

  it('lets an agent edit only the fiches of the authorities it acts for', async () => {
    const { user, cookie } = await signUp('agent.dijon@example.org');
    const version = async (id: string) => ok(await server.gql(`query($id: ID!) { localAuthority(id: $id) { version } }`, { id })).localAuthority.version;
    // Not yet a member: forbidden, nothing written.
    const before = await server.tableCounts();
    expectError(await server.gql(UPDATE, { input: { id: dijon, version: await version(dijon), description: 'Capitale des ducs' } }, { cookie }), 'FORBIDDEN', 'input.id');
    expect(await server.tableCounts()).toEqual(before);
    // An administrator attaches the agent to Dijon.
    ok(await server.gql(`mutation($u: ID!, $a: ID!) { addMembership(userId: $u, authorityId: $a) { id } }`, { u: user.id, a: dijon }, { admin: true }));
    expect(ok(await server.gql(UPDATE, { input: { id: dijon, version: await version(dijon), description: 'Capitale des ducs' } }, { cookie })).updateLocalAuthority).toMatchObject({ description: 'Capitale des ducs' });
    expectError(await server.gql(UPDATE, { input: { id: orleans, version: await version(orleans), description: 'Pas la mienne' } }, { cookie }), 'FORBIDDEN', 'input.id');
    // Contacts: its own, not another authority's.
    expect(ok(await server.gql(`query($id: ID!) { localAuthority(id: $id) { contacts { email } } }`, { id: dijon }, { cookie })).localAuthority.contacts[0].email).toMatch(/@dijon\.example\.org$/);
    expectError(await server.gql(`query($id: ID!) { localAuthority(id: $id) { contacts { email } } }`, { id: parakou }, { cookie }), 'FORBIDDEN');
  });

  it('lets agents draft and submit, and only reviewers within their countries publish', async () => {
    const { user, cookie } = await signUp('agent2.dijon@example.org');
    ok(await server.gql(`mutation($u: ID!, $a: ID!) { addMembership(userId: $u, authorityId: $a) { id } }`, { u: user.id, a: dijon }, { admin: true }));
    const draft = ok(await server.gql(`mutation($input: CreateListingInput!) { createListing(input: $input) { id status } }`, { input: { authorityId: dijon, type: 'OFFER', title: 'Mobilité douce', description: 'Échanges sur les pistes cyclables.', themes: [{ themeId: 'gov.urban.mobility', priority: 1 }], targetCountries: ['MA'] } }, { cookie })).createListing;
    expectError(await server.gql(`mutation($input: CreateListingInput!) { createListing(input: $input) { id } }`, { input: { authorityId: orleans, type: 'OFFER', title: 'X', description: 'Y', themes: [{ themeId: 'env', priority: 1 }] } }, { cookie }), 'FORBIDDEN', 'input.authorityId');
    // The agent sees its own draft; the public does not.
    expect(ok(await server.gql(`query($a: ID) { listings(filter: { authorityId: $a, statuses: [DRAFT] }) { nodes { id } } }`, { a: dijon }, { cookie })).listings.nodes).toEqual([{ id: draft.id }]);
    expectError(await server.gql(`query($id: ID!) { listing(id: $id) { id } }`, { id: draft.id }), 'NOT_FOUND', 'id');
    ok(await server.gql(`mutation($id: ID!) { submitListing(id: $id) { __typename } }`, { id: draft.id }, { cookie }));
    expectError(await server.gql(`mutation($id: ID!) { publishListing(id: $id) { __typename } }`, { id: draft.id }, { cookie }), 'FORBIDDEN');

    const reviewer = async (email: string, countries: string[]) => {
      ok(await server.gql(`mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`, { input: { email, password: 'reviewer password 1', displayName: 'DCTCIV', role: 'REVIEWER', reviewerCountries: countries } }, { admin: true }));
      return cookieOf((await server.gql(SIGN_IN, { input: { email, password: 'reviewer password 1' } })).setCookie);
    };
    const moroccoOnly = await reviewer('poste.rabat@example.org', ['MA']);
    expect(ok(await server.gql(ME, undefined, { cookie: moroccoOnly })).me).toMatchObject({ role: 'REVIEWER', reviewerCountries: ['MA'] });
    // Dijon is French: outside a Morocco-scoped reviewer's countries.
    expectError(await server.gql(`mutation($id: ID!) { publishListing(id: $id) { __typename } }`, { id: draft.id }, { cookie: moroccoOnly }), 'FORBIDDEN', 'id');
    const central = await reviewer('dctciv@example.org', []);
    expect(ok(await server.gql(`mutation($id: ID!) { publishListing(id: $id) { ... on Listing { status } } }`, { id: draft.id }, { cookie: central })).publishListing).toEqual({ status: 'PUBLISHED' });
    // Reviewers read contacts.
    expect(ok(await server.gql(`query($id: ID!) { localAuthority(id: $id) { contacts { email } } }`, { id: parakou }, { cookie: central })).localAuthority.contacts).toHaveLength(1);
  });

  it('invites a reviewer scoped to a country with a one-time link', async () => {
    const inv = ok(await server.gql(`mutation { inviteUser(input: { email: "poste.bamako@example.org", role: REVIEWER, reviewerCountries: ["ML"] }) { token role } }`, undefined, { admin: true })).inviteUser;
    expect(inv.role).toBe('REVIEWER');
    const ACCEPT = `mutation($i: AcceptInvitationInput!) { acceptInvitation(input: $i) { email role reviewerCountries } }`;
    const res = await server.gql(ACCEPT, { i: { token: inv.token, password: 'reviewer password 1', displayName: 'Poste de Bamako' } });
    expect(ok(res).acceptInvitation).toEqual({ email: 'poste.bamako@example.org', role: 'REVIEWER', reviewerCountries: ['ML'] });
    expect(ok(await server.gql(ME, undefined, { cookie: cookieOf(res.setCookie) })).me.role).toBe('REVIEWER');
    expectError(await server.gql(ACCEPT, { i: { token: inv.token, password: 'reviewer password 1', displayName: 'Again' } }), 'BAD_USER_INPUT', 'input.token');
  });

  it('lets an administrator find, disable (sessions revoked at once), enable and change the role of an account', async () => {
    const { user, cookie } = await signUp('agent.a.desactiver@example.org');
    const USERS = `query($s: String) { users(search: $s, first: 10) { id email role disabled reviewerCountries } }`;
    expect(ok(await server.gql(USERS, { s: 'A.DESACTIVER' }, { admin: true })).users).toEqual([{ id: user.id, email: 'agent.a.desactiver@example.org', role: 'AGENT', disabled: false, reviewerCountries: [] }]);
    expect(ok(await server.gql(USERS, { s: '%' }, { admin: true })).users).toEqual([]); // LIKE wildcards are matched literally

    const DISABLE = `mutation($u: ID!, $d: Boolean!) { setUserDisabled(userId: $u, disabled: $d) { email disabled } }`;
    expect(ok(await server.gql(DISABLE, { u: user.id, d: true }, { admin: true })).setUserDisabled).toEqual({ email: 'agent.a.desactiver@example.org', disabled: true });
    expect(ok(await server.gql(ME, undefined, { cookie })).me).toBeNull();
    expectError(await server.gql(SIGN_IN, { input: { email: 'agent.a.desactiver@example.org', password: 'correct horse battery' } }), 'UNAUTHENTICATED', 'input.password');

    ok(await server.gql(DISABLE, { u: user.id, d: false }, { admin: true }));
    const again = await server.gql(SIGN_IN, { input: { email: 'agent.a.desactiver@example.org', password: 'correct horse battery' } });
    const fresh = cookieOf(ok(again) && again.setCookie);
    const ROLE = `mutation($i: SetUserRoleInput!) { setUserRole(input: $i) { role reviewerCountries } }`;
    expect(ok(await server.gql(ROLE, { i: { userId: user.id, role: 'REVIEWER', reviewerCountries: ['ML'] } }, { admin: true })).setUserRole).toEqual({ role: 'REVIEWER', reviewerCountries: ['ML'] });
    expect(ok(await server.gql(ME, undefined, { cookie: fresh })).me).toMatchObject({ role: 'REVIEWER', reviewerCountries: ['ML'] });

    expectError(await server.gql(DISABLE, { u: '00000000-0000-4000-8000-000000000000', d: true }, { admin: true }), 'BAD_USER_INPUT', 'userId');
    expectError(await server.gql(ROLE, { i: { userId: user.id, role: 'REVIEWER', reviewerCountries: ['XX'] } }, { admin: true }), 'BAD_USER_INPUT', 'input.reviewerCountries[0]');
    expectError(await server.gql(`{ users(first: 1000) { id } }`, undefined, { admin: true }), 'BAD_USER_INPUT', 'first');
    expectError(await server.gql(USERS, { s: 'x' }, { cookie: fresh }), 'FORBIDDEN');
  });

  it('does not let a signed-in administrator lock themselves out', async () => {
    const admin = ok(await server.gql(`mutation { createUser(input: { email: "admin.bis@example.org", password: "admin password long", displayName: "Admin", role: ADMIN }) { id } }`, undefined, { admin: true })).createUser;
    const res = await server.gql(SIGN_IN, { input: { email: 'admin.bis@example.org', password: 'admin password long' } });
    const cookie = cookieOf(ok(res) && res.setCookie);
    expectError(await server.gql(`mutation($u: ID!) { setUserDisabled(userId: $u, disabled: true) { id } }`, { u: admin.id }, { cookie }), 'BAD_USER_INPUT', 'userId');
    expectError(await server.gql(`mutation($u: ID!) { setUserRole(input: { userId: $u, role: AGENT }) { id } }`, { u: admin.id }, { cookie }), 'BAD_USER_INPUT', 'input.role');
    expect(ok(await server.gql(ME, undefined, { cookie })).me.role).toBe('ADMIN');
  });

  it('answers a password-reset request the same whether the account exists or not, and refuses unknown tokens', async () => {
    await signUp('oubli@example.org');
    const REQUEST = `mutation($e: String!) { requestPasswordReset(input: { email: $e }) }`;
    expect(ok(await server.gql(REQUEST, { e: 'oubli@example.org' })).requestPasswordReset).toBe(true);
    expect(ok(await server.gql(REQUEST, { e: 'personne@example.org' })).requestPasswordReset).toBe(true);
    // Without SMTP no link can reach the user, so none is created.
    expect((await server.product.ds.query(`SELECT count(*)::int AS n FROM password_reset`))[0].n).toBe(0);
    const before = (await server.product.ds.query(`SELECT password_hash FROM app_user WHERE email = 'oubli@example.org'`))[0].password_hash;
    expectError(await server.gql(`mutation { resetPassword(input: { token: "not-a-token", password: "a brand new password" }) { id } }`), 'BAD_USER_INPUT', 'input.token');
    expectError(await server.gql(`mutation { resetPassword(input: { token: "not-a-token", password: "short" }) { id } }`), 'BAD_USER_INPUT', 'input.password');
    expect((await server.product.ds.query(`SELECT password_hash FROM app_user WHERE email = 'oubli@example.org'`))[0].password_hash).toBe(before);
  });

  it('keeps account administration to administrators', async () => {
    const { cookie } = await signUp('curious@example.org');
    expectError(await server.gql(`mutation { createUser(input: { email: "x@example.org", password: "long enough password", displayName: "X", role: ADMIN }) { id } }`, undefined, { cookie }), 'FORBIDDEN');
    expectError(await server.gql(`mutation { createUser(input: { email: "x@example.org", password: "long enough password", displayName: "X", role: ADMIN }) { id } }`), 'UNAUTHENTICATED');
  });
});
