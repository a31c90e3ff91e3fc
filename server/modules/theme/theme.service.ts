import type { Theme } from './theme.entity';
import { badInput } from '../../common/errors';
import type { DataSource, EntityManager } from 'typeorm';
import { assertDistinct, assertThemes } from '../../common/validation';
import type { ThemePriorityInput } from '../../common/theme-priority.input';
/** Ids of the given themes and all their descendants; unknown ids are a BAD_USER_INPUT on `field(i)`. */
export function expandThemes(ids: string[], all: Map<string, Theme>, field: (index: number) => string): string[] {
  const children = new Map<string, string[]>();
  for (const t of all.values()) {
    if (t.parentId) children.set(t.parentId, [...(children.get(t.parentId) ?? []), t.id]);
  }
  const out = new Set<string>();
  ids.forEach((id, i) => {
    if (!all.has(id)) throw badInput(field(i), `Unknown theme "${id}".`, 'UNKNOWN_THEME');
    const stack = [id];
    while (stack.length) {
      const cur = stack.pop()!;
      if (out.has(cur)) continue;
      out.add(cur);
      stack.push(...(children.get(cur) ?? []));
    }
  });
  return [...out];
}

/** Ancestors of a theme, root first, the theme itself last. */
export function themePath(id: string, all: Map<string, Theme>): Theme[] {
  const path: Theme[] = [];
  let cur = all.get(id);
  while (cur) {
    path.unshift(cur);
    cur = cur.parentId ? all.get(cur.parentId) : undefined;
  }
  return path;
}


/** Validates a list of (theme, priority): known themes, each once. */
export async function checkThemePriorities(db: DataSource | EntityManager, themes: ThemePriorityInput[] | null | undefined, prefix: string): Promise<void> {
  if (!themes) return;
  const ids = themes.map((t) => t.themeId);
  assertDistinct(ids, (i) => `${prefix}[${i}].themeId`, 'Theme');
  await assertThemes(db, ids, (i) => `${prefix}[${i}].themeId`);
}

/** Replaces the (theme, priority) rows of an owner in a join table (`listing_theme`, `relationship_theme`). */
export async function replaceThemeLinks(em: EntityManager, table: 'listing_theme' | 'relationship_theme', ownerColumn: 'listing_id' | 'relationship_id', ownerId: string, themes: ThemePriorityInput[]): Promise<void> {
  await em.query(`DELETE FROM ${table} WHERE ${ownerColumn} = $1`, [ownerId]);
  if (themes.length === 0) return;
  await em.query(`INSERT INTO ${table} (${ownerColumn}, theme_id, priority) SELECT $1, t, p FROM unnest($2::text[], $3::smallint[]) AS x(t, p)`, [
    ownerId,
    themes.map((t) => t.themeId),
    themes.map((t) => t.priority ?? 1),
  ]);
}
