import { Ctx, Field, Int, ObjectType, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context';

@ObjectType({ description: 'A count for one year.' })
export class YearCount {
  @Field(() => Int) year: number;
  @Field(() => Int) count: number;
}

@ObjectType({ description: 'Counts for one top-level theme.' })
export class ThemeCount {
  @Field({ description: 'Id of the top-level theme.' }) themeId: string;
  @Field(() => Int, { description: 'Published listings with this theme or one of its descendants.' }) listings: number;
  @Field(() => Int, { description: 'Relationships with this theme or one of its descendants.' }) relationships: number;
}

@ObjectType({ description: 'Key figures of the Bourse (public data only).' })
export class Statistics {
  @Field(() => Int) frenchAuthorities: number;
  @Field(() => Int) foreignAuthorities: number;
  @Field(() => Int) relationships: number;
  @Field(() => Int, { description: 'Published offers.' }) publishedOffers: number;
  @Field(() => Int, { description: 'Published requests.' }) publishedRequests: number;
  @Field(() => Int, { description: 'Foreign countries with at least one relationship with a French authority.' }) partnerCountries: number;
  @Field(() => [YearCount], { description: 'Relationships by start year (or first convention year), oldest first.' }) relationshipsByYear: YearCount[];
  @Field(() => [YearCount], { description: 'Listings by year of publication, oldest first.' }) listingsByYear: YearCount[];
  @Field(() => [ThemeCount], { description: 'Published listings and relationships by top-level theme.' }) byTheme: ThemeCount[];
}

const int = (v: unknown) => Number(v ?? 0);

@Resolver()
export class StatisticsResolver {
  @Query(() => Statistics, { description: 'Key figures: authorities, relationships, listings, by year and by theme.' })
  async statistics(@Ctx() ctx: Context): Promise<Statistics> {
    const [totals] = await ctx.ds.query(`SELECT
        (SELECT count(*) FROM local_authority WHERE kind = 'FRENCH') AS french,
        (SELECT count(*) FROM local_authority WHERE kind = 'FOREIGN') AS foreign,
        (SELECT count(*) FROM relationship) AS relationships,
        (SELECT count(*) FROM listing WHERE status = 'PUBLISHED' AND type = 'OFFER') AS offers,
        (SELECT count(*) FROM listing WHERE status = 'PUBLISHED' AND type = 'REQUEST') AS requests,
        (SELECT count(DISTINCT f.country_code) FROM relationship r
           JOIN local_authority x ON x.id = r.authority_a_id JOIN local_authority y ON y.id = r.authority_b_id
           JOIN local_authority f ON f.id = CASE WHEN x.kind = 'FOREIGN' THEN x.id ELSE y.id END
          WHERE x.kind <> y.kind) AS partner_countries`);
    const byYear: { year: number; kind: string; n: string }[] = await ctx.ds.query(`
      SELECT coalesce(start_year, first_convention_year)::int AS year, 'r' AS kind, count(*) AS n FROM relationship
       WHERE coalesce(start_year, first_convention_year) IS NOT NULL GROUP BY 1
      UNION ALL
      SELECT extract(year FROM published_at)::int, 'l', count(*) FROM listing WHERE published_at IS NOT NULL GROUP BY 1
      ORDER BY 1`);
    const byTheme: { theme: string; listings: string; relationships: string }[] = await ctx.ds.query(`
      SELECT t.theme, sum(t.l) AS listings, sum(t.r) AS relationships FROM (
        SELECT split_part(lt.theme_id, '.', 1) AS theme, count(DISTINCT lt.listing_id) AS l, 0 AS r
          FROM listing_theme lt JOIN listing l ON l.id = lt.listing_id WHERE l.status = 'PUBLISHED' GROUP BY 1
        UNION ALL
        SELECT split_part(rt.theme_id, '.', 1), 0, count(DISTINCT rt.relationship_id) FROM relationship_theme rt GROUP BY 1
      ) t GROUP BY t.theme ORDER BY t.theme`);
    const years = (k: string) => byYear.filter((r) => r.kind === k).map((r) => ({ year: int(r.year), count: int(r.n) }));
    return {
      frenchAuthorities: int(totals.french),
      foreignAuthorities: int(totals.foreign),
      relationships: int(totals.relationships),
      publishedOffers: int(totals.offers),
      publishedRequests: int(totals.requests),
      partnerCountries: int(totals.partner_countries),
      relationshipsByYear: years('r'),
      listingsByYear: years('l'),
      byTheme: byTheme.map((r) => ({ themeId: r.theme, listings: int(r.listings), relationships: int(r.relationships) })),
    };
  }
}
