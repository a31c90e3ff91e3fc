/**
 * The factors of a partner suggestion, as pure functions: each returns a value in [0, 1] and a
 * one-sentence explanation in French and English. No database here (unit-tested on their own).
 */
import type { MatchingConfig } from './matching.config';

export type FactorName = 'theme' | 'country' | 'network' | 'peers' | 'nearbyPartners' | 'experience' | 'size' | 'distance' | 'scarcity';

export interface FactorValue {
  name: FactorName;
  value: number;
  fr: string;
  en: string;
  /** False when the factor cannot say anything for this seeker (e.g. no themes): left out of the score. */
  active: boolean;
}

export interface ThemeNode {
  id: string;
  parentId: string | null;
  labelFr: string;
  labelEn: string;
}

/** Thousands separators as Intl's fr-FR (narrow no-break space) and en-GB (comma) write them; far cheaper on hot paths. */
export const formatNumber = (n: number, lang: 'fr' | 'en') =>
  String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, lang === 'fr' ? '\u202f' : ',');
/** French preposition before a country name: « en France », « au Maroc », « aux Pays-Bas ». */
const MASCULINE_IN_E = new Set(['Mexique', 'Cambodge', 'Mozambique', 'Zimbabwe', 'Belize', 'Suriname', 'Bélize', 'Zaïre']);
export function inCountryFr(name: string): string {
  if (/^(États-Unis|Pays-Bas|Émirats|Philippines|Comores|Seychelles|Maldives|Bahamas|Îles|Fidji|Samoa)/.test(name) || name.endsWith('s') && !/^[AEIOUÉÈÎ]/i.test(name)) return `aux ${name}`;
  if (/^[AEIOUYÉÈÊÎÏÔ]/i.test(name) || /^Ha[ïi]ti/.test(name)) return `en ${name}`;
  if (name.endsWith('e') && !MASCULINE_IN_E.has(name)) return `en ${name}`;
  return `au ${name}`;
}
/** Countries named without an article in French (« à Cuba », « d’Israël »). */
const NO_ARTICLE = new Set(['Israël', 'Haïti', 'Cuba', 'Madagascar', 'Singapour', 'Monaco', 'Chypre', 'Malte', 'Bahreïn', 'Oman', 'Taïwan', 'Djibouti', 'Maurice', 'Sainte-Lucie', 'Saint-Marin', 'Sao Tomé-et-Principe', 'Trinité-et-Tobago', 'Antigua-et-Barbuda', 'Saint-Kitts-et-Nevis', 'Nauru', 'Tuvalu', 'Kiribati', 'Palaos', 'Vanuatu', 'Brunei']);
/** French « de » before a country name: « de l’Autriche », « du Maroc », « des Pays-Bas », « de la Tunisie », « d’Israël ». */
export function ofCountryFr(name: string): string {
  const vowel = /^[AEIOUYÉÈÊÎÏÔH]/i.test(name);
  if (NO_ARTICLE.has(name)) return vowel ? `d’${name}` : `de ${name}`;
  const prep = inCountryFr(name);
  if (prep.startsWith('aux ')) return `des ${name}`;
  if (prep.startsWith('au ')) return `du ${name}`;
  return vowel ? `de l’${name}` : `de la ${name}`;
}
/** "1 partenaire", "2 partenaires". */
const n = (count: number, singular: string, plural = `${singular}s`) => `${count} ${count > 1 ? plural : singular}`;
const list = (names: string[], max = 3) => (names.length > max ? `${names.slice(0, max).join(', ')}…` : names.join(', '));
/** 1 − e^(−x / scale): 0 for nothing, towards 1 for much (the network factors and experience). */
export const saturate = (x: number, scale = 1) => 1 - Math.exp(-x / scale);

const ancestorCache = new WeakMap<Map<string, ThemeNode>, Map<string, string[]>>();

/** Path of a theme from its root, memoised per taxonomy map (one per request). */
function ancestors(id: string, themes: Map<string, ThemeNode>): string[] {
  let cache = ancestorCache.get(themes);
  if (!cache) ancestorCache.set(themes, (cache = new Map()));
  let path = cache.get(id);
  if (!path) cache.set(id, (path = computeAncestors(id, themes)));
  return path;
}

