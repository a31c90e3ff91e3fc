import type { Context } from '../../context';
import { badInput, missing } from '../../common/errors';
import { assertCanEditAuthority, canEditAuthority, canReview } from '../../common/permissions';
import { recordAudit } from '../workflow/events';
import { assertCountries, assertThemes } from '../../common/validation';
import { AuthorityService } from '../authority/authority.service';
import { Listing, ListingStatus, ListingType } from '../listing/listing.entity';
import type { Country } from '../country/country.entity';
import { ListingService } from '../listing/listing.service';
import {
  type FactorName,
  type FactorValue,
  type ThemeNode,
  type WeightedTheme,
  countryFactor,
  countryFit,
  countryNovelty,
  countryNoveltyFactor,
  distanceFactor,
  distanceValue,
  experienceFactor,
  EARTH_RADIUS_KM,
  experienceValue,
  haversineKm,
  memoisedSimilarity,
  nearbyPartnersFactor,
  networkFactor,
  peersFactor,
  saturate,
  scarcityFactor,
  scarcityValue,
  sizeFactor,
  sizeFit,
  themeFactor,
  themeFit,
  themeFitter,
  type SizePriors,
} from './factors';
import type { MatchingConfig } from './matching.config';
import { CandidateStanding, MatchFactor, type CandidateExplanation, type ExplainCandidateInput, type ListingMatch, type PartnerSuggestions, type ScoreFactor, type SuggestionCriteriaInput, type SuggestPartnersInput } from './matching.types';
import { COORDINATES_SQL, DEPARTEMENT_JOIN, getNetwork, type AuthorityRow, type NetworkSnapshot, type PeerScores } from './network';

type Kind = 'FRENCH' | 'FOREIGN';

type Seeker = AuthorityRow;

/**
 * Authorities by id (a retrieved pool: hundreds to a few thousand), one primary-key lookup each, as `a`. With
 * `a.id = ANY($n)` the planner chose a sequential scan of the whole table, testing every row against the array (10–15 ms
 * for 1,300 ids at 80,000 authorities); `OFFSET 0` keeps the lateral subquery from being flattened back into that plan.
 */
const byIds = (param: string) =>
  `unnest(${param}::uuid[]) AS pool(id) CROSS JOIN LATERAL (SELECT x.id, x.name, x.kind, x.level, x.country_code, x.population, x.latitude, x.longitude, x.departement_code FROM local_authority x WHERE x.id = pool.id OFFSET 0) a`;
type CandidateRow = AuthorityRow;

interface NearbyAuthority {
  id: string;
  name: string;
  weight: number;
}

/** Internal options: the evaluation ranks every candidate of the other side, not a retrieved pool. */
export interface RankOptions {
  exhaustive?: boolean;
  /** Score exactly these candidates (ids already checked) instead of the retrieved pool; filters and exclusions still apply. */
  only?: string[];
  /** Score these candidates too, besides the retrieved pool (filters and exclusions still apply). */
  include?: string[];
  /** Leave these candidates out (the review queue's pairs already proposed for the seeker), so that the next best take their places. */
  exclude?: string[];
  /**
   * Leave out the candidates the seeker's agents set aside. Default: when the viewer may see them (the seeker's
   * agents, administrators, reviewers of the seeker's country); everyone else gets the ranking as computed.
   */
  curated?: boolean;
}

const FACTOR_ENUM: Record<FactorName, MatchFactor> = {
  theme: MatchFactor.THEME,
  country: MatchFactor.COUNTRY,
  network: MatchFactor.NETWORK,
  peers: MatchFactor.PEERS,
  nearbyPartners: MatchFactor.NEARBY_PARTNERS,
  experience: MatchFactor.EXPERIENCE,
  size: MatchFactor.SIZE,
  distance: MatchFactor.DISTANCE,
  scarcity: MatchFactor.SCARCITY,
};

/** Themes with a weight by priority: 1, 1/2, 1/3… The strongest weight wins when a theme comes twice. */
function weightThemes(links: { themeId: string; priority: number }[]): WeightedTheme[] {
  const best = new Map<string, number>();
  for (const l of links) best.set(l.themeId, Math.max(best.get(l.themeId) ?? 0, 1 / Math.max(1, l.priority)));
  return [...best].map(([themeId, weight]) => ({ themeId, weight }));
}

/** Explains and scores factors with the configured weights. */
export function toScoreFactors(factors: FactorValue[], weights: Record<FactorName, number>): ScoreFactor[] {
  const den = factors.filter((f) => f.active).reduce((s, f) => s + weights[f.name], 0) || 1;
  return factors
    .filter((f) => f.active && weights[f.name] > 0)
    .map((f) => ({
      name: FACTOR_ENUM[f.name],
      weight: weights[f.name],
      value: round(f.value),
      contribution: round((weights[f.name] * f.value) / den),
      explanationFr: f.fr,
      explanationEn: f.en,
    }));
}

const round = (x: number) => Math.round(x * 10000) / 10000;
const countryCache = new WeakMap<object, Promise<Map<string, Country>>>();

/** A listing's partner-profile criteria met by an authority (met, French, English), and the share met (1 without criteria). */
function profileChecks(listing: Listing, a: CandidateRow): { checks: [boolean, string, string][]; value: number } {
  const checks: [boolean, string, string][] = [];
  if (listing.targetCountryCodes.length) checks.push([listing.targetCountryCodes.includes(a.country), 'pays recherché', 'requested country']);
  if (listing.desiredLevels.length) checks.push([listing.desiredLevels.includes(a.level as never), 'niveau recherché', 'requested level']);
  if (listing.populationMin != null || listing.populationMax != null) {
    const p = a.population ?? -1;
    checks.push([p >= (listing.populationMin ?? 0) && p <= (listing.populationMax ?? Infinity), 'population recherchée', 'requested population']);
  }
  return { checks, value: checks.length ? checks.filter((c) => c[0]).length / checks.length : 1 };
}

