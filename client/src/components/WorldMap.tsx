// An offline world map (world-atlas shapes bundled, no tiles): choropleth by country, clustered points, relationship lines.
import { geoNaturalEarth1, geoPath, type GeoPermissibleObjects } from 'd3-geo';
import { useMemo, useState, type KeyboardEvent } from 'react';
import { feature } from 'topojson-client';
import codes from 'virtual:country-codes';
import world from 'world-atlas/countries-110m.json';
import { useI18n } from '../i18n';

export type MapPoint = { id: string; lat: number; lon: number; label: string; onSelect?: () => void };
type Props = {
  title: string;
  values?: Record<string, number>;
  selected?: string[];
  onCountry?: (code: string) => void;
  countryName?: (code: string) => string;
  points?: MapPoint[];
  lines?: { from: [number, number]; to: [number, number] }[];
  fitTo?: [number, number][];
  height?: number;
  onCluster?: (points: MapPoint[]) => void;
  /** What a cluster of points holds, for its accessible name (default: listings). */
  itemsLabel?: [string, string];
};

const W = 960;
const shapes = (() => {
  const fc = feature(world, world.objects.countries) as unknown as { features: { id?: string | number; properties: { name: string } }[] };
  return fc.features.map((f) => ({ f, code: codes[String(f.id).padStart(3, '0')] ?? null }));
})();
const BLUES = ['#e3e3fd', '#cacafb', '#a1a1f8', '#6a6af4', '#313178', '#000091'];

