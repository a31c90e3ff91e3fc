import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cookieOf, expectError, ok, startTestServer, type TestServer } from '../helpers/test-server';
import { importTwinnings, readTwinningDataset } from '../../server/modules/twinning/wikidata-import';
import { UnknownPopulations1733600000000 } from '../../server/db/migrations/1733600000000-unknown-populations';
import { loadMatchingConfig } from '../../server/modules/matching/matching.config';
import { MatchingService } from '../../server/modules/matching/matching.service';
import { MatchFactor } from '../../server/modules/matching/matching.types';
import { createLoaders } from '../../server/loaders';
import type { Context } from '../../server/context';

const SUGGEST = `query($input: SuggestPartnersInput!) { suggestPartners(input: $input) {
  candidatesConsidered seeker { name kind } alreadyPartnered { name }
  candidates { rank score authority { id name kind level population country { code } } factors { name weight value contribution explanationFr explanationEn } } } }`;

describe('partner matching', () => {
  let server: TestServer;
  const ids: Record<string, string> = {};
  let parakouRequestId: string;
  let orleansOfferId: string;

  /** The matching service over the test server's database with other settings (what the API cannot change). */
  const serviceWith = (settings: Record<string, unknown>) => {
    const matching = loadMatchingConfig(JSON.stringify(settings));
    const ds = server.product.ds;
    return new MatchingService({ ds, config: server.product.config, matching, loaders: createLoaders(ds), viewer: { role: 'ADMIN' }, requestId: 'test' } as unknown as Context, matching);
  };

  /** An authority created by an administrator; its id. */
  const createAuthority = async (input: Record<string, unknown>) =>
    ok(await server.gql(`mutation($input: CreateLocalAuthorityInput!) { createLocalAuthority(input: $input) { id } }`, { input }, { admin: true })).createLocalAuthority.id as string;
  /** A relationship between two authorities, created by an administrator. */
  const link = async (a: string, b: string, kind = 'TWINNING', themes: { themeId: string; priority: number }[] = []) =>
    ok(await server.gql(`mutation($input: CreateRelationshipInput!) { createRelationship(input: $input) { id } }`, { input: { authorityAId: a, authorityBId: b, kind, themes } }, { admin: true }));

  const find = async (search: string, country: string, level?: string) =>
    ok(await server.gql(`query($s: String, $c: [String!], $l: [AuthorityLevel!]) { localAuthorities(filter: { search: $s, countries: $c, levels: $l }, first: 1) { nodes { id } } }`, { s: search, c: [country], l: level ? [level] : undefined })).localAuthorities.nodes[0].id;

  beforeAll(async () => {
    server = await startTestServer({ seed: 'sample', config: { responseCacheEntries: 0 } }); // measures execution, not the anonymous response cache
    ids.orleans = await find('orleans', 'FR', 'COMMUNE');
    ids.parakou = await find('parakou', 'BJ');
    ids.tours = await find('tours', 'FR', 'COMMUNE');
    ids.blois = await find('blois', 'FR', 'COMMUNE');
    ids.lome = await find('lome', 'TG');
    ids.bamako = await find('bamako', 'ML');
    ids.berlin = await find('berlin', 'DE');
    // Tours cooperates with Lomé (Togo, next to Bénin) on waste collection; Blois with Berlin on culture.
    for (const [a, b, theme] of [['tours', 'lome', 'env.waste.collection'], ['tours', 'bamako', 'env.waste'], ['blois', 'berlin', 'culture.exchanges']]) {
      await link(ids[a], ids[b], 'DECENTRALISED_COOPERATION', [{ themeId: theme, priority: 1 }]);
    }
    const listings = ok(await server.gql(`{ listings { nodes { id type authority { name } } } }`)).listings.nodes;
    parakouRequestId = listings.find((l: { authority: { name: string } }) => l.authority.name === 'Parakou').id;
    orleansOfferId = listings.find((l: { authority: { name: string } }) => l.authority.name === 'Orléans').id;
  }, 120_000);
  afterAll(() => server?.close());

  it('ranks, for Parakou’s waste request, French communes with waste cooperations in West Africa above unrelated large cities', async () => {
    const res = ok(await server.gql(SUGGEST, { input: { listingId: parakouRequestId, first: 20 } })).suggestPartners;
    const names = res.candidates.map((c: { authority: { name: string } }) => c.authority.name);
    expect(res.seeker).toEqual({ name: 'Parakou', kind: 'FOREIGN' });
    expect(names[0]).toBe('Tours');
    for (const big of ['Paris', 'Dijon', 'Blois']) if (names.includes(big)) expect(names.indexOf('Tours')).toBeLessThan(names.indexOf(big));
    // A foreign seeker gets French candidates only, and never its existing partner.
    for (const c of res.candidates) expect(c.authority.kind).toBe('FRENCH');
    expect(names).not.toContain('Orléans');
    expect(res.alreadyPartnered).toEqual([{ name: 'Orléans' }]);
    // Scores in [0, 1], sorted, explained in both languages.
    const scores = res.candidates.map((c: { score: number }) => c.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    for (const s of scores) expect(s >= 0 && s <= 1).toBe(true);
    const tours = res.candidates[0];
    const theme = tours.factors.find((f: { name: string }) => f.name === 'THEME');
    expect(theme.value).toBeGreaterThan(0.5);
    expect(theme.explanationFr).toMatch(/Collecte et tri des déchets/);
    expect(theme.explanationEn).toMatch(/Waste collection and sorting/);
    // It says with whom Tours works on those themes (its relationships), not only that it does.
    expect(theme.explanationFr).toBe('Coopère sur « Gestion des déchets » et « Collecte et tri des déchets » avec Bamako (Mali) et Lomé (Togo).');
    expect(theme.explanationEn).toBe('Cooperates on "Waste management" and "Waste collection and sorting" with Bamako (Mali) and Lomé (Togo).');
    const country = tours.factors.find((f: { name: string }) => f.name === 'COUNTRY');
    expect(country.explanationEn).toBe('No partner in Benin yet.');
    const sum = tours.factors.reduce((s: number, f: { contribution: number }) => s + f.contribution, 0);
    expect(sum).toBeCloseTo(tours.score, 2);
  });

  it('gives every returned candidate a score that is the sum of its explained factors, from both sides, with and without criteria', async () => {
    // Candidates are ranked on values alone and only the returned ones are explained: the two must agree.
    const inputs = [
      { authorityId: ids.tours, first: 30 },
      { authorityId: ids.tours, countries: ['BJ', 'TG'], themes: ['env.waste'], first: 30 },
      { authorityId: ids.parakou, first: 30 },
      { authorityId: ids.berlin, levels: ['COMMUNE'], first: 30 },
      { listingId: orleansOfferId, first: 30 },
    ];
    for (const input of inputs) {
      const res = ok(await server.gql(SUGGEST, { input })).suggestPartners;
      expect(res.candidates.length).toBeGreaterThan(5);
      for (const c of res.candidates) {
        // Each factor's contribution is rounded to 4 decimals: at most 9 × 0.00005 apart, plus the score's own rounding.
        const sum = c.factors.reduce((s: number, f: { contribution: number }) => s + f.contribution, 0);
        expect(Math.abs(sum - c.score)).toBeLessThanOrEqual(0.0005);
        const weights = c.factors.reduce((s: number, f: { weight: number }) => s + f.weight, 0);
        const weighted = c.factors.reduce((s: number, f: { weight: number; value: number }) => s + f.weight * f.value, 0) / weights;
        expect(Math.abs(weighted - c.score)).toBeLessThanOrEqual(0.0005);
      }
    }
  });

  it('gives a French seeker foreign candidates, filtered by country, level and population', async () => {
    const res = ok(await server.gql(SUGGEST, { input: { authorityId: ids.tours, countries: ['BJ'], levels: ['MUNICIPALITY'], populationRange: { min: 50000 }, first: 10 } })).suggestPartners;
    expect(res.candidates.length).toBeGreaterThan(0);
    for (const c of res.candidates) {
      expect(c.authority).toMatchObject({ kind: 'FOREIGN', level: 'MUNICIPALITY', country: { code: 'BJ' } });
      expect(c.authority.population).toBeGreaterThanOrEqual(50000);
    }
    // Parakou works on waste, like Tours: it comes first among Beninese municipalities of that size.
    expect(res.candidates[0].authority.name).toBe('Parakou');
  });

  it('uses the twinning network: twins of my twins and partners of my neighbours', async () => {
    // Orléans (near Tours and Blois) should see Lomé, Bamako and Berlin — partners of its neighbours.
    const res = ok(await server.gql(SUGGEST, { input: { authorityId: ids.orleans, first: 5 } })).suggestPartners;
    const top = res.candidates.map((c: { authority: { name: string } }) => c.authority.name);
    expect(top).toContain('Lomé');
    const lome = res.candidates.find((c: { authority: { name: string } }) => c.authority.name === 'Lomé');
    expect(lome.factors.find((f: { name: string }) => f.name === 'NEARBY_PARTNERS').explanationEn).toMatch(/near you \(Tours/);
  });

  it('suggests the partners of authorities whose partners resemble the seeker’s, and says which', async () => {
    // Angoulême shares Orléans' partner Parakou and twins with Dakar.
    const angouleme = await find('angouleme', 'FR', 'COMMUNE');
    const dakar = await find('dakar', 'SN');
    for (const b of [ids.parakou, dakar]) {
      await link(angouleme, b);
    }
    const res = ok(await server.gql(SUGGEST, { input: { authorityId: ids.orleans, countries: ['SN'], first: 20 } })).suggestPartners;
    const peers = (name: string) => res.candidates.find((c: { authority: { name: string } }) => c.authority.name === name)?.factors.find((f: { name: string }) => f.name === 'PEERS');
    expect(peers('Dakar')).toMatchObject({ explanationFr: 'Partenaire de 1 collectivité ayant des partenaires en commun avec vous (Angoulême).', explanationEn: 'Partner of 1 authority sharing partners with you (Angoulême).' });
    expect(peers('Dakar').contribution).toBeGreaterThan(0);
    const others = res.candidates.filter((c: { authority: { name: string } }) => c.authority.name !== 'Dakar');
    expect(others.length).toBeGreaterThan(0);
    for (const c of others) expect(c.factors.find((f: { name: string }) => f.name === 'PEERS').value).toBe(0);
  });

  it('returns reciprocal listing matches scored both ways', async () => {
    const [match] = ok(await server.gql(`query($id: ID!) { listingMatches(listingId: $id) { score fitForThisListing fitForOtherListing listing { authority { name } type } factors { explanationEn } } }`, { id: orleansOfferId })).listingMatches;
    expect(match.listing).toEqual({ authority: { name: 'Parakou' }, type: 'REQUEST' });
    expect(match.score).toBeCloseTo(Math.sqrt(match.fitForThisListing * match.fitForOtherListing), 3);
    expect(match.fitForOtherListing).toBeGreaterThan(0.5); // Orléans: a French commune of 116,000, as Parakou asks
  });

  const EXPLAIN = `query($input: ExplainCandidateInput!) { explainCandidate(input: $input) {
    standing rank score retrieved candidatesConsidered reasonFr reasonEn seeker { name } candidate { id name }
    factors { name weight value contribution explanationFr explanationEn } } }`;

  it('places one given authority among the candidates and explains it, or says why it cannot be suggested', async () => {
    // A candidate of the list: same rank, score and factors as suggestPartners gives.
    const list = ok(await server.gql(SUGGEST, { input: { authorityId: ids.tours, first: 20 } })).suggestPartners;
    const seventh = list.candidates[6];
    const placed = ok(await server.gql(EXPLAIN, { input: { authorityId: ids.tours, candidateId: seventh.authority.id } })).explainCandidate;
    expect(placed).toMatchObject({ standing: 'RANKED', rank: 7, score: seventh.score, retrieved: true, candidatesConsidered: list.candidatesConsidered, seeker: { name: 'Tours' } });
    expect(placed.factors).toEqual(seventh.factors);
    expect(placed.reasonFr).toBe(`${seventh.authority.name} est classée 7e sur ${list.candidatesConsidered} candidats examinés.`);

    // An authority the bounded retrieval leaves out is scored on the same scale and placed among the others.
    const foreign = ok(await server.gql(`{ localAuthorities(filter: { kind: FOREIGN, countries: ["VN", "DE", "BR"], populationMax: 40000 }, first: 30) { nodes { id name } } }`)).localAuthorities.nodes;
    const all = ok(await server.gql(SUGGEST, { input: { authorityId: ids.tours, first: 100 } })).suggestPartners;
    const listed = new Set(all.candidates.map((c: { authority: { id: string } }) => c.authority.id));
    let outside: { rank: number; score: number; retrieved: boolean; candidatesConsidered: number; reasonEn: string; factors: unknown[] } | undefined;
    for (const f of foreign.filter((x: { id: string }) => !listed.has(x.id))) {
      const e = ok(await server.gql(EXPLAIN, { input: { authorityId: ids.tours, candidateId: f.id } })).explainCandidate;
      if (e.standing === 'RANKED' && !e.retrieved) {
        outside = e;
        break;
      }
    }
    expect(outside).toBeDefined();
    expect(outside!.candidatesConsidered).toBe(all.candidatesConsidered + 1);
    expect(outside!.rank).toBeGreaterThan(1);
    expect(outside!.rank).toBeLessThanOrEqual(outside!.candidatesConsidered);
    expect(outside!.factors.length).toBeGreaterThan(0);
    expect(outside!.reasonEn).toMatch(/was not among the candidates retrieved/);
    // Its rank is where its score falls among the listed ones (ties go to the larger population, hence ≤ / ≥).
    const above = all.candidates.filter((c: { score: number }) => c.score > outside!.score).length;
    const notBelow = all.candidates.filter((c: { score: number }) => c.score >= outside!.score).length;
    expect(outside!.rank).toBeGreaterThanOrEqual(above + 1);
    if (notBelow < all.candidates.length) expect(outside!.rank).toBeLessThanOrEqual(notBelow + 1);

    // Why not: the seeker itself, an authority of its own side, an existing partner, outside the criteria asked for.
    const why = async (input: Record<string, unknown>) => ok(await server.gql(EXPLAIN, { input })).explainCandidate;
    expect(await why({ authorityId: ids.tours, candidateId: ids.tours })).toMatchObject({ standing: 'SELF', rank: null, score: null, factors: [] });
    expect(await why({ authorityId: ids.tours, candidateId: ids.blois })).toMatchObject({ standing: 'SAME_SIDE', rank: null });
    const partner = await why({ listingId: parakouRequestId, candidateId: ids.orleans });
    expect(partner).toMatchObject({ standing: 'ALREADY_PARTNERED', seeker: { name: 'Parakou' }, candidate: { name: 'Orléans' }, reasonEn: 'Orléans is already a partner: never suggested.' });
    const lome = await why({ authorityId: ids.tours, candidateId: ids.lome });
    expect(lome.standing).toBe('ALREADY_PARTNERED'); // Tours cooperates with Lomé (beforeAll)
    const berlin = await why({ authorityId: ids.tours, countries: ['BJ'], populationRange: { max: 1000 }, candidateId: ids.berlin });
    expect(berlin).toMatchObject({ standing: 'OUTSIDE_CRITERIA', rank: null, factors: [] });
    expect(berlin.reasonFr).toBe('Berlin ne répond pas aux critères (pays, population).');
    // Under criteria it meets, it is ranked.
    expect((await why({ authorityId: ids.tours, countries: ['DE'], candidateId: ids.berlin })).standing).toBe('RANKED');
  });

  it('lets the seeker’s agents set a candidate aside and restore it; only they and the ministry rank without it', async () => {
    // An agent of Blois (the seeker) and one of Tours (another French authority).
    const agent = async (email: string, authority: string) => {
      const user = ok(await server.gql(`mutation($input: SignUpInput!) { signUp(input: $input) { id } }`, { input: { email, password: 'a long enough password', displayName: email } })).signUp.id;
      ok(await server.gql(`mutation($u: ID!, $a: ID!) { addMembership(userId: $u, authorityId: $a) { id } }`, { u: user, a: authority }, { admin: true }));
      return { cookie: cookieOf((await server.gql(`mutation($input: SignInInput!) { signIn(input: $input) { id } }`, { input: { email, password: 'a long enough password' } })).setCookie) };
    };
    const blois = await agent('ri@blois-aside.example.org', ids.blois);
    const tours = await agent('ri@tours-aside.example.org', ids.tours);
    const LIST = `query($input: SuggestPartnersInput!) { suggestPartners(input: $input) { candidatesConsidered setAside { id name } candidates { rank score authority { id name } } } }`;
    const list = async (opts?: { cookie?: string; admin?: boolean }, first = 5) => ok(await server.gql(LIST, { input: { authorityId: ids.blois, first } }, opts)).suggestPartners;
    const SET_ASIDE = `mutation($s: ID!, $c: ID!) { setAsideCandidate(seekerId: $s, candidateId: $c) { setAt seeker { name } candidate { id name } } }`;
    const RESTORE = `mutation($s: ID!, $c: ID!) { restoreCandidate(seekerId: $s, candidateId: $c) }`;
    const rows = async () => Number((await server.product.ds.query(`SELECT count(*)::int AS n FROM candidate_set_aside`))[0].n);
    const audits = async (action: string) => Number((await server.product.ds.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = $1`, [action]))[0].n);

    const before = await list(blois);
    expect(before.setAside).toEqual([]);
    const [first, second] = before.candidates.map((c: { authority: { id: string; name: string } }) => c.authority);
    const set = ok(await server.gql(SET_ASIDE, { s: ids.blois, c: first.id }, blois)).setAsideCandidate;
    expect(set).toMatchObject({ seeker: { name: 'Blois' }, candidate: { id: first.id } });
    // Twice changes nothing: same date, one row, one audit event.
    expect(ok(await server.gql(SET_ASIDE, { s: ids.blois, c: first.id }, blois)).setAsideCandidate.setAt).toBe(set.setAt);
    expect(await rows()).toBe(1);
    expect(await audits('CANDIDATE_SET_ASIDE')).toBe(1);

    // Blois's agent and an administrator: the next best moves up, the one set aside is listed apart.
    for (const viewer of [blois, { admin: true }]) {
      const after = await list(viewer);
      expect(after.candidates[0].authority.id).toBe(second.id);
      expect(after.candidates.map((c: { authority: { id: string } }) => c.authority.id)).not.toContain(first.id);
      expect(after.setAside).toEqual([{ id: first.id, name: first.name }]);
      expect(after.candidatesConsidered).toBe(before.candidatesConsidered - 1);
    }
    // Anyone else (anonymous, another authority's agent) gets the ranking as computed, and is not told.
    for (const viewer of [undefined, tours]) {
      const seen = await list(viewer);
      expect(seen.candidates[0].authority.id).toBe(first.id);
      expect(seen.setAside).toEqual([]);
    }
    const EXPLAIN_ASIDE = `query($input: ExplainCandidateInput!) { explainCandidate(input: $input) { standing rank reasonFr } }`;
    const why = async (opts?: { cookie?: string }) => ok(await server.gql(EXPLAIN_ASIDE, { input: { authorityId: ids.blois, candidateId: first.id } }, opts)).explainCandidate;
    expect(await why(blois)).toEqual({ standing: 'SET_ASIDE', rank: null, reasonFr: `Blois a écarté ${first.name} de ses suggestions ; la rétablir la remet dans la liste.` });
    expect(await why()).toMatchObject({ standing: 'RANKED', rank: 1 });

    // The ministry's proposals for Blois leave it out, and refuse it by name.
    const proposed = ok(await server.gql(`mutation($a: ID!) { proposeMatchSuggestions(input: { authorityId: $a, first: 3 }) { candidate { id } } }`, { a: ids.blois }, { admin: true })).proposeMatchSuggestions;
    expect(proposed.map((p: { candidate: { id: string } }) => p.candidate.id)).toEqual([second.id, ...proposed.slice(1).map((p: { candidate: { id: string } }) => p.candidate.id)]);
    expect(proposed.map((p: { candidate: { id: string } }) => p.candidate.id)).not.toContain(first.id);
    const named = expectError(await server.gql(`mutation($a: ID!, $c: [ID!]) { proposeMatchSuggestions(input: { authorityId: $a, candidateIds: $c }) { id } }`, { a: ids.blois, c: [first.id] }, { admin: true }), 'BAD_USER_INPUT', 'input.candidateIds[0]');
    expect(named.extensions?.reason).toBe('SET_ASIDE');

    // A second one set aside: the list grows, the statements per request do not (the names come through one loader).
    const one = await server.gql(LIST, { input: { authorityId: ids.blois, first: 5 } }, blois);
    ok(await server.gql(SET_ASIDE, { s: ids.blois, c: second.id }, blois));
    const two = await server.gql(LIST, { input: { authorityId: ids.blois, first: 5 } }, blois);
    // The review queue tells the ministry that Blois set aside a candidate already proposed for it.
    const queue = ok(await server.gql(`query($s: ID!) { matchSuggestions(filter: { seekerId: $s }) { candidateId candidateSetAside } }`, { s: ids.blois }, { admin: true })).matchSuggestions;
    expect(queue).toHaveLength(3);
    expect(queue.filter((q: { candidateSetAside: boolean }) => q.candidateSetAside).map((q: { candidateId: string }) => q.candidateId)).toEqual([second.id]);
    // One statement for the whole page, whatever its length (a loader keyed by pair).
    const QUEUE = `query($s: ID!, $n: Int) { matchSuggestions(filter: { seekerId: $s }, first: $n) { candidateSetAside seeker { name } candidate { name } } }`;
    const [short, long] = [await server.gql(QUEUE, { s: ids.blois, n: 1 }, { admin: true }), await server.gql(QUEUE, { s: ids.blois, n: 3 }, { admin: true })];
    expect(ok(long).matchSuggestions).toHaveLength(3);
    expect(short.sqlStatements).toBeGreaterThan(0);
    expect(long.sqlStatements).toBe(short.sqlStatements);
    await server.product.ds.query(`DELETE FROM match_suggestion WHERE seeker_id = $1`, [ids.blois]);
    expect(ok(two).suggestPartners.setAside.map((a: { id: string }) => a.id)).toEqual([second.id, first.id]); // most recent first
    expect(one.sqlStatements).toBeGreaterThan(0);
    expect(two.sqlStatements).toBe(one.sqlStatements);

    // Refused, writing nothing: anonymous, another authority's agent, the same side, a partner, an unknown authority.
    const count = await rows();
    expectError(await server.gql(SET_ASIDE, { s: ids.blois, c: ids.lome }), 'UNAUTHENTICATED');
    expect(expectError(await server.gql(SET_ASIDE, { s: ids.blois, c: ids.lome }, tours), 'FORBIDDEN', 'seekerId').extensions?.reason).toBe('NOT_A_MEMBER');
    expect(expectError(await server.gql(SET_ASIDE, { s: ids.blois, c: ids.tours }, blois), 'BAD_USER_INPUT', 'candidateId').extensions?.reason).toBe('SAME_SIDE');
    expect(expectError(await server.gql(SET_ASIDE, { s: ids.blois, c: ids.blois }, blois), 'BAD_USER_INPUT', 'candidateId').extensions?.reason).toBe('SAME_SIDE');
    expect(expectError(await server.gql(SET_ASIDE, { s: ids.blois, c: ids.berlin }, blois), 'BAD_USER_INPUT', 'candidateId').extensions?.reason).toBe('ALREADY_PARTNERED');
    expect(expectError(await server.gql(SET_ASIDE, { s: ids.blois, c: '00000000-0000-4000-8000-000000000000' }, blois), 'BAD_USER_INPUT', 'candidateId').extensions?.reason).toBe('UNKNOWN_LOCAL_AUTHORITY');
    expectError(await server.gql(RESTORE, { s: ids.blois, c: first.id }, tours), 'FORBIDDEN', 'seekerId');
    expect(await rows()).toBe(count);

    // One set aside that becomes a partner since is listed as a partner, not as set aside.
    const linked = ok(await server.gql(`mutation($input: CreateRelationshipInput!) { createRelationship(input: $input) { id } }`, { input: { authorityAId: ids.blois, authorityBId: second.id, kind: 'OTHER' } }, { admin: true })).createRelationship.id;
    const partnered = await list(blois);
    expect(partnered.setAside).toEqual([{ id: first.id, name: first.name }]);
    ok(await server.gql(`mutation($id: ID!) { deleteRelationship(id: $id) }`, { id: linked }, { admin: true }));
    expect((await list(blois)).setAside.map((a: { id: string }) => a.id)).toEqual([second.id, first.id]);

    // Restored: back in the list, at its rank; restoring again says there was nothing to restore.
    expect(ok(await server.gql(RESTORE, { s: ids.blois, c: first.id }, blois)).restoreCandidate).toBe(true);
    expect(ok(await server.gql(RESTORE, { s: ids.blois, c: first.id }, blois)).restoreCandidate).toBe(false);
    expect(ok(await server.gql(RESTORE, { s: ids.blois, c: second.id }, { admin: true })).restoreCandidate).toBe(true);
    expect(await audits('CANDIDATE_RESTORED')).toBe(2);
    const restored = await list(blois);
    expect(restored.setAside).toEqual([]);
    expect(restored.candidates.map((c: { authority: { id: string } }) => c.authority.id)).toEqual(before.candidates.map((c: { authority: { id: string } }) => c.authority.id));
  });

  it('retrieves, for a seeker with no partner and no theme, the nearest authorities of the other side, small ones included', async () => {
    // A commune of Eure-et-Loir with no relationship, fiche theme or listing: distance and size decide its suggestions.
    const communes = ok(await server.gql(`{ localAuthorities(filter: { departementCode: "28", levels: [COMMUNE], populationMax: 5000 }, first: 5) { nodes { id name latitude longitude relationships { id } listings { id } themes { id } } } }`)).localAuthorities.nodes;
    const seeker = communes.find((c: { latitude: number | null; relationships: unknown[]; listings: unknown[]; themes: unknown[] }) => c.latitude !== null && !c.relationships.length && !c.listings.length && !c.themes.length);
    expect(seeker).toBeDefined();
    // The nearest small German municipality (Germany is the sample's nearest foreign country).
    const german = ok(await server.gql(`{ localAuthorities(filter: { countries: ["DE"], populationMax: 30000 }, first: 100) { nodes { id name latitude longitude } } }`)).localAuthorities.nodes;
    const km = (a: { latitude: number; longitude: number }) => Math.hypot(a.latitude - seeker.latitude, (a.longitude - seeker.longitude) * Math.cos((seeker.latitude * Math.PI) / 180));
    const nearest = german.filter((g: { latitude: number | null }) => g.latitude !== null).sort((a: never, b: never) => km(a) - km(b))[0];
    const e = ok(await server.gql(EXPLAIN, { input: { authorityId: seeker.id, candidateId: nearest.id } })).explainCandidate;
    expect(e).toMatchObject({ standing: 'RANKED', retrieved: true });
    // Its suggestions are near: the first one is within 1,500 km (Germany or a neighbour), not a capital across the world.
    const top = ok(await server.gql(SUGGEST, { input: { authorityId: seeker.id, first: 1 } })).suggestPartners.candidates[0];
    const distance = top.factors.find((f: { name: string }) => f.name === 'DISTANCE');
    expect(Number(distance.explanationEn.replace(/[^\d]/g, ''))).toBeLessThan(1500);
  });

  it('retrieves, for a French seeker, the nearest authorities of countries where French cooperation is scarce', async () => {
    // Germany, the sample's nearest foreign country, stops being scarce (more than 3 relationships with French authorities).
    const french = ok(await server.gql(`{ localAuthorities(filter: { departementCode: "45", levels: [COMMUNE] }, first: 4) { nodes { id } } }`)).localAuthorities.nodes;
    const germans = ok(await server.gql(`{ localAuthorities(filter: { countries: ["DE"] }, first: 4) { nodes { id } } }`)).localAuthorities.nodes;
    for (let i = 0; i < 4; i++) {
      await link(french[i].id, germans[i].id);
    }
    const communes = ok(await server.gql(`{ localAuthorities(filter: { departementCode: "28", levels: [COMMUNE], populationMax: 5000 }, first: 20) { nodes { id latitude longitude relationships { id } listings { id } themes { id } } } }`)).localAuthorities.nodes;
    const seeker = communes.find((c: { latitude: number | null; relationships: unknown[]; listings: unknown[]; themes: unknown[] }) => c.latitude !== null && !c.relationships.length && !c.listings.length && !c.themes.length);
    // The nearest small town of Tunisia (no French partnership in the sample): beyond the 200 nearest foreign authorities (all German), not among the largest, outside the network.
    const tunisian = ok(await server.gql(`{ localAuthorities(filter: { countries: ["TN"], populationMax: 50000 }, first: 100) { nodes { id name latitude longitude relationships { id } } } }`)).localAuthorities.nodes;
    const km = (a: { latitude: number; longitude: number }) => Math.hypot(a.latitude - seeker.latitude, (a.longitude - seeker.longitude) * Math.cos((seeker.latitude * Math.PI) / 180));
    const nearest = tunisian.filter((t: { latitude: number | null; relationships: unknown[] }) => t.latitude !== null && !t.relationships.length).sort((a: never, b: never) => km(a) - km(b))[0];
    const e = ok(await server.gql(EXPLAIN, { input: { authorityId: seeker.id, candidateId: nearest.id } })).explainCandidate;
    expect(e).toMatchObject({ standing: 'RANKED', retrieved: true });
    const scarcity = e.factors.find((f: { name: string }) => f.name === 'SCARCITY');
    expect(scarcity.value).toBe(1);
    // The sample's scarce countries hold thousands of municipalities (Brazil, Viet Nam…): walked nearest first. With
    // few (small territories), they are read by country and sorted instead: same answer.
    expect(await serviceWith({ scarceSortedAtMost: 1_000_000 }).explainCandidate({ authorityId: seeker.id, candidateId: nearest.id })).toMatchObject({ standing: 'RANKED', retrieved: true, rank: e.rank });
  });

  it('retrieves, for a small commune, foreign places of a similar size however far, which no other source brings', async () => {
    const communes = ok(await server.gql(`{ localAuthorities(filter: { departementCode: "28", levels: [COMMUNE], populationMax: 2000 }, first: 20) { nodes { id population latitude relationships { id } listings { id } themes { id } } } }`)).localAuthorities.nodes;
    const seeker = communes.find((c: { population: number | null; latitude: number | null; relationships: unknown[]; listings: unknown[]; themes: unknown[] }) => c.population && c.latitude !== null && !c.relationships.length && !c.listings.length && !c.themes.length);
    // A German village of the seeker's size at the Polish border: Germany is no longer scarce (previous test), the
    // sample's German municipalities (5,000 inhabitants or more) fill the 200 nearest, it is neither large nor linked.
    const village = await createAuthority({ name: 'Gleichklein', countryCode: 'DE', level: 'MUNICIPALITY', population: seeker.population, latitude: 51.15, longitude: 14.95 });
    const e = ok(await server.gql(EXPLAIN, { input: { authorityId: seeker.id, candidateId: village } })).explainCandidate;
    expect(e).toMatchObject({ standing: 'RANKED', retrieved: true });
    expect(e.factors.find((f: { name: string }) => f.name === 'SIZE').value).toBe(1);
    // And it is among the commune's first suggestions: the same size outweighs the distance to the nearest towns.
    const top = ok(await server.gql(SUGGEST, { input: { authorityId: seeker.id, first: 10 } })).suggestPartners.candidates;
    expect(top.map((c: { authority: { id: string } }) => c.authority.id)).toContain(village);
  });

  it('retrieves places of a similar size for a seeker without coordinates (distance unknown to every candidate)', async () => {
    // A commune placed nowhere (no coordinates, no département): distance is unknown for every candidate.
    const seeker = await createAuthority({ name: 'Sans-Repère', countryCode: 'FR', level: 'COMMUNE', population: 2200 });
    const icelandic = await createAuthority({ name: 'Hafnarvík', countryCode: 'IS', level: 'MUNICIPALITY', population: 2228, latitude: 66.04, longitude: -17.34 });
    const e = ok(await server.gql(EXPLAIN, { input: { authorityId: seeker, candidateId: icelandic } })).explainCandidate;
    expect(e).toMatchObject({ standing: 'RANKED', retrieved: true });
    expect(e.factors.find((f: { name: string }) => f.name === 'DISTANCE').explanationEn).toBe('Distance unknown.');
    expect(e.factors.find((f: { name: string }) => f.name === 'SCARCITY').value).toBe(1);
    expect(e.rank).toBeLessThanOrEqual(10);
  });

  it('retrieves by theme the authorities whose relationships carry the themes sought, not only their fiche and listings', async () => {
    // Pools of 10 per source, so that "the most linked" cannot bring every linked authority of the sample.
    const service = serviceWith({ poolPerSource: 10 });
    const create = (name: string, countryCode: string, population: number, latitude: number, longitude: number) => createAuthority({ name, countryCode, level: 'MUNICIPALITY', population, latitude, longitude });
    // Ten Brazilian towns twinned in a ring fill "the most linked" (2 partners each).
    const ring: string[] = [];
    for (let i = 0; i < 10; i++) ring.push(await create(`Anel ${i}`, 'BR', 20000 + i, -20 - i / 10, -45));
    for (let i = 0; i < 10; i++) await link(ring[i], ring[(i + 1) % 10]);
    // A small Vietnamese town cooperating with another on drinking water: no fiche theme, no listing, one partner, far from Tours.
    const town = await create('Nước Sạch', 'VN', 1000, 10.5, 106.5);
    await link(town, await create('Giếng Làng', 'VN', 1200, 10.6, 106.6), 'TWINNING', [{ themeId: 'env.water.drinking', priority: 1 }]);
    const e = await service.explainCandidate({ authorityId: ids.tours, candidateId: town, themes: ['env.water.drinking'], countries: ['VN'] });
    expect(e).toMatchObject({ standing: 'RANKED', retrieved: true });
    expect(e.factors.find((f) => f.name === MatchFactor.THEME)).toMatchObject({ value: 1 });
  });

  it('scores a place of unknown population by the fit a known place of its kind gets on average, below a real near-match', async () => {
    const seeker = ok(await server.gql(`{ localAuthorities(filter: { departementCode: "28", levels: [COMMUNE], populationMax: 2000 }, first: 1) { nodes { id population } } }`)).localAuthorities.nodes[0];
    const create = (name: string, population: number | null) => createAuthority({ name, countryCode: 'DE', level: 'MUNICIPALITY', population, latitude: 49.5, longitude: 8.5 });
    const unknown = await create('Ohnezahl', null);
    const known = await create('Gleichgroß', seeker.population * 3);
    const size = async (candidateId: string) => ok(await server.gql(EXPLAIN, { input: { authorityId: seeker.id, candidateId } })).explainCandidate.factors.find((f: { name: string }) => f.name === 'SIZE');
    // The oracle: the mean fit of the seeker's population against every known foreign municipality of the database.
    const [{ fit }] = await server.product.ds.query(
      `SELECT avg(exp(-abs(log(population::numeric) - log($1::numeric))))::float AS fit FROM local_authority WHERE kind = 'FOREIGN' AND level = 'MUNICIPALITY' AND population > 0`,
      [seeker.population],
    );
    const u = await size(unknown);
    expect(u.value).toBeCloseTo(fit, 2);
    expect(u.explanationFr).toBe('Population inconnue : valeur moyenne pour une collectivité de ce type.');
    // The sample's foreign municipalities are towns and cities: for a small commune an unknown one is a likely poor fit, below a known town three times its size.
    expect(u.value).toBeLessThan((await size(known)).value);
    expect((await size(known)).value).toBeCloseTo(Math.exp(-Math.log10(3)), 3); // values are given to 4 decimals
  });

  it.each([
    ['unknown candidate', { authorityId: 'AUTH', candidateId: '00000000-0000-4000-8000-000000000000' }, 'input.candidateId'],
    ['malformed candidate id', { authorityId: 'AUTH', candidateId: 'abc' }, 'input.candidateId'],
    ['no seeker', { candidateId: 'AUTH' }, 'input'],
    ['unknown theme', { authorityId: 'AUTH', candidateId: 'AUTH', themes: ['env.unknown'] }, 'input.themes[0]'],
  ])('explainCandidate rejects %s with BAD_USER_INPUT', async (_n, input, field) => {
    const resolved = Object.fromEntries(Object.entries(input).map(([k, v]) => [k, v === 'AUTH' ? ids.orleans : v]));
    expectError(await server.gql(EXPLAIN, { input: resolved }), 'BAD_USER_INPUT', field);
  });

  it('keeps statements per request bounded, whatever the number of suggestions', async () => {
    // The first request reads the pool's rows (kept with the network snapshot): later ones need one statement fewer.
    const cold = await server.gql(SUGGEST, { input: { authorityId: ids.orleans, first: 5 } });
    const small = await server.gql(SUGGEST, { input: { authorityId: ids.orleans, first: 5 } });
    expect(small.sqlStatements).toBe(cold.sqlStatements - 1);
    const large = await server.gql(SUGGEST, { input: { authorityId: ids.orleans, first: 100 } });
    expect(ok(large).suggestPartners.candidates).toHaveLength(100);
    expect(large.sqlStatements).toBe(small.sqlStatements);
  });

  it('keeps the candidate rows read across a write that leaves authorities unchanged, not across a write to an authority', async () => {
    await server.gql(SUGGEST, { input: { authorityId: ids.parakou, first: 5 } });
    // Both writes bump the graph version (the next request rebuilds the network snapshot); only the second one
    // changes what depends on authorities alone, so only after it are the pool's rows read again, and the authority
    // statistics (population distribution, foreign authorities per country): three statements more.
    await link(ids.tours, ids.berlin);
    const afterRelationship = await server.gql(SUGGEST, { input: { authorityId: ids.parakou, first: 5 } });
    const blois = ok(await server.gql(`query($id: ID!) { localAuthority(id: $id) { version } }`, { id: ids.blois })).localAuthority;
    ok(await server.gql(`mutation($input: UpdateLocalAuthorityInput!) { updateLocalAuthority(input: $input) { ... on LocalAuthority { id } } }`, { input: { id: ids.blois, version: blois.version, description: 'Ville d’art et d’histoire' } }, { admin: true }));
    const afterAuthority = await server.gql(SUGGEST, { input: { authorityId: ids.parakou, first: 5 } });
    expect(ok(afterAuthority).suggestPartners.candidates).toEqual(ok(afterRelationship).suggestPartners.candidates);
    expect(afterAuthority.sqlStatements).toBe(afterRelationship.sqlStatements + 3);
  });

  it('sees an authority changed since the previous suggestion (the rows kept are dropped when an authority is written)', async () => {
    const before = ok(await server.gql(SUGGEST, { input: { authorityId: ids.parakou, first: 1 } })).suggestPartners.candidates[0];
    const fiche = ok(await server.gql(`query($id: ID!) { localAuthority(id: $id) { version population } }`, { id: before.authority.id })).localAuthority;
    const population = fiche.population + 1234;
    const updated = ok(await server.gql(`mutation($input: UpdateLocalAuthorityInput!) { updateLocalAuthority(input: $input) { ... on LocalAuthority { population } } }`, { input: { id: before.authority.id, version: fiche.version, population } }, { admin: true }));
    expect(updated.updateLocalAuthority.population).toBe(population);
    const explained = ok(await server.gql(EXPLAIN, { input: { authorityId: ids.parakou, candidateId: before.authority.id } })).explainCandidate;
    expect(explained.factors.find((f: { name: string }) => f.name === 'SIZE').explanationEn).toMatch(new RegExp(`^Population ${population.toLocaleString('en')} vs`));
  });

  it.each([
    ['unknown authority', { authorityId: '00000000-0000-4000-8000-000000000000' }, 'input.authorityId'],
    ['malformed authority id', { authorityId: 'abc' }, 'input.authorityId'],
    ['unknown theme', { authorityId: 'AUTH', themes: ['env.unknown'] }, 'input.themes[0]'],
    ['first over the cap', { authorityId: 'AUTH', first: 101 }, 'input.first'],
    ['both an authority and a listing', { authorityId: 'AUTH', listingId: 'AUTH' }, 'input'],
    ['unknown country', { authorityId: 'AUTH', countries: ['QQ'] }, 'input.countries[0]'],
  ])('rejects %s with BAD_USER_INPUT', async (_n, input, field) => {
    const resolved = Object.fromEntries(Object.entries(input).map(([k, v]) => [k, v === 'AUTH' ? ids.orleans : v]));
    expectError(await server.gql(SUGGEST, { input: resolved }), 'BAD_USER_INPUT', field);
  });

  it('imports Wikidata twinnings: matches existing authorities, creates the others, links once', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twinnings-'));
    // Zagnanado's GeoNames entry has population 0 (GeoNames' "unknown"); Hinvi's has 3,604 (both below the seed's threshold).
    // Wikidata's English labels differ from GeoNames' names: "Frankfurt" is the sample's Frankfurt am Main, "Antwerp"
    // (Belgium is not in the sample) is GeoNames' Antwerpen for its population.
    fs.writeFileSync(path.join(dir, 'nodes.tsv'), ['id\tname\tlng\tlat\tcountry\tcountrycd\tcontinent', 'Q6548\tOrléans\t1.9086\t47.9025\tFrance\tFR\tEurope', 'Q1007\tParakou\t2.6\t9.35\tBenin\tBJ\tAfrica', 'Q999001\tToucountouna\t1.4167\t10.4833\tBenin\tBJ\tAfrica', 'Q999002\tZagnanado\t2.38\t7.22\tBenin\tBJ\tAfrica', 'Q999003\tHinvi\t2.17\t6.77\tBenin\tBJ\tAfrica', 'Q999004\tFrankfurt\t8.6821\t50.1109\tGermany\tDE\tEurope', 'Q999005\tAntwerp\t4.4003\t51.2205\tBelgium\tBE\tEurope'].join('\n'));
    fs.writeFileSync(path.join(dir, 'links.tsv'), ['source\ttarget', 'Q6548\tQ1007', 'Q6548\tQ999001', 'Q6548\tQ999002', 'Q6548\tQ999003', 'Q1007\tQ999004', 'Q6548\tQ999005'].join('\n'));
    const data = readTwinningDataset(dir);
    const report = await importTwinnings(server.product.ds, data);
    expect(report).toMatchObject({ places: 7, matchedExisting: 3, created: 4, populationCandidates: 4, populationJoined: 2, relationshipsCreated: 5, relationshipsAlreadyPresent: 1 });
    const again = await importTwinnings(server.product.ds, data);
    expect(again).toMatchObject({ matchedExisting: 7, created: 0, relationshipsCreated: 0, relationshipsAlreadyPresent: 6 });
    const frankfurt = ok(await server.gql(`{ localAuthorities(filter: { countries: ["DE"], search: "frankfurt" }, first: 5) { nodes { name wikidataId population relationships { partner { name } } } } }`)).localAuthorities.nodes;
    expect(frankfurt.find((a: { name: string }) => a.name === 'Frankfurt am Main')).toMatchObject({ wikidataId: 'Q999004', relationships: [{ partner: { name: 'Parakou' } }] });
    expect(frankfurt.map((a: { name: string }) => a.name)).not.toContain('Frankfurt'); // no duplicate created
    const antwerp = ok(await server.gql(`{ localAuthorities(filter: { countries: ["BE"], search: "antwerp" }, first: 5) { nodes { name population } } }`)).localAuthorities.nodes;
    expect(antwerp).toEqual([{ name: 'Antwerp', population: 459805 }]);
    const created = ok(await server.gql(`{ localAuthorities(filter: { countries: ["BJ"], search: "zagnanado" }, first: 1) { nodes { name population } } }`)).localAuthorities.nodes;
    expect(created).toEqual([{ name: 'Zagnanado', population: null }]);
    const hinvi = ok(await server.gql(`{ localAuthorities(filter: { countries: ["BJ"], search: "hinvi" }, first: 1) { nodes { name population } } }`)).localAuthorities.nodes;
    expect(hinvi).toEqual([{ name: 'Hinvi', population: 3604 }]);
    // A database imported before the fix holds 0 there: the migration clears it, and nothing else.
    const ds = server.product.ds;
    await ds.query(`UPDATE local_authority SET population = 0 WHERE wikidata_id = 'Q999002'`);
    const runner = ds.createQueryRunner();
    try {
      await new UnknownPopulations1733600000000().up(runner);
    } finally {
      await runner.release();
    }
    const after = await ds.query(`SELECT wikidata_id, population FROM local_authority WHERE wikidata_id IN ('Q999002', 'Q999003') ORDER BY wikidata_id`);
    expect(after).toEqual([{ wikidata_id: 'Q999002', population: null }, { wikidata_id: 'Q999003', population: 3604 }]);
    const orleans = ok(await server.gql(`query($id: ID!) { localAuthority(id: $id) { wikidataId relationships { kind source partner { name wikidataId } } } }`, { id: ids.orleans })).localAuthority;
    expect(orleans.wikidataId).toBe('Q6548');
    expect(orleans.relationships).toEqual(expect.arrayContaining([{ kind: 'TWINNING', source: 'Wikidata (P190, twinned administrative body)', partner: { name: 'Toucountouna', wikidataId: 'Q999001' } }]));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('imports by the identifiers Wikidata gives (INSEE code, GeoNames id, population), and merges the copies an import without them made', async () => {
    const ds = server.product.ds;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twinnings-ids-'));
    const header = 'id\tname\tlng\tlat\tcountry\tcountrycd\tcontinent';
    const write = (nodes: string[], links: string[]) => {
      fs.writeFileSync(path.join(dir, 'nodes.tsv'), nodes.join('\n'));
      fs.writeFileSync(path.join(dir, 'links.tsv'), ['source\ttarget', ...links].join('\n'));
      return readTwinningDataset(dir);
    };
    // Wikidata's English exonyms have nothing in common with GeoNames' Köln and Braunschweig: without identifiers the
    // import creates a second authority for each, and the twinnings go to it.
    const plain = [`${header}`, 'Q365\tCologne\t6.9603\t50.9375\tGermany\tDE\tEurope', 'Q2773\tBrunswick\t10.5211\t52.2692\tGermany\tDE\tEurope', 'Q1007\tParakou\t2.6\t9.35\tBenin\tBJ\tAfrica', 'Q999030\tKpomassè\t1.99362\t6.46216\tBenin\tBJ\tAfrica'];
    const first = await importTwinnings(ds, write(plain, ['Q365\tQ1007', 'Q2773\tQ1007', 'Q999030\tQ1007']));
    expect(first).toMatchObject({ created: 3, copiesMerged: 0, copiesKept: [] });
    const copy = async (qid: string) => (await ds.query(`SELECT id, name, source FROM local_authority WHERE wikidata_id = $1`, [qid]))[0];
    expect(await copy('Q365')).toMatchObject({ name: 'Cologne', source: 'wikidata' });
    const brunswick = await copy('Q2773');
    // Someone has since written on the Brunswick copy's fiche: it must not be deleted with it.
    await ds.query(`INSERT INTO authority_theme (authority_id, theme_id) VALUES ($1, 'env.waste')`, [brunswick.id]);

    const KOLN = `{ localAuthorities(filter: { countries: ["DE"], search: "köln" }, first: 5) { nodes { name wikidataId geonamesId population source relationships { partner { name } } } } }`;
    const partnerNames = (a: { relationships: { partner: { name: string } }[] }) => a.relationships.map((r) => r.partner.name).sort();
    const kolnBefore = partnerNames(ok(await server.gql(KOLN)).localAuthorities.nodes[0]);
    expect(kolnBefore).not.toContain('Parakou');

    // The refresh query's columns: GeoNames ids, INSEE codes, populations. "Autricum" (Chartres' Latin name) is found
    // by its INSEE code only; Choibalsan's population is Wikidata's, not GeoNames' 23.
    const withIds = [
      `${header}\tgeonames\tinsee\tpopulation`,
      'Q365\tCologne\t6.9603\t50.9375\tGermany\tDE\tEurope\t2886242\t\t1084831',
      'Q2773\tBrunswick\t10.5211\t52.2692\tGermany\tDE\tEurope\t2945024\t\t248823',
      'Q1007\tParakou\t2.6\t9.35\tBenin\tBJ\tAfrica\t2392204\t\t',
      'Q999030\tKpomassè\t1.99362\t6.46216\tBenin\tBJ\tAfrica\t11837635\t\t67648',
      'Q999031\tAutricum\t1.4892\t48.4469\tFrance\tFR\tEurope\t\t28085\t',
      'Q999032\tChoibalsan\t114.53264\t48.07257\tMongolia\tMN\tAsia\t2032054\t\t38537',
    ];
    const second = await importTwinnings(ds, write(withIds, ['Q365\tQ1007', 'Q2773\tQ1007', 'Q999030\tQ1007', 'Q999031\tQ999032']));
    expect(second).toMatchObject({ created: 1, matchedById: 1, copiesMerged: 1, copiesKept: [brunswick.id], populationFromWikidata: 1, populationsFilled: 1, relationshipsCreated: 1 });

    // Cologne's copy is gone; Köln has its Wikidata id and its twinning, and keeps the reference data's population.
    expect(await ds.query(`SELECT 1 FROM local_authority WHERE name = 'Cologne'`)).toEqual([]);
    const koln = ok(await server.gql(KOLN)).localAuthorities.nodes;
    expect(koln).toEqual([{ name: 'Köln', wikidataId: 'Q365', geonamesId: 2886242, population: 963395, source: 'geonames', relationships: expect.any(Array) }]);
    expect(partnerNames(koln[0])).toEqual([...kolnBefore, 'Parakou'].sort());
    // The import's merge is recorded like an administrator's, for one to review (and undo).
    const merges = ok(await server.gql(`{ authorityMerges(first: 5) { duplicateName intoName origin into { name } } }`, undefined, { admin: true })).authorityMerges;
    expect(merges).toContainEqual({ duplicateName: 'Cologne', intoName: 'Köln', origin: 'IMPORT', into: { name: 'Köln' } });
    // Brunswick's copy, which a person has written on, stays as it was, with its twinning; Braunschweig is untouched.
    expect(await ds.query(`SELECT name, wikidata_id FROM local_authority WHERE id = $1`, [brunswick.id])).toEqual([{ name: 'Brunswick', wikidata_id: 'Q2773' }]);
    const braunschweig = (await ds.query(`SELECT wikidata_id, (SELECT count(*)::int FROM relationship WHERE authority_a_id = a.id OR authority_b_id = a.id) AS links FROM local_authority a WHERE geonames_id = 2945024`))[0];
    expect(braunschweig).toEqual({ wikidata_id: null, links: 0 });
    // Chartres found by its INSEE code, and twinned; Kpomassè's unknown population filled; Choibalsan created with Wikidata's.
    const chartres = (await ds.query(`SELECT id, name, wikidata_id FROM local_authority WHERE insee_code = '28085' AND level = 'COMMUNE'`))[0];
    expect(chartres).toMatchObject({ name: 'Chartres', wikidata_id: 'Q999031' });
    const population = async (qid: string) => (await ds.query(`SELECT population FROM local_authority WHERE wikidata_id = $1`, [qid]))[0]?.population;
    expect(await population('Q999030')).toBe(67648);
    expect(await population('Q999032')).toBe(38537);
    const partners = ok(await server.gql(`query($id: ID!) { localAuthority(id: $id) { relationships { partner { name } } } }`, { id: chartres.id })).localAuthority.relationships;
    expect(partners).toEqual([{ partner: { name: 'Choibalsan' } }]);

    // Once more: nothing left to do.
    expect(await importTwinnings(ds, readTwinningDataset(dir))).toMatchObject({ created: 0, copiesMerged: 0, copiesKept: [brunswick.id], relationshipsCreated: 0, populationsFilled: 0 });
    // An administrator undoes the Cologne merge (say Wikidata's identifiers were wrong): the copy comes back, and the
    // next import leaves it alone instead of merging it again.
    const cologneMerge = ok(await server.gql(`{ authorityMerges(undone: false) { id duplicateId duplicateName } }`, undefined, { admin: true })).authorityMerges.find((m: { duplicateName: string }) => m.duplicateName === 'Cologne');
    ok(await server.gql(`mutation($id: ID!) { undoAuthorityMerge(id: $id) { rowsRestored } }`, { id: cologneMerge.id }, { admin: true }));
    expect(await ds.query(`SELECT name, wikidata_id FROM local_authority WHERE id = $1`, [cologneMerge.duplicateId])).toEqual([{ name: 'Cologne', wikidata_id: 'Q365' }]);
    const again = await importTwinnings(ds, readTwinningDataset(dir));
    expect(again).toMatchObject({ copiesMerged: 0 });
    expect(again.copiesKept.sort()).toEqual([brunswick.id, cologneMerge.duplicateId].sort());
    expect(await ds.query(`SELECT name FROM local_authority WHERE id = $1`, [cologneMerge.duplicateId])).toEqual([{ name: 'Cologne' }]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('matches a listing only with listings of the other side sharing one of its thématiques, best first, at most `first`', async () => {
    const offer = ok(await server.gql(`query($id: ID!) { listing(id: $id) { themes { theme { id } } } }`, { id: orleansOfferId })).listing;
    const theme: string = offer.themes[0].theme.id;
    const roots = new Set(offer.themes.map((t: { theme: { id: string } }) => t.theme.id.split('.')[0]));
    const elsewhere = ['culture.heritage.built', 'health.primary-care', 'env.water.drinking', 'gov.urban.mobility'].find((id) => !roots.has(id.split('.')[0]))!;
    const publish = async (authorityId: string, themeId: string) => {
      const draft = ok(await server.gql(`mutation($input: CreateListingInput!) { createListing(input: $input) { id } }`, { input: { authorityId, type: 'REQUEST', title: `Demande ${themeId}`, description: 'Recherche de partenaires.', themes: [{ themeId, priority: 1 }] } }, { admin: true })).createListing.id;
      ok(await server.gql(`mutation($id: ID!) { submitListing(id: $id) { __typename } }`, { id: draft }, { admin: true }));
      ok(await server.gql(`mutation($id: ID!) { publishListing(id: $id) { __typename } }`, { id: draft }, { admin: true }));
      return draft as string;
    };
    const same = await publish(ids.bamako, theme);
    const other = await publish(ids.berlin, elsewhere);
    const LM = `query($id: ID!, $first: Int!) { listingMatches(listingId: $id, first: $first) { score fitForThisListing fitForOtherListing listing { id } factors { name value explanationFr } } }`;
    const all = ok(await server.gql(LM, { id: orleansOfferId, first: 100 })).listingMatches;
    const listed = all.map((m: { listing: { id: string } }) => m.listing.id);
    expect(listed).toContain(same);
    expect(listed).not.toContain(other); // no thématique in common: no match either way
    for (let i = 0; i < all.length; i++) {
      expect(all[i].score).toBeCloseTo(Math.sqrt(all[i].fitForThisListing * all[i].fitForOtherListing), 3);
      if (i > 0) expect(all[i].score).toBeLessThanOrEqual(all[i - 1].score);
      expect(all[i].factors.map((f: { name: string }) => f.name)).toEqual(['THEME', 'PROFILE', 'THEME', 'PROFILE']);
    }
    // What Bamako seeks is one of the offer's themes exactly (reciprocal theme fit 1); it covers part of the offer's.
    const bamako = all.find((m: { listing: { id: string } }) => m.listing.id === same);
    expect(bamako.factors[2].value).toBe(1);
    expect(bamako.factors[0].value).toBeGreaterThan(0);
    // The first page is the head of the full list; bad pages are refused.
    expect(ok(await server.gql(LM, { id: orleansOfferId, first: 1 })).listingMatches).toEqual(all.slice(0, 1));
    expectError(await server.gql(LM, { id: orleansOfferId, first: 0 }), 'BAD_USER_INPUT', 'first');
    expectError(await server.gql(LM, { id: orleansOfferId, first: 101 }), 'BAD_USER_INPUT', 'first');
  });
});
