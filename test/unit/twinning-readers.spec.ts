import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readSparqlResults, readTwinningDataset } from '../../server/modules/twinning/wikidata-import';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twinning-readers-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const uri = (qid: string) => ({ type: 'uri', value: `http://www.wikidata.org/entity/${qid}` });
const lit = (value: string) => ({ type: 'literal', value });
const point = (lon: number, lat: number) => ({ type: 'literal', datatype: 'http://www.opengis.net/ont/geosparql#wktLiteral', value: `Point(${lon} ${lat})` });

describe('readSparqlResults (the query service\'s JSON answer to the refresh query)', () => {
  const write = (bindings: object[]) => {
    const file = path.join(dir, `results-${Math.random().toString(36).slice(2)}.json`);
    fs.writeFileSync(file, JSON.stringify({ head: { vars: ['place', 'placeLabel', 'coord', 'countryCode', 'insee', 'geonames', 'population', 'partner'] }, results: { bindings } }));
    return file;
  };

  it('makes one place of its several rows and one link of each pair seen from both sides', () => {
    const file = write([
      // Dijon, twinned with Mainz; a second population statement and a second row for its other twin.
      { place: uri('Q7003'), placeLabel: lit('Dijon'), coord: point(5.0415, 47.3215), countryCode: lit('FR'), insee: lit('21231'), population: lit('156920'), partner: uri('Q1720') },
      { place: uri('Q7003'), placeLabel: lit('Dijon'), coord: point(5.0415, 47.3215), countryCode: lit('FR'), insee: lit('21231'), population: lit('159346'), partner: uri('Q2054') },
      // Mainz, seen from its side: two GeoNames ids.
      { place: uri('Q1720'), placeLabel: lit('Mainz'), coord: point(8.2711, 49.9994), countryCode: lit('DE'), geonames: lit('2874225'), population: lit('217118'), partner: uri('Q7003') },
      { place: uri('Q1720'), placeLabel: lit('Mainz'), coord: point(8.2711, 49.9994), countryCode: lit('DE'), geonames: lit('6555235'), population: lit('217118'), partner: uri('Q7003') },
      // Q2054 never appears as a place (no coordinates in the answer): its link is dropped, not invented.
    ]);
    const { places, links } = readSparqlResults(file);
    expect([...places.keys()]).toEqual(['Q7003', 'Q1720']);
    expect(places.get('Q7003')).toEqual({ qid: 'Q7003', name: 'Dijon', lon: 5.0415, lat: 47.3215, country: 'FR', geonamesIds: [], insee: '21231', population: 159346 });
    expect(places.get('Q1720')).toMatchObject({ country: 'DE', geonamesIds: [2874225, 6555235], insee: null, population: 217118 });
    expect(links).toEqual([['Q7003', 'Q1720']]);
  });

  it('skips rows without coordinates or country code, and keeps odd values out', () => {
    const file = write([
      { place: uri('Q1'), placeLabel: lit('Nowhere'), countryCode: lit('DE'), partner: uri('Q2') },
      { place: uri('Q2'), placeLabel: lit('Somewhere'), coord: point(1, 2), countryCode: lit('de'), insee: lit('not a code'), geonames: lit('abc'), population: lit('-5'), partner: uri('Q1') },
      { place: lit('Q3'), coord: point(1, 2), countryCode: lit('DE') },
    ]);
    const { places, links } = readSparqlResults(file);
    expect([...places.values()]).toEqual([{ qid: 'Q2', name: 'Somewhere', lon: 1, lat: 2, country: 'DE', geonamesIds: [], insee: null, population: null }]);
    expect(links).toEqual([]);
  });

  it('refuses a file that is not SPARQL JSON results, saying so', () => {
    const notJson = path.join(dir, 'not.json');
    fs.writeFileSync(notJson, 'id\tname\n');
    expect(() => readSparqlResults(notJson)).toThrow(/not a JSON file/);
    const other = path.join(dir, 'other.json');
    fs.writeFileSync(other, JSON.stringify({ nodes: [] }));
    expect(() => readSparqlResults(other)).toThrow(/not SPARQL JSON results/);
  });
});

describe('readTwinningDataset (nodes.tsv and links.tsv)', () => {
  it('finds the columns by their header, the optional identifiers included, and links each pair once', () => {
    const d = fs.mkdtempSync(path.join(dir, 'tsv-'));
    fs.writeFileSync(path.join(d, 'nodes.tsv'), ['population\tcountrycd\tid\tname\tlat\tlng\tgeonames\tinsee', '159346\tFR\tQ7003\tDijon\t47.3215\t5.0415\t\t21231', '\tDE\tQ1720\tMainz\t49.9994\t8.2711\t2874225|6555235\t', '\tCN-TW\tQ1\tTaipei\t25.04\t121.5\t\t'].join('\n'));
    fs.writeFileSync(path.join(d, 'links.tsv'), ['source\ttarget', 'Q7003\tQ1720', 'Q1720\tQ7003', 'Q7003\tQ404', 'Q1\tQ1'].join('\n'));
    const { places, links } = readTwinningDataset(d);
    expect(places.get('Q7003')).toEqual({ qid: 'Q7003', name: 'Dijon', lat: 47.3215, lon: 5.0415, country: 'FR', geonamesIds: [], insee: '21231', population: 159346 });
    expect(places.get('Q1720')).toMatchObject({ geonamesIds: [2874225, 6555235], insee: null, population: null });
    expect(places.get('Q1')?.country).toBe('TW');
    expect(links).toEqual([['Q7003', 'Q1720']]);
  });

  it('reads the shared dataset\'s format (no identifier columns) as before', () => {
    const d = fs.mkdtempSync(path.join(dir, 'tsv-'));
    fs.writeFileSync(path.join(d, 'nodes.tsv'), ['id\tname\tlng\tlat\tcountry\tcountrycd\tcontinent', 'Q7003\tDijon\t5.0415\t47.3215\tFrance\tFR\tEurope'].join('\n'));
    fs.writeFileSync(path.join(d, 'links.tsv'), 'source\ttarget\n');
    expect(readTwinningDataset(d).places.get('Q7003')).toEqual({ qid: 'Q7003', name: 'Dijon', lat: 47.3215, lon: 5.0415, country: 'FR' });
  });

  it('names the missing columns of a header it cannot read', () => {
    const d = fs.mkdtempSync(path.join(dir, 'tsv-'));
    fs.writeFileSync(path.join(d, 'nodes.tsv'), 'qid\tlabel\tlng\tlat\tcountrycd\n');
    fs.writeFileSync(path.join(d, 'links.tsv'), 'source\ttarget\n');
    expect(() => readTwinningDataset(d)).toThrow('nodes.tsv: no column id, name in its header line');
  });
});