function computeAncestors(id: string, themes: Map<string, ThemeNode>): string[] {
  const out: string[] = [];
  let cur = themes.get(id);
  while (cur) {
    out.unshift(cur.id);
    cur = cur.parentId ? themes.get(cur.parentId) : undefined;
  }
  return out; // root first
}

/**
 * Similarity of two themes of the 3-level taxonomy: same theme (or one inside the other) 1,
 * same sous-thématique `sameSub`, same thématique `sameRoot`, otherwise 0.
 */
export function themeSimilarity(a: string, b: string, themes: Map<string, ThemeNode>, cfg: Pick<MatchingConfig, 'themeSameSubTheme' | 'themeSameRoot'>): number {
  if (a === b) return 1;
  const pa = ancestors(a, themes);
  const pb = ancestors(b, themes);
  if (pa.includes(b) || pb.includes(a)) return 1;
  if (pa.length >= 2 && pb.length >= 2 && pa[1] === pb[1]) return cfg.themeSameSubTheme;
  if (pa[0] && pa[0] === pb[0]) return cfg.themeSameRoot;
  return 0;
}

/** themeSimilarity remembered per pair: a ranking compares the same few sought themes with thousands of candidates' themes. */
export function memoisedSimilarity(themes: Map<string, ThemeNode>, cfg: Pick<MatchingConfig, 'themeSameSubTheme' | 'themeSameRoot'>): (a: string, b: string) => number {
  const memo = new Map<string, Map<string, number>>();
  return (a, b) => {
    let row = memo.get(a);
    if (!row) memo.set(a, (row = new Map()));
    let sim = row.get(b);
    if (sim === undefined) row.set(b, (sim = themeSimilarity(a, b, themes, cfg)));
    return sim;
  };
}

export interface WeightedTheme {
  themeId: string;
  /** 1 for priority 1, 1/2 for priority 2, … */
  weight: number;
}

/**
 * Theme fit value: for each theme sought (weighted by priority), the best similarity among the candidate's themes.
 * The definition in its plainest form: the engine computes it with themeFitter (many candidates) and themeFactor (with
 * the explanation), which tests hold to this function's value to the last bit.
 */
export function themeFit(sought: WeightedTheme[], candidate: readonly string[], similarity: (a: string, b: string) => number): number {
  let total = 0;
  let got = 0;
  for (const s of sought) {
    let best = 0;
    for (const c of candidate) best = Math.max(best, similarity(s.themeId, c));
    total += s.weight;
    got += s.weight * best;
  }
  return total ? got / total : 0;
}

/**
 * themeFit for many candidates against the same themes sought: each distinct candidate theme's similarities to the
 * sought themes are computed once (a row of numbers), and a candidate's fit is then a max over rows and a weighted
 * sum, in the order and with the arithmetic of themeFit (same result to the last bit; a unit test checks it).
 */
export function themeFitter(sought: WeightedTheme[], similarity: (a: string, b: string) => number): (candidate: readonly string[]) => number {
  const n = sought.length;
  const weights = Float64Array.from(sought, (s) => s.weight);
  const rows = new Map<string, Float64Array>();
  const best = new Float64Array(n);
  return (candidate) => {
    best.fill(0);
    for (const c of candidate) {
      let row = rows.get(c);
      if (!row) rows.set(c, (row = Float64Array.from(sought, (s) => similarity(s.themeId, c))));
      for (let i = 0; i < n; i++) if (row[i] > best[i]) best[i] = row[i];
    }
    let total = 0;
    let got = 0;
    for (let i = 0; i < n; i++) {
      total += weights[i];
      got += weights[i] * best[i];
    }
    return total ? got / total : 0;
  };
}

/** A partner with which the candidate cooperates on a theme (a relationship carrying that theme). */
export interface ThemePartner {
  name: string;
  /** Country names, given after the partner's name; empty for partners in France (the obvious case). */
  countryFr: string;
  countryEn: string;
  /** In the seeker's own country: named first ("cooperates with 2 other Beninese municipalities"). */
  seekersCountry: boolean;
}

/**
 * Theme fit: for each theme sought (weighted by priority), the best match among the candidate's themes. Explained:
 * the themes on which the candidate already cooperates, and with whom (when `partnersOn` says,
 * for a theme of the candidate, through which partners it works on it), then the other themes it works on.
 */
