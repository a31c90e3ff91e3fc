import { Arg, Authorized, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { clearReferenceCache } from '../../loaders';
import { ArrayMaxSize, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import type { Context } from '../../context';
import { badInput, notFound } from '../../common/errors';
import { Line } from '../../common/input-decorators';
import { Theme } from './theme.entity';

@InputType({ description: 'A theme of the taxonomy; its level follows from its parent.' })
export class ThemeInput {
  @Field(() => ID, { description: 'Dotted code: the parent’s code, a dot, a lower-case slug (e.g. "env.waste.composting").' })
  @Matches(/^[a-z0-9-]+(\.[a-z0-9-]+){0,2}$/, { message: 'must be a dotted lower-case code such as "env.waste.composting"' })
  id: string;

  @Field()
  @Line(200)
  labelFr: string;

  @Field()
  @Line(200)
  labelEn: string;

  @Field(() => [Int], { nullable: true })
  @IsOptional() @ArrayMaxSize(17) @IsInt({ each: true }) @Min(1, { each: true }) @Max(17, { each: true })
  sdgs?: number[];

  @Field(() => Int, { nullable: true })
  @IsOptional() @IsInt() @Min(0) @Max(10000)
  position?: number;
}

@Resolver(() => Theme)
export class ThemeResolver {
  @Query(() => [Theme], { description: 'The taxonomy, parents before children, in display order.' })
  async themes(@Arg('level', () => Int, { nullable: true }) level: number | undefined, @Ctx() ctx: Context): Promise<Theme[]> {
    if (level !== undefined && level !== null && ![1, 2, 3].includes(level)) throw badInput('level', 'level must be 1, 2 or 3.', 'OUT_OF_RANGE');
    const all = [...(await ctx.loaders.allThemes()).values()];
    return level ? all.filter((t) => t.level === level) : all;
  }

  @Query(() => Theme)
  async theme(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Theme> {
    const theme = (await ctx.loaders.allThemes()).get(id);
    if (!theme) throw notFound('id', 'No theme has this id.');
    return theme;
  }

  @Authorized('ADMIN')
  @Mutation(() => Theme, { description: 'Adds a theme to the taxonomy, or changes its labels, SDGs and position.' })
  async upsertTheme(@Arg('input') input: ThemeInput, @Ctx() ctx: Context): Promise<Theme> {
    const parts = input.id.split('.');
    const parentId = parts.length > 1 ? parts.slice(0, -1).join('.') : null;
    if (parentId && !(await ctx.loaders.allThemes()).has(parentId)) throw badInput('input.id', `The parent theme "${parentId}" does not exist.`, 'UNKNOWN_THEME');
    const repo = ctx.ds.getRepository(Theme);
    await repo.upsert(
      { id: input.id, parentId, level: parts.length, labelFr: input.labelFr, labelEn: input.labelEn, sdgs: input.sdgs ?? [], position: input.position ?? 0 },
      ['id'],
    );
    clearReferenceCache(ctx.ds);
    return repo.findOneByOrFail({ id: input.id });
  }

  @FieldResolver(() => Theme, { nullable: true })
  async parent(@Root() t: Theme, @Ctx() ctx: Context): Promise<Theme | null> {
    return t.parentId ? ((await ctx.loaders.allThemes()).get(t.parentId) ?? null) : null;
  }

  @FieldResolver(() => [Theme])
  async children(@Root() t: Theme, @Ctx() ctx: Context): Promise<Theme[]> {
    return [...(await ctx.loaders.allThemes()).values()].filter((c) => c.parentId === t.id);
  }
}
