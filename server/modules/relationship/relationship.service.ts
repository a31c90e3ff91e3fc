import type { EntityManager } from 'typeorm';
import { Idempotency } from '../../common/idempotency';
import type { Context } from '../../context';
import { badInput, missing, notFound } from '../../common/errors';
import { VersionConflict, definedOnly } from '../../common/results';
import { assertId } from '../../common/validation';
import { assertCanEditAuthority, canEditAuthority } from '../../common/permissions';
import { AuthorityService } from '../authority/authority.service';
import { checkThemePriorities, replaceThemeLinks } from '../theme/theme.service';
import { Funding, Relationship } from './relationship.entity';
import type { CreateRelationshipInput, FundingInput, RelationshipFields, UpdateRelationshipInput } from './relationship.inputs';

const FIELD_KEYS = ['title', 'description', 'firstConventionYear', 'startYear', 'endYear', 'startDate', 'endDate', 'source', 'sourceUrl'] as const;

/** Twinnings and cooperations between two authorities, with their themes and financing rows. */
export class RelationshipService {
  constructor(private readonly ctx: Context) {}

  async getById(id: string, field = 'id'): Promise<Relationship> {
    const found = await this.ctx.ds.getRepository(Relationship).findOneBy({ id: assertId(id, field) });
    if (!found) throw missing(field, 'relationship');
    return found;
  }

  async create(input: CreateRelationshipInput): Promise<Relationship> {
    const once = new Idempotency(this.ctx, 'createRelationship', input.idempotencyKey);
    const earlier = await once.previous();
    if (earlier) return this.getById(earlier, 'input.idempotencyKey');
    const authorities = new AuthorityService(this.ctx);
    const a = await authorities.getById(input.authorityAId, 'input.authorityAId');
    const b = await authorities.getById(input.authorityBId, 'input.authorityBId');
    if (a.id === b.id) throw badInput('input.authorityBId', 'A relationship links two different authorities.', 'SAME_AUTHORITY');
    this.assertCanEdit(a.id, b.id, 'input.authorityAId');
    this.checkPeriod(input);
    await checkThemePriorities(this.ctx.ds, input.themes, 'input.themes');
    return this.ctx.ds.transaction(async (em) => {
      const repo = em.getRepository(Relationship);
      const claimed = await once.claim(em);
      if (claimed) return repo.findOneByOrFail({ id: claimed });
      const saved = await repo.save(
        repo.create({
          ...definedOnly(input, [...FIELD_KEYS]),
          startYear: input.startYear ?? yearOf(input.startDate),
          endYear: input.endYear ?? yearOf(input.endDate),
          authorityAId: a.id,
          authorityBId: b.id,
          kind: input.kind,
          status: input.status,
        }),
      );
      await replaceThemeLinks(em, 'relationship_theme', 'relationship_id', saved.id, input.themes ?? []);
      await this.replaceFundings(em, saved.id, input.fundings ?? []);
      await once.record(em, saved.id);
      return saved;
    });
  }

  async update(input: UpdateRelationshipInput): Promise<Relationship | VersionConflict> {
    const current = await this.getById(input.id, 'input.id');
    this.assertCanEdit(current.authorityAId, current.authorityBId, 'input.id');
    const changes: Record<string, unknown> = { ...definedOnly(input, [...FIELD_KEYS, 'kind', 'status']) };
    if (changes.kind === null || changes.status === null) throw badInput(changes.kind === null ? 'input.kind' : 'input.status', 'This field cannot be removed.', 'REQUIRED');
    const merged = { ...current, ...changes } as RelationshipFields;
    this.checkPeriod(merged);
    await checkThemePriorities(this.ctx.ds, input.themes, 'input.themes');
    return this.ctx.ds.transaction(async (em) => {
      const result = await em
        .createQueryBuilder()
        .update(Relationship)
        .set({ ...changes, version: () => 'version + 1', updatedAt: () => 'now()' })
        .where('id = :id AND version = :version', { id: current.id, version: input.version })
        .execute();
      if (result.affected !== 1) {
        const latest = await em.getRepository(Relationship).findOneBy({ id: current.id });
        if (!latest) throw notFound('input.id', 'No relationship has this id.');
        return new VersionConflict(latest.version);
      }
      if (input.themes) await replaceThemeLinks(em, 'relationship_theme', 'relationship_id', current.id, input.themes);
      if (input.fundings) await this.replaceFundings(em, current.id, input.fundings);
      return em.getRepository(Relationship).findOneByOrFail({ id: current.id });
    });
  }

  async delete(id: string): Promise<string> {
    const found = await this.getById(id);
    this.assertCanEdit(found.authorityAId, found.authorityBId, 'id');
    await this.ctx.ds.getRepository(Relationship).delete({ id: found.id });
    return found.id;
  }

  /** Agents of either authority (or administrators) may record and edit a relationship. */
  private assertCanEdit(a: string, b: string, field: string): void {
    if (!canEditAuthority(this.ctx, a) && !canEditAuthority(this.ctx, b)) assertCanEditAuthority(this.ctx, a, field);
  }

  private checkPeriod(input: Pick<RelationshipFields, 'startYear' | 'endYear' | 'startDate' | 'endDate' | 'firstConventionYear'>): void {
    const startYear = input.startYear ?? yearOf(input.startDate);
    const endYear = input.endYear ?? yearOf(input.endDate);
    if (startYear != null && endYear != null && startYear > endYear) throw badInput('input.endYear', 'The end comes before the start.', 'INVALID_RANGE');
    if (input.startDate && input.endDate && input.startDate > input.endDate) throw badInput('input.endDate', 'The end date comes before the start date.', 'INVALID_RANGE');
    if (input.startYear && input.startDate && yearOf(input.startDate) !== input.startYear) throw badInput('input.startDate', 'startDate is not in startYear.', 'INCONSISTENT');
    if (input.endYear && input.endDate && yearOf(input.endDate) !== input.endYear) throw badInput('input.endDate', 'endDate is not in endYear.', 'INCONSISTENT');
  }

  private async replaceFundings(em: EntityManager, relationshipId: string, fundings: FundingInput[]): Promise<void> {
    const repo = em.getRepository(Funding);
    await repo.delete({ relationshipId });
    if (fundings.length) await repo.insert(fundings.map((f, i) => ({ ...f, relationshipId, position: i })));
  }
}

function yearOf(date: string | null | undefined): number | null {
  return date ? Number(date.slice(0, 4)) : null;
}