/** Ranked, explained partner suggestions and reciprocal listing matches. */
export class MatchingService {
  constructor(
    private readonly ctx: Context,
    private readonly cfg: MatchingConfig,
  ) {}

  async suggest(input: SuggestPartnersInput, options: RankOptions = {}): Promise<PartnerSuggestions> {
    const first = input.first ?? 20;
    if (!options.exhaustive && !options.only && first > this.cfg.maxResults) throw badInput('input.first', `first may not exceed ${this.cfg.maxResults}.`, 'OUT_OF_RANGE');
    const r = await this.rank(input, options, (i) => i < first);
    return {
      seekerId: r.seeker.id,
      listingId: r.listing?.id ?? null,
      alreadyPartneredIds: [...r.partners],
      // A candidate set aside that has become a partner since is listed as a partner only.
      setAsideIds: r.setAside.filter((x) => !r.partners.has(x)),
      candidatesConsidered: r.scored.length,
      candidates: r.scored.slice(0, first).map((s, i) => ({ rank: i + 1, score: round(s.score), factors: toScoreFactors(s.factors, this.cfg.weights), authorityId: s.id })),
    };
  }

  /**
   * Where one given authority stands for a seeker, and why: its rank and explained score among the candidates
   * considered (the retrieved pool, with it added), or why it cannot be suggested (itself, same side, already a
   * partner, outside the criteria). Answers "why is X not suggested to me?".
   */
  async explainCandidate(input: ExplainCandidateInput): Promise<CandidateExplanation> {
    const candidate = await new AuthorityService(this.ctx).getById(input.candidateId, 'input.candidateId');
    const r = await this.rank(input, { include: [candidate.id] }, (_, id) => id === candidate.id);
    const base = { seekerId: r.seeker.id, candidateId: candidate.id, candidatesConsidered: r.scored.length, rank: null, score: null, factors: [], retrieved: r.retrieved.has(candidate.id) };
    const name = candidate.name;
    const because = (standing: CandidateStanding, fr: string, en: string): CandidateExplanation => ({ ...base, standing, reasonFr: fr, reasonEn: en });
    if (candidate.id === r.seeker.id) return because(CandidateStanding.SELF, 'C’est la collectivité elle-même.', 'This is the seeker itself.');
    if (candidate.kind === r.seeker.kind) {
      return because(CandidateStanding.SAME_SIDE, `${name} est du même côté (${r.seeker.kind === 'FRENCH' ? 'collectivités françaises' : 'collectivités étrangères'}) : seules les collectivités de l’autre côté sont suggérées.`, `${name} is on the same side (${r.seeker.kind === 'FRENCH' ? 'French' : 'foreign'} authorities): only authorities of the other side are suggested.`);
    }
    if (r.partners.has(candidate.id)) return because(CandidateStanding.ALREADY_PARTNERED, `${name} est déjà partenaire : jamais suggérée.`, `${name} is already a partner: never suggested.`);
    if (r.setAside.includes(candidate.id)) {
      return because(
        CandidateStanding.SET_ASIDE,
        `${r.seeker.name} a écarté ${name} de ses suggestions ; la rétablir la remet dans la liste.`,
        `${r.seeker.name} set ${name} aside from its suggestions; restoring it puts it back in the list.`,
      );
    }
    const i = r.scored.findIndex((x) => x.id === candidate.id);
    if (i < 0) {
      const f = r.filters;
      const failed: [string, string][] = [];
      if (f.countries.length && !f.countries.includes(candidate.countryCode)) failed.push(['pays', 'country']);
      if (f.levels.length && !f.levels.includes(candidate.level)) failed.push(['niveau', 'level']);
      const pop = candidate.population;
      if ((f.popMin != null && (pop == null || pop < f.popMin)) || (f.popMax != null && (pop == null || pop > f.popMax))) failed.push(['population', 'population']);
      return because(
        CandidateStanding.OUTSIDE_CRITERIA,
        `${name} ne répond pas aux critères (${failed.map((x) => x[0]).join(', ') || 'profil'}).`,
        `${name} does not meet the criteria (${failed.map((x) => x[1]).join(', ') || 'profile'}).`,
      );
    }
    const rank = i + 1;
    const total = r.scored.length;
    const pool = base.retrieved ? '' : ' Elle n’était pas parmi les candidats retenus par la recherche (ni par ses thèmes, ni parmi les plus grandes de ses pays ou des pays voisins, ni parmi les plus proches, de tous pays ou des pays où la coopération française est rare, ni parmi celles de taille semblable, ni par le réseau) : elle y est ajoutée pour ce calcul.';
    const poolEn = base.retrieved ? '' : ' It was not among the candidates retrieved (not by its themes, not among the largest of its countries or of neighbouring ones, not among the nearest, of any country or of countries where French cooperation is scarce, not among those of a similar size, not through the network): it is added to them for this answer.';
    return {
      ...base,
      standing: CandidateStanding.RANKED,
      rank,
      score: round(r.scored[i].score),
      factors: toScoreFactors(r.scored[i].factors, this.cfg.weights),
      reasonFr: `${name} est classée ${rank === 1 ? '1re' : `${rank}e`} sur ${total} candidats examinés.${pool}`,
      reasonEn: `${name} ranks ${rank} of ${total} candidates considered.${poolEn}`,
    };
  }

