import { Authorized, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Country } from '../country/country.entity';
import { Embassy, EmbassyCorrespondent } from './embassy.entity';

@Resolver(() => Embassy)
export class EmbassyResolver {
  @Query(() => [Embassy], { description: 'French embassies that have a decentralised-cooperation correspondent.' })
  embassies(@Ctx() ctx: Context): Promise<Embassy[]> {
    return ctx.ds.getRepository(Embassy).find({ order: { name: 'ASC' } });
  }

  @FieldResolver(() => Country)
  async country(@Root() e: Embassy, @Ctx() ctx: Context): Promise<Country> {
    return (await ctx.loaders.countryByCode.load(e.countryCode))!;
  }

  @Authorized()
  @FieldResolver(() => [EmbassyCorrespondent], { nullable: true, description: 'Officers and their contacts. Not readable by anonymous clients.' })
  correspondents(@Root() e: Embassy, @Ctx() ctx: Context): Promise<EmbassyCorrespondent[]> {
    return ctx.loaders.correspondentsByEmbassyId.load(e.id);
  }
}
