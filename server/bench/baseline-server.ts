/**
 * The hand-written baseline of the benchmark: plain `graphql` + `pg` (+ `dataloader` for batching), no framework,
 * no validation, no permissions, serving the same field names as our API for the benchmark's two read queries
 * (a page of listings with their authority, country, themes and relationships; a fiche with everything on it).
 * `PORT=… DATABASE_URL=… node dist/server/bench/baseline-server.js`
 */
import http from 'node:http';
import DataLoader from 'dataloader';
import { buildSchema, graphql } from 'graphql';
import { Pool } from 'pg';

const schema = buildSchema(`
  type Query { listings(first: Int): ListingConnection! localAuthority(id: ID!): LocalAuthority }
  type ListingConnection { nodes: [Listing!]! }
  type Listing { id: ID! title: String! type: String! authority: LocalAuthority! themes: [PrioritizedTheme!]! }
  type PrioritizedTheme { priority: Int! theme: Theme! }
  type Theme { id: ID! labelFr: String! }
  type Embassy { name: String! }
  type Country { code: String! nameFr: String! embassy: Embassy }
  type ForeignActor { name: String! }
  type Funding { funder: String! amountEur: Float }
  type Relationship { kind: String! title: String startYear: Int partner: LocalAuthority! themes: [PrioritizedTheme!]! fundings: [Funding!]! }
  type LocalAuthority { id: ID! name: String! population: Int description: String country: Country! themes: [Theme!]! foreignActors: [ForeignActor!]! relationships: [Relationship!]! listings: [Listing!]! }
`);

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
type Row = Record<string, any>;

function loaders(count: () => void) {
  const q = async (sql: string, params: unknown[]) => {
    count();
    return (await pool.query(sql, params)).rows as Row[];
  };
  const byKey = <K extends string>(key: K) => (keys: readonly string[], rows: Row[]) => keys.map((k) => rows.filter((r) => r[key] === k));
  const one = (keys: readonly string[], rows: Row[], key = 'id') => keys.map((k) => rows.find((r) => r[key] === k) ?? null);
  return {
    authority: new DataLoader<string, Row | null>(async (ids) => one(ids, await q(`SELECT id, name, population, description, country_code FROM local_authority WHERE id = ANY($1::uuid[])`, [ids]))),
    country: new DataLoader<string, Row | null>(async (codes) => one(codes, await q(`SELECT c.code, c.name_fr, e.name AS embassy_name FROM country c LEFT JOIN embassy e ON e.country_code = c.code WHERE c.code = ANY($1)`, [codes]), 'code')),
    theme: new DataLoader<string, Row | null>(async (ids) => one(ids, await q(`SELECT id, label_fr FROM theme WHERE id = ANY($1)`, [ids]))),
    listingThemes: new DataLoader<string, Row[]>(async (ids) => byKey('listing_id')(ids, await q(`SELECT listing_id, theme_id, priority FROM listing_theme WHERE listing_id = ANY($1::uuid[]) ORDER BY priority`, [ids]))),
    relationshipThemes: new DataLoader<string, Row[]>(async (ids) => byKey('relationship_id')(ids, await q(`SELECT relationship_id, theme_id, priority FROM relationship_theme WHERE relationship_id = ANY($1::uuid[]) ORDER BY priority`, [ids]))),
    authorityThemes: new DataLoader<string, Row[]>(async (ids) => byKey('authority_id')(ids, await q(`SELECT authority_id, theme_id FROM authority_theme WHERE authority_id = ANY($1::uuid[])`, [ids]))),
    actors: new DataLoader<string, Row[]>(async (ids) => byKey('authority_id')(ids, await q(`SELECT authority_id, name FROM foreign_actor WHERE authority_id = ANY($1::uuid[])`, [ids]))),
    fundings: new DataLoader<string, Row[]>(async (ids) => byKey('relationship_id')(ids, await q(`SELECT relationship_id, funder, amount_eur FROM funding WHERE relationship_id = ANY($1::uuid[]) ORDER BY position`, [ids]))),
    listings: new DataLoader<string, Row[]>(async (ids) => byKey('authority_id')(ids, await q(`SELECT id, authority_id, title, type FROM listing WHERE authority_id = ANY($1::uuid[]) AND status = 'PUBLISHED' ORDER BY published_at DESC`, [ids]))),
    relationships: new DataLoader<string, Row[]>(async (ids) => {
      const rows = await q(
        `SELECT r.id, r.kind, r.title, r.start_year, a.id AS owner, CASE WHEN r.authority_a_id = a.id THEN r.authority_b_id ELSE r.authority_a_id END AS partner_id
         FROM unnest($1::uuid[]) AS a(id) JOIN relationship r ON r.authority_a_id = a.id OR r.authority_b_id = a.id ORDER BY r.start_year NULLS LAST`,
        [ids],
      );
      return byKey('owner')(ids, rows);
    }),
    q,
  };
}
type Ctx = ReturnType<typeof loaders>;