  /** Validates the criteria, retrieves and scores the candidates (explaining those `explain` selects), best first. */
  private async rank(input: SuggestionCriteriaInput & { authorityId?: string; listingId?: string }, options: RankOptions, explain: (index: number, id: string) => boolean) {
    if (!input.authorityId === !input.listingId) throw badInput('input', 'Give either authorityId or listingId.', 'ONE_OF');
    if (input.countries?.length) await assertCountries(this.ctx.ds, input.countries, (i) => `input.countries[${i}]`);
    if (input.themes?.length) await assertThemes(this.ctx.ds, input.themes, (i) => `input.themes[${i}]`);
    const range = input.populationRange;
    if (range?.min != null && range?.max != null && range.min > range.max) throw badInput('input.populationRange.max', 'max must not be below min.', 'INVALID_RANGE');

    let listing: Listing | null = null;
    let authorityId: string;
    if (input.listingId) {
      listing = await new ListingService(this.ctx).getById(input.listingId, 'input.listingId');
      authorityId = listing.authorityId;
    } else {
      authorityId = (await new AuthorityService(this.ctx).getById(input.authorityId!, 'input.authorityId')).id;
    }
    const seeker = await this.loadSeeker(authorityId);
    const targetKind: Kind = seeker.kind === 'FRENCH' ? 'FOREIGN' : 'FRENCH';

    // What is sought: explicit input first, then the listing, then the seeker's own profile.
    let sought: WeightedTheme[];
    if (input.themes?.length) sought = input.themes.map((themeId) => ({ themeId, weight: 1 }));
    else if (listing) sought = weightThemes(await this.ctx.loaders.listingThemes.load(listing.id));
    else sought = weightThemes(await this.profileThemes([seeker.id]).then((m) => m.get(seeker.id) ?? []));
    const requested = input.countries?.length ? input.countries : (listing?.targetCountryCodes ?? []).filter((c) => (targetKind === 'FOREIGN' ? c !== 'FR' : c === 'FR'));
    const levels: string[] = input.levels?.length ? input.levels : (listing?.desiredLevels ?? []);
    const popMin = range?.min ?? listing?.populationMin ?? null;
    const popMax = range?.max ?? listing?.populationMax ?? null;

    const net = await getNetwork(this.ctx.ds);
    const partners = net.partners(seeker.id);
    const filters = { targetKind, countries: targetKind === 'FOREIGN' ? requested : [], levels, popMin, popMax };
    const nearby = this.nearby(seeker, net);
    const peers = net.peerScores(seeker.id);
    const retrieved = new Set(options.exhaustive ? [] : options.only ? options.only : await this.retrievePool(seeker, sought, requested, net, filters.targetKind, nearby, peers));
    const poolIds = options.exhaustive ? null : [...new Set([...retrieved, ...(options.include ?? [])])];
    const setAside = (options.curated ?? this.seesSetAside(seeker)) ? await this.setAsideIds(seeker.id) : [];
    const excluded = new Set([...(options.exclude ?? []), ...setAside]);
    const candidates = (await this.loadCandidates(poolIds, filters, net)).filter((c) => c.id !== seeker.id && !partners.has(c.id) && !excluded.has(c.id));
    const scored = await this.score(seeker, candidates, sought, requested, net, nearby, peers, explain);
    return { seeker, listing, partners, filters, retrieved, scored, setAside };
  }

