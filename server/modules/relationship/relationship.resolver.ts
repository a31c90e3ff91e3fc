import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root, createUnionType } from 'type-graphql';
import type { Context } from '../../context';
import { VersionConflict } from '../../common/results';
import { LocalAuthority } from '../authority/authority.entity';
import { PrioritizedTheme } from '../theme/theme.entity';
import { Funding, Relationship } from './relationship.entity';
import { CreateRelationshipInput, UpdateRelationshipInput } from './relationship.inputs';
import { RelationshipService } from './relationship.service';

export const UpdateRelationshipResult = createUnionType({
  name: 'UpdateRelationshipResult',
  types: () => [Relationship, VersionConflict] as const,
  resolveType: (value) => (value instanceof VersionConflict ? VersionConflict : Relationship),
});

@Resolver()
export class RelationshipResolver {
  @Query(() => Relationship)
  relationship(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Relationship> {
    return new RelationshipService(ctx).getById(id);
  }

  @Authorized()
  @Mutation(() => Relationship, { description: 'Records a twinning or cooperation between two authorities.' })
  createRelationship(@Arg('input') input: CreateRelationshipInput, @Ctx() ctx: Context): Promise<Relationship> {
    return new RelationshipService(ctx).create(input);
  }

  @Authorized()
  @Mutation(() => UpdateRelationshipResult)
  updateRelationship(@Arg('input') input: UpdateRelationshipInput, @Ctx() ctx: Context): Promise<typeof UpdateRelationshipResult> {
    return new RelationshipService(ctx).update(input);
  }

  @Authorized()
  @Mutation(() => ID, { description: 'Deletes a relationship; returns its id.' })
  deleteRelationship(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<string> {
    return new RelationshipService(ctx).delete(id);
  }
}

@Resolver(() => Relationship)
export class RelationshipFieldsResolver {
  @FieldResolver(() => LocalAuthority)
  async authorityA(@Root() r: Relationship, @Ctx() ctx: Context): Promise<LocalAuthority> {
    return (await ctx.loaders.authorityById.load(r.authorityAId))!;
  }

  @FieldResolver(() => LocalAuthority)
  async authorityB(@Root() r: Relationship, @Ctx() ctx: Context): Promise<LocalAuthority> {
    return (await ctx.loaders.authorityById.load(r.authorityBId))!;
  }

  @FieldResolver(() => LocalAuthority, { description: 'Reached from an authority: the other authority. Otherwise authorityB.' })
  async partner(@Root() r: Relationship, @Ctx() ctx: Context): Promise<LocalAuthority> {
    const id = r.viewpointAuthorityId === r.authorityBId ? r.authorityAId : r.authorityBId;
    return (await ctx.loaders.authorityById.load(id))!;
  }

  @FieldResolver(() => [PrioritizedTheme])
  async themes(@Root() r: Relationship, @Ctx() ctx: Context): Promise<PrioritizedTheme[]> {
    const [links, all] = await Promise.all([ctx.loaders.relationshipThemes.load(r.id), ctx.loaders.allThemes()]);
    return links.filter((l) => all.has(l.themeId)).map((l) => ({ theme: all.get(l.themeId)!, priority: l.priority }));
  }

  @FieldResolver(() => [Funding], { description: 'Financing rows (financeur, montant, 1 % eau, année).' })
  fundings(@Root() r: Relationship, @Ctx() ctx: Context): Promise<Funding[]> {
    return ctx.loaders.fundingsByRelationshipId.load(r.id);
  }
}
