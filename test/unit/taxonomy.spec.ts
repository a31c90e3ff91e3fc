import { TAXONOMY, flattenTaxonomy } from '../../server/modules/theme/taxonomy';
import { expandThemes, themePath } from '../../server/modules/theme/theme.service';
import { Theme } from '../../server/modules/theme/theme.entity';
import { AppError } from '../../server/common/errors';

const rows = flattenTaxonomy();
const all = new Map(rows.map((r) => [r.id, Object.assign(new Theme(), r)]));

describe('theme taxonomy', () => {
  it('has unique ids, three levels at most, and child ids prefixed by their parent', () => {
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    for (const r of rows) {
      expect(r.level).toBeGreaterThanOrEqual(1);
      expect(r.level).toBeLessThanOrEqual(3);
      expect(r.id.split('.')).toHaveLength(r.level);
      if (r.parentId) expect(r.id.startsWith(`${r.parentId}.`)).toBe(true);
    }
  });

  it('covers the ministry’s priorities, in French and English, with SDGs 1–17', () => {
    const roots = TAXONOMY.map((t) => t.id);
    expect(roots).toEqual(['env', 'eco', 'gov', 'edu', 'health', 'food', 'culture', 'gender', 'digital', 'sport', 'crisis', 'democracy', 'ecsi']);
    for (const id of ['env.waste', 'env.water', 'env.energy', 'env.biodiversity', 'env.coastal', 'gov.institutional', 'gov.urban', 'gov.civil-registry']) expect(all.has(id)).toBe(true);
    for (const r of rows) {
      expect(r.labelFr.length).toBeGreaterThan(2);
      expect(r.labelEn.length).toBeGreaterThan(2);
      for (const s of r.sdgs) expect(s >= 1 && s <= 17).toBe(true);
    }
  });

  it('expands a theme to its descendants', () => {
    const ids = expandThemes(['env.waste'], all, (i) => `t[${i}]`).sort();
    expect(ids).toEqual(['env.waste', 'env.waste.collection', 'env.waste.landfill', 'env.waste.recycling']);
    expect(expandThemes(['env.waste.recycling'], all, () => 't')).toEqual(['env.waste.recycling']);
  });

  it('rejects an unknown theme with the index of the offending entry', () => {
    try {
      expandThemes(['env', 'nope'], all, (i) => `filter.themes[${i}]`);
      throw new Error('accepted');
    } catch (e) {
      expect((e as AppError).field).toBe('filter.themes[1]');
      expect((e as AppError).reason).toBe('UNKNOWN_THEME');
    }
  });

  it('gives the path from the root', () => {
    expect(themePath('env.waste.recycling', all).map((t) => t.id)).toEqual(['env', 'env.waste', 'env.waste.recycling']);
  });
});
