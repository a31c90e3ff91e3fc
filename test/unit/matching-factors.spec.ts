import {
  combine,
  countryFit,
  countryNovelty,
  countryNoveltyFactor,
  countryFactor,
  distanceFactor,
  distanceValue,
  experienceFactor,
  experienceValue,
  haversineKm,
  levelCompatibility,
  memoisedSimilarity,
  networkFactor,
  peersFactor,
  PopulationPrior,
  saturate,
  scarcityFactor,
  scarcityValue,
  sizeFactor,
  sizeFit,
  themeFactor,
  themeFit,
  themeFitter,
  themeSimilarity,
  type FactorValue,
  type ThemeNode,
} from '../../server/modules/matching/factors';
import { MatchingConfig, MatchingConfigError, loadMatchingConfig } from '../../server/modules/matching/matching.config';
import { NetworkSnapshot, type NetNode } from '../../server/modules/matching/network';
import { flattenTaxonomy } from '../../server/modules/theme/taxonomy';

const cfg = new MatchingConfig();
const themes = new Map<string, ThemeNode>(flattenTaxonomy().map((t) => [t.id, t]));

describe('theme fit', () => {
  it('ranks same leaf > same sous-thématique > same thématique > unrelated', () => {
    expect(themeSimilarity('env.waste.recycling', 'env.waste.recycling', themes, cfg)).toBe(1);
    expect(themeSimilarity('env.waste.recycling', 'env.waste', themes, cfg)).toBe(1); // one inside the other
    expect(themeSimilarity('env.waste.recycling', 'env.waste.collection', themes, cfg)).toBe(0.6);
    expect(themeSimilarity('env.waste.recycling', 'env.water.drinking', themes, cfg)).toBe(0.3);
    expect(themeSimilarity('env.waste.recycling', 'culture.heritage', themes, cfg)).toBe(0);
  });

  it('weights the themes sought by priority', () => {
    const f = themeFactor([{ themeId: 'env.waste.recycling', weight: 1 }, { themeId: 'culture.heritage', weight: 0.5 }], ['env.waste.collection'], themes, cfg);
    expect(f.value).toBeCloseTo((0.6 * 1 + 0 * 0.5) / 1.5, 6);
    expect(f.en).toBe('Works on: Waste collection and sorting.');
    expect(f.fr).toBe('Travaille sur : Collecte et tri des déchets.');
    // More than three themes: the list ends with an ellipsis, not with "…."
    const many = themeFactor(['env.waste', 'env.water', 'culture.heritage', 'culture.exchanges'].map((themeId) => ({ themeId, weight: 1 })), ['env.waste', 'env.water', 'culture.heritage', 'culture.exchanges'], themes, cfg);
    expect(many.fr).toMatch(/^Travaille sur : [^.]+, [^.]+, [^.]+…$/);
    expect(many.en).toMatch(/^Works on: [^.]+, [^.]+, [^.]+…$/);
  });

  it('gives, through themeFitter, exactly themeFit’s value for every candidate', () => {
    const ids = [...themes.keys()];
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const pick = (n: number) => Array.from({ length: n }, () => ids[Math.floor(rnd() * ids.length)]);
    const sought = pick(12).map((themeId, i) => ({ themeId, weight: 1 / (1 + (i % 4)) }));
    const sim = memoisedSimilarity(themes, cfg);
    const fit = themeFitter(sought, sim);
    for (let k = 0; k < 300; k++) {
      const candidate = pick(k % 9);
      expect(fit(candidate)).toBe(themeFit(sought, candidate, sim));
    }
    expect(themeFitter([], sim)(['env'])).toBe(0);
  });

  it('says with whom the candidate cooperates on the themes sought, partners in the seeker’s country first', () => {
    const sought = [{ themeId: 'env.waste.recycling', weight: 1 }, { themeId: 'env.waste.collection', weight: 1 }, { themeId: 'culture', weight: 1 }];
    const partner = (name: string, countryFr: string, countryEn: string, seekersCountry = false) => ({ name, countryFr, countryEn, seekersCountry });
    const through: Record<string, ReturnType<typeof partner>[]> = {
      'env.waste.collection': [partner('Lomé', 'Togo', 'Togo'), partner('Parakou', 'Bénin', 'Benin', true)],
      'env.waste': [partner('Parakou', 'Bénin', 'Benin', true), partner('Natitingou', 'Bénin', 'Benin', true), partner('Bamako', 'Mali', 'Mali')],
    };
    const f = themeFactor(sought, ['env.waste.collection', 'env.waste', 'culture.heritage'], themes, cfg, (id) => through[id] ?? []);
    // Same value as without partners: the sentence changes, not the score.
    expect(f.value).toBe(themeFactor(sought, ['env.waste.collection', 'env.waste', 'culture.heritage'], themes, cfg).value);
    expect(f.fr).toBe('Coopère sur « Gestion des déchets » et « Collecte et tri des déchets » avec Parakou (Bénin), Natitingou (Bénin), Bamako (Mali) et 1 autre. Travaille aussi sur : Patrimoine.');
    expect(f.en).toBe('Cooperates on "Waste management" and "Waste collection and sorting" with Parakou (Benin), Natitingou (Benin), Bamako (Mali) and 1 other. Also works on: Heritage.');
    // Among equally good matches, the one with partners is named; without partners, the sentence is unchanged.
    const tie = (on: (id: string) => ReturnType<typeof partner>[]) => themeFactor([{ themeId: 'env.waste.collection', weight: 1 }], ['env.waste', 'env.waste.collection'], themes, cfg, on);
    expect(tie((id) => (id === 'env.waste.collection' ? [partner('Lomé', 'Togo', 'Togo')] : [])).fr).toBe('Coopère sur « Collecte et tri des déchets » avec Lomé (Togo).');
    expect(tie(() => []).fr).toBe('Travaille sur : Gestion des déchets.');
    // Partners in France (a foreign candidate's, mostly) are named without their country.
    expect(themeFactor([{ themeId: 'env.waste', weight: 1 }], ['env.waste'], themes, cfg, () => [partner('Orléans', '', '')]).en).toBe('Cooperates on "Waste management" with Orléans.');
    const one = themeFactor(sought, ['env.waste'], themes, cfg, (id) => (id === 'env.waste' ? [partner('Bamako', 'Mali', 'Mali')] : []));
    expect(one.fr).toBe('Coopère sur « Gestion des déchets » avec Bamako (Mali).');
    expect(one.en).toBe('Cooperates on "Waste management" with Bamako (Mali).');
  });

  it('is left out when nothing is sought', () => {
    expect(themeFactor([], ['env'], themes, cfg).active).toBe(false);
  });
});