  /**
   * Reciprocal matches of a published listing: listings of the other type, by authorities of the other side. Both
   * directions need a shared theme, so only the listings with a theme in one of this listing's thématiques are read
   * (in SQL); all of those are valued, numbers only, and only the `first` kept are explained.
   */
  async listingMatches(listingId: string, first = 20): Promise<ListingMatch[]> {
    if (first > this.cfg.maxResults || first < 1) throw badInput('first', `first must be between 1 and ${this.cfg.maxResults}.`, 'OUT_OF_RANGE');
    const listing = await new ListingService(this.ctx).getById(listingId, 'listingId');
    const owner = await this.loadSeeker(listing.authorityId);
    const mine = weightThemes(await this.ctx.loaders.listingThemes.load(listing.id));
    if (!mine.length) return [];
    const otherType = listing.type === ListingType.OFFER ? ListingType.REQUEST : ListingType.OFFER;
    const others: Listing[] = await this.ctx.ds
      .getRepository(Listing)
      .createQueryBuilder('l')
      .innerJoin('local_authority', 'a', 'a.id = l.authority_id')
      .where('l.type = :t AND l.status = :s AND a.kind <> :k', { t: otherType, s: ListingStatus.PUBLISHED, k: owner.kind })
      .andWhere(`EXISTS (SELECT 1 FROM listing_theme lt WHERE lt.listing_id = l.id AND split_part(lt.theme_id, '.', 1) = ANY(:roots))`, { roots: [...new Set(mine.map((t) => t.themeId.split('.')[0]))] })
      .orderBy('l.published_at', 'DESC', 'NULLS LAST')
      .addOrderBy('l.id')
      .getMany();
    if (!others.length) return [];
    const themes = await this.themeMap();
    const similarity = memoisedSimilarity(themes, this.cfg);
    const ownerProfile = weightThemes((await this.profileThemes([owner.id])).get(owner.id) ?? []);
    const ownerThemes = [...mine.map((t) => t.themeId), ...ownerProfile.map((t) => t.themeId)];
    const theirThemes = await this.ctx.loaders.listingThemes.loadMany(others.map((o) => o.id));
    const authorities = new Map((await this.loadCandidates([...new Set(others.map((o) => o.authorityId))], { targetKind: owner.kind === 'FRENCH' ? 'FOREIGN' : 'FRENCH', countries: [], levels: [], popMin: null, popMax: null })).map((a) => [a.id, a]));
    // Values first (the same numbers as the explained factors below give): A → B, what the other listing is about fits
    // what this listing offers or asks, and B fits A's partner profile; B → A, this listing's authority (its listing
    // and its profile) fits what B seeks. Each direction needs a shared theme; the profile modulates it.
    const fitMine = themeFitter(mine, similarity);
    const valued: { other: Listing; them: CandidateRow; theirs: WeightedTheme[]; ab: number; ba: number; score: number }[] = [];
    others.forEach((other, i) => {
      const them = authorities.get(other.authorityId);
      const links = theirThemes[i];
      if (!them || links instanceof Error) return;
      const theirs = weightThemes(links);
      const ab = fitMine(theirs.map((t) => t.themeId)) * (0.5 + 0.5 * profileChecks(listing, them).value);
      const ba = themeFit(theirs, ownerThemes, similarity) * (0.5 + 0.5 * profileChecks(other, owner).value);
      const score = Math.sqrt(ab * ba);
      if (score > 0) valued.push({ other, them, theirs, ab, ba, score });
    });
    // Best first; equal scores, the most recently published first (the order read).
    valued.sort((a, b) => b.score - a.score);
    return valued.slice(0, first).map(({ other, them, theirs, ab, ba, score }) => {
      const row = (name: MatchFactor, f: FactorValue, prefix: [string, string] = ['', '']): ScoreFactor => ({
        name, weight: 1, value: round(f.value), contribution: round(f.value), explanationFr: `${prefix[0]}${f.fr}`, explanationEn: `${prefix[1]}${f.en}`,
      });
      const factors: ScoreFactor[] = [
        row(MatchFactor.THEME, themeFactor(mine, theirs.map((t) => t.themeId), themes, this.cfg)),
        row(MatchFactor.PROFILE, this.profileFit(listing, them)),
        row(MatchFactor.THEME, themeFactor(theirs, ownerThemes, themes, this.cfg), ['Réciproque : ', 'Reciprocal: ']),
        row(MatchFactor.PROFILE, this.profileFit(other, owner), ['Réciproque : ', 'Reciprocal: ']),
      ];
      return { listing: other, score: round(score), fitForThisListing: round(ab), fitForOtherListing: round(ba), factors };
    });
  }

  /** How an authority fits a listing's partner profile: target countries, levels, population range. */
  private profileFit(listing: Listing, a: CandidateRow): FactorValue {
    const { checks, value } = profileChecks(listing, a);
    if (!checks.length) return { name: 'country', value, active: true, fr: `${a.name} : aucun critère de profil.`, en: `${a.name}: no profile criterion.` };
    const met = checks.filter((c) => c[0]);
    return {
      name: 'country',
      value,
      active: true,
      fr: `${a.name} remplit ${met.length}/${checks.length} critères (${checks.map((c) => `${c[1]} ${c[0] ? '✓' : '✗'}`).join(', ')}).`,
      en: `${a.name} meets ${met.length}/${checks.length} criteria (${checks.map((c) => `${c[2]} ${c[0] ? '✓' : '✗'}`).join(', ')}).`,
    };
  }

  private async themeMap(): Promise<Map<string, ThemeNode>> {
    return (await this.ctx.loaders.allThemes()) as Map<string, ThemeNode>;
  }

  /** Who sees (and ranks without) the candidates a seeker set aside: its agents, administrators, reviewers of its country. */
  private seesSetAside(seeker: { id: string; country: string }): boolean {
    return canEditAuthority(this.ctx, seeker.id) || canReview(this.ctx, seeker.country);
  }

  /** The candidates a seeker set aside, most recent first. */
  async setAsideIds(seekerId: string): Promise<string[]> {
    const rows: { candidate_id: string }[] = await this.ctx.ds.query(`SELECT candidate_id FROM candidate_set_aside WHERE seeker_id = $1 ORDER BY set_at DESC, candidate_id`, [seekerId]);
    return rows.map((r) => r.candidate_id);
  }

  /**
   * Sets a candidate aside for a seeker (its agents, or an administrator): it leaves the seeker's suggestions (and
   * the ministry's proposals for it) until restored. Only an authority of the other side, not already a partner, can
   * be set aside; doing it twice changes nothing.
   */
  async setAsideCandidate(seekerId: string, candidateId: string): Promise<{ seekerId: string; candidateId: string; setAt: Date }> {
    const authorities = new AuthorityService(this.ctx);
    const seeker = await authorities.getById(seekerId, 'seekerId');
    assertCanEditAuthority(this.ctx, seeker.id, 'seekerId');
    const candidate = await authorities.getById(candidateId, 'candidateId');
    if (candidate.kind === seeker.kind) throw badInput('candidateId', 'Only an authority of the other side (a candidate partner) can be set aside.', 'SAME_SIDE');
    const [linked] = await this.ctx.ds.query(
      `SELECT 1 FROM relationship WHERE (authority_a_id = $1 AND authority_b_id = $2) OR (authority_a_id = $2 AND authority_b_id = $1) LIMIT 1`,
      [seeker.id, candidate.id],
    );
    if (linked) throw badInput('candidateId', 'This authority is already a partner: it is never suggested.', 'ALREADY_PARTNERED');
    return this.ctx.ds.transaction(async (em) => {
      const [row] = await em.query(
        `WITH added AS (INSERT INTO candidate_set_aside (seeker_id, candidate_id, set_by) VALUES ($1, $2, $3) ON CONFLICT (seeker_id, candidate_id) DO NOTHING RETURNING id, set_at)
         SELECT id, set_at, true AS added FROM added
         UNION ALL SELECT id, set_at, false FROM candidate_set_aside WHERE seeker_id = $1 AND candidate_id = $2 AND NOT EXISTS (SELECT 1 FROM added)`,
        [seeker.id, candidate.id, this.ctx.viewer.userId ?? null],
      );
      if (row.added) await recordAudit(em, this.ctx, 'CANDIDATE_SET_ASIDE', 'candidate_set_aside', row.id);
      return { seekerId: seeker.id, candidateId: candidate.id, setAt: row.set_at };
    });
  }