export function themeFactor(
  sought: WeightedTheme[],
  candidateThemes: Iterable<string>,
  themes: Map<string, ThemeNode>,
  cfg: MatchingConfig,
  partnersOn?: (themeId: string) => ThemePartner[],
  similarity: (a: string, b: string) => number = (a, b) => themeSimilarity(a, b, themes, cfg),
): FactorValue {
  if (sought.length === 0) return { name: 'theme', value: 0, active: false, fr: 'Aucun thème recherché.', en: 'No theme sought.' };
  const candidates = [...new Set(candidateThemes)];
  // One pass per theme sought: its best similarity (the value, summed as themeFit does, to the last bit) and, among
  // the candidate's themes that reach it, one it cooperates on with partners (so that the sentence can say with whom),
  // else the first.
  const sims = new Float64Array(candidates.length);
  const best = new Map<string, number>();
  const through = new Map<string, ThemePartner[]>();
  let total = 0;
  let got = 0;
  for (const s of sought) {
    let top = 0;
    for (let k = 0; k < candidates.length; k++) {
      sims[k] = similarity(s.themeId, candidates[k]);
      if (sims[k] > top) top = sims[k];
    }
    total += s.weight;
    got += s.weight * top;
    if (top === 0) continue;
    let first: string | undefined;
    let withPartners: { id: string; partners: ThemePartner[] } | undefined;
    for (let k = 0; k < candidates.length && !withPartners; k++) {
      if (sims[k] !== top) continue;
      first ??= candidates[k];
      const partners = partnersOn?.(candidates[k]);
      if (partners?.length) withPartners = { id: candidates[k], partners };
    }
    const id = withPartners?.id ?? first!;
    best.set(id, Math.max(best.get(id) ?? 0, top));
    if (withPartners) through.set(id, withPartners.partners);
  }
  const value = total ? got / total : 0;
  if (!best.size) return { name: 'theme', value, active: true, fr: 'Aucun thème en commun.', en: 'No theme in common.' };
  const matched = [...best].sort((x, y) => y[1] - x[1]).map(([id]) => id);
  const labels = (ids: string[], lang: 'labelFr' | 'labelEn') => [...new Set(ids.map((id) => themes.get(id)![lang]))];
  const others = matched.filter((id) => !through.has(id));
  const end = (names: string[]) => (names.length > 3 ? list(names) : `${list(names)}.`); // « … » ends the sentence itself
  if (!through.size) return { name: 'theme', value, active: true, fr: `Travaille sur : ${end(labels(others, 'labelFr'))}`, en: `Works on: ${end(labels(others, 'labelEn'))}` };

  const seen = new Set<string>();
  const partners = [...through.values()]
    .flat()
    .filter((p) => !seen.has(`${p.name}|${p.countryEn}`) && seen.add(`${p.name}|${p.countryEn}`))
    .sort((a, b) => Number(b.seekersCountry) - Number(a.seekersCountry));
  const named = (lang: 'fr' | 'en') => {
    const shown = partners.slice(0, 3).map((p) => (p.countryEn ? `${p.name} (${lang === 'fr' ? p.countryFr : p.countryEn})` : p.name));
    const more = partners.length - shown.length;
    if (lang === 'fr') return more ? `${shown.join(', ')} et ${more} autre${more > 1 ? 's' : ''}` : shown.length > 1 ? `${shown.slice(0, -1).join(', ')} et ${shown.at(-1)}` : shown[0];
    return more ? `${shown.join(', ')} and ${more} other${more > 1 ? 's' : ''}` : shown.length > 1 ? `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}` : shown[0];
  };
  const topics = (lang: 'labelFr' | 'labelEn') => {
    const names = labels([...through.keys()], lang);
    const [open, close] = lang === 'labelFr' ? ['« ', ' »'] : ['"', '"'];
    return names.length > 2 ? `${names.slice(0, 2).map((x) => open + x + close).join(', ')}…` : names.map((x) => open + x + close).join(lang === 'labelFr' ? ' et ' : ' and ');
  };
  let fr = `Coopère sur ${topics('labelFr')} avec ${named('fr')}.`;
  let en = `Cooperates on ${topics('labelEn')} with ${named('en')}.`;
  if (others.length) {
    fr += ` Travaille aussi sur : ${end(labels(others, 'labelFr'))}`;
    en += ` Also works on: ${end(labels(others, 'labelEn'))}`;
  }
  return { name: 'theme', value, active: true, fr, en };
}