const prioritized = (rows: Row[]) => rows.map((r) => ({ priority: r.priority, themeId: r.theme_id }));
const resolvers: Record<string, Record<string, (root: any, args: any, ctx: Ctx) => unknown>> = {
  Query: {
    listings: async (_root, { first }, ctx) => ({
      nodes: await ctx.q(`SELECT id, authority_id, title, type FROM listing WHERE status = 'PUBLISHED' ORDER BY published_at DESC NULLS LAST, created_at DESC, id LIMIT $1`, [Math.min(first ?? 20, 100)]),
    }),
    localAuthority: (_root, { id }, ctx) => ctx.authority.load(id),
  },
  Listing: { authority: (l, _a, ctx) => ctx.authority.load(l.authority_id), themes: async (l, _a, ctx) => prioritized(await ctx.listingThemes.load(l.id)) },
  PrioritizedTheme: { theme: (p, _a, ctx) => ctx.theme.load(p.themeId) },
  Theme: { labelFr: (t) => t.label_fr },
  Country: { nameFr: (c) => c.name_fr, embassy: (c) => (c.embassy_name ? { name: c.embassy_name } : null) },
  Funding: { amountEur: (f) => (f.amount_eur == null ? null : Number(f.amount_eur)) },
  Relationship: {
    startYear: (r) => r.start_year,
    partner: (r, _a, ctx) => ctx.authority.load(r.partner_id),
    themes: async (r, _a, ctx) => prioritized(await ctx.relationshipThemes.load(r.id)),
    fundings: (r, _a, ctx) => ctx.fundings.load(r.id),
  },
  LocalAuthority: {
    country: (a, _a, ctx) => ctx.country.load(a.country_code),
    themes: async (a, _a, ctx) => Promise.all((await ctx.authorityThemes.load(a.id)).map((t) => ctx.theme.load(t.theme_id))),
    foreignActors: (a, _a, ctx) => ctx.actors.load(a.id),
    relationships: (a, _a, ctx) => ctx.relationships.load(a.id),
    listings: (a, _a, ctx) => ctx.listings.load(a.id),
  },
};
for (const [typeName, fields] of Object.entries(resolvers)) {
  const type = schema.getType(typeName) as unknown as { getFields(): Record<string, { resolve?: unknown }> };
  for (const [field, resolve] of Object.entries(fields)) type.getFields()[field].resolve = resolve;
}

http
  .createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      let statements = 0;
      try {
        const { query, variables } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        const result = await graphql({ schema, source: query, variableValues: variables, contextValue: loaders(() => statements++) });
        res.writeHead(200, { 'content-type': 'application/json', 'x-sql-statements': String(statements) });
        res.end(JSON.stringify(result));
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end('{"errors":[{"message":"bad request"}]}');
      }
    });
  })
  .listen(Number(process.env.PORT ?? 4705), '127.0.0.1', () => process.stdout.write(`baseline listening on ${process.env.PORT ?? 4705}\n`));
