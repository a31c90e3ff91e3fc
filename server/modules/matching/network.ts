import type { DataSource } from 'typeorm';
import { EARTH_RADIUS_KM, PopulationPrior } from './factors';

export interface NetNode {
  id: string;
  name: string;
  kind: 'FRENCH' | 'FOREIGN';
  country: string;
  lat: number | null;
  lon: number | null;
}

const NO_THEMES: readonly string[] = Object.freeze([]);

/** Known populations of one kind and level of authority in one 0.1-decade bin (bin = round(10 × log10 population)). */
export interface PopulationBin {
  kind: 'FRENCH' | 'FOREIGN';
  level: string;
  bin: number;
  n: number;
}

/** What the matching engine reads of an authority to score it (coordinates with the département fallback). */
export interface AuthorityRow {
  id: string;
  name: string;
  kind: 'FRENCH' | 'FOREIGN';
  level: string;
  country: string;
  population: number | null;
  lat: number | null;
  lon: number | null;
}

/** A level's own population prior needs this many known populations; below, the prior of its kind is used. */
const MIN_PRIOR = 30;

/** Authorities linked to the seeker's peers: weighted sum and the peers' names (see NetworkSnapshot.peerScores). */
export type PeerScores = Map<string, { w: number; via: string[] }>;

/** The twinning and cooperation graph, with what the matching engine needs of each linked authority. */
export class NetworkSnapshot {
  readonly adj = new Map<string, Set<string>>();
  readonly nodes = new Map<string, NetNode>();
  /** Relationships between a French and a foreign authority, per foreign country. */
  readonly frenchRelationshipsByCountry = new Map<string, number>();
  /** Themes of each authority's relationships, with their best priority. */
  readonly relationshipThemes = new Map<string, Map<string, number>>();
  /** For each authority, per theme of its relationships, the partners of those relationships (to say with whom it works on a theme). */
  private readonly themePartners = new Map<string, Map<string, string[]>>();

  /** Themes of each authority's fiche (priority 1) and published listings, with the owner's side. */
  readonly ownThemes = new Map<string, { kind: 'FRENCH' | 'FOREIGN'; themes: Map<string, number> }>();

  constructor(
    edges: { a: string; b: string }[],
    nodes: NetNode[],
    themes: { a: string; b: string; theme: string; priority: number }[] = [],
    own: { id: string; kind: 'FRENCH' | 'FOREIGN'; theme: string; priority: number }[] = [],
    /** Known populations of all authorities (linked or not) per kind, level and 0.1-decade bin: the size factor's priors. */
    private readonly populations: readonly PopulationBin[] = [],
    /**
     * Authorities' rows as scored, filled as requests load them: a pool's rows recur from one request to the next (the
     * largest authorities of a country, the most linked, the seeker's region), and reading a thousand of them costs a
     * heavy seeker one more statement. They depend on local_authority alone, so successive snapshots share them until
     * an authority is written (graph_version.authorities; a new relationship, listing or theme keeps them). At most
     * one entry per authority (about 16 MB at 80,000).
     */
    readonly rows = new Map<string, AuthorityRow>(),
    /** Foreign authorities per country (all of them, linked or not): how the retrieval reads a set of countries. */
    readonly foreignAuthoritiesByCountry: ReadonlyMap<string, number> = new Map(),
  ) {
    for (const n of nodes) this.nodes.set(n.id, n);
    for (const t of own) {
      let e = this.ownThemes.get(t.id);
      if (!e) this.ownThemes.set(t.id, (e = { kind: t.kind, themes: new Map() }));
      e.themes.set(t.theme, Math.min(e.themes.get(t.theme) ?? Infinity, Number(t.priority)));
    }
    for (const t of themes) {
      for (const [owner, partner] of [[t.a, t.b], [t.b, t.a]]) {
        let m = this.relationshipThemes.get(owner);
        if (!m) this.relationshipThemes.set(owner, (m = new Map()));
        m.set(t.theme, Math.min(m.get(t.theme) ?? Infinity, Number(t.priority)));
        let byTheme = this.themePartners.get(owner);
        if (!byTheme) this.themePartners.set(owner, (byTheme = new Map()));
        const partners = byTheme.get(t.theme);
        if (!partners) byTheme.set(t.theme, [partner]);
        else if (!partners.includes(partner)) partners.push(partner);
      }
    }
    for (const { a, b } of edges) {
      this.link(a, b);
      this.link(b, a);
      const [na, nb] = [this.nodes.get(a), this.nodes.get(b)];
      if (na && nb && na.kind !== nb.kind) {
        const foreign = na.kind === 'FOREIGN' ? na : nb;
        this.frenchRelationshipsByCountry.set(foreign.country, (this.frenchRelationshipsByCountry.get(foreign.country) ?? 0) + 1);
      }
    }
  }