export interface CountryContext {
  candidateCountry: { code: string; nameFr: string; nameEn: string };
  /** Countries explicitly requested (listing targets or the query). */
  requested: string[];
  /** Land neighbours of the candidate's country. */
  candidateNeighbours: string[];
  /** How many of the seeker's partners are in each country. */
  seekerPartnerCountries: Map<string, number>;
  seekerPartnerCount: number;
}

/** Country fit value (null when the factor has nothing to say: no requested country and no partner yet). */
export function countryFit(ctx: CountryContext): number | null {
  const code = ctx.candidateCountry.code;
  if (ctx.requested.length) {
    if (ctx.requested.includes(code)) return 1;
    if (ctx.candidateNeighbours.some((n) => ctx.requested.includes(n))) return 0.5;
  }
  if (ctx.seekerPartnerCount === 0) return ctx.requested.length > 0 ? 0 : null;
  const here = ctx.seekerPartnerCountries.get(code) ?? 0;
  const near = ctx.candidateNeighbours.reduce((s, n) => s + (ctx.seekerPartnerCountries.get(n) ?? 0), 0);
  return Math.min(1, (here + 0.5 * near) / ctx.seekerPartnerCount);
}

/** Country fit: a requested country, else the seeker's experience in that country (or a neighbour). */
export function countryFactor(ctx: CountryContext): FactorValue {
  const { candidateCountry: c } = ctx;
  const fit = countryFit(ctx);
  const value = fit ?? 0;
  const active = fit !== null;
  if (ctx.requested.includes(c.code)) return { name: 'country', value, active, fr: `Pays recherché : ${c.nameFr}.`, en: `Requested country: ${c.nameEn}.` };
  if (ctx.requested.length && ctx.candidateNeighbours.some((n) => ctx.requested.includes(n))) return { name: 'country', value, active, fr: `Pays voisin d’un pays recherché (${c.nameFr}).`, en: `Neighbour of a requested country (${c.nameEn}).` };
  if (ctx.seekerPartnerCount === 0) {
    return { name: 'country', value, active, fr: `${c.nameFr} : pas de partenariat existant dans ce pays.`, en: `${c.nameEn}: no existing partnership in this country.` };
  }
  const here = ctx.seekerPartnerCountries.get(c.code) ?? 0;
  const near = ctx.candidateNeighbours.reduce((s, n) => s + (ctx.seekerPartnerCountries.get(n) ?? 0), 0);
  if (ctx.seekerPartnerCount === 1 && (here > 0 || near > 0)) {
    return here > 0
      ? { name: 'country', value, active, fr: `Votre partenaire est ${inCountryFr(c.nameFr)}.`, en: `Your partner is in ${c.nameEn}.` }
      : { name: 'country', value, active, fr: `Votre partenaire est dans un pays voisin ${ofCountryFr(c.nameFr)}.`, en: `Your partner is in a country neighbouring ${c.nameEn}.` };
  }
  if (here > 0) return { name: 'country', value, active, fr: `${here} de vos ${n(ctx.seekerPartnerCount, 'partenaire')} ${here > 1 ? 'sont' : 'est'} ${inCountryFr(c.nameFr)}.`, en: `${here} of your ${n(ctx.seekerPartnerCount, 'partner')} ${here > 1 ? 'are' : 'is'} in ${c.nameEn}.` };
  if (near > 0) return { name: 'country', value, active, fr: `${near} de vos ${n(ctx.seekerPartnerCount, 'partenaire')} ${near > 1 ? 'sont' : 'est'} dans un pays voisin ${ofCountryFr(c.nameFr)}.`, en: `${near} of your ${n(ctx.seekerPartnerCount, 'partner')} ${near > 1 ? 'are' : 'is'} in a country neighbouring ${c.nameEn}.` };
  return { name: 'country', value, active, fr: `Aucun de vos partenaires n’est ${inCountryFr(c.nameFr)}.`, en: `None of your partners is in ${c.nameEn}.` };
}

