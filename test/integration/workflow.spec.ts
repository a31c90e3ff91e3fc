import { cookieOf, expectError, ok, startTestServer, type TestServer } from '../helpers/test-server';


/**
 * The marketplace's workflow (part of the accounts issue): a foreign authority's agent posts a request,
 * the ministry sends it back then publishes it, a French agent expresses interest, the owner accepts,
 * both see each other's contacts; the ministry reviews match suggestions with an audit trail.
 */
describe('moderation, interests and the review queue', () => {
  let server: TestServer;
  const id: Record<string, string> = {};
  const cookie: Record<string, string> = {};

  async function account(name: string, email: string, opts: { role?: 'REVIEWER'; countries?: string[]; authority?: string } = {}) {
    if (opts.role) {
      ok(await server.gql(`mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`, { input: { email, password: 'a long enough password', displayName: name, role: opts.role, reviewerCountries: opts.countries ?? [] } }, { admin: true }));
    } else {
      const res = await server.gql(`mutation($input: SignUpInput!) { signUp(input: $input) { id } }`, { input: { email, password: 'a long enough password', displayName: name } });
      ok(await server.gql(`mutation($u: ID!, $a: ID!) { addMembership(userId: $u, authorityId: $a) { id } }`, { u: ok(res).signUp.id, a: opts.authority }, { admin: true }));
    }
    cookie[name] = cookieOf((await server.gql(`mutation($input: SignInInput!) { signIn(input: $input) { id } }`, { input: { email, password: 'a long enough password' } })).setCookie);
  }
  const as = (name: string) => ({ cookie: cookie[name] });
  const unread = async (name: string) => ok(await server.gql(`{ unreadNotificationCount }`, undefined, as(name))).unreadNotificationCount;

  beforeAll(async () => {
    server = await startTestServer({ seed: 'sample' });
    const find = async (s: string, c: string) => ok(await server.gql(`query($s: String, $c: [String!]) { localAuthorities(filter: { search: $s, countries: $c, levels: [COMMUNE, MUNICIPALITY] }, first: 1) { nodes { id } } }`, { s, c: [c] })).localAuthorities.nodes[0].id;
    id.parakou = await find('parakou', 'BJ');
    id.tours = await find('tours', 'FR');
    id.blois = await find('blois', 'FR');
    await account('reviewer', 'dctciv@example.org', { role: 'REVIEWER' });
    await account('reviewer2', 'poste.cotonou@example.org', { role: 'REVIEWER', countries: ['BJ'] });
    await account('parakou', 'ri@parakou.example.org', { authority: id.parakou });
    await account('tours', 'ri@tours.example.org', { authority: id.tours });
    await account('blois', 'ri@blois.example.org', { authority: id.blois });
  }, 120_000);
  afterAll(() => server?.close());

  it('runs a request from draft to publication, with a send-back reason, notifications and an audit trail', async () => {
    const draft = ok(await server.gql(`mutation($input: CreateListingInput!) { createListing(input: $input) { id } }`, {
      input: { authorityId: id.parakou, type: 'REQUEST', title: 'Gestion des marchés municipaux', description: 'Appui à la gestion des marchés.', themes: [{ themeId: 'eco.local-development.markets', priority: 1 }], targetCountries: ['FR'], maxAcceptedInterests: 1 },
    }, as('parakou'))).createListing;
    id.listing = draft.id;
    // Saved searches: Tours follows economic requests from Bénin; Blois follows environment only.
    ok(await server.gql(`mutation { createSavedSearch(input: { name: "Bénin éco", themes: ["eco"], countries: ["BJ"], type: "REQUEST" }) { id } }`, undefined, as('tours')));
    ok(await server.gql(`mutation { createSavedSearch(input: { name: "Environnement", themes: ["env"] }) { id } }`, undefined, as('blois')));
    expectError(await server.gql(`mutation { createSavedSearch(input: { name: "X", themes: ["nope"] }) { id } }`, undefined, as('blois')), 'BAD_USER_INPUT', 'input.themes[0]');
    const before = await unread('reviewer');
    ok(await server.gql(`mutation($id: ID!) { submitListing(id: $id) { __typename } }`, { id: draft.id }, as('parakou')));
    expect(await unread('reviewer')).toBe(before + 1);
    expectError(await server.gql(`mutation($id: ID!) { sendBackListing(id: $id, reason: "") { __typename } }`, { id: draft.id }, as('reviewer')), 'BAD_USER_INPUT', 'reason');
    expect(ok(await server.gql(`mutation($id: ID!) { sendBackListing(id: $id, reason: "Précisez le budget") { ... on Listing { status } } }`, { id: draft.id }, as('reviewer'))).sendBackListing).toEqual({ status: 'DRAFT' });
    const notes = ok(await server.gql(`{ notifications(unreadOnly: true) { kind titleFr } }`, undefined, as('parakou'))).notifications;
    expect(notes[0]).toEqual({ kind: 'LISTING_SENT_BACK', titleFr: 'Annonce renvoyée : Gestion des marchés municipaux — Précisez le budget' });
    expect(ok(await server.gql(`query($id: ID!) { listing(id: $id) { reviewReason } }`, { id: draft.id }, as('parakou'))).listing.reviewReason).toBe('Précisez le budget');
    ok(await server.gql(`mutation($id: ID!) { submitListing(id: $id) { __typename } }`, { id: draft.id }, as('parakou')));
    // A Bénin-scoped reviewer may publish a Beninese listing.
    expect(ok(await server.gql(`mutation($id: ID!) { publishListing(id: $id) { ... on Listing { status } } }`, { id: draft.id }, as('reviewer2'))).publishListing).toEqual({ status: 'PUBLISHED' });
    const kinds = async (who: string) => ok(await server.gql(`{ notifications { kind titleEn } }`, undefined, as(who))).notifications.map((n: { kind: string }) => n.kind);
    expect(await kinds('tours')).toContain('SAVED_SEARCH_MATCH');
    expect(await kinds('blois')).not.toContain('SAVED_SEARCH_MATCH');
    const trail = ok(await server.gql(`query($id: ID!) { auditTrail(entityId: $id) { action actorRole actorName reason } }`, { id: draft.id }, as('reviewer'))).auditTrail;
    expect(trail.map((e: { action: string }) => e.action)).toEqual(['LISTING_SUBMITTED', 'LISTING_SEND_BACK', 'LISTING_SUBMITTED', 'LISTING_PUBLISHED']);
    expect(trail[1]).toEqual({ action: 'LISTING_SEND_BACK', actorRole: 'REVIEWER', actorName: 'reviewer', reason: 'Précisez le budget' });
    expect(ok(await server.gql(`{ markNotificationsRead }`.replace('{', 'mutation {'), undefined, as('parakou'))).markNotificationsRead).toBeGreaterThan(0);
    expect(await unread('parakou')).toBe(0);
  });

  it('passes interests on, reveals contacts only once accepted, and honours the cap', async () => {
    const CONTACTS = `query($id: ID!) { localAuthority(id: $id) { contacts { email } } }`;
    expectError(await server.gql(CONTACTS, { id: id.parakou }, as('tours')), 'FORBIDDEN');
    const eoi = ok(await server.gql(`mutation($input: ExpressInterestInput!) { expressInterest(input: $input) { id status version } }`, { input: { listingId: id.listing, authorityId: id.tours, message: 'Tours gère 3 marchés couverts.' } }, as('tours'))).expressInterest;
    expectError(await server.gql(`mutation($input: ExpressInterestInput!) { expressInterest(input: $input) { id } }`, { input: { listingId: id.listing, authorityId: id.tours, message: 'Encore' } }, as('tours')), 'BAD_USER_INPUT', 'input.listingId');
    const eoi2 = ok(await server.gql(`mutation($input: ExpressInterestInput!) { expressInterest(input: $input) { id version } }`, { input: { listingId: id.listing, authorityId: id.blois, message: 'Blois aussi.' } }, as('blois'))).expressInterest;
    // Another agent cannot answer for Tours, nor see the listing's interests.
    expectError(await server.gql(`mutation($input: ExpressInterestInput!) { expressInterest(input: $input) { id } }`, { input: { listingId: id.listing, authorityId: id.tours, message: 'x' } }, as('blois')), 'FORBIDDEN', 'input.authorityId');
    expectError(await server.gql(`query($id: ID!) { listingInterests(listingId: $id) { id } }`, { id: id.listing }, as('tours')), 'FORBIDDEN', 'listingId');
    const received = ok(await server.gql(`query($id: ID!) { listingInterests(listingId: $id) { message authority { name } status } }`, { id: id.listing }, as('parakou'))).listingInterests;
    expect(received.map((r: { authority: { name: string } }) => r.authority.name).sort()).toEqual(['Blois', 'Tours']);

    const RESPOND = `mutation($id: ID!, $v: Int!, $a: Boolean!) { respondToInterest(id: $id, version: $v, accept: $a) { __typename ... on ExpressionOfInterest { status } ... on InterestCapReached { maxAccepted } ... on VersionConflict { currentVersion } } }`;
    expectError(await server.gql(RESPOND, { id: eoi.id, v: eoi.version, a: true }, as('tours')), 'FORBIDDEN', 'id');
    expect(ok(await server.gql(RESPOND, { id: eoi.id, v: eoi.version, a: true }, as('parakou'))).respondToInterest).toEqual({ __typename: 'ExpressionOfInterest', status: 'ACCEPTED' });
    expect(ok(await server.gql(RESPOND, { id: eoi.id, v: eoi.version, a: false }, as('parakou'))).respondToInterest.__typename).toBe('VersionConflict');
    expect(ok(await server.gql(RESPOND, { id: eoi2.id, v: eoi2.version, a: true }, as('parakou'))).respondToInterest).toEqual({ __typename: 'InterestCapReached', maxAccepted: 1 });
    // Both sides now see each other's contacts; Blois (not accepted) does not.
    expect(ok(await server.gql(CONTACTS, { id: id.parakou }, as('tours'))).localAuthority.contacts.length).toBeGreaterThan(0);
    expect(ok(await server.gql(CONTACTS, { id: id.tours }, as('parakou'))).localAuthority.contacts).toEqual([]);
    expectError(await server.gql(CONTACTS, { id: id.parakou }, as('blois')), 'FORBIDDEN');
    expect(ok(await server.gql(`{ notifications { kind } }`, undefined, as('tours'))).notifications.map((n: { kind: string }) => n.kind)).toContain('INTEREST_ACCEPTED');
  });

  it('reviews match suggestions: one reviewer wins a race, decisions are audited and notified', async () => {
    expectError(await server.gql(`mutation { proposeMatchSuggestions(input: { authorityId: "${id.parakou}", first: 3 }) { id } }`, undefined, as('parakou')), 'FORBIDDEN');
    const proposed = ok(await server.gql(`mutation($a: ID!) { proposeMatchSuggestions(input: { authorityId: $a, first: 3 }) { id candidateId version score status factors { name explanationFr } seeker { name } candidate { name } } }`, { a: id.parakou }, as('reviewer'))).proposeMatchSuggestions;
    expect(proposed).toHaveLength(3);
    expect(proposed[0]).toMatchObject({ status: 'PROPOSED', seeker: { name: 'Parakou' } });
    expect(proposed[0].factors.length).toBeGreaterThan(3);
    // Proposing again keeps the existing items and brings the next three of the ranking (the 4th to the 6th), not the same ones nor nothing.
    const ranking = ok(await server.gql(`query($a: ID!) { suggestPartners(input: { authorityId: $a, first: 6 }) { candidates { authority { id } } } }`, { a: id.parakou })).suggestPartners.candidates.map((c: { authority: { id: string } }) => c.authority.id);
    expect(proposed.map((p: { candidateId: string }) => p.candidateId)).toEqual(ranking.slice(0, 3));
    const next = ok(await server.gql(`mutation($a: ID!) { proposeMatchSuggestions(input: { authorityId: $a, first: 3 }) { id candidateId } }`, { a: id.parakou }, as('reviewer'))).proposeMatchSuggestions;
    expect(next.map((p: { candidateId: string }) => p.candidateId)).toEqual(ranking.slice(3, 6));
    const queue = ok(await server.gql(`{ matchSuggestions(filter: { countries: ["BJ"] }) { id } }`, undefined, as('reviewer2'))).matchSuggestions;
    expect(queue.map((q: { id: string }) => q.id).sort()).toEqual([...proposed, ...next].map((p: { id: string }) => p.id).sort());

    const target = proposed[0];
    const [a, b] = await Promise.all([
      server.gql(`mutation($id: ID!, $v: Int!) { approveMatchSuggestion(id: $id, version: $v) { __typename } }`, { id: target.id, v: target.version }, as('reviewer')),
      server.gql(`mutation($id: ID!, $v: Int!) { rejectMatchSuggestion(id: $id, version: $v, reason: "Doublon") { __typename } }`, { id: target.id, v: target.version }, as('reviewer2')),
    ]);
    const outcomes = [ok(a).approveMatchSuggestion.__typename, ok(b).rejectMatchSuggestion.__typename].sort();
    expect(outcomes).toEqual(['MatchSuggestion', 'VersionConflict']);
    const trail = ok(await server.gql(`query($id: ID!) { auditTrail(entityId: $id) { action } }`, { id: target.id }, as('reviewer'))).auditTrail;
    expect(trail).toHaveLength(2); // proposed, then exactly one decision
    expectError(await server.gql(`mutation($id: ID!, $v: Int!) { rejectMatchSuggestion(id: $id, version: $v, reason: " ") { __typename } }`, { id: proposed[1].id, v: proposed[1].version }, as('reviewer')), 'BAD_USER_INPUT', 'reason');
    const decided = ok(await server.gql(`{ matchSuggestions(filter: { statuses: [APPROVED, REJECTED] }) { status reason } }`, undefined, as('reviewer'))).matchSuggestions;
    expect(decided).toHaveLength(1);
  });

  it('puts in review the top suggestions under the fiche’s criteria, or exactly the chosen candidates, and writes nothing on bad input', async () => {
    const PROPOSE = `mutation($input: ProposeSuggestionsInput!) { proposeMatchSuggestions(input: $input) { id score seekerId candidate { id country { code } population } } }`;
    const QUEUE = `query($s: ID!) { matchSuggestions(filter: { seekerId: $s, statuses: [PROPOSED, APPROVED, REJECTED] }) { id candidateId } }`;
    const queued = async () => ok(await server.gql(QUEUE, { s: id.tours }, as('reviewer'))).matchSuggestions as { id: string; candidateId: string }[];
    expect(await queued()).toEqual([]);
    // The same criteria as the fiche's refined list: Beninese municipalities of 50,000 or more.
    const criteria = { countries: ['BJ'], levels: ['MUNICIPALITY'], populationRange: { min: 50000 } };
    const top = ok(await server.gql(PROPOSE, { input: { authorityId: id.tours, first: 2, ...criteria } }, as('reviewer'))).proposeMatchSuggestions;
    expect(top).toHaveLength(2);
    for (const s of top) expect(s.candidate).toMatchObject({ country: { code: 'BJ' } });
    for (const s of top) expect(s.candidate.population).toBeGreaterThanOrEqual(50000);
    const listed = ok(await server.gql(`query($input: SuggestPartnersInput!) { suggestPartners(input: $input) { candidates { score authority { id } } } }`, { input: { authorityId: id.tours, first: 5, ...criteria } })).suggestPartners.candidates;
    expect(top.map((s: { candidate: { id: string } }) => s.candidate.id)).toEqual(listed.slice(0, 2).map((c: { authority: { id: string } }) => c.authority.id));

    // One chosen candidate (the 4th of the refined list), with the same score as in the list.
    const chosen = listed[3];
    const one = ok(await server.gql(PROPOSE, { input: { authorityId: id.tours, candidateIds: [chosen.authority.id], ...criteria } }, as('reviewer'))).proposeMatchSuggestions;
    expect(one).toEqual([expect.objectContaining({ seekerId: id.tours, score: chosen.score, candidate: expect.objectContaining({ id: chosen.authority.id }) })]);
    const before = await queued();
    expect(before.map((q) => q.candidateId).sort()).toEqual([...top.map((s: { candidate: { id: string } }) => s.candidate.id), chosen.authority.id].sort());

    // Not candidates: an authority of the seeker's own side, one outside the criteria, a malformed id. Nothing is written.
    const outside = ok(await server.gql(`query($input: SuggestPartnersInput!) { suggestPartners(input: $input) { candidates { authority { id } } } }`, { input: { authorityId: id.tours, countries: ['MA'], first: 1 } })).suggestPartners.candidates[0].authority.id;
    expectError(await server.gql(PROPOSE, { input: { authorityId: id.tours, candidateIds: [listed[4].authority.id, id.blois] } }, as('reviewer')), 'BAD_USER_INPUT', 'input.candidateIds[1]');
    expectError(await server.gql(PROPOSE, { input: { authorityId: id.tours, candidateIds: [outside], ...criteria } }, as('reviewer')), 'BAD_USER_INPUT', 'input.candidateIds[0]');
    expectError(await server.gql(PROPOSE, { input: { authorityId: id.tours, candidateIds: ['nope'] } }, as('reviewer')), 'BAD_USER_INPUT', 'input.candidateIds[0]');
    expectError(await server.gql(PROPOSE, { input: { authorityId: id.tours, countries: ['XX'] } }, as('reviewer')), 'BAD_USER_INPUT', 'input.countries[0]');
    expectError(await server.gql(PROPOSE, { input: { authorityId: id.tours, populationRange: { min: 9, max: 1 } } }, as('reviewer')), 'BAD_USER_INPUT', 'input.populationRange.max');
    expect(await queued()).toEqual(before);
    expectError(await server.gql(PROPOSE, { input: { authorityId: id.tours, candidateIds: [listed[4].authority.id] } }, as('tours')), 'FORBIDDEN');
  });
});