  /** Puts a candidate set aside back among the seeker's suggestions; true when it had been set aside. */
  async restoreCandidate(seekerId: string, candidateId: string): Promise<boolean> {
    const authorities = new AuthorityService(this.ctx);
    const seeker = await authorities.getById(seekerId, 'seekerId');
    assertCanEditAuthority(this.ctx, seeker.id, 'seekerId');
    const candidate = await authorities.getById(candidateId, 'candidateId');
    return this.ctx.ds.transaction(async (em) => {
      const [row] = await em.query(
        `WITH gone AS (DELETE FROM candidate_set_aside WHERE seeker_id = $1 AND candidate_id = $2 RETURNING id) SELECT id FROM gone`,
        [seeker.id, candidate.id],
      );
      if (row) await recordAudit(em, this.ctx, 'CANDIDATE_RESTORED', 'candidate_set_aside', row.id);
      return !!row;
    });
  }

  private async loadSeeker(id: string): Promise<Seeker> {
    const rows: Seeker[] = await this.ctx.ds.query(
      `SELECT a.id, a.name, a.kind, a.level, a.country_code AS country, a.population, ${COORDINATES_SQL}
       FROM local_authority a ${DEPARTEMENT_JOIN} WHERE a.id = $1`,
      [id],
    );
    if (!rows[0]) throw missing('input.authorityId', 'local authority');
    return rows[0];
  }

  /** Themes of authorities: their fiche (priority 1), their relationships' and their published listings', all from the cached snapshot. */
  private async profileThemes(ids: string[], net?: NetworkSnapshot): Promise<Map<string, { themeId: string; priority: number }[]>> {
    const network = net ?? (await getNetwork(this.ctx.ds));
    const out = new Map<string, { themeId: string; priority: number }[]>();
    for (const id of ids) {
      const list: { themeId: string; priority: number }[] = [];
      for (const [themeId, priority] of network.ownThemes.get(id)?.themes ?? []) list.push({ themeId, priority });
      for (const [themeId, priority] of network.relationshipThemes.get(id) ?? []) list.push({ themeId, priority });
      if (list.length) out.set(id, list);
    }
    return out;
  }