/**
 * Foreign seeker: towns seldom take a second partner in the same country, so a French candidate with no
 * partner in the seeker's country yet fits better (measured on Wikidata's twinnings, see docs/matching.md).
 */
export const countryNovelty = (partnersInCountry: number): number => Math.exp(-partnersInCountry);

export function countryNoveltyFactor(partnersInCountry: number, country: { nameFr: string; nameEn: string }): FactorValue {
  const value = countryNovelty(partnersInCountry);
  if (partnersInCountry === 0) return { name: 'country', value, active: true, fr: `Pas encore de partenaire ${inCountryFr(country.nameFr)}.`, en: `No partner in ${country.nameEn} yet.` };
  return { name: 'country', value, active: true, fr: `A déjà ${n(partnersInCountry, 'partenaire')} ${inCountryFr(country.nameFr)}.`, en: `Already has ${n(partnersInCountry, 'partner')} in ${country.nameEn}.` };
}

/** A network factor: a saturated weighted sum, explained by the authorities it goes through (or why there are none). */
function throughFactor(name: FactorName, sum: number, via: string[], none: [string, string], some: (count: number, names: string) => [string, string]): FactorValue {
  if (via.length === 0) return { name, value: 0, active: true, fr: none[0], en: none[1] };
  const [fr, en] = some(via.length, list(via));
  return { name, value: saturate(sum), active: true, fr, en };
}

/** Twins of my twins: Adamic-Adar sum over shared partners (a shared partner with few links counts more). */
export function networkFactor(adamicAdar: number, via: string[]): FactorValue {
  return throughFactor('network', adamicAdar, via, ['Aucun partenaire commun.', 'No partner in common.'], (count, names) => [
    `Partenaire de ${count === 1 ? 'l’un de vos partenaires' : `${count} de vos partenaires`} (${names}).`,
    `Partner of ${count === 1 ? 'one' : count} of your partners (${names}).`,
  ]);
}

/**
 * Authorities whose partners resemble mine: same-side peers that share partners with the seeker (Adamic-Adar
 * similarity) and are linked to the candidate. `weightedSum` = Σ over such peers of similarity / ln(1 + peer degree).
 */
export function peersFactor(weightedSum: number, via: string[]): FactorValue {
  return throughFactor('peers', weightedSum, via, ['Aucun partenaire de collectivités qui vous ressemblent.', 'Not a partner of authorities like you.'], (count, names) => [
    `Partenaire de ${n(count, 'collectivité', 'collectivités')} ayant des partenaires en commun avec vous (${names}).`,
    `Partner of ${count} authorit${count > 1 ? 'ies' : 'y'} sharing partners with you (${names}).`,
  ]);
}

/** Partners of authorities near the seeker: partnerships cluster by territory. */
export function nearbyPartnersFactor(weightedCount: number, via: string[]): FactorValue {
  return throughFactor('nearbyPartners', weightedCount, via, ['Aucun partenariat avec vos voisins.', 'No partnership with your neighbours.'], (count, names) => [
    `Partenaire de ${n(count, 'collectivité proche', 'collectivités proches')} de vous (${names}).`,
    `Partner of ${count} authorit${count > 1 ? 'ies' : 'y'} near you (${names}).`,
  ]);
}

export const experienceValue = (count: number, scale = 10): number => saturate(count, scale);

/** The candidate's experience with partners of the seeker's side (French partners for a foreign candidate, and vice versa). */
export function experienceFactor(count: number, seekerSide: 'FRENCH' | 'FOREIGN', scale = 10): FactorValue {
  const [fr, en] = seekerSide === 'FRENCH' ? ['françaises', 'French'] : ['étrangères', 'foreign'];
  if (count === 0) return { name: 'experience', value: 0, active: true, fr: `Aucune coopération avec des collectivités ${fr}.`, en: `No cooperation with ${en} authorities yet.` };
  return { name: 'experience', value: experienceValue(count, scale), active: true, fr: `Coopère déjà avec ${n(count, `collectivité ${fr.replace(/s$/, '')}`, `collectivités ${fr}`)}.`, en: `Already cooperates with ${count} ${en} authorit${count > 1 ? 'ies' : 'y'}.` };
}

