import { normalizeSearch } from '../../server/common/text';

describe('normalizeSearch', () => {
  it.each([
    ['Orléans', 'orleans'],
    ['Saint-Étienne', 'saint etienne'],
    ["L'Haÿ-les-Roses", 'l hay les roses'],
    ['  ŒUVRE   Cœur ', 'oeuvre coeur'],
    ['Ségou', 'segou'],
    ['São Cristóvão', 'sao cristovao'],
    ['Straße', 'strasse'],
    ['Phnom-Penh!!', 'phnom penh'],
  ])('folds %s to %s', (input, expected) => {
    expect(normalizeSearch(input)).toBe(expected);
  });

  it('keeps non-Latin letters and digits', () => {
    expect(normalizeSearch('Тбилиси 2')).toBe('тбилиси 2');
    expect(normalizeSearch('東京')).toBe('東京');
  });

  it('turns punctuation-only text into an empty string', () => {
    expect(normalizeSearch('%_\u0000!')).toBe('');
  });
});