  private link(a: string, b: string): void {
    let set = this.adj.get(a);
    if (!set) this.adj.set(a, (set = new Set()));
    set.add(b);
  }

  /** The partners with which an authority cooperates on a theme (relationships carrying that theme). */
  partnersOn(id: string, themeId: string): readonly NetNode[] {
    const ids = this.themePartners.get(id)?.get(themeId);
    if (!ids) return [];
    return ids.map((p) => this.nodes.get(p)).filter((n): n is NetNode => n !== undefined);
  }

  private readonly priors = new Map<string, PopulationPrior | null>();

  /**
   * The distribution of known populations for authorities of this kind and level (of this kind alone when the level
   * has fewer than MIN_PRIOR known populations): what an unknown population stands for in the size factor.
   */
  populationPrior(kind: 'FRENCH' | 'FOREIGN', level: string): PopulationPrior | null {
    const key = `${kind}/${level}`;
    let prior = this.priors.get(key);
    if (prior === undefined) {
      const ofLevel = PopulationPrior.fromCounts(this.populations.filter((r) => r.kind === kind && r.level === level));
      if (ofLevel && ofLevel.known >= MIN_PRIOR) prior = ofLevel;
      else {
        const bins = new Map<number, number>();
        for (const r of this.populations) if (r.kind === kind) bins.set(Number(r.bin), (bins.get(Number(r.bin)) ?? 0) + Number(r.n));
        prior = PopulationPrior.fromCounts([...bins].map(([bin, n]) => ({ bin, n })));
      }
      this.priors.set(key, prior);
    }
    return prior;
  }

  private readonly byDegree = new Map<string, NetNode[]>();
  private readonly located = new Map<string, { nodes: NetNode[]; lat: Float64Array; lon: Float64Array; cosLat: Float64Array }>();

  /** Authorities of a side with coordinates, as typed arrays in radians (computed once per snapshot). */
  private geo(kind: 'FRENCH' | 'FOREIGN') {
    let g = this.located.get(kind);
    if (!g) {
      const nodes = [...this.nodes.values()].filter((n) => n.kind === kind && n.lat !== null && n.lon !== null);
      const rad = Math.PI / 180;
      g = { nodes, lat: Float64Array.from(nodes, (n) => n.lat! * rad), lon: Float64Array.from(nodes, (n) => n.lon! * rad), cosLat: Float64Array.from(nodes, (n) => Math.cos(n.lat! * rad)) };
      this.located.set(kind, g);
    }
    return g;
  }

  /**
   * The `limit` authorities of a side nearest to a point within `maxKm` (great circle), nearest first; equal distances
   * keep the snapshot's order. A bounded heap over typed arrays: no allocation per authority, which matters when a
   * seeker in a dense region has tens of thousands of authorities within reach.
   */
  nearest(kind: 'FRENCH' | 'FOREIGN', lat: number, lon: number, maxKm: number, limit: number, excludeId?: string): { node: NetNode; km: number }[] {
    if (limit <= 0) return [];
    const g = this.geo(kind);
    const rad = Math.PI / 180;
    const [la, lo, cosA, maxDLat] = [lat * rad, lon * rad, Math.cos(lat * rad), maxKm / EARTH_RADIUS_KM];
    // Max-heap on (km, index): the root is the farthest of the nearest found so far.
    const hk = new Float64Array(limit);
    const hi = new Int32Array(limit);
    let size = 0;
    const above = (a: number, b: number) => hk[a] > hk[b] || (hk[a] === hk[b] && hi[a] > hi[b]);
    const swap = (a: number, b: number) => {
      [hk[a], hk[b]] = [hk[b], hk[a]];
      [hi[a], hi[b]] = [hi[b], hi[a]];
    };
    for (let i = 0; i < g.nodes.length; i++) {
      const dLat = g.lat[i] - la;
      if (dLat > maxDLat || dLat < -maxDLat) continue; // a latitude gap alone is already too far
      const h = Math.sin(dLat / 2) ** 2 + cosA * g.cosLat[i] * Math.sin((g.lon[i] - lo) / 2) ** 2;
      const km = 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
      if (km > maxKm || g.nodes[i].id === excludeId) continue;
      if (size === limit) {
        if (km >= hk[0]) continue; // indices only grow: on a tie the one already kept comes first
        hk[0] = km;
        hi[0] = i;
        for (let j = 0; ; ) {
          const [l, r] = [2 * j + 1, 2 * j + 2];
          let top = j;
          if (l < size && above(l, top)) top = l;
          if (r < size && above(r, top)) top = r;
          if (top === j) break;
          swap(j, top);
          j = top;
        }
      } else {
        hk[size] = km;
        hi[size] = i;
        for (let j = size++; j > 0 && above(j, (j - 1) >> 1); j = (j - 1) >> 1) swap(j, (j - 1) >> 1);
      }
    }
    const order = Array.from({ length: size }, (_, k) => k).sort((a, b) => hk[a] - hk[b] || hi[a] - hi[b]);
    return order.map((k) => ({ node: g.nodes[hi[k]], km: hk[k] }));
  }