/** How well two levels fit together (commune ↔ municipality, région ↔ province, …). */
export function levelCompatibility(a: string, b: string): number {
  const group = (l: string) => (l === 'COMMUNE' || l === 'MUNICIPALITY' || l === 'OVERSEAS_COLLECTIVITY' ? 'local' : l === 'EPCI' ? 'inter' : l === 'DEPARTEMENT' || l === 'REGION' || l === 'PROVINCE' ? 'regional' : 'other');
  const [ga, gb] = [group(a), group(b)];
  if (ga === gb) return 1;
  if (ga === 'other' || gb === 'other') return 0.5;
  if ((ga === 'inter' && gb === 'local') || (ga === 'local' && gb === 'inter')) return 0.8;
  if (ga === 'inter' || gb === 'inter') return 0.5;
  return 0.3; // local ↔ regional
}

/** Fit of two known populations on a log scale: 1 when equal, 0.37 when ten times apart. */
export const populationRatioFit = (a: number, b: number): number => Math.exp(-Math.abs(Math.log(b / a)) / Math.LN10);

/**
 * Where the populations of one kind of authority lie (shares of 0.1-decade bins of log10 population): the prior that
 * stands in for a population the reference data do not give. An unknown population then scores the fit a known one
 * would get on average, not a flat value that can beat a real, poorer fit (see docs/matching.md, "size").
 */
export class PopulationPrior {
  private readonly memo = new Map<number, number>();
  private readonly pairMemo = new Map<PopulationPrior, number>();

  private constructor(
    /** log10 population at the centre of each bin. */
    readonly centres: Float64Array,
    /** Share of the known populations in each bin (sums to 1). */
    readonly shares: Float64Array,
    /** How many known populations the prior was built from. */
    readonly known: number,
  ) {}

  /** From counts per bin, bin = round(10 × log10(population)); null without any known population. */
  static fromCounts(rows: readonly { bin: number; n: number }[]): PopulationPrior | null {
    const total = rows.reduce((s, r) => s + Number(r.n), 0);
    if (!total) return null;
    return new PopulationPrior(Float64Array.from(rows, (r) => Number(r.bin) / 10), Float64Array.from(rows, (r) => Number(r.n) / total), total);
  }

  /** Expected fit of a known population against a population drawn from this prior. */
  expectedFit(population: number): number {
    const key = Math.round(Math.log10(population) * 100);
    let v = this.memo.get(key);
    if (v === undefined) {
      const x = key / 100;
      v = 0;
      for (let i = 0; i < this.centres.length; i++) v += this.shares[i] * Math.exp(-Math.abs(this.centres[i] - x));
      this.memo.set(key, v);
    }
    return v;
  }

  /** Expected fit of two populations drawn from this prior and another (both unknown). */
  expectedFitWith(other: PopulationPrior): number {
    let v = this.pairMemo.get(other);
    if (v === undefined) {
      v = 0;
      for (let i = 0; i < this.centres.length; i++) for (let j = 0; j < other.centres.length; j++) v += this.shares[i] * other.shares[j] * Math.exp(-Math.abs(this.centres[i] - other.centres[j]));
      this.pairMemo.set(other, v);
    }
    return v;
  }
}

/** The size fit used when no prior is at hand (no known population of that kind at all). */
export const UNKNOWN_SIZE_FIT = 0.5;

interface Sized {
  population: number | null;
  level: string;
}

/** Priors for the seeker's and the candidate's kinds of authority (see PopulationPrior). */
export interface SizePriors {
  seeker: PopulationPrior | null;
  candidate: PopulationPrior | null;
}

/**
 * Size value: population ratio on a log scale (×10 apart → 0.37), times level compatibility. An unknown population
 * takes the expected ratio fit under the prior of its kind of authority (0.5 without a prior).
 */
export function sizeFit(seeker: Sized, candidate: Sized, priors?: SizePriors): number {
  const levels = levelCompatibility(seeker.level, candidate.level);
  if (seeker.population && candidate.population) return populationRatioFit(seeker.population, candidate.population) * levels;
  let expected: number | undefined;
  if (candidate.population) expected = priors?.seeker?.expectedFit(candidate.population);
  else if (seeker.population) expected = priors?.candidate?.expectedFit(seeker.population);
  else if (priors?.seeker && priors.candidate) expected = priors.seeker.expectedFitWith(priors.candidate);
  return (expected ?? UNKNOWN_SIZE_FIT) * levels;
}