export function WorldMap({ title, values, selected = [], onCountry, countryName, points = [], lines = [], fitTo, height = 500, onCluster, itemsLabel = ['annonces', 'listings'] }: Props) {
  const { t, num } = useI18n();
  const [zoom, setZoom] = useState<{ k: number; cx: number; cy: number }>({ k: 1, cx: W / 2, cy: height / 2 });
  const projection = useMemo(() => {
    const p = geoNaturalEarth1();
    if (fitTo && fitTo.length) {
      const mp = { type: 'MultiPoint', coordinates: fitTo } as GeoPermissibleObjects;
      p.fitExtent([[40, 40], [W - 40, height - 40]], mp);
      // Points close together (a commune and German towns, or a single point) would zoom in without limit: the scale
      // is capped, and the points' centre, which fitExtent put in the middle, is put back there at the capped scale.
      if (p.scale() > 2500) {
        const [[x0, y0], [x1, y1]] = geoPath(p).bounds(mp);
        const centre = p.invert!([(x0 + x1) / 2, (y0 + y1) / 2])!;
        p.scale(2500);
        const [x, y] = p(centre)!;
        const [tx, ty] = p.translate();
        p.translate([tx + W / 2 - x, ty + height / 2 - y]);
      }
    } else p.fitSize([W, height], { type: 'Sphere' } as GeoPermissibleObjects);
    return p;
  }, [fitTo, height]);
  const path = useMemo(() => geoPath(projection), [projection]);
  const max = Math.max(1, ...Object.values(values ?? {}));
  const colour = (v: number | undefined) => (!v ? '#f0f0f0' : BLUES[Math.min(BLUES.length - 1, Math.floor((Math.log(v + 1) / Math.log(max + 1)) * (BLUES.length - 1)) + (v > 0 ? 0 : 0))]);

  // Screen-space clustering: points closer than 28 px (at the current zoom) merge into one marker.
  const clusters = useMemo(() => {
    const out: { x: number; y: number; items: MapPoint[] }[] = [];
    for (const pt of points) {
      const xy = projection([pt.lon, pt.lat]);
      if (!xy) continue;
      const [x, y] = xy;
      const near = out.find((c) => Math.hypot((c.x - x) * zoom.k, (c.y - y) * zoom.k) < 28);
      if (near) {
        near.items.push(pt);
        near.x = (near.x * (near.items.length - 1) + x) / near.items.length;
        near.y = (near.y * (near.items.length - 1) + y) / near.items.length;
      } else out.push({ x, y, items: [pt] });
    }
    return out;
  }, [points, projection, zoom.k]);

  const transform = `translate(${W / 2} ${height / 2}) scale(${zoom.k}) translate(${-zoom.cx} ${-zoom.cy})`;
  const activate = (c: { x: number; y: number; items: MapPoint[] }) => {
    if (c.items.length === 1 && c.items[0].onSelect) return c.items[0].onSelect();
    onCluster?.(c.items);
    setZoom({ k: Math.min(zoom.k * 2.5, 40), cx: c.x, cy: c.y });
  };
  const key = (fn: () => void) => (e: KeyboardEvent) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      fn();
    }
  };
  return (
    <figure className="fr-m-0">
      <div className="fr-btns-group fr-btns-group--inline fr-btns-group--sm fr-mb-1w" role="group" aria-label={t('Zoom de la carte', 'Map zoom')}>
        <button type="button" className="fr-btn fr-btn--sm fr-btn--secondary" onClick={() => setZoom({ ...zoom, k: Math.min(zoom.k * 2, 40) })}>
          {t('Zoomer', 'Zoom in')}
        </button>
        <button type="button" className="fr-btn fr-btn--sm fr-btn--secondary" onClick={() => setZoom({ ...zoom, k: Math.max(zoom.k / 2, 1) })}>
          {t('Dézoomer', 'Zoom out')}
        </button>
        <button type="button" className="fr-btn fr-btn--sm fr-btn--tertiary" onClick={() => setZoom({ k: 1, cx: W / 2, cy: height / 2 })}>
          {t('Vue entière', 'Whole view')}
        </button>
      </div>
      <svg className="bp-map" viewBox={`0 0 ${W} ${height}`} role="group" aria-label={title}>
        <g transform={transform}>
          {shapes.map(({ f, code }, i) => {
            const v = code ? values?.[code] : undefined;
            const name = code ? (countryName?.(code) ?? f.properties.name) : f.properties.name;
            const clickable = !!(onCountry && code);
            return (
              <path
                key={i}
                d={path(f as unknown as GeoPermissibleObjects) ?? ''}
                className={`country${code && selected.includes(code) ? ' active' : ''}`}
                style={values && !(code && selected.includes(code)) ? { fill: colour(v) } : undefined}
                strokeWidth={0.5 / zoom.k}
                onClick={clickable ? () => onCountry!(code!) : undefined}
                data-country={code ?? undefined}
              >
                <title>{values ? `${name} : ${num(v ?? 0)}` : name}</title>
              </path>
            );
          })}
          {lines.map((l, i) => {
            const d = path({ type: 'LineString', coordinates: [l.from, l.to] } as GeoPermissibleObjects);
            return d ? <path key={i} className="line" d={d} strokeWidth={1.5 / zoom.k} /> : null;
          })}
          {clusters.map((c, i) => (
            <g
              key={i}
              className="cluster"
              transform={`translate(${c.x} ${c.y}) scale(${1 / zoom.k})`}
              role="button"
              tabIndex={0}
              aria-label={c.items.length === 1 ? c.items[0].label : `${c.items.length} ${t(...itemsLabel)} : ${c.items.slice(0, 5).map((p) => p.label).join(', ')}${c.items.length > 5 ? '…' : ''}`}
              onClick={() => activate(c)}
              onKeyDown={key(() => activate(c))}
            >
              <circle r={c.items.length > 1 ? 11 + Math.min(9, Math.log2(c.items.length) * 2) : 7} />
              {c.items.length > 1 && (
                <text textAnchor="middle" dy="4">
                  {c.items.length}
                </text>
              )}
            </g>
          ))}
        </g>
      </svg>
      {values && (
        <figcaption className="bp-legend fr-mt-1w" aria-hidden="true">
          {t('Moins', 'Fewer')} {BLUES.map((b) => <span key={b} style={{ background: b }} />)} {t('Plus', 'More')} ({t('max.', 'max')} {num(max)})
        </figcaption>
      )}
    </figure>
  );
}