  /**
   * Bounded candidate retrieval: authorities of the other side that share a theme family, that are in the
   * requested countries or the seeker's partner countries, or that the twinning network brings close.
   */
  private async retrievePool(seeker: Seeker, sought: WeightedTheme[], requested: string[], net: NetworkSnapshot, targetKind: Kind, nearby: NearbyAuthority[], peers: PeerScores): Promise<string[]> {
    const limit = this.cfg.poolPerSource;
    const ids = new Set<string>();
    const themes = await this.themeMap();
    const partnerCountries = [...new Set([...net.partners(seeker.id)].map((p) => net.nodes.get(p)?.country).filter((c): c is string => !!c))];
    const countries = [...new Set([...requested, ...partnerCountries])];
    // The country factor also credits the neighbours of the seeker's partner countries (when none is requested):
    // the largest authorities there are retrieved too, a smaller share each. And the authorities of the other side
    // nearest the seeker (GiST index, k-nearest order): for a seeker without partners or themes, distance and size
    // decide, and the largest authorities of the world are not its best candidates.
    const countryTable = await this.countries();
    // For a French seeker (no country requested): the nearest foreign authorities in countries where French
    // cooperation is scarce, which the scarcity factor favours (the ministry's aim) and no other source brings.
    const scarce =
      targetKind === 'FOREIGN' && !requested.length
        ? [...countryTable.keys()].filter((c) => c !== 'FR' && (net.frenchRelationshipsByCountry.get(c) ?? 0) <= this.cfg.scarceBelow)
        : [];
    // Few authorities in those countries (small territories: 30 countries, 283 authorities in the 500k growth
    // benchmark): read them by country and sort them by distance (`OFFSET 0` keeps the planner from the nearest-first
    // index, which would walk past every authority of the other countries, 69 ms there). Many: the nearest-first
    // index meets them soon.
    const scarceFew = scarce.reduce((t, c) => t + (net.foreignAuthoritiesByCountry.get(c) ?? 0), 0) <= this.cfg.scarceSortedAtMost;
    // Only countries that can hold authorities of the other side: France for a foreign seeker, any other for a French
    // one (France among the neighbours of Belgium or Germany scanned 36,000 French authorities for nothing).
    const holdsTarget = (c: string) => (targetKind === 'FRENCH') === (c === 'FR');
    // Authorities of a similar size (the size factor's best), wherever they are: of those closest in population (two
    // index range scans from the seeker's population, up and down, within the band), the best by the size, distance
    // and scarcity factors (same formulas and weights as the score, scarcity as 1 in the scarce countries, distance 0.5
    // when unknown: a seeker with no partner and no theme is ranked by little else). For a small commune the few small foreign places known (most foreign municipalities of the
    // reference data have 5,000 inhabitants or more) are not among the nearest of any country, and no other source
    // brings them.
    const band = 10 ** this.cfg.similarSizeDecades;
    const sizeBand = seeker.population ? [Math.max(1, Math.floor(seeker.population / band)), Math.ceil(seeker.population * band)] : null;
    const neighbours = requested.length ? [] : [...new Set(partnerCountries.flatMap((c) => countryTable.get(c)?.borders ?? []))].filter((c) => !countries.includes(c) && holdsTarget(c));
    const rows: { id: string }[] = await this.ctx.ds.query(
      `SELECT x.id FROM unnest($2::text[]) AS c(code)
         CROSS JOIN LATERAL (SELECT a.id FROM local_authority a WHERE a.country_code = c.code AND a.kind = $1 ORDER BY a.population DESC NULLS LAST LIMIT $4) x
       UNION
       SELECT x.id FROM unnest($5::text[]) AS c(code)
         CROSS JOIN LATERAL (SELECT a.id FROM local_authority a WHERE a.country_code = c.code AND a.kind = $1 ORDER BY a.population DESC NULLS LAST LIMIT $6) x
       UNION
       (SELECT a.id FROM local_authority a WHERE a.kind = $1 ORDER BY a.population DESC NULLS LAST LIMIT $3)
       UNION
       (SELECT a.id FROM local_authority a WHERE a.kind = '${targetKind === 'FRENCH' ? 'FRENCH' : 'FOREIGN'}' AND a.latitude IS NOT NULL AND $7::float8 IS NOT NULL
        ORDER BY point(a.longitude, a.latitude) <-> point($7::float8, $8::float8) LIMIT $9)
       UNION
       (SELECT s.id FROM (SELECT a.id, a.longitude, a.latitude FROM local_authority a WHERE a.kind = 'FOREIGN' AND a.latitude IS NOT NULL AND $7::float8 IS NOT NULL
          AND cardinality($10::text[]) > 0 AND a.country_code = ANY($10::text[])${scarceFew ? ' OFFSET 0' : ''}) s
        ORDER BY point(s.longitude, s.latitude) <-> point($7::float8, $8::float8) LIMIT $11)
       UNION
       (SELECT s.id FROM (
          (SELECT a.id, a.longitude, a.latitude, a.country_code, a.population FROM local_authority a WHERE a.kind = $1 AND a.population >= $12::int AND a.population <= $14::int ORDER BY a.population LIMIT $3)
          UNION ALL
          (SELECT a.id, a.longitude, a.latitude, a.country_code, a.population FROM local_authority a WHERE a.kind = $1 AND a.population < $12::int AND a.population >= $13::int ORDER BY a.population DESC LIMIT $3)
        ) s WHERE cardinality($15::text[]) = 0 OR s.country_code = ANY($15::text[])
        ORDER BY $16::float8 * exp(-abs(log(s.population::float8 / $12::float8)))
               + $17::float8 * coalesce(exp(-2 * ${EARTH_RADIUS_KM} * asin(least(1, sqrt(sin(radians(s.latitude - $8::float8) / 2) ^ 2 + cos(radians($8::float8)) * cos(radians(s.latitude)) * sin(radians(s.longitude - $7::float8) / 2) ^ 2))) / $18::float8), 0.5)
               + $19::float8 * (s.country_code = ANY($10::text[]))::int DESC
        LIMIT $11)`,
      [
        targetKind,
        countries.filter(holdsTarget),
        limit,
        Math.max(20, Math.ceil(limit / Math.max(1, countries.filter(holdsTarget).length))),
        neighbours,
        Math.max(5, Math.ceil(limit / (4 * Math.max(1, neighbours.length)))),
        seeker.lon,
        seeker.lat,
        // A seeker without partners has little else to go on: all of its share; others, whose network and
        // partner countries already bring their best candidates (measured: docs/matching.md, "Speed"), a quarter.
        partnerCountries.length ? Math.ceil(limit / 4) : limit,
        scarce,
        Math.ceil(limit / 4),
        seeker.population ?? null,
        sizeBand?.[0] ?? null,
        sizeBand?.[1] ?? null,
        requested.filter(holdsTarget),
        this.cfg.weights.size,
        this.cfg.weights.distance,
        this.cfg.distanceKm,
        this.cfg.weights.scarcity,
      ],
    );
    // Themes (snapshot): the authorities of the other side whose fiche, listings and relationships fit the themes
    // sought best, by the theme factor's own value.
    if (sought.length) for (const id of net.topByThemeFit(targetKind, sought, memoisedSimilarity(themes, this.cfg), limit)) ids.add(id);
    rows.forEach((r) => ids.add(r.id));
    // From the network: twins of my twins, partners of nearby authorities, the most experienced.
    for (const p of net.partners(seeker.id)) for (const q of net.partners(p)) if (net.nodes.get(q)?.kind === targetKind) ids.add(q);
    for (const n of nearby) for (const q of net.partners(n.id)) if (net.nodes.get(q)?.kind === targetKind) ids.add(q);
    [...peers].filter(([q]) => net.nodes.get(q)?.kind === targetKind).sort((a, b) => b[1].w - a[1].w).slice(0, limit).forEach(([q]) => ids.add(q));
    net.mostLinked(targetKind).slice(0, limit).forEach((n) => ids.add(n.id));
    return [...ids];
  }