/** Size: population ratio on a log scale (×10 apart → 0.37), times level compatibility. */
export function sizeFactor(seeker: Sized, candidate: Sized, priors?: SizePriors): FactorValue {
  const value = sizeFit(seeker, candidate, priors);
  if (!seeker.population || !candidate.population) {
    const [fr, en] = candidate.population
      ? ['Votre population est inconnue', 'Your population is unknown']
      : seeker.population
        ? ['Population inconnue', 'Population unknown']
        : ['Populations inconnues', 'Both populations unknown'];
    return { name: 'size', value, active: true, fr: `${fr} : valeur moyenne pour une collectivité de ce type.`, en: `${en}: the average fit for an authority of this kind.` };
  }
  return {
    name: 'size',
    value,
    active: true,
    fr: `Population ${formatNumber(candidate.population, 'fr')} contre ${formatNumber(seeker.population, 'fr')}.`,
    en: `Population ${formatNumber(candidate.population, 'en')} vs ${formatNumber(seeker.population, 'en')}.`,
  };
}

/** Mean Earth radius (km), for great-circle distances. */
export const EARTH_RADIUS_KM = 6371;

export function haversineKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const toRad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * toRad;
  const dLon = (b.lon - a.lon) * toRad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * toRad) * Math.cos(b.lat * toRad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Geography: closer partners are easier to visit and more often chosen (exponential decay). */
export const distanceValue = (km: number | null, cfg: Pick<MatchingConfig, 'distanceKm'>): number => (km === null ? 0.5 : Math.exp(-km / cfg.distanceKm));

export function distanceFactor(km: number | null, cfg: Pick<MatchingConfig, 'distanceKm'>): FactorValue {
  if (km === null) return { name: 'distance', value: distanceValue(km, cfg), active: true, fr: 'Distance inconnue.', en: 'Distance unknown.' };
  return { name: 'distance', value: distanceValue(km, cfg), active: true, fr: `À ${formatNumber(km, 'fr')} km.`, en: `${formatNumber(km, 'en')} km away.` };
}

/** The ministry's aim: more cooperation where French authorities are scarce. Only for foreign candidates. */
export const scarcityValue = (frenchRelationshipsInCountry: number, cfg: Pick<MatchingConfig, 'scarceBelow'>): number => 1 / (1 + frenchRelationshipsInCountry / Math.max(1, cfg.scarceBelow));

export function scarcityFactor(frenchRelationshipsInCountry: number, country: { nameFr: string; nameEn: string }, cfg: Pick<MatchingConfig, 'scarceBelow'>): FactorValue {
  const value = scarcityValue(frenchRelationshipsInCountry, cfg);
  const scarce = frenchRelationshipsInCountry <= cfg.scarceBelow;
  return {
    name: 'scarcity',
    value,
    active: true,
    // What the Bourse knows, not the world: a database holding only a few partnerships must not say that French
    // cooperation is rare in Germany, only that the Bourse records little of it there.
    fr: scarce
      ? `Peu de coopération française recensée ${inCountryFr(country.nameFr)} (${n(frenchRelationshipsInCountry, 'partenariat')} dans la Bourse).`
      : `${n(frenchRelationshipsInCountry, 'partenariat français recensé', 'partenariats français recensés')} ${inCountryFr(country.nameFr)}.`,
    en: scarce
      ? `Little French cooperation on record in ${country.nameEn} (${n(frenchRelationshipsInCountry, 'partnership')} in the Bourse).`
      : `${n(frenchRelationshipsInCountry, 'French partnership')} on record in ${country.nameEn}.`,
  };
}

/** Weighted mean of the active factors, in [0, 1]. */
export function combine(factors: FactorValue[], weights: Record<FactorName, number>): number {
  let num = 0;
  let den = 0;
  for (const f of factors) {
    if (!f.active) continue;
    const w = weights[f.name];
    num += w * f.value;
    den += w;
  }
  return den > 0 ? num / den : 0;
}
