import { expectError, ok, startTestServer, type TestServer } from '../helpers/test-server';
import { MERGED_REFERENCES, referencesTo } from '../../server/modules/authority/authority-merge';

/**
 * Two records of one authority (a fiche created twice, an import under another name): an administrator merges the
 * duplicate into the one kept, and everything that referred to the duplicate now refers to the one kept.
 */
describe('merging two records of one authority', () => {
  let server: TestServer;
  const admin = { admin: true };
  const ids: Record<string, string> = {};
  const MERGE = `mutation($i: MergeLocalAuthoritiesInput!) { mergeLocalAuthorities(input: $i) {
    __typename
    ... on AuthorityMerge { mergeId authority { id name website population version } relationshipsMoved relationshipsDropped listingsMoved membershipsMoved themesAdded contactsMoved foreignActorsMoved interestsMoved interestsDropped suggestionsMoved suggestionsDropped invitationsMoved }
    ... on VersionConflict { currentVersion } } }`;
  const version = async (id: string) => ok(await server.gql(`query($id: ID!) { localAuthority(id: $id) { version } }`, { id })).localAuthority.version as number;
  const count = async (sql: string, params: unknown[] = []) => Number(Object.values((await server.product.ds.query(sql, params))[0])[0]);
  /** The record's fields (but its version and timestamps) and, sorted, every row of every table that refers to it. */
  const fingerprint = async (id: string) => {
    const [row] = await server.product.ds.query(`SELECT to_jsonb(a) - 'version' - 'updated_at' AS r FROM local_authority a WHERE id = $1`, [id]);
    const refs: Record<string, unknown[]> = {};
    for (const ref of MERGED_REFERENCES) {
      const [table, column] = ref.split('.');
      const rows = await server.product.ds.query(`SELECT to_jsonb(t) - 'version' - 'updated_at' - 'created_at' AS r FROM ${table} t WHERE ${column} = $1`, [id]);
      refs[ref] = rows.map((x: { r: unknown }) => JSON.stringify(x.r)).sort();
    }
    const themes = await server.product.ds.query(
      `SELECT rt.relationship_id::text || ':' || rt.theme_id AS k FROM relationship_theme rt JOIN relationship r ON r.id = rt.relationship_id WHERE $1 IN (r.authority_a_id, r.authority_b_id) ORDER BY 1`,
      [id],
    );
    const fundings = await server.product.ds.query(
      `SELECT to_jsonb(f) - 'created_at' AS r FROM funding f JOIN relationship r ON r.id = f.relationship_id WHERE $1 IN (r.authority_a_id, r.authority_b_id)`,
      [id],
    );
    return { row: row?.r ?? null, refs, relationshipThemes: themes.map((t: { k: string }) => t.k), fundings: fundings.map((f: { r: unknown }) => JSON.stringify(f.r)).sort() };
  };
  let beforeMerge: { dup: Awaited<ReturnType<typeof fingerprint>>; parakou: Awaited<ReturnType<typeof fingerprint>> };

  beforeAll(async () => {
    server = await startTestServer({ seed: 'sample' });
    const find = async (q: string, c: string) => ok(await server.gql(`query($q: String, $c: [String!]) { localAuthorities(filter: { search: $q, countries: $c }, first: 1) { nodes { id } } }`, { q, c: [c] })).localAuthorities.nodes[0].id;
    ids.parakou = await find('Parakou', 'BJ');
    ids.orleans = await find('Orléans', 'FR');
    ids.tours = await find('Tours', 'FR');
    // The duplicate: Parakou entered a second time by hand, with a website the reference record lacks.
    ids.dup = ok(await server.gql(`mutation($i: CreateLocalAuthorityInput!) { createLocalAuthority(input: $i) { id } }`, { i: { name: 'Ville de Parakou', countryCode: 'BJ', level: 'MUNICIPALITY', website: 'https://parakou.example.org', themes: ['env.waste.collection', 'culture'] } }, admin)).createLocalAuthority.id;
    const relate = async (a: string, b: string, kind: string, extra: object = {}) =>
      ok(await server.gql(`mutation($i: CreateRelationshipInput!) { createRelationship(input: $i) { id } }`, { i: { authorityAId: a, authorityBId: b, kind, status: 'ACTIVE', ...extra } }, admin));
    // With Tours (new for Parakou: moves); with Orléans, already Parakou's partner (a bare repetition: dropped);
    // with Orléans again carrying themes (moves: it says something); with Parakou itself (dropped).
    ids.toTours = (await relate(ids.dup, ids.tours, 'TWINNING', { themes: [{ themeId: 'env.waste', priority: 1 }] })).createRelationship.id;
    await relate(ids.orleans, ids.dup, 'TWINNING');
    ids.toOrleansThemed = (await relate(ids.dup, ids.orleans, 'OTHER', { themes: [{ themeId: 'culture', priority: 1 }] })).createRelationship.id;
    // The one with Parakou itself carries a theme and a funding: dropped with them, and put back with them by an undo.
    await relate(ids.dup, ids.parakou, 'OTHER', { themes: [{ themeId: 'culture', priority: 2 }], fundings: [{ funder: 'Fonds de coopération', amountEur: 12000, year: 2024 }] });
    ids.listing = ok(await server.gql(`mutation($i: CreateListingInput!) { createListing(input: $i) { id } }`, { i: { authorityId: ids.dup, type: 'REQUEST', title: 'Collecte des déchets à Parakou', description: 'Demande.', themes: [{ themeId: 'env.waste' }] } }, admin)).createListing.id;
    ok(await server.gql(`mutation($i: SetContactsInput!) { setContacts(input: $i) { id } }`, { i: { authorityId: ids.dup, contacts: [{ name: 'Service des relations internationales', email: 'ri@parakou.example.org' }] } }, admin));
    // Interests: the duplicate and Parakou in the same French listing (the duplicate's is a repetition), the duplicate alone in another.
    const french = ok(await server.gql(`{ listings(first: 50) { nodes { id authority { kind } } } }`)).listings.nodes.filter((l: { authority: { kind: string } }) => l.authority.kind === 'FRENCH');
    expect(french.length).toBeGreaterThanOrEqual(2);
    const interest = (listingId: string, authorityId: string) =>
      server.gql(`mutation($i: ExpressInterestInput!) { expressInterest(input: $i) { __typename } }`, { i: { listingId, authorityId, message: 'Nous sommes intéressés.' } }, admin).then(ok);
    await interest(french[0].id, ids.dup);
    await interest(french[0].id, ids.parakou);
    await interest(french[1].id, ids.dup);
    // Suggestions under review for both records: those for a candidate both have are repetitions.
    const propose = async (authorityId: string) =>
      ok(await server.gql(`mutation($i: ProposeSuggestionsInput!) { proposeMatchSuggestions(input: $i) { candidateId } }`, { i: { authorityId, first: 3 } }, admin)).proposeMatchSuggestions.map((x: { candidateId: string }) => x.candidateId) as string[];
    ids.dupSuggested = (await propose(ids.dup)).join(',');
    ids.parakouSuggested = (await propose(ids.parakou)).join(',');
    // Candidates set aside: Blois by both records (the duplicate's is a repetition: dropped), Angoulême by the duplicate alone (moves).
    ids.blois = await find('Blois', 'FR');
    ids.angouleme = await find('Angoulême', 'FR');
    const setAside = (s: string, c: string) => server.gql(`mutation($s: ID!, $c: ID!) { setAsideCandidate(seekerId: $s, candidateId: $c) { setAt } }`, { s, c }, admin).then(ok);
    await setAside(ids.dup, ids.blois);
    await setAside(ids.dup, ids.angouleme);
    await setAside(ids.parakou, ids.blois);
    // A "not a duplicate" decision about the duplicate and Djougou: it goes with the duplicate.
    const djougou = await find('Djougou', 'BJ');
    ok(await server.gql(`mutation($d: ID!, $i: ID!) { dismissDuplicateSuspect(duplicateId: $d, intoId: $i) }`, { d: ids.dup, i: djougou }, admin));
    // An agent of the duplicate.
    const agent = ok(await server.gql(`mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, { i: { email: 'agent-dup@example.org', password: 'a long enough password', displayName: 'Agent', role: 'AGENT' } }, admin)).createUser.id;
    ok(await server.gql(`mutation($u: ID!, $a: ID!) { addMembership(userId: $u, authorityId: $a) { id } }`, { u: agent, a: ids.dup }, admin));
    ids.agentCookie = (await server.gql(`mutation($i: SignInInput!) { signIn(input: $i) { id } }`, { i: { email: 'agent-dup@example.org', password: 'a long enough password' } })).setCookie!.split(';')[0];
    // An invitation of a future agent of the duplicate.
    ok(await server.gql(`mutation($a: ID!) { inviteUser(input: { email: "futur-agent@example.org", role: AGENT, authorityId: $a }) { token } }`, { a: ids.dup }, admin));
    // Everything that refers to either record, as it stands before the merge: the undo must give it all back.
    beforeMerge = { dup: await fingerprint(ids.dup), parakou: await fingerprint(ids.parakou) };
    expect(beforeMerge.dup.fundings).toHaveLength(1);
  }, 120_000);
  afterAll(() => server?.close());

  it('knows how to carry over every column that refers to an authority (a new one would be lost by the cascade)', async () => {
    expect(await referencesTo(server.product.ds.manager, 'local_authority')).toEqual([...MERGED_REFERENCES].sort());
  });

  const SUSPECTS = `query($c: [String!], $km: Float) { duplicateSuspects(countries: $c, maxKm: $km, first: 100) { duplicate { id name } into { id name } distanceKm namesAgree } }`;

  it('lists the records that may repeat a reference record: by name when they have no coordinates, else by distance', async () => {
    // A user's "Brunswick" 600 m from GeoNames' Braunschweig (an exonym: the names do not agree), and a place 5 km from the nearest reference record.
    const create = async (name: string, lat: number, lon: number) =>
      ok(await server.gql(`mutation($i: CreateLocalAuthorityInput!) { createLocalAuthority(input: $i) { id } }`, { i: { name, countryCode: 'DE', level: 'MUNICIPALITY', latitude: lat, longitude: lon } }, admin)).createLocalAuthority.id as string;
    const brunswick = await create('Brunswick', 52.2692, 10.5211);
    const far = await create('Ortsteil am Elm', 52.2, 10.85);
    // Four other hand-made records nearer Brunswick than Braunschweig is: they must not hide the reference record.
    for (let i = 0; i < 4; i++) await create(`Eingabe ${i + 1}`, 52.2692 + (i - 1.5) * 0.0005, 10.5213);
    const suspects = ok(await server.gql(SUSPECTS, { c: ['BJ', 'DE'] }, admin)).duplicateSuspects;
    expect(suspects).toContainEqual({ duplicate: { id: ids.dup, name: 'Ville de Parakou' }, into: { id: ids.parakou, name: 'Parakou' }, distanceKm: null, namesAgree: true });
    const b = suspects.find((x: { duplicate: { id: string } }) => x.duplicate.id === brunswick);
    expect(b).toMatchObject({ into: { name: 'Braunschweig' }, namesAgree: false });
    expect(b.distanceKm).toBeLessThan(1);
    expect(suspects.map((x: { duplicate: { id: string } }) => x.duplicate.id)).not.toContain(far);
    // Names that agree first.
    expect(suspects.findIndex((x: { duplicate: { id: string } }) => x.duplicate.id === ids.dup)).toBeLessThan(suspects.indexOf(b));
    // "Not a duplicate": the pair is no longer listed (at 20 km the next nearest reference record stands in), and saying it twice is harmless.
    const braunschweigId = b.into.id;
    const DISMISS = `mutation($d: ID!, $i: ID!) { dismissDuplicateSuspect(duplicateId: $d, intoId: $i) }`;
    expect(ok(await server.gql(DISMISS, { d: brunswick, i: braunschweigId }, admin)).dismissDuplicateSuspect).toBe(true);
    expect(ok(await server.gql(DISMISS, { d: brunswick, i: braunschweigId }, admin)).dismissDuplicateSuspect).toBe(true);
    const pairs = async (km: number) => ok(await server.gql(SUSPECTS, { c: ['DE'], km }, admin)).duplicateSuspects.filter((x: { duplicate: { id: string } }) => x.duplicate.id === brunswick);
    expect((await pairs(2)).map((x: { into: { id: string } }) => x.into.id)).not.toContain(braunschweigId);
    const next = await pairs(20);
    expect(next).toHaveLength(1);
    expect(next[0].into.id).not.toBe(braunschweigId);
    expect(ok(await server.gql(`query($id: ID!) { auditTrail(entityId: $id) { action } }`, { id: brunswick }, admin)).auditTrail).toEqual([{ action: 'DISMISS_DUPLICATE' }]);
    expectError(await server.gql(DISMISS, { d: brunswick, i: brunswick }, admin), 'BAD_USER_INPUT', 'intoId');
    // 20 km finds the far one; other countries' records are not listed; Wikidata's two items are two places.
    expect(ok(await server.gql(SUSPECTS, { c: ['DE'], km: 20 }, admin)).duplicateSuspects.map((x: { duplicate: { id: string } }) => x.duplicate.id)).toEqual(expect.arrayContaining([brunswick, far]));
    expect(ok(await server.gql(SUSPECTS, { c: ['DE'] }, admin)).duplicateSuspects.map((x: { duplicate: { id: string } }) => x.duplicate.id)).not.toContain(ids.dup);
    await server.product.ds.query(`UPDATE local_authority SET wikidata_id = 'Q998001' WHERE id = $1`, [brunswick]);
    await server.product.ds.query(`UPDATE local_authority SET wikidata_id = 'Q998002' WHERE geonames_id = 2945024`);
    expect(ok(await server.gql(SUSPECTS, { c: ['DE'] }, admin)).duplicateSuspects.map((x: { duplicate: { id: string } }) => x.duplicate.id)).not.toContain(brunswick);
    // …and the merge refuses them, saying why.
    const braunschweig = (await server.product.ds.query(`SELECT id FROM local_authority WHERE geonames_id = 2945024`))[0].id;
    const refused = expectError(await server.gql(MERGE, { i: { duplicateId: brunswick, duplicateVersion: await version(brunswick), intoId: braunschweig, intoVersion: await version(braunschweig) } }, admin), 'BAD_USER_INPUT', 'input.intoId');
    expect(refused.extensions?.reason).toBe('DISTINCT_IDENTIFIERS');
    // No N+1: the records and their relations are read in batches, whatever the number of suspects.
    const WITH_RELATIONS = `query($c: [String!]) { duplicateSuspects(countries: $c, maxKm: 20) { duplicate { name country { code } relationships { id partner { name } } } into { name country { code } relationships { id partner { name } } } } }`;
    await server.gql(WITH_RELATIONS, { c: ['BJ'] }, admin); // warms the per-process caches (countries)
    const one = await server.gql(WITH_RELATIONS, { c: ['BJ'] }, admin);
    const many = await server.gql(WITH_RELATIONS, { c: ['BJ', 'DE'] }, admin);
    expect(ok(one).duplicateSuspects).toHaveLength(1);
    expect(ok(many).duplicateSuspects.length).toBeGreaterThanOrEqual(5);
    expect(one.sqlStatements).toBeGreaterThan(0); // counted (the header is there)
    expect(many.sqlStatements).toBe(one.sqlStatements);
    expectError(await server.gql(SUSPECTS, { km: 25 }, admin), 'BAD_USER_INPUT', 'maxKm');
    expectError(await server.gql(SUSPECTS, { c: ['QQ'] }, admin), 'BAD_USER_INPUT', 'countries[0]');
  });

  it('lets an embassy’s correspondent review the suspects of their countries and dismiss a pair there, not merge', async () => {
    ok(await server.gql(`mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, { i: { email: 'poste-cotonou@example.org', password: 'a long enough password', displayName: 'Poste', role: 'REVIEWER', reviewerCountries: ['BJ'] } }, admin));
    const reviewer = { cookie: (await server.gql(`mutation($i: SignInInput!) { signIn(input: $i) { id } }`, { i: { email: 'poste-cotonou@example.org', password: 'a long enough password' } })).setCookie!.split(';')[0] };
    const stray = ok(await server.gql(`mutation($i: CreateLocalAuthorityInput!) { createLocalAuthority(input: $i) { id } }`, { i: { name: 'Arrondissement de Djougou', countryCode: 'BJ', level: 'MUNICIPALITY' } }, admin)).createLocalAuthority.id;
    // Asked for Benin and Germany, the reviewer of Benin sees Benin's suspects only (the administrator sees both).
    const seen = ok(await server.gql(SUSPECTS, { c: ['BJ', 'DE'], km: 20 }, reviewer)).duplicateSuspects as { duplicate: { id: string } }[];
    const all = ok(await server.gql(SUSPECTS, { c: ['BJ', 'DE'], km: 20 }, admin)).duplicateSuspects as { duplicate: { id: string } }[];
    const countries = async (list: { duplicate: { id: string } }[]) =>
      new Set((await server.product.ds.query(`SELECT country_code FROM local_authority WHERE id = ANY($1::uuid[])`, [list.map((x) => x.duplicate.id)])).map((r: { country_code: string }) => r.country_code));
    expect([...(await countries(seen))]).toEqual(['BJ']);
    expect([...(await countries(all))].sort()).toEqual(['BJ', 'DE']);
    expect(seen.map((x) => x.duplicate.id)).toEqual(expect.arrayContaining([ids.dup, stray]));
    expect(ok(await server.gql(SUSPECTS, { c: ['DE'] }, reviewer)).duplicateSuspects).toEqual([]);
    // They dismiss a Beninese pair, not a German one; merging and the merges stay with the administrators.
    const djougou = seen.find((x) => x.duplicate.id === stray) as unknown as { into: { id: string } };
    const DISMISS = `mutation($d: ID!, $i: ID!) { dismissDuplicateSuspect(duplicateId: $d, intoId: $i) }`;
    expect(ok(await server.gql(DISMISS, { d: stray, i: djougou.into.id }, reviewer)).dismissDuplicateSuspect).toBe(true);
    expect(ok(await server.gql(SUSPECTS, { c: ['BJ'], km: 20 }, reviewer)).duplicateSuspects.map((x: { duplicate: { id: string } }) => x.duplicate.id)).not.toContain(stray);
    const german = all.find((x) => !seen.some((y) => y.duplicate.id === x.duplicate.id)) as unknown as { duplicate: { id: string }; into: { id: string } };
    const refused = expectError(await server.gql(DISMISS, { d: german.duplicate.id, i: german.into.id }, reviewer), 'FORBIDDEN', 'duplicateId');
    expect(refused.extensions?.reason).toBe('OUT_OF_SCOPE');
    expectError(await server.gql(MERGE, { i: { duplicateId: stray, duplicateVersion: await version(stray), intoId: djougou.into.id, intoVersion: await version(djougou.into.id) } }, reviewer), 'FORBIDDEN');
    expectError(await server.gql(`{ authorityMerges { id } }`, undefined, reviewer), 'FORBIDDEN');

    // A dismissal made by mistake is listed (their countries only) and taken back: the pair is a suspect again.
    const DISMISSALS = `query($c: [String!]) { duplicateDismissals(countries: $c) { dismissedAt duplicate { id name } into { id name } } }`;
    const listed = ok(await server.gql(DISMISSALS, {}, reviewer)).duplicateDismissals as { duplicate: { id: string }; into: { id: string } }[];
    expect(listed.map((d) => [d.duplicate.id, d.into.id])).toContainEqual([stray, djougou.into.id]);
    const everywhere = ok(await server.gql(DISMISSALS, {}, admin)).duplicateDismissals as { duplicate: { id: string } }[];
    expect([...(await countries(listed))]).toEqual(['BJ']);
    expect([...(await countries(everywhere))].sort()).toEqual(['BJ', 'DE']);
    const RESTORE = `mutation($d: ID!, $i: ID!) { restoreDuplicateSuspect(duplicateId: $d, intoId: $i) }`;
    const germanDismissal = everywhere.find((d) => !listed.some((l) => l.duplicate.id === d.duplicate.id)) as unknown as { duplicate: { id: string }; into: { id: string } };
    expect(expectError(await server.gql(RESTORE, { d: germanDismissal.duplicate.id, i: germanDismissal.into.id }, reviewer), 'FORBIDDEN', 'duplicateId').extensions?.reason).toBe('OUT_OF_SCOPE');
    expect(ok(await server.gql(RESTORE, { d: stray, i: djougou.into.id }, reviewer)).restoreDuplicateSuspect).toBe(true);
    expect(ok(await server.gql(RESTORE, { d: stray, i: djougou.into.id }, reviewer)).restoreDuplicateSuspect).toBe(true);
    expect(ok(await server.gql(SUSPECTS, { c: ['BJ'], km: 20 }, reviewer)).duplicateSuspects.map((x: { duplicate: { id: string } }) => x.duplicate.id)).toContain(stray);
    const trail = ok(await server.gql(`query($id: ID!) { auditTrail(entityId: $id) { action } }`, { id: stray }, admin)).auditTrail.map((e: { action: string }) => e.action);
    expect(trail.filter((a: string) => a === 'RESTORE_DUPLICATE_SUSPECT')).toHaveLength(1);
    // The records of the list are read in batches.
    const one = await server.gql(`query { duplicateDismissals(first: 1) { duplicate { name country { code } } into { name } } }`, undefined, admin);
    const many = await server.gql(`query { duplicateDismissals(first: 50) { duplicate { name country { code } } into { name } } }`, undefined, admin);
    expect(ok(many).duplicateDismissals.length).toBeGreaterThan(1);
    expect(one.sqlStatements).toBeGreaterThan(0);
    expect(many.sqlStatements).toBe(one.sqlStatements);
  });

  it('shows the ministry, on the fiche of a record entered twice, the reference record it may repeat', async () => {
    const FICHE = `query($id: ID!) { localAuthority(id: $id) { name suspectedDuplicateOf { into { id name } distanceKm namesAgree } } }`;
    expect(ok(await server.gql(FICHE, { id: ids.dup }, admin)).localAuthority.suspectedDuplicateOf).toEqual({ into: { id: ids.parakou, name: 'Parakou' }, distanceKm: null, namesAgree: true });
    // Nobody else is told (an agent of the duplicate, anonymous visitors), and a reference record repeats nothing.
    expect(ok(await server.gql(FICHE, { id: ids.dup }, { cookie: ids.agentCookie })).localAuthority.suspectedDuplicateOf).toBeNull();
    expect(ok(await server.gql(FICHE, { id: ids.dup })).localAuthority.suspectedDuplicateOf).toBeNull();
    expect(ok(await server.gql(FICHE, { id: ids.parakou }, admin)).localAuthority.suspectedDuplicateOf).toBeNull();
    // A page of records costs the same statements whatever its size.
    const PAGE = `query($n: Int) { localAuthorities(filter: { search: "Eingabe", countries: ["DE"] }, first: $n) { nodes { suspectedDuplicateOf { into { name } } } } }`;
    await server.gql(PAGE, { n: 1 }, admin);
    const one = await server.gql(PAGE, { n: 1 }, admin);
    const many = await server.gql(PAGE, { n: 20 }, admin);
    expect(ok(many).localAuthorities.nodes.map((n: { suspectedDuplicateOf: { into: { name: string } } | null }) => n.suspectedDuplicateOf?.into.name)).toEqual(['Braunschweig', 'Braunschweig', 'Braunschweig', 'Braunschweig']);
    expect(one.sqlStatements).toBeGreaterThan(0);
    expect(many.sqlStatements).toBe(one.sqlStatements);
  });

  it.each([
    ['an unknown duplicate', () => ({ duplicateId: '00000000-0000-4000-8000-000000000000', intoId: ids.parakou }), 'BAD_USER_INPUT', 'input.duplicateId'],
    ['a blank new name', () => ({ duplicateId: ids.dup, intoId: ids.parakou, name: '  ' }), 'BAD_USER_INPUT', 'input.name'],
    ['an authority into itself', () => ({ duplicateId: ids.dup, intoId: ids.dup }), 'BAD_USER_INPUT', 'input.intoId'],
    ['authorities of two countries', () => ({ duplicateId: ids.dup, intoId: ids.tours }), 'BAD_USER_INPUT', 'input.intoId'],
    ['a malformed id', () => ({ duplicateId: 'abc', intoId: ids.parakou }), 'BAD_USER_INPUT', 'input.duplicateId'],
  ])('refuses %s, and writes nothing', async (_n, input, code, field) => {
    const before = await count(`SELECT count(*) FROM local_authority`);
    expectError(await server.gql(MERGE, { i: { duplicateVersion: 1, intoVersion: 1, ...input() } }, admin), code, field);
    expect(await count(`SELECT count(*) FROM local_authority`)).toBe(before);
  });

  it('is for administrators only', async () => {
    const i = { duplicateId: ids.dup, duplicateVersion: await version(ids.dup), intoId: ids.parakou, intoVersion: await version(ids.parakou) };
    expectError(await server.gql(MERGE, { i }, { cookie: ids.agentCookie }), 'FORBIDDEN');
    expectError(await server.gql(MERGE, { i }), 'UNAUTHENTICATED');
  });

  it('answers VersionConflict, and moves nothing, when either record changed since it was read', async () => {
    const res = ok(await server.gql(MERGE, { i: { duplicateId: ids.dup, duplicateVersion: (await version(ids.dup)) + 1, intoId: ids.parakou, intoVersion: await version(ids.parakou) } }, admin)).mergeLocalAuthorities;
    expect(res).toEqual({ __typename: 'VersionConflict', currentVersion: await version(ids.dup) });
    expect(await count(`SELECT count(*) FROM relationship WHERE authority_a_id = $1 OR authority_b_id = $1`, [ids.dup])).toBe(4);
  });

  it('moves relationships, listings, members, themes and contacts to the record kept, fills its empty fields, deletes the duplicate', async () => {
    const SUGGEST = `query($id: ID!) { suggestPartners(input: { authorityId: $id, first: 100 }) { candidates { authority { id } } alreadyPartnered { id } } }`;
    const before = ok(await server.gql(SUGGEST, { id: ids.tours })).suggestPartners;
    expect(before.alreadyPartnered.map((a: { id: string }) => a.id)).toContain(ids.dup);
    const orleansLinks = await count(`SELECT count(*) FROM relationship WHERE authority_a_id = $1 OR authority_b_id = $1`, [ids.orleans]);
    const parakouBefore = ok(await server.gql(`query($id: ID!) { localAuthority(id: $id) { website population description themes { id } } }`, { id: ids.parakou })).localAuthority;
    expect(parakouBefore.website).toBeNull();

    const res = ok(await server.gql(MERGE, { i: { duplicateId: ids.dup, duplicateVersion: await version(ids.dup), intoId: ids.parakou, intoVersion: await version(ids.parakou), name: ' Parakou ' } }, admin)).mergeLocalAuthorities;
    expect(res).toMatchObject({
      __typename: 'AuthorityMerge',
      authority: { id: ids.parakou, name: 'Parakou', website: 'https://parakou.example.org', population: parakouBefore.population },
      relationshipsMoved: 2,
      relationshipsDropped: 2,
      listingsMoved: 1,
      membershipsMoved: 1,
      contactsMoved: 1,
      interestsMoved: 1,
      interestsDropped: 1,
    });
    const [dupSuggested, parakouSuggested] = [ids.dupSuggested.split(','), ids.parakouSuggested.split(',')];
    const repeated = dupSuggested.filter((c) => parakouSuggested.includes(c)).length;
    expect(repeated).toBeGreaterThan(0); // both paths taken: some moved, some dropped
    expect(repeated).toBeLessThan(dupSuggested.length);
    expect({ moved: res.suggestionsMoved, dropped: res.suggestionsDropped }).toEqual({ moved: dupSuggested.length - repeated, dropped: repeated });
    expect(await count(`SELECT count(*) FROM match_suggestion WHERE seeker_id = $1`, [ids.parakou])).toBe(new Set([...dupSuggested, ...parakouSuggested]).size);
    const asideByParakou = await server.product.ds.query(`SELECT candidate_id FROM candidate_set_aside WHERE seeker_id = $1 ORDER BY candidate_id`, [ids.parakou]);
    expect(asideByParakou.map((r: { candidate_id: string }) => r.candidate_id)).toEqual([ids.blois, ids.angouleme].sort());
    expect(res.themesAdded).toBe(['env.waste.collection', 'culture'].filter((t) => !parakouBefore.themes.some((x: { id: string }) => x.id === t)).length);

    // The duplicate is gone, and nothing refers to it.
    expectError(await server.gql(`query($id: ID!) { localAuthority(id: $id) { id } }`, { id: ids.dup }), 'NOT_FOUND');
    for (const ref of MERGED_REFERENCES) {
      const [table, column] = ref.split('.');
      expect(await count(`SELECT count(*) FROM ${table} WHERE ${column} = $1`, [ids.dup])).toBe(0);
    }
    // Parakou: twinned with Tours (themes kept), its listing, its contact; Orléans has one relationship less (the bare repetition).
    const parakou = ok(await server.gql(`query($id: ID!) { localAuthority(id: $id) { relationships { id partner { id } themes { theme { id } } } listings { id } contacts { name } themes { id } } }`, { id: ids.parakou }, admin)).localAuthority;
    const toTours = parakou.relationships.find((r: { id: string }) => r.id === ids.toTours);
    expect(toTours).toMatchObject({ partner: { id: ids.tours }, themes: [{ theme: { id: 'env.waste' } }] });
    expect(parakou.relationships.find((r: { id: string }) => r.id === ids.toOrleansThemed)).toMatchObject({ partner: { id: ids.orleans } });
    expect(parakou.listings.map((l: { id: string }) => l.id)).toContain(ids.listing);
    expect(parakou.contacts.map((c: { name: string }) => c.name)).toContain('Service des relations internationales');
    expect(parakou.themes.map((t: { id: string }) => t.id)).toEqual(expect.arrayContaining(['env.waste.collection', 'culture']));
    expect(await count(`SELECT count(*) FROM relationship WHERE authority_a_id = $1 OR authority_b_id = $1`, [ids.orleans])).toBe(orleansLinks - 1);

    // The duplicate's agent now acts for Parakou.
    const edit = await server.gql(`mutation($i: UpdateLocalAuthorityInput!) { updateLocalAuthority(input: $i) { __typename } }`, { i: { id: ids.parakou, version: res.authority.version, description: parakouBefore.description ?? 'Parakou' } }, { cookie: ids.agentCookie });
    expect(ok(edit).updateLocalAuthority.__typename).toBe('LocalAuthority');

    // The matching engine sees one Parakou: Tours is already its partner, and the duplicate is nowhere.
    const after = ok(await server.gql(SUGGEST, { id: ids.tours })).suggestPartners;
    expect(after.alreadyPartnered.map((a: { id: string }) => a.id)).toContain(ids.parakou);
    expect([...after.alreadyPartnered, ...after.candidates.map((c: { authority: { id: string } }) => c.authority)].map((a: { id: string }) => a.id)).not.toContain(ids.dup);

    // Recorded, with who did it.
    const trail = ok(await server.gql(`query($id: ID!) { auditTrail(entityId: $id) { action reason } }`, { id: ids.parakou }, admin)).auditTrail;
    expect(trail).toContainEqual({ action: 'MERGE', reason: `Ville de Parakou (${ids.dup}) merged into Parakou` });
    ids.mergeId = res.mergeId;
  });

  const UNDO = `mutation($id: ID!) { undoAuthorityMerge(id: $id) { rowsMovedBack rowsRestored rowsNotRestored merge { id undoneAt } duplicate { id name website } into { id name website } } }`;
  const MERGES = `query($first: Int, $undone: Boolean) { authorityMerges(first: $first, undone: $undone) { id duplicateId duplicateName intoId intoName origin mergedAt undoneAt into { name } duplicate { name } } }`;

  it('lists the merges for administrators, newest first, and undoes one: everything comes back as it was', async () => {
    const standing = ok(await server.gql(MERGES, { undone: false }, admin)).authorityMerges;
    expect(standing[0]).toMatchObject({ id: ids.mergeId, duplicateId: ids.dup, duplicateName: 'Ville de Parakou', intoId: ids.parakou, intoName: 'Parakou', origin: 'MANUAL', undoneAt: null, into: { name: 'Parakou' }, duplicate: null });
    expectError(await server.gql(UNDO, { id: ids.mergeId }, { cookie: ids.agentCookie }), 'FORBIDDEN');
    expectError(await server.gql(MERGES, {}, { cookie: ids.agentCookie }), 'FORBIDDEN');
    // The agent edited Parakou's fiche after the merge (previous test): that edit stays.
    const description = ok(await server.gql(`query($id: ID!) { localAuthority(id: $id) { description } }`, { id: ids.parakou })).localAuthority.description;

    const undone = ok(await server.gql(UNDO, { id: ids.mergeId }, admin)).undoAuthorityMerge;
    expect(undone).toMatchObject({ duplicate: { id: ids.dup, name: 'Ville de Parakou', website: 'https://parakou.example.org' }, into: { id: ids.parakou, name: 'Parakou', website: null }, rowsNotRestored: 0 });
    expect(undone.merge.undoneAt).not.toBeNull();
    // 2 relationships, listing, contact, interest, suggestions, invitation moved back; the record, 2 relationships (one with themes), an interest, suggestions, membership, themes, dismissal restored.
    expect(undone.rowsMovedBack).toBeGreaterThanOrEqual(6);
    expect(undone.rowsRestored).toBeGreaterThanOrEqual(8);

    const after = { dup: await fingerprint(ids.dup), parakou: await fingerprint(ids.parakou) };
    // One thing more than before the merge: the undone pair is recorded as two places (no longer a suspect).
    for (const [record, ref] of [[after.dup, 'duplicate_dismissal.duplicate_id'], [after.parakou, 'duplicate_dismissal.into_id']] as const) {
      const pair = record.refs[ref].filter((r) => JSON.parse(r as string).duplicate_id === ids.dup && JSON.parse(r as string).into_id === ids.parakou);
      expect(pair).toHaveLength(1);
      record.refs[ref] = record.refs[ref].filter((r) => !pair.includes(r));
    }
    expect(ok(await server.gql(SUSPECTS, { c: ['BJ'] }, admin)).duplicateSuspects.map((x: { duplicate: { id: string } }) => x.duplicate.id)).not.toContain(ids.dup);
    expect(after.dup).toEqual(beforeMerge.dup);
    expect({ ...after.parakou, row: { ...after.parakou.row, description: null } }).toEqual({ ...beforeMerge.parakou, row: { ...beforeMerge.parakou.row, description: null } });
    expect(after.parakou.row.description).toBe(description);

    // The matching engine sees two records again: Tours is the duplicate's partner, not Parakou's.
    const tours = ok(await server.gql(`query($id: ID!) { suggestPartners(input: { authorityId: $id, first: 100 }) { alreadyPartnered { id } } }`, { id: ids.tours })).suggestPartners;
    expect(tours.alreadyPartnered.map((a: { id: string }) => a.id)).toEqual(expect.arrayContaining([ids.dup]));
    expect(tours.alreadyPartnered.map((a: { id: string }) => a.id)).not.toContain(ids.parakou);
    // Recorded on both records; listed as undone; a second undo is refused, and an unknown id is not found.
    for (const id of [ids.dup, ids.parakou]) {
      expect(ok(await server.gql(`query($id: ID!) { auditTrail(entityId: $id) { action } }`, { id }, admin)).auditTrail).toContainEqual({ action: 'UNDO_MERGE' });
    }
    expect(ok(await server.gql(MERGES, { undone: true }, admin)).authorityMerges.map((m: { id: string }) => m.id)).toContain(ids.mergeId);
    expect(ok(await server.gql(MERGES, { undone: false }, admin)).authorityMerges.map((m: { id: string }) => m.id)).not.toContain(ids.mergeId);
    const again = expectError(await server.gql(UNDO, { id: ids.mergeId }, admin), 'BAD_USER_INPUT', 'id');
    expect(again.extensions?.reason).toBe('ALREADY_UNDONE');
    expectError(await server.gql(UNDO, { id: '00000000-0000-4000-8000-000000000000' }, admin), 'NOT_FOUND', 'id');
    expectError(await server.gql(UNDO, { id: 'abc' }, admin), 'BAD_USER_INPUT', 'id');
  });

  it('undoes merges in the right order only, and not when another record took the duplicate’s identifier', async () => {
    const create = async (name: string, extra: object = {}) =>
      ok(await server.gql(`mutation($i: CreateLocalAuthorityInput!) { createLocalAuthority(input: $i) { id } }`, { i: { name, countryCode: 'ML', level: 'MUNICIPALITY', ...extra } }, admin)).createLocalAuthority.id as string;
    const merge = async (d: string, i: string) =>
      ok(await server.gql(MERGE, { i: { duplicateId: d, duplicateVersion: await version(d), intoId: i, intoVersion: await version(i) } }, admin)).mergeLocalAuthorities.mergeId as string;
    const [a, b, c] = [await create('Essai A'), await create('Essai B'), await create('Essai C')];
    const first = await merge(a, b);
    const second = await merge(b, c);
    // B, kept by the first merge, was merged away by the second: undo the second first.
    const refused = expectError(await server.gql(UNDO, { id: first }, admin), 'BAD_USER_INPUT', 'id');
    expect(refused.extensions?.reason).toBe('KEPT_RECORD_GONE');
    expect(await count(`SELECT count(*) FROM local_authority WHERE id = ANY($1::uuid[])`, [[a, b]])).toBe(0);
    ok(await server.gql(UNDO, { id: second }, admin));
    expect(ok(await server.gql(UNDO, { id: first }, admin)).undoAuthorityMerge.duplicate.id).toBe(a);
    expect(await count(`SELECT count(*) FROM local_authority WHERE id = ANY($1::uuid[])`, [[a, b, c]])).toBe(3);

    // D's Wikidata id went to E with the merge; then E let it go and F took it: D cannot come back with it.
    const d = await create('Essai D');
    await server.product.ds.query(`UPDATE local_authority SET wikidata_id = 'Q998101' WHERE id = $1`, [d]);
    const e = await create('Essai E');
    const third = await merge(d, e);
    expect(await count(`SELECT count(*) FROM local_authority WHERE id = $1 AND wikidata_id = 'Q998101'`, [e])).toBe(1);
    await server.product.ds.query(`UPDATE local_authority SET wikidata_id = NULL WHERE id = $1`, [e]);
    const f = await create('Essai F');
    await server.product.ds.query(`UPDATE local_authority SET wikidata_id = 'Q998101' WHERE id = $1`, [f]);
    const taken = expectError(await server.gql(UNDO, { id: third }, admin), 'BAD_USER_INPUT', 'id');
    expect(taken.extensions?.reason).toBe('IDENTIFIER_TAKEN');
    expect(await count(`SELECT count(*) FROM local_authority WHERE id = $1`, [d])).toBe(0);
  });

  it('leaves the themes of the record kept as they were chosen after the merge, takes them off otherwise', async () => {
    const create = async (name: string, themes: string[]) =>
      ok(await server.gql(`mutation($i: CreateLocalAuthorityInput!) { createLocalAuthority(input: $i) { id } }`, { i: { name, countryCode: 'NE', level: 'MUNICIPALITY', themes } }, admin)).createLocalAuthority.id as string;
    const merge = async (d: string, i: string) =>
      ok(await server.gql(MERGE, { i: { duplicateId: d, duplicateVersion: await version(d), intoId: i, intoVersion: await version(i) } }, admin)).mergeLocalAuthorities.mergeId as string;
    const themes = async (id: string) => ok(await server.gql(`query($id: ID!) { localAuthority(id: $id) { themes { id } } }`, { id })).localAuthority.themes.map((t: { id: string }) => t.id).sort();
    // Untouched since the merge: the theme it brought goes with the undo.
    const [g, h] = [await create('Essai G', ['env.waste']), await create('Essai H', ['culture'])];
    const plain = await merge(g, h);
    expect(await themes(h)).toEqual(['culture', 'env.waste']);
    ok(await server.gql(UNDO, { id: plain }, admin));
    expect({ kept: await themes(h), back: await themes(g) }).toEqual({ kept: ['culture'], back: ['env.waste'] });
    // Chosen again since (an agent kept the theme the merge brought, and added one): that choice stands.
    const [i, j] = [await create('Essai I', ['env.waste']), await create('Essai J', ['culture'])];
    const edited = await merge(i, j);
    ok(await server.gql(`mutation($i: UpdateLocalAuthorityInput!) { updateLocalAuthority(input: $i) { __typename } }`, { i: { id: j, version: await version(j), themes: ['culture', 'env.waste', 'health'] } }, admin));
    ok(await server.gql(UNDO, { id: edited }, admin));
    expect({ kept: await themes(j), back: await themes(i) }).toEqual({ kept: ['culture', 'env.waste', 'health'], back: ['env.waste'] });
  });

  it('reads the merges list with the records in batches (no N+1)', async () => {
    const LIST = `query($first: Int) { authorityMerges(first: $first) { id into { name country { code } } duplicate { name } } }`;
    await server.gql(LIST, { first: 1 }, admin);
    const one = await server.gql(LIST, { first: 1 }, admin);
    const many = await server.gql(LIST, { first: 20 }, admin);
    expect(ok(many).authorityMerges.length).toBeGreaterThanOrEqual(4);
    expect(one.sqlStatements).toBeGreaterThan(0);
    expect(many.sqlStatements).toBe(one.sqlStatements);
  });
});