  /** Same-side authorities of the network near the seeker, with their proximity weight. */
  private nearby(seeker: Seeker, net: NetworkSnapshot): NearbyAuthority[] {
    if (seeker.lat === null || seeker.lon === null) return [];
    // Weights below 0.05 are dropped: e^(−km / nearbyKm) ≥ 0.05 ⟺ km ≤ nearbyKm · ln 20.
    const within = this.cfg.nearbyKm * Math.log(20);
    return net
      .nearest(seeker.kind, seeker.lat, seeker.lon, within, this.cfg.maxNearby, seeker.id)
      .map(({ node, km }) => ({ id: node.id, name: node.name, weight: Math.exp(-km / this.cfg.nearbyKm) }));
  }

  private async loadCandidates(ids: string[] | null, f: { targetKind: Kind; countries: string[]; levels: string[]; popMin: number | null; popMax: number | null }, net?: NetworkSnapshot): Promise<CandidateRow[]> {
    if (ids && net) {
      // Rows already read under this snapshot come from it; the others in one statement (none when all are known).
      const missing = ids.filter((id) => !net.rows.has(id));
      if (missing.length) {
        const rows: CandidateRow[] = await this.ctx.ds.query(`SELECT a.id, a.name, a.kind, a.level, a.country_code AS country, a.population, ${COORDINATES_SQL} FROM ${byIds('$1')} ${DEPARTEMENT_JOIN}`, [
          missing,
        ]);
        for (const r of rows) net.rows.set(r.id, r);
      }
      // The filters of the SQL below, in the same terms (an unknown population passes no bound).
      const countries = f.countries.length ? new Set(f.countries) : null;
      const levels = f.levels.length ? new Set(f.levels) : null;
      const out: CandidateRow[] = [];
      for (const id of ids) {
        const r = net.rows.get(id);
        if (!r || r.kind !== f.targetKind) continue;
        if (countries && !countries.has(r.country)) continue;
        if (levels && !levels.has(r.level)) continue;
        if (f.popMin != null && (r.population === null || r.population < f.popMin)) continue;
        if (f.popMax != null && (r.population === null || r.population > f.popMax)) continue;
        out.push(r);
      }
      return out;
    }
    const params: unknown[] = [f.targetKind];
    const where = ['a.kind = $1'];
    let from = 'local_authority a';
    if (ids) {
      params.push(ids);
      from = byIds(`$${params.length}`);
    }
    if (f.countries.length) {
      params.push(f.countries);
      where.push(`a.country_code = ANY($${params.length}::text[])`);
    }
    if (f.levels.length) {
      params.push(f.levels);
      where.push(`a.level = ANY($${params.length}::text[])`);
    }
    if (f.popMin != null) {
      params.push(f.popMin);
      where.push(`a.population >= $${params.length}`);
    }
    if (f.popMax != null) {
      params.push(f.popMax);
      where.push(`a.population <= $${params.length}`);
    }
    return this.ctx.ds.query(
      `SELECT a.id, a.name, a.kind, a.level, a.country_code AS country, a.population, ${COORDINATES_SQL}
       FROM ${from} ${DEPARTEMENT_JOIN} WHERE ${where.join(' AND ')}`,
      params,
    );
  }