  /** Authorities of a side, most linked first (computed once per snapshot). */
  mostLinked(kind: 'FRENCH' | 'FOREIGN'): NetNode[] {
    let list = this.byDegree.get(kind);
    if (!list) {
      list = [...this.nodes.values()].filter((n) => n.kind === kind).sort((a, b) => this.degree(b.id) - this.degree(a.id));
      this.byDegree.set(kind, list);
    }
    return list;
  }

  partners(id: string): Set<string> {
    return this.adj.get(id) ?? new Set();
  }

  degree(id: string): number {
    return this.adj.get(id)?.size ?? 0;
  }

  /**
   * "Authorities whose partners resemble mine": for every authority linked to a peer of `id` (an authority of the
   * same side sharing partners with it), Σ over those peers of similarity / ln(1 + peer degree), where the
   * similarity is Adamic-Adar (Σ over shared partners p of 1 / ln(1 + degree(p))). `via` names the peers, most
   * similar first. Pure: reads the snapshot only.
   */
  peerScores(id: string): PeerScores {
    const kind = this.nodes.get(id)?.kind;
    const similarity = new Map<string, number>();
    for (const p of this.partners(id)) {
      const w = 1 / Math.log(1 + this.degree(p));
      for (const o of this.partners(p)) if (o !== id && this.nodes.get(o)?.kind === kind) similarity.set(o, (similarity.get(o) ?? 0) + w);
    }
    const out = new Map<string, { w: number; via: string[] }>();
    for (const [o, sim] of [...similarity].sort((a, b) => b[1] - a[1])) {
      const w = sim / Math.log(1 + this.degree(o));
      const name = this.nodes.get(o)?.name ?? '?';
      for (const q of this.partners(o)) {
        if (q === id) continue;
        const e = out.get(q) ?? { w: 0, via: [] };
        e.w += w;
        e.via.push(name);
        out.set(q, e);
      }
    }
    return out;
  }

  private readonly partnerCounts = { FRENCH: new Map<string, number>(), FOREIGN: new Map<string, number>() };

  /** Partners of `id` on the given side (memoised: the snapshot never changes). */
  partnersOfKind(id: string, kind: 'FRENCH' | 'FOREIGN'): number {
    if (!this.adj.has(id)) return 0; // most authorities have no partner: nothing to remember
    let n = this.partnerCounts[kind].get(id);
    if (n === undefined) {
      n = 0;
      for (const p of this.partners(id)) if (this.nodes.get(p)?.kind === kind) n++;
      this.partnerCounts[kind].set(id, n);
    }
    return n;
  }

  private readonly themeIdLists = new Map<string, string[]>();

  /** Theme ids of an authority: its fiche and published listings', then its relationships' (memoised). */
  themeIds(id: string): readonly string[] {
    if (!this.ownThemes.has(id) && !this.relationshipThemes.has(id)) return NO_THEMES; // most authorities: nothing to remember
    let out = this.themeIdLists.get(id);
    if (!out) {
      out = [...(this.ownThemes.get(id)?.themes.keys() ?? []), ...(this.relationshipThemes.get(id)?.keys() ?? [])];
      this.themeIdLists.set(id, out);
    }
    return out;
  }

  /**
   * Authorities of a side with at least one theme (fiche, published listings or relationships), in snapshot order,
   * with their themes as indices into `vocabulary` (compressed rows: authority k's are `themes[start[k]..start[k+1]]`),
   * the authorities holding each theme (`holders[v]`, the inverted index) and their number of partners. Built once per
   * snapshot and side: the theme source reads it on every request.
   */
  private readonly themedBySide = new Map<string, { ids: string[]; start: Int32Array; themes: Int32Array; holders: Int32Array[]; degree: Int32Array; vocabulary: string[] }>();