describe('country fit', () => {
  const benin = { code: 'BJ', nameFr: 'Bénin', nameEn: 'Benin' };
  it('gives 1 for a requested country, 0.5 for a neighbour of one', () => {
    const base = { candidateCountry: benin, candidateNeighbours: ['TG', 'NE', 'NG', 'BF'], seekerPartnerCountries: new Map(), seekerPartnerCount: 0 };
    expect(countryFactor({ ...base, requested: ['BJ'] }).value).toBe(1);
    expect(countryFactor({ ...base, requested: ['TG'] }).value).toBe(0.5);
  });

  it('otherwise measures the seeker’s experience in the country and its neighbours', () => {
    const f = countryFactor({ candidateCountry: benin, requested: [], candidateNeighbours: ['TG'], seekerPartnerCountries: new Map([['BJ', 2], ['TG', 1], ['DE', 2]]), seekerPartnerCount: 5 });
    expect(f.value).toBeCloseTo((2 + 0.5) / 5, 6);
    expect(f.en).toBe('2 of your 5 partners are in Benin.');
  });

  it('for a foreign seeker, prefers French candidates with no partner in the seeker’s country yet', () => {
    expect(countryNoveltyFactor(0, benin).value).toBe(1);
    expect(countryNoveltyFactor(1, benin).value).toBeGreaterThan(countryNoveltyFactor(2, benin).value);
    expect(countryNoveltyFactor(2, benin).en).toBe('Already has 2 partners in Benin.');
    expect(countryNoveltyFactor(1, benin).fr).toBe('A déjà 1 partenaire au Bénin.');
  });
});

