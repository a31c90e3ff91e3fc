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
    ... on AuthorityMerge { authority { id name website population version } relationshipsMoved relationshipsDropped listingsMoved membershipsMoved themesAdded contactsMoved foreignActorsMoved interestsMoved interestsDropped suggestionsMoved suggestionsDropped invitationsMoved }
    ... on VersionConflict { currentVersion } } }`;
  const version = async (id: string) => ok(await server.gql(`query($id: ID!) { localAuthority(id: $id) { version } }`, { id })).localAuthority.version as number;
  const count = async (sql: string, params: unknown[] = []) => Number(Object.values((await server.product.ds.query(sql, params))[0])[0]);

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
    await relate(ids.dup, ids.parakou, 'OTHER');
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
    // A "not a duplicate" decision about the duplicate and Djougou: it goes with the duplicate.
    const djougou = await find('Djougou', 'BJ');
    ok(await server.gql(`mutation($d: ID!, $i: ID!) { dismissDuplicateSuspect(duplicateId: $d, intoId: $i) }`, { d: ids.dup, i: djougou }, admin));
    // An agent of the duplicate.
    const agent = ok(await server.gql(`mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, { i: { email: 'agent-dup@example.org', password: 'a long enough password', displayName: 'Agent', role: 'AGENT' } }, admin)).createUser.id;
    ok(await server.gql(`mutation($u: ID!, $a: ID!) { addMembership(userId: $u, authorityId: $a) { id } }`, { u: agent, a: ids.dup }, admin));
    ids.agentCookie = (await server.gql(`mutation($i: SignInInput!) { signIn(input: $i) { id } }`, { i: { email: 'agent-dup@example.org', password: 'a long enough password' } })).setCookie!.split(';')[0];
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
  });
});