  /**
   * Scores every candidate with numbers only, then explains those `explain` selects (the factor functions compute the
   * same values from the same inputs and add their sentences): explanations cost far more than values, and only
   * the returned candidates need them.
   */
  private async score(seeker: Seeker, candidates: CandidateRow[], sought: WeightedTheme[], requested: string[], net: NetworkSnapshot, nearby: NearbyAuthority[], peers: PeerScores, explain: (index: number, id: string) => boolean) {
    const themes = await this.themeMap();
    const countries = await this.countries();
    const cfg = this.cfg;
    const w = cfg.weights;
    const seekerPartners = [...net.partners(seeker.id)];
    const partnerCountries = new Map<string, number>();
    for (const p of seekerPartners) {
      const c = net.nodes.get(p)?.country;
      if (c) partnerCountries.set(c, (partnerCountries.get(c) ?? 0) + 1);
    }
    // Twins of my twins (Adamic-Adar) and partners of nearby authorities, computed once for all candidates.
    const twoHop = new Map<string, { aa: number; via: string[] }>();
    for (const p of seekerPartners) {
      const dp = net.degree(p);
      for (const q of net.partners(p)) {
        if (q === seeker.id) continue;
        const e = twoHop.get(q) ?? { aa: 0, via: [] };
        e.aa += 1 / Math.log(1 + dp);
        e.via.push(net.nodes.get(p)?.name ?? '?');
        twoHop.set(q, e);
      }
    }
    const near = new Map<string, { w: number; via: string[] }>();
    for (const n of nearby) {
      for (const q of net.partners(n.id)) {
        const e = near.get(q) ?? { w: 0, via: [] };
        e.w += n.weight;
        e.via.push(n.name);
        near.set(q, e);
      }
    }
    const seekerCountry = countries.get(seeker.country);
    const french = seeker.kind === 'FRENCH';
    const countryContext = (c: CandidateRow, country: Country | undefined) => ({
      candidateCountry: { code: c.country, nameFr: country?.nameFr ?? c.country, nameEn: country?.nameEn ?? c.country },
      requested,
      candidateNeighbours: country?.borders ?? [],
      seekerPartnerCountries: partnerCountries,
      seekerPartnerCount: seekerPartners.length,
    });
    const similarity = memoisedSimilarity(themes, cfg);
    const fitThemes = themeFitter(sought, similarity);
    const inSeekerCountry = (id: string) => {
      let k = 0;
      for (const p of net.partners(id)) if (net.nodes.get(p)?.country === seeker.country) k++;
      return k;
    };
    // Per-candidate work below allocates as little as possible (a heavy seeker scores over a thousand candidates):
    // priors per level, country fit per country, the seeker's point once.
    const seekerPrior = net.populationPrior(seeker.kind, seeker.level);
    const priorsByLevel = new Map<string, SizePriors>();
    const priorsOf = (c: CandidateRow) => {
      // Candidates are all of the other side: the level is the key.
      let p = priorsByLevel.get(c.level);
      if (!p) priorsByLevel.set(c.level, (p = { seeker: seekerPrior, candidate: net.populationPrior(c.kind, c.level) }));
      return p;
    };
    const countryFits = new Map<string, number | null>();
    const countryFitOf = (c: CandidateRow) => {
      let fit = countryFits.get(c.country);
      if (fit === undefined) countryFits.set(c.country, (fit = countryFit(countryContext(c, countries.get(c.country)))));
      return fit;
    };
    const seekerPoint = seeker.lat !== null && seeker.lon !== null ? { lat: seeker.lat, lon: seeker.lon } : null;
    const kmTo = (c: CandidateRow) => (seekerPoint && c.lat !== null && c.lon !== null ? haversineKm(seekerPoint, c as { lat: number; lon: number }) : null);

    // Values only, in the order (and so with the rounding) of combine() over the explained factors below.
    const scored = candidates.map((c) => {
      let num = 0;
      let den = 0;
      if (sought.length) {
        num += w.theme * fitThemes(net.themeIds(c.id));
        den += w.theme;
      }
      if (french) {
        const fit = countryFitOf(c);
        if (fit !== null) {
          num += w.country * fit;
          den += w.country;
        }
        num += w.scarcity * scarcityValue(net.frenchRelationshipsByCountry.get(c.country) ?? 0, cfg);
        den += w.scarcity;
      } else {
        num += w.country * countryNovelty(inSeekerCountry(c.id));
        den += w.country;
      }
      num += w.network * saturate(twoHop.get(c.id)?.aa ?? 0);
      den += w.network;
      num += w.peers * saturate(peers.get(c.id)?.w ?? 0);
      den += w.peers;
      num += w.nearbyPartners * saturate(near.get(c.id)?.w ?? 0);
      den += w.nearbyPartners;
      num += w.experience * experienceValue(net.partnersOfKind(c.id, seeker.kind), cfg.experienceScale);
      den += w.experience;
      num += w.size * sizeFit(seeker, c, priorsOf(c));
      den += w.size;
      num += w.distance * distanceValue(kmTo(c), cfg);
      den += w.distance;
      return { c, id: c.id, population: c.population, score: den > 0 ? num / den : 0 };
    });
    scored.sort((a, b) => b.score - a.score || (b.population ?? 0) - (a.population ?? 0) || (a.id < b.id ? -1 : 1));

    const explained = (c: CandidateRow): FactorValue[] => {
      const country = countries.get(c.country);
      const names = { code: c.country, nameFr: country?.nameFr ?? c.country, nameEn: country?.nameEn ?? c.country };
      const partnersOn = (themeId: string) =>
        net.partnersOn(c.id, themeId).map((p) => {
          const named = p.country === 'FR' ? undefined : countries.get(p.country);
          return { name: p.name, countryFr: p.country === 'FR' ? '' : named?.nameFr ?? p.country, countryEn: p.country === 'FR' ? '' : named?.nameEn ?? p.country, seekersCountry: p.country === seeker.country };
        });
      const factors: FactorValue[] = [themeFactor(sought, net.themeIds(c.id), themes, cfg, partnersOn, similarity)];
      if (french) {
        factors.push(countryFactor(countryContext(c, country)));
        factors.push(scarcityFactor(net.frenchRelationshipsByCountry.get(c.country) ?? 0, names, cfg));
      } else {
        factors.push(countryNoveltyFactor(inSeekerCountry(c.id), { nameFr: seekerCountry?.nameFr ?? seeker.country, nameEn: seekerCountry?.nameEn ?? seeker.country }));
      }
      const th = twoHop.get(c.id);
      factors.push(networkFactor(th?.aa ?? 0, th?.via ?? []));
      const pe = peers.get(c.id);
      factors.push(peersFactor(pe?.w ?? 0, pe?.via ?? []));
      const nb = near.get(c.id);
      factors.push(nearbyPartnersFactor(nb?.w ?? 0, [...new Set(nb?.via ?? [])]));
      factors.push(experienceFactor(net.partnersOfKind(c.id, seeker.kind), seeker.kind, cfg.experienceScale));
      factors.push(sizeFactor(seeker, c, priorsOf(c)));
      factors.push(distanceFactor(kmTo(c), cfg));
      return factors;
    };
    return scored.map((s, i) => ({ id: s.id, score: s.score, factors: explain(i, s.id) ? explained(s.c) : [] }));
  }

  /** Countries are reference data, loaded at start and never edited through the API: kept per process. */
  private countries(): Promise<Map<string, Country>> {
    let cached = countryCache.get(this.ctx.ds);
    if (!cached) {
      cached = this.ctx.loaders.allCountries();
      countryCache.set(this.ctx.ds, cached);
      cached.catch(() => countryCache.delete(this.ctx.ds));
    }
    return cached;
  }
}