describe('network, experience and scarcity', () => {
  it('grows with shared partners and names them', () => {
    expect(networkFactor(0, []).value).toBe(0);
    const f = networkFactor(1.2, ['Parakou', 'Lomé']);
    expect(f.value).toBeCloseTo(1 - Math.exp(-1.2), 6);
    expect(f.fr).toBe('Partenaire de 2 de vos partenaires (Parakou, Lomé).');
  });

  it('finds the partners of authorities whose partners resemble the seeker’s, most similar first', () => {
    // Orléans and Tours both twin with Parakou; Tours also with Lomé. Blois shares nothing with Orléans.
    const node = (id: string, kind: 'FRENCH' | 'FOREIGN'): NetNode => ({ id, name: id, kind, country: kind === 'FRENCH' ? 'FR' : 'BJ', lat: null, lon: null });
    const nodes = [node('Orléans', 'FRENCH'), node('Tours', 'FRENCH'), node('Blois', 'FRENCH'), node('Angers', 'FRENCH'), node('Parakou', 'FOREIGN'), node('Lomé', 'FOREIGN'), node('Ségou', 'FOREIGN'), node('Kati', 'FOREIGN')];
    const edges = [['Orléans', 'Parakou'], ['Tours', 'Parakou'], ['Tours', 'Lomé'], ['Angers', 'Parakou'], ['Angers', 'Ségou'], ['Angers', 'Kati'], ['Blois', 'Kati']].map(([a, b]) => ({ a, b }));
    const scores = new NetworkSnapshot(edges, nodes).peerScores('Orléans');
    // Parakou has degree 3: Tours and Angers are peers of similarity 1/ln 4; Tours (degree 2) counts more than Angers (degree 3).
    const sim = 1 / Math.log(4);
    expect(scores.get('Lomé')).toEqual({ w: sim / Math.log(3), via: ['Tours'] });
    expect(scores.get('Ségou')?.w).toBeCloseTo(sim / Math.log(4), 12);
    expect(scores.get('Lomé')!.w).toBeGreaterThan(scores.get('Ségou')!.w);
    expect(scores.get('Kati')?.via).toEqual(['Angers']); // through Angers only: Blois shares no partner with Orléans
    expect(scores.has('Orléans')).toBe(false);
    expect(peersFactor(0, []).value).toBe(0);
    const f = peersFactor(0.5, ['Tours', 'Angers']);
    expect(f.value).toBeCloseTo(1 - Math.exp(-0.5), 6);
    expect(f.fr).toBe('Partenaire de 2 collectivités ayant des partenaires en commun avec vous (Tours, Angers).');
    expect(f.en).toBe('Partner of 2 authorities sharing partners with you (Tours, Angers).');
  });

  it('rewards experience without flattening well-twinned places', () => {
    expect(experienceFactor(0, 'FRENCH').value).toBe(0);
    expect(experienceFactor(20, 'FRENCH').value).toBeGreaterThan(experienceFactor(10, 'FRENCH').value);
    expect(experienceFactor(2, 'FRENCH').en).toBe('Already cooperates with 2 French authorities.');
  });

  it('boosts countries where French cooperation is scarce', () => {
    const c = { nameFr: 'Bénin', nameEn: 'Benin' };
    expect(scarcityFactor(0, c, cfg).value).toBe(1);
    expect(scarcityFactor(30, c, cfg).value).toBeLessThan(scarcityFactor(1, c, cfg).value);
    // The sentence says what the Bourse records, not that cooperation is rare in the world.
    expect(scarcityFactor(0, c, cfg).fr).toBe('Peu de coopération française recensée au Bénin (0 partenariat dans la Bourse).');
    expect(scarcityFactor(1, { nameFr: 'Allemagne', nameEn: 'Germany' }, cfg).en).toBe('Little French cooperation on record in Germany (1 partnership in the Bourse).');
    expect(scarcityFactor(30, c, cfg).fr).toBe('30 partenariats français recensés au Bénin.');
  });
});

