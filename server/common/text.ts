/**
 * Search form of a name: accents removed, lower case, punctuation turned into single spaces.
 * "Saint-Étienne" and "saint etienne" both become "saint etienne"; "Orléans" becomes "orleans".
 * Stored in local_authority.search_name and applied to every search string, so the database needs
 * no `unaccent` (which is not immutable and so cannot be indexed).
 */
export function normalizeSearch(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