  private themed(kind: 'FRENCH' | 'FOREIGN') {
    let t = this.themedBySide.get(kind);
    if (!t) {
      const ids = new Set<string>();
      for (const [id, e] of this.ownThemes) if (e.kind === kind) ids.add(id);
      for (const id of this.relationshipThemes.keys()) if (this.nodes.get(id)?.kind === kind) ids.add(id);
      const list = [...ids];
      const vocabulary: string[] = [];
      const index = new Map<string, number>();
      const start = new Int32Array(list.length + 1);
      const themes: number[] = [];
      list.forEach((id, k) => {
        for (const theme of this.themeIds(id)) {
          let x = index.get(theme);
          if (x === undefined) index.set(theme, (x = vocabulary.push(theme) - 1));
          themes.push(x);
        }
        start[k + 1] = themes.length;
      });
      const holding: number[][] = vocabulary.map(() => []);
      for (let k = 0; k < list.length; k++) for (let j = start[k]; j < start[k + 1]; j++) holding[themes[j]].push(k);
      t = { ids: list, start, themes: Int32Array.from(themes), holders: holding.map((h) => Int32Array.from(h)), degree: Int32Array.from(list, (id) => this.degree(id)), vocabulary };
      this.themedBySide.set(kind, t);
    }
    return t;
  }

  private readonly byThemeFit = new Map<string, string[]>();

  /**
   * Authorities of a side that fit the themes sought best (their fiche, published-listing and relationship themes,
   * by the theme factor's value: for each theme sought, weighted, the best similarity among the authority's themes),
   * at most `limit`, best first, ties to the most linked, then snapshot order; none without any fit. The same
   * arithmetic as themeFit, on typed arrays (a heavy seeker seeks 50 themes among 5,000 themed authorities). Memoised
   * per side and limit and the themes sought with their weights (seekers answering the same listing ask the same).
   */
  topByThemeFit(kind: 'FRENCH' | 'FOREIGN', sought: readonly { themeId: string; weight: number }[], similarity: (a: string, b: string) => number, limit: number): string[] {
    const memo = `${kind}|${limit}|${sought.map((t) => `${t.themeId}:${t.weight}`).join(',')}`;
    let top = this.byThemeFit.get(memo);
    if (!top) {
      const t = this.themed(kind);
      const n = sought.length;
      const weights = Float64Array.from(sought, (x) => x.weight);
      let total = 0;
      for (let i = 0; i < n; i++) total += weights[i];
      // Similarity of each theme of the vocabulary to each theme sought: one row of n numbers per theme.
      const rows = new Float64Array(t.vocabulary.length * n);
      const related = new Uint8Array(t.vocabulary.length); // themes with some similarity to one sought: the others are skipped
      t.vocabulary.forEach((theme, v) => {
        for (let i = 0; i < n; i++) if ((rows[v * n + i] = similarity(sought[i].themeId, theme)) > 0) related[v] = 1;
      });
      // Only the authorities holding a related theme: through the inverted index when they are few (a listing seeking
      // one theme reads one thématique's), in order when most are (a heavy seeker's themes span every thématique).
      let reach = 0;
      for (let v = 0; v < related.length; v++) if (related[v]) reach += t.holders[v].length;
      const hits: number[] = [];
      if (reach * 2 < t.themes.length) {
        const seen = new Uint8Array(t.ids.length);
        for (let v = 0; v < related.length; v++) {
          if (!related[v]) continue;
          for (const k of t.holders[v]) {
            if (!seen[k]) hits.push(k);
            seen[k] = 1;
          }
        }
      } else {
        for (let k = 0; k < t.ids.length; k++) {
          for (let j = t.start[k]; j < t.start[k + 1]; j++) {
            if (related[t.themes[j]]) {
              hits.push(k);
              break;
            }
          }
        }
      }
      const best = new Float64Array(n);
      const fit = new Float64Array(t.ids.length);
      for (const k of hits) {
        best.fill(0);
        for (let j = t.start[k]; j < t.start[k + 1]; j++) {
          if (!related[t.themes[j]]) continue;
          const o = t.themes[j] * n;
          for (let i = 0; i < n; i++) if (rows[o + i] > best[i]) best[i] = rows[o + i];
        }
        let got = 0;
        for (let i = 0; i < n; i++) got += weights[i] * best[i];
        fit[k] = got / total;
      }
      // Only the best `limit` are sorted: those at or above the limit-th fit (ties included).
      let kept = hits;
      if (hits.length > limit) {
        const values = Float64Array.from(hits, (k) => fit[k]).sort();
        const cutoff = values[values.length - limit];
        kept = hits.filter((k) => fit[k] >= cutoff);
      }
      top = kept.sort((a, b) => fit[b] - fit[a] || t.degree[b] - t.degree[a] || a - b).slice(0, limit).map((k) => t.ids[k]);
      if (this.byThemeFit.size >= 1024) this.byThemeFit.clear();
      this.byThemeFit.set(memo, top);
    }
    return top;
  }
}