describe('size and level', () => {
  it('compares populations on a log scale', () => {
    expect(sizeFactor({ population: 100000, level: 'COMMUNE' }, { population: 100000, level: 'MUNICIPALITY' }).value).toBe(1);
    expect(sizeFactor({ population: 10000, level: 'COMMUNE' }, { population: 100000, level: 'MUNICIPALITY' }).value).toBeCloseTo(Math.exp(-1), 6);
    expect(sizeFactor({ population: 116000, level: 'COMMUNE' }, { population: 164000, level: 'MUNICIPALITY' }).en).toBe('Population 164,000 vs 116,000.');
  });

  it('gives an unknown population the fit a known one of its kind would get on average, not a flat bonus', () => {
    // Foreign municipalities: half near 15,000 inhabitants (bin 42 = 10^4.2), half near 150,000 (bin 52).
    const foreign = PopulationPrior.fromCounts([{ bin: 42, n: 50 }, { bin: 52, n: 50 }])!;
    const unknown = { population: null, level: 'MUNICIPALITY' };
    const priors = { seeker: null, candidate: foreign };
    // A commune of 150 inhabitants: an unknown municipality is most likely far larger, a poorer fit than a known one ten times its size.
    const tiny = { population: 150, level: 'COMMUNE' };
    expect(sizeFit(tiny, unknown, priors)).toBeLessThan(sizeFit(tiny, { population: 1500, level: 'MUNICIPALITY' }));
    expect(sizeFit(tiny, unknown, priors)).toBeCloseTo(0.5 * Math.exp(-(4.2 - Math.log10(150))) + 0.5 * Math.exp(-(5.2 - Math.log10(150))), 2);
    // A town in the middle of the distribution: the unknown is a fair bet, between the two halves.
    const mid = { population: 50_000, level: 'COMMUNE' };
    expect(sizeFit(mid, unknown, priors)).toBeGreaterThan(sizeFit(tiny, unknown, priors));
    expect(sizeFit(mid, unknown, priors)).toBeLessThan(1);
    // The seeker's own population unknown: the candidate's is compared with the seeker's kind.
    const french = PopulationPrior.fromCounts([{ bin: 26, n: 10 }])!; // about 400 inhabitants
    expect(sizeFit({ population: null, level: 'COMMUNE' }, { population: 400, level: 'MUNICIPALITY' }, { seeker: french, candidate: foreign })).toBeCloseTo(Math.exp(-Math.abs(2.6 - Math.log10(400))), 2);
    // Both unknown: the expected fit of the two kinds, the same whichever side asks.
    const both = sizeFit({ population: null, level: 'COMMUNE' }, unknown, { seeker: french, candidate: foreign });
    expect(both).toBeCloseTo(0.5 * Math.exp(-1.6) + 0.5 * Math.exp(-2.6), 6);
    expect(sizeFit(unknown, { population: null, level: 'COMMUNE' }, { seeker: foreign, candidate: french })).toBeCloseTo(both, 12);
    // No known population of that kind at all: the neutral 0.5, times the level compatibility.
    expect(sizeFit(tiny, unknown)).toBe(0.5);
    expect(sizeFit(tiny, { population: null, level: 'PROVINCE' })).toBe(0.5 * 0.3);
    expect(PopulationPrior.fromCounts([])).toBeNull();
    expect(sizeFactor(tiny, unknown, priors).fr).toBe('Population inconnue : valeur moyenne pour une collectivité de ce type.');
    expect(sizeFactor({ population: null, level: 'COMMUNE' }, { population: 400, level: 'MUNICIPALITY' }, { seeker: french, candidate: foreign }).en).toBe('Your population is unknown: the average fit for an authority of this kind.');
  });

  it('pairs commune with municipality and région with province', () => {
    expect(levelCompatibility('COMMUNE', 'MUNICIPALITY')).toBe(1);
    expect(levelCompatibility('REGION', 'PROVINCE')).toBe(1);
    expect(levelCompatibility('COMMUNE', 'PROVINCE')).toBe(0.3);
    expect(levelCompatibility('PROVINCE', 'COMMUNE')).toBe(levelCompatibility('COMMUNE', 'PROVINCE'));
  });
});