describe('transactions', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: 'sample' });
  }, 120_000);
  afterAll(() => server?.close());

  it('rolls a state change back whole when a step fails half-way: no status change, no audit entry, no notification', async () => {
    const parakou = ok(await server.gql(`{ localAuthorities(filter: { search: "parakou" }, first: 1) { nodes { id } } }`)).localAuthorities.nodes[0].id;
    const draft = ok(await server.gql(`mutation($input: CreateListingInput!) { createListing(input: $input) { id } }`, {
      input: { authorityId: parakou, type: 'REQUEST', title: 'ROLLBACK-TEST', description: 'x', themes: [{ themeId: 'env', priority: 1 }] },
    }, { admin: true })).createListing;
    ok(await server.gql(`mutation($id: ID!) { submitListing(id: $id) { __typename } }`, { id: draft.id }, { admin: true }));
    // An agent of Parakou, so that publishing notifies someone.
    const agent = ok(await server.gql(`mutation { signUp(input: { email: "ri@parakou.example.org", password: "a long enough password", displayName: "RI" }) { id } }`)).signUp;
    ok(await server.gql(`mutation($u: ID!, $a: ID!) { addMembership(userId: $u, authorityId: $a) { id } }`, { u: agent.id, a: parakou }, { admin: true }));
    // Make the notification step (after the status update and the audit entry) fail, inside the same transaction.
    await server.product.ds.query(`CREATE FUNCTION fail_on_rollback_test() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.title_en LIKE '%ROLLBACK-TEST%' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$`);
    await server.product.ds.query(`CREATE TRIGGER fail_on_rollback_test BEFORE INSERT ON notification FOR EACH ROW EXECUTE FUNCTION fail_on_rollback_test()`);
    const before = { audit: (await server.product.ds.query(`SELECT count(*)::int AS n FROM audit_event`))[0].n, notes: (await server.product.ds.query(`SELECT count(*)::int AS n FROM notification`))[0].n };
    const res = await server.gql(`mutation($id: ID!) { publishListing(id: $id) { __typename } }`, { id: draft.id }, { admin: true });
    expect(res.body.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(JSON.stringify(res.body)).not.toMatch(/injected|trigger|notification/);
    const [{ status, published_at }] = await server.product.ds.query(`SELECT status, published_at FROM listing WHERE id = $1`, [draft.id]);
    expect({ status, published_at }).toEqual({ status: 'SUBMITTED', published_at: null });
    expect((await server.product.ds.query(`SELECT count(*)::int AS n FROM audit_event`))[0].n).toBe(before.audit);
    expect((await server.product.ds.query(`SELECT count(*)::int AS n FROM notification`))[0].n).toBe(before.notes);
    await server.product.ds.query(`DROP TRIGGER fail_on_rollback_test ON notification`);
    // The service is still usable afterwards.
    expect(ok(await server.gql(`mutation($id: ID!) { publishListing(id: $id) { ... on Listing { status } } }`, { id: draft.id }, { admin: true })).publishListing).toEqual({ status: 'PUBLISHED' });
  });
});
