import { Arg, Ctx, Field, FieldResolver, InputType, Int, Query, Resolver, Root } from 'type-graphql';
import { ArrayMaxSize, IsBoolean, IsOptional, IsString } from 'class-validator';
import type { Context } from '../../context';
import { notFound } from '../../common/errors';
import { CountryCode, Line } from '../../common/input-decorators';
import { normalizeSearch } from '../../common/text';
import { Embassy } from '../embassy/embassy.entity';
import { Country } from './country.entity';

@InputType()
export class CountryFilter {
  @Field({ nullable: true, description: 'Only countries with at least one local authority in the database.' })
  @IsOptional() @IsBoolean()
  withAuthorities?: boolean;

  @Field({ nullable: true, description: 'Name in French or English, accent- and case-insensitive.' })
  @IsOptional() @Line(100)
  search?: string;

  @Field({ nullable: true, description: 'Region, e.g. "Africa".' })
  @IsOptional() @IsString() @Line(100)
  region?: string;

  @Field(() => [String], { nullable: true })
  @IsOptional() @ArrayMaxSize(300) @CountryCode({ each: true })
  codes?: string[];
}

@Resolver(() => Country)
export class CountryResolver {
  @Query(() => [Country], { description: 'Countries in French alphabetical order, each with its counts.' })
  async countries(@Arg('filter', () => CountryFilter, { nullable: true }) filter: CountryFilter | undefined, @Ctx() ctx: Context): Promise<Country[]> {
    const qb = ctx.ds.getRepository(Country).createQueryBuilder('c');
    if (filter?.withAuthorities) qb.andWhere('EXISTS (SELECT 1 FROM local_authority a WHERE a.country_code = c.code)');
    if (filter?.region) qb.andWhere('c.region = :region', { region: filter.region });
    if (filter?.codes?.length) qb.andWhere('c.code IN (:...codes)', { codes: filter.codes });
    const countries = await qb.getMany();
    const q = filter?.search ? normalizeSearch(filter.search) : '';
    return countries
      .filter((c) => !q || normalizeSearch(c.nameFr).includes(q) || normalizeSearch(c.nameEn).includes(q) || c.code.toLowerCase() === q)
      .sort((a, b) => a.nameFr.localeCompare(b.nameFr, 'fr'));
  }

  @Query(() => Country)
  async country(@Arg('code') code: string, @Ctx() ctx: Context): Promise<Country> {
    const country = /^[A-Z]{2}$/.test(code) ? await ctx.loaders.countryByCode.load(code) : null;
    if (!country) throw notFound('code', `Unknown country code "${code.slice(0, 10)}".`);
    return country;
  }

  @FieldResolver(() => Int, { description: 'Local authorities of this country in the database.' })
  async authorityCount(@Root() c: Country, @Ctx() ctx: Context): Promise<number> {
    return (await ctx.loaders.countryStats.load(c.code)).authorityCount;
  }

  @FieldResolver(() => Int, { description: 'Published listings by authorities of this country or seeking partners in it.' })
  async listingCount(@Root() c: Country, @Ctx() ctx: Context): Promise<number> {
    return (await ctx.loaders.countryStats.load(c.code)).listingCount;
  }

  @FieldResolver(() => Int, { description: 'Relationships involving an authority of this country.' })
  async relationshipCount(@Root() c: Country, @Ctx() ctx: Context): Promise<number> {
    return (await ctx.loaders.countryStats.load(c.code)).relationshipCount;
  }

  @FieldResolver(() => [Country], { description: 'Countries sharing a land border.' })
  async neighbours(@Root() c: Country, @Ctx() ctx: Context): Promise<Country[]> {
    const found = await ctx.loaders.countryByCode.loadMany(c.borders);
    return found.filter((x): x is Country => x instanceof Country);
  }

  @FieldResolver(() => Embassy, { nullable: true, description: 'The French embassy, with its decentralised-cooperation correspondent.' })
  embassy(@Root() c: Country, @Ctx() ctx: Context): Promise<Embassy | null> {
    return ctx.loaders.embassyByCountryCode.load(c.code);
  }
}
