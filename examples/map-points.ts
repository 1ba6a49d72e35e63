/**
 * Points on a map → DBSCAN with the haversine distance, and class breaks for a choropleth.
 *
 * 1. Incident locations (latitude/longitude) around three cities plus scattered noise: DBSCAN with
 *    `metric: 'haversine'` (great-circle distance on the unit sphere, coordinates in radians, as scikit-learn)
 *    finds the hot spots with a radius in kilometres and leaves isolated reports as noise (−1).
 * 2. One value per district (incidents per 1 000 inhabitants, skewed as such rates are): `naturalBreaks` gives
 *    the optimal 1-D k-means classes (Ckmeans; `method: 'jenks'` for Jenks) that a choropleth legend uses.
 *
 * Run: `npx tsx examples/map-points.ts [outDir]`
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DBSCAN, naturalBreaks, scatterSvg, toMatrix } from 'clusterkit';
import { outDir, seeded } from './rng.js';

const EARTH_RADIUS_KM = 6371.0088;
const rng = seeded(7);
const cities = [
  { name: 'Lyon', lat: 45.764, lon: 4.8357 },
  { name: 'Grenoble', lat: 45.1885, lon: 5.7245 },
  { name: 'Saint-Étienne', lat: 45.4397, lon: 4.3872 },
];

// 150 reports within ~3 km of each city centre, 40 scattered over the region.
const degrees: number[][] = [];
for (const c of cities) {
  for (let i = 0; i < 150; i++) degrees.push([c.lat + 0.02 * rng.normal(), c.lon + 0.028 * rng.normal()]);
}
for (let i = 0; i < 40; i++) degrees.push([44.9 + 1.1 * rng.uniform(), 4.1 + 1.9 * rng.uniform()]);
const radians = toMatrix(degrees.map(([lat, lon]) => [(lat * Math.PI) / 180, (lon * Math.PI) / 180]));

const radiusKm = 2;
const db = new DBSCAN({ eps: radiusKm / EARTH_RADIUS_KM, minSamples: 10, metric: 'haversine' }).fit(radians);
const nClusters = Math.max(...db.labels) + 1;
const nNoise = db.labels.filter((l) => l === -1).length;
console.log(
  `DBSCAN (haversine, eps = ${radiusKm} km, minSamples = 10): ${nClusters} hot spots, ${nNoise} noise points`,
);
for (let c = 0; c < nClusters; c++) {
  let lat = 0;
  let lon = 0;
  let n = 0;
  db.labels.forEach((l, i) => {
    if (l === c) {
      lat += degrees[i][0];
      lon += degrees[i][1];
      n++;
    }
  });
  console.log(`  hot spot ${c}: ${n} reports around (${(lat / n).toFixed(3)}, ${(lon / n).toFixed(3)})`);
}

// Incident rates of 120 districts (log-normal): 5 classes for a map legend.
const rates = Array.from({ length: 120 }, () => Math.exp(1 + 0.8 * rng.normal()));
const classes = naturalBreaks(rates, 5);
console.log('choropleth classes (Ckmeans):');
for (let c = 0; c < 5; c++) {
  const lo = classes.breaks[c].toFixed(1);
  const hi = classes.breaks[c + 1].toFixed(1);
  console.log(`  ${lo}–${hi} per 1 000: ${classes.sizes[c]} districts`);
}

const dir = outDir();
mkdirSync(dir, { recursive: true });
const lonLat = toMatrix(degrees.map(([lat, lon]) => [lon, lat]));
writeFileSync(
  join(dir, 'map-points.svg'),
  scatterSvg(lonLat, { labels: db.labels, title: 'DBSCAN hot spots (haversine, 2 km); grey = noise' }),
);
console.log(`wrote ${join(dir, 'map-points.svg')}`);