describe('distance', () => {
  it('measures great-circle distance and decays with it', () => {
    const orleans = { lat: 47.90289, lon: 1.90389 };
    const parakou = { lat: 9.33716, lon: 2.63031 };
    expect(haversineKm(orleans, parakou)).toBeGreaterThan(4250);
    expect(haversineKm(orleans, parakou)).toBeLessThan(4300);
    expect(distanceFactor(0, cfg).value).toBe(1);
    expect(distanceFactor(1000, cfg).value).toBeCloseTo(Math.exp(-1), 6);
  });

  it('finds the nearest authorities of a side as a full scan and sort would, ties in snapshot order', () => {
    // Deterministic pseudo-random places around France, many sharing coordinates (communes placed at their
    // département's), some of the other side, some without coordinates.
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const nodes: NetNode[] = Array.from({ length: 3000 }, (_, i) => {
      const shared = i % 3 === 0 ? Math.floor(rnd() * 40) : null;
      const lat = shared !== null ? 43 + shared / 8 : 41 + rnd() * 10;
      const lon = shared !== null ? -1 + shared / 6 : -5 + rnd() * 14;
      return { id: `n${i}`, name: `N${i}`, kind: i % 5 === 0 ? 'FOREIGN' : 'FRENCH', country: 'FR', lat: i % 97 === 0 ? null : lat, lon: i % 97 === 0 ? null : lon };
    });
    const net = new NetworkSnapshot([], nodes);
    for (const [lat, lon, maxKm, limit] of [[47.9, 1.9, 449, 150], [43.3, 0.2, 300, 40], [48.85, 2.35, 50, 500], [60, 20, 449, 150], [45, 3, 2000, 1], [43, -1, 100, 10]]) {
      const expected = nodes
        .map((n, i) => ({ n, i, km: n.lat === null || n.lon === null ? Infinity : haversineKm({ lat, lon }, { lat: n.lat, lon: n.lon }) }))
        .filter((x) => x.n.kind === 'FRENCH' && x.n.id !== 'n1' && x.km <= maxKm)
        .sort((a, b) => a.km - b.km || a.i - b.i)
        .slice(0, limit);
      const got = net.nearest('FRENCH', lat, lon, maxKm, limit, 'n1');
      expect(got.map((x) => x.node.id)).toEqual(expected.map((x) => x.n.id));
      got.forEach((x, k) => expect(x.km).toBeCloseTo(expected[k].km, 6));
    }
    expect(net.nearest('FRENCH', 47.9, 1.9, 449, 150, 'n1').length).toBe(150); // dense: the limit binds
    expect(net.nearest('FRENCH', 60, 20, 449, 150)).toEqual([]); // nothing within reach
  });

  it('builds population priors per kind and level, falling back on the kind when a level has too few known populations', () => {
    const net = new NetworkSnapshot([], [], [], [], [
      { kind: 'FRENCH', level: 'COMMUNE', bin: 26, n: 40 },
      { kind: 'FRENCH', level: 'REGION', bin: 66, n: 18 },
      { kind: 'FOREIGN', level: 'MUNICIPALITY', bin: 42, n: 100 },
    ]);
    expect(net.populationPrior('FRENCH', 'COMMUNE')!.expectedFit(400)).toBeCloseTo(Math.exp(-Math.abs(2.6 - Math.log10(400))), 2); // populations are read to 0.01 decade
    // 18 régions are too few for a prior of their own: all French authorities stand in (40 communes, 18 régions).
    const regions = net.populationPrior('FRENCH', 'REGION')!;
    expect(regions.known).toBe(58);
    expect(regions.expectedFit(4_000_000)).toBeCloseTo((40 / 58) * Math.exp(-Math.abs(2.6 - Math.log10(4e6))) + (18 / 58) * Math.exp(-Math.abs(6.6 - Math.log10(4e6))), 2);
    expect(net.populationPrior('FOREIGN', 'PROVINCE')!.known).toBe(100);
    expect(new NetworkSnapshot([], []).populationPrior('FOREIGN', 'MUNICIPALITY')).toBeNull();
  });

  it('retrieves the authorities of a side that best fit the themes sought, relationship themes included', () => {
    const node = (id: string, kind: 'FRENCH' | 'FOREIGN'): NetNode => ({ id, name: id, kind, country: kind === 'FRENCH' ? 'FR' : 'BJ', lat: null, lon: null });
    const own = (id: string, kind: 'FRENCH' | 'FOREIGN', ...ids: string[]) => ids.map((theme) => ({ id, kind, theme, priority: 1 }));
    const net = new NetworkSnapshot(
      [{ a: 'e', b: 'f' }],
      [node('a', 'FOREIGN'), node('b', 'FOREIGN'), node('c', 'FOREIGN'), node('d', 'FOREIGN'), node('e', 'FOREIGN'), node('f', 'FRENCH')],
      // e has no fiche theme: it cooperates with f on waste collection.
      [{ a: 'e', b: 'f', theme: 'env.waste.collection', priority: 1 }],
      [
        ...own('a', 'FOREIGN', 'env.waste.recycling'),
        ...own('b', 'FOREIGN', 'env.waste.collection', 'env.water', 'culture'),
        ...own('c', 'FOREIGN', 'culture', 'culture.exchanges'),
        ...own('d', 'FOREIGN', 'env.water.drinking'),
        ...own('f', 'FRENCH', 'env.waste'),
      ],
    );
    const sim = memoisedSimilarity(themes, cfg);
    const top = (kind: 'FRENCH' | 'FOREIGN', sought: { themeId: string; weight: number }[], limit: number) => net.topByThemeFit(kind, sought, sim, limit);
    // Waste collection: b (fiche) and e (relationship) have the leaf, 1 each, e first as the more linked; a a leaf of
    // the same sub-theme (0.6), d of the same theme (0.3); c nothing in common, left out; f is of the other side.
    const collection = [{ themeId: 'env.waste.collection', weight: 1 }];
    expect(top('FOREIGN', collection, 10)).toEqual(['e', 'b', 'a', 'd']);
    expect(top('FOREIGN', collection, 2)).toEqual(['e', 'b']);
    expect(top('FRENCH', collection, 10)).toEqual(['f']);
    // Two themes sought, culture weighing double: b covers both, c culture alone, then the waste ones.
    expect(top('FOREIGN', [{ themeId: 'env.waste.collection', weight: 1 }, { themeId: 'culture.exchanges', weight: 2 }], 10)).toEqual(['b', 'c', 'e', 'a', 'd']);
    expect(top('FOREIGN', [{ themeId: 'health', weight: 1 }], 10)).toEqual([]);
    // Few holders of related themes (read through the inverted index, the cases above in order): b's "culture" is an
    // ancestor of the theme sought, as good as c's exact match; equally linked, snapshot order.
    expect(top('FOREIGN', [{ themeId: 'culture.exchanges', weight: 1 }], 10)).toEqual(['b', 'c']);
    // An authority's themes: fiche and listings first, then relationships.
    expect(net.themeIds('a')).toEqual(['env.waste.recycling']);
    expect(net.themeIds('e')).toEqual(['env.waste.collection']);
    expect(net.themeIds('f')).toEqual(['env.waste', 'env.waste.collection']);
    expect(net.themeIds('zz')).toEqual([]);
  });
});

