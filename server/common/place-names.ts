import { normalizeSearch } from './text';

/** Words that name a kind of place rather than the place ("Davao City", "Goyang-si", "City of Brussels"). */
const GENERIC_WORDS = new Set(['city', 'of', 'the', 'town', 'district', 'municipality', 'metropolitan', 'si', 'shi', 'gun', 'ku']);
/** First words that many distinct neighbours share (Saint-Denis, Saint-Ouen; Bad Homburg, Bad Soden). */
const COMMON_FIRST_WORDS = new Set(['saint', 'sainte', 'sankt', 'santa', 'santo', 'sao', 'san', 'bad', 'new', 'north', 'south', 'east', 'west', 'port', 'fort', 'mount', 'grand', 'great', 'little', 'villa', 'ciudad', 'nueva', 'nuevo', 'puerto', 'neu', 'nova', 'novo', 'nowy', 'nowa', 'stara', 'stary']);

function levenshtein(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/** Words before a river, a lake or a mountain in a place's name (Gmund am Tegernsee, Frankfurt an der Oder, Boulogne-sur-Mer). */
const LOCATIVE_WORDS = new Set(['am', 'an', 'der', 'im', 'bei', 'ob', 'upon', 'on', 'sur', 'sous', 'nad', 'pod', 'na', 'aan']);
/** Words that set a place apart from its neighbour of the same name (East Lismore, Lismore; Ober-, Unter-). */
const DIRECTION_WORDS = new Set(['north', 'south', 'east', 'west', 'nord', 'sud', 'est', 'ouest', 'upper', 'lower', 'ober', 'unter', 'nieder', 'haut', 'bas', 'alt']);

/** Abbreviations written out before names are compared (St. Johns, Saint Johns). */
const ABBREVIATIONS = new Map([['st', 'saint'], ['ste', 'sainte'], ['sta', 'santa'], ['sto', 'santo'], ['ft', 'fort'], ['mt', 'mount']]);

/**
 * Whether two names of places a few kilometres apart name the same place: after normalisation, abbreviations written
 * out and without generic words, equal or the same words in another order (Lutherstadt Eisleben, Eisleben
 * Lutherstadt), one the beginning of the other (Antwerp, Antwerpen; Frankfurt, Frankfurt am Main), one's words a run
 * of the other's of at least 4 letters (La Vega, Concepción de La Vega; Bariloche, San Carlos de Bariloche), the same
 * first word of at least 5 letters, not a common one (Rostov-on-Don, Rostov-na-Donu; not Saint-Denis, Saint-Ouen), or
 * at most a quarter of the letters apart (Hanover, Hannover; Nuremberg, Nürnberg). Exonyms with nothing in common
 * (Cologne, Köln) are not recognised; distinct neighbours (Anderlecht, Brussels) are not confused.
 */
export function sameplaceNames(a: string, b: string): boolean {
  const core = (s: string) =>
    normalizeSearch(s)
      .split(' ')
      .map((w) => ABBREVIATIONS.get(w) ?? w)
      .filter((w) => w && !GENERIC_WORDS.has(w));
  const [wa, wb] = [core(a), core(b)];
  if (!wa.length || !wb.length) return false;
  const [x, y] = [wa.join(' '), wb.join(' ')];
  if (x === y || [...wa].sort().join(' ') === [...wb].sort().join(' ')) return true;
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  if (short.length >= 4 && long.startsWith(short)) return true;
  const [ws, wl] = short === x ? [wa, wb] : [wb, wa];
  if (short.length >= 4 && ws.some((w) => !COMMON_FIRST_WORDS.has(w)) && ` ${wl.join(' ')} `.includes(` ${short} `)) {
    const at = wl.findIndex((_, i) => wl.slice(i, i + ws.length).join(' ') === short);
    const extra = [...wl.slice(0, at), ...wl.slice(at + ws.length)];
    // Gmund am Tegernsee is on the lake, not the town of Tegernsee; East Lismore is a part of Lismore.
    if (!LOCATIVE_WORDS.has(wl[at - 1] ?? '') && !extra.some((w) => DIRECTION_WORDS.has(w))) return true;
  }
  if (wa[0] === wb[0] && wa[0].length >= 5 && !COMMON_FIRST_WORDS.has(wa[0])) return true;
  return levenshtein(x, y) <= Math.floor(long.length / 4);
}