/**
 * Coordinates of an authority, falling back to its département's for French communes GeoNames does not place.
 */
export const COORDINATES_SQL = `coalesce(a.latitude, d.latitude) AS lat, coalesce(a.longitude, d.longitude) AS lon`;
export const DEPARTEMENT_JOIN = `LEFT JOIN local_authority d ON a.latitude IS NULL AND d.level = 'DEPARTEMENT' AND d.insee_code = a.departement_code`;

const cache = new WeakMap<DataSource, { stamp: string; snapshot: Promise<NetworkSnapshot> }>();
/** What depends on local_authority alone: the population distribution and the foreign authorities per country. */
interface AuthorityStats {
  populations: PopulationBin[];
  foreignByCountry: Map<string, number>;
}
/**
 * Per data source, valid while graph_version.authorities stays the same: candidate rows (see NetworkSnapshot.rows)
 * and the authority statistics, read again only after a write to an authority, not on every snapshot rebuild.
 */
const authorityCache = new WeakMap<DataSource, { stamp: string; rows: Map<string, AuthorityRow>; stats: Promise<AuthorityStats> }>();

/**
 * The snapshot is kept per process and rebuilt when the graph changed (a version number bumped by
 * database triggers, read with one cheap statement per request), so several processes stay consistent.
 */
export async function getNetwork(ds: DataSource): Promise<NetworkSnapshot> {
  // Triggers on relationship, relationship_theme, local_authority, authority_theme, listing and listing_theme bump
  // `version`; those on local_authority bump `authorities` as well.
  const [{ stamp, authorities }] = await ds.query(`SELECT version::text AS stamp, authorities::text AS authorities FROM graph_version WHERE id = 1`);
  const cached = cache.get(ds);
  if (cached && cached.stamp === stamp) return cached.snapshot;
  let kept = authorityCache.get(ds);
  if (!kept || kept.stamp !== authorities) {
    const stats = Promise.all([
      ds.query<PopulationBin[]>(
        `SELECT kind, level, round(10 * log(population))::int AS bin, count(*)::int AS n FROM local_authority WHERE population > 0 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      ),
      ds.query<{ country: string; n: number }[]>(`SELECT country_code AS country, count(*)::int AS n FROM local_authority WHERE kind = 'FOREIGN' GROUP BY 1`),
    ]).then(([populations, counts]) => ({ populations, foreignByCountry: new Map(counts.map((c) => [c.country, c.n])) }));
    const entry = { stamp: authorities, rows: new Map<string, AuthorityRow>(), stats };
    authorityCache.set(ds, (kept = entry));
    stats.catch(() => authorityCache.get(ds) === entry && authorityCache.delete(ds));
  }
  const { rows, stats } = kept;
  const snapshot = (async () => {
    // Independent reads: concurrent on PostgreSQL's pool (PGlite runs them one after another).
    const [edges, nodes, themes, own, { populations, foreignByCountry }] = await Promise.all([
      ds.query<{ a: string; b: string }[]>(`SELECT authority_a_id AS a, authority_b_id AS b FROM relationship`),
      ds.query<NetNode[]>(
        `SELECT a.id, a.name, a.kind, a.country_code AS country, ${COORDINATES_SQL}
         FROM local_authority a ${DEPARTEMENT_JOIN}
         WHERE a.id IN (SELECT authority_a_id FROM relationship UNION SELECT authority_b_id FROM relationship)`,
      ),
      ds.query<{ a: string; b: string; theme: string; priority: number }[]>(
        `SELECT r.authority_a_id AS a, r.authority_b_id AS b, rt.theme_id AS theme, rt.priority FROM relationship_theme rt JOIN relationship r ON r.id = rt.relationship_id`,
      ),
      ds.query<{ id: string; kind: 'FRENCH' | 'FOREIGN'; theme: string; priority: number }[]>(
        `SELECT a.id, a.kind, t.theme_id AS theme, 1 AS priority FROM authority_theme t JOIN local_authority a ON a.id = t.authority_id
         UNION ALL SELECT a.id, a.kind, lt.theme_id, lt.priority FROM listing l JOIN listing_theme lt ON lt.listing_id = l.id JOIN local_authority a ON a.id = l.authority_id WHERE l.status = 'PUBLISHED'`,
      ),
      stats,
    ]);
    return new NetworkSnapshot(edges, nodes, themes, own, populations, rows, foreignByCountry);
  })();
  cache.set(ds, { stamp, snapshot });
  snapshot.catch(() => cache.delete(ds));
  return snapshot;
}