describe('values and explanations', () => {
  it('remembers theme similarities without changing them', () => {
    const sim = memoisedSimilarity(themes, cfg);
    const ids = ['env', 'env.waste', 'env.waste.collection', 'env.water', 'culture.exchanges'];
    for (let round = 0; round < 2; round++) for (const a of ids) for (const b of ids) expect(sim(a, b)).toBe(themeSimilarity(a, b, themes, cfg));
  });

  it('gives the same value with or without the explanation', () => {
    const sought = [{ themeId: 'env.waste.collection', weight: 1 }, { themeId: 'culture', weight: 0.5 }];
    const candidate = ['env.waste', 'env.water', 'culture.exchanges'];
    expect(themeFit(sought, candidate, memoisedSimilarity(themes, cfg))).toBe(themeFactor(sought, candidate, themes, cfg).value);
    const ctx = { candidateCountry: { code: 'TG', nameFr: 'Togo', nameEn: 'Togo' }, requested: [] as string[], candidateNeighbours: ['BJ', 'GH'], seekerPartnerCountries: new Map([['BJ', 2]]), seekerPartnerCount: 3 };
    expect(countryFit(ctx)).toBe(countryFactor(ctx).value);
    expect(countryFit({ ...ctx, seekerPartnerCount: 0, seekerPartnerCountries: new Map() })).toBeNull(); // inactive: nothing to say
    expect(countryFactor({ ...ctx, seekerPartnerCount: 0, seekerPartnerCountries: new Map() }).active).toBe(false);
    expect(countryFit({ ...ctx, requested: ['GH'] })).toBe(0.5);
    for (const [s, c] of [[{ population: 116_000, level: 'COMMUNE' }, { population: 164_000, level: 'MUNICIPALITY' }], [{ population: null, level: 'REGION' }, { population: 5, level: 'COMMUNE' }]] as const) {
      expect(sizeFit(s, c)).toBe(sizeFactor(s, c).value);
      const priors = { seeker: PopulationPrior.fromCounts([{ bin: 30, n: 3 }]), candidate: PopulationPrior.fromCounts([{ bin: 45, n: 1 }, { bin: 50, n: 2 }]) };
      expect(sizeFit(s, c, priors)).toBe(sizeFactor(s, c, priors).value);
    }
    for (const km of [null, 0, 420, 5000]) expect(distanceValue(km, cfg)).toBe(distanceFactor(km, cfg).value);
    for (const k of [0, 1, 7]) {
      expect(scarcityValue(k, cfg)).toBe(scarcityFactor(k, { nameFr: 'Bénin', nameEn: 'Benin' }, cfg).value);
      expect(countryNovelty(k)).toBe(countryNoveltyFactor(k, { nameFr: 'Bénin', nameEn: 'Benin' }).value);
      expect(experienceValue(k, cfg.experienceScale)).toBe(experienceFactor(k, 'FRENCH', cfg.experienceScale).value);
      expect(saturate(k / 3)).toBe(networkFactor(k / 3, k ? ['X'] : []).value);
    }
  });
});

