import type { DataSource } from 'typeorm';

export interface NetNode {
  id: string;
  name: string;
  kind: 'FRENCH' | 'FOREIGN';
  country: string;
  lat: number | null;
  lon: number | null;
}

/** The twinning and cooperation graph, with what the matching engine needs of each linked authority. */
export class NetworkSnapshot {
  readonly adj = new Map<string, Set<string>>();
  readonly nodes = new Map<string, NetNode>();
  /** Relationships between a French and a foreign authority, per foreign country. */
  readonly frenchRelationshipsByCountry = new Map<string, number>();

  constructor(edges: { a: string; b: string }[], nodes: NetNode[]) {
    for (const n of nodes) this.nodes.set(n.id, n);
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

  partners(id: string): Set<string> {
    return this.adj.get(id) ?? new Set();
  }

  degree(id: string): number {
    return this.adj.get(id)?.size ?? 0;
  }

  /** Partners of `id` on the given side. */
  partnersOfKind(id: string, kind: 'FRENCH' | 'FOREIGN'): number {
    let n = 0;
    for (const p of this.partners(id)) if (this.nodes.get(p)?.kind === kind) n++;
    return n;
  }
}

/**
 * Coordinates of an authority, falling back to its département's for French communes GeoNames does not place.
 */
export const COORDINATES_SQL = `coalesce(a.latitude, d.latitude) AS lat, coalesce(a.longitude, d.longitude) AS lon`;
export const DEPARTEMENT_JOIN = `LEFT JOIN local_authority d ON a.latitude IS NULL AND d.level = 'DEPARTEMENT' AND d.insee_code = a.departement_code`;

const cache = new WeakMap<DataSource, { stamp: string; snapshot: Promise<NetworkSnapshot> }>();

/**
 * The snapshot is kept per process and rebuilt when the relationship table changed (count, latest update
 * and a hash of the ids, checked with one cheap statement per request), so several processes stay consistent.
 */
export async function getNetwork(ds: DataSource): Promise<NetworkSnapshot> {
  const [{ stamp }] = await ds.query(
    `SELECT count(*)::text || ':' || coalesce(max(updated_at)::text, '') || ':' || coalesce(sum(hashtext(id::text)::bigint), 0)::text AS stamp FROM relationship`,
  );
  const cached = cache.get(ds);
  if (cached && cached.stamp === stamp) return cached.snapshot;
  const snapshot = (async () => {
    const edges: { a: string; b: string }[] = await ds.query(`SELECT authority_a_id AS a, authority_b_id AS b FROM relationship`);
    const rows: { id: string; name: string; kind: 'FRENCH' | 'FOREIGN'; country: string; lat: number | null; lon: number | null }[] = await ds.query(
      `SELECT a.id, a.name, a.kind, a.country_code AS country, ${COORDINATES_SQL}
       FROM local_authority a ${DEPARTEMENT_JOIN}
       WHERE a.id IN (SELECT authority_a_id FROM relationship UNION SELECT authority_b_id FROM relationship)`,
    );
    return new NetworkSnapshot(edges, rows);
  })();
  cache.set(ds, { stamp, snapshot });
  snapshot.catch(() => cache.delete(ds));
  return snapshot;
}