describe('combine', () => {
  it('is the weighted mean of the active factors', () => {
    const f = (name: FactorValue['name'], value: number, active = true): FactorValue => ({ name, value, active, fr: '', en: '' });
    const score = combine([f('theme', 1), f('country', 0), f('network', 0.5, false)], cfg.weights);
    expect(score).toBeCloseTo(cfg.weights.theme / (cfg.weights.theme + cfg.weights.country), 6);
  });
});

describe('matching configuration', () => {
  it('merges overrides and validates them', () => {
    expect(loadMatchingConfig('{"weights":{"theme":2},"nearbyKm":50}')).toMatchObject({ nearbyKm: 50, weights: { theme: 2, country: 0.3 } });
    expect(() => loadMatchingConfig('{"weights":{"theme":-1}}')).toThrow(MatchingConfigError);
    expect(() => loadMatchingConfig('not json')).toThrow(MatchingConfigError);
  });
});

describe('French wording', () => {
  it('uses the right preposition before a country name', () => {
    const { inCountryFr } = require('../../server/modules/matching/factors');
    expect(['Maroc', 'Bénin', 'France', 'Allemagne', 'États-Unis', 'Pays-Bas', 'Israël', 'Haïti', 'Mexique'].map(inCountryFr)).toEqual([
      'au Maroc', 'au Bénin', 'en France', 'en Allemagne', 'aux États-Unis', 'aux Pays-Bas', 'en Israël', 'en Haïti', 'au Mexique',
    ]);
  });

  it('writes « de » before a country name, and says whose partners are in a neighbouring country', () => {
    const { ofCountryFr } = require('../../server/modules/matching/factors');
    expect(['Autriche', 'Maroc', 'Tunisie', 'Pays-Bas', 'États-Unis', 'Israël', 'Cuba', 'Iran'].map(ofCountryFr)).toEqual([
      'de l’Autriche', 'du Maroc', 'de la Tunisie', 'des Pays-Bas', 'des États-Unis', 'd’Israël', 'de Cuba', 'de l’Iran',
    ]);
    // Orléans has 10 partners, 2 of them in Germany and Italy, neighbours of Austria.
    const f = countryFactor({ candidateCountry: { code: 'AT', nameFr: 'Autriche', nameEn: 'Austria' }, requested: [], candidateNeighbours: ['DE', 'IT', 'CH'], seekerPartnerCountries: new Map([['DE', 1], ['IT', 1], ['PL', 1]]), seekerPartnerCount: 10 });
    expect(f.fr).toBe('2 de vos 10 partenaires sont dans un pays voisin de l’Autriche.');
    expect(f.en).toBe('2 of your 10 partners are in a country neighbouring Austria.');
    expect(f.value).toBeCloseTo((0.5 * 2) / 10, 6);
    // A single partner is "your partner", not "1 of your 1 partner".
    const one = (code: string) => countryFactor({ candidateCountry: { code, nameFr: code === 'TG' ? 'Togo' : 'Bénin', nameEn: code === 'TG' ? 'Togo' : 'Benin' }, requested: [], candidateNeighbours: code === 'TG' ? ['BJ', 'GH', 'BF'] : ['TG', 'NG'], seekerPartnerCountries: new Map([['BJ', 1]]), seekerPartnerCount: 1 });
    expect([one('BJ').fr, one('BJ').en, one('BJ').value]).toEqual(['Votre partenaire est au Bénin.', 'Your partner is in Benin.', 1]);
    expect([one('TG').fr, one('TG').en, one('TG').value]).toEqual(['Votre partenaire est dans un pays voisin du Togo.', 'Your partner is in a country neighbouring Togo.', 0.5]);
  });
});
