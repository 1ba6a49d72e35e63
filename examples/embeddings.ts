/**
 * Text embeddings → spherical k-means.
 *
 * Sentence embeddings point in a direction that carries the meaning; their length mostly reflects how long or
 * frequent the text is. Euclidean k-means splits by length as much as by topic; spherical k-means clusters the
 * directions (cosine similarity) and recovers the topics. Synthetic 64-dimensional "embeddings": 4 topics, 400
 * documents, lengths varying 10-fold.
 *
 * Run: `npx tsx examples/embeddings.ts [outDir]`
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { adjustedRandScore, KMeans, SphericalKMeans, scatterSvg, toMatrix } from 'clusterkit';
import { outDir, seeded } from './rng.js';

const dim = 64;
const topics = 4;
const perTopic = 100;
const rng = seeded(42);

// One unit direction per topic (sharing a common component, as real embeddings do), then documents = topic
// direction + noise, scaled by a length between 1 and 10.
const common = Array.from({ length: dim }, rng.normal);
const directions = Array.from({ length: topics }, () => {
  const v = common.map((c) => c + 0.7 * rng.normal());
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
});
const rows: number[][] = [];
const topic: number[] = [];
for (let t = 0; t < topics; t++) {
  for (let i = 0; i < perTopic; i++) {
    const length = 1 + 9 * rng.uniform();
    rows.push(directions[t].map((x) => length * (x + 0.08 * rng.normal())));
    topic.push(t);
  }
}
const X = toMatrix(rows);

const euclidean = new KMeans({ nClusters: topics, nInit: 10, seed: 0 }).fit(X);
const spherical = new SphericalKMeans({ nClusters: topics, nInit: 10, seed: 0 }).fit(X);
const ariEuclidean = adjustedRandScore(topic, euclidean.labels);
const ariSpherical = adjustedRandScore(topic, spherical.labels);
console.log(`k-means (Euclidean)  ARI against the topics: ${ariEuclidean.toFixed(3)}`);
console.log(`spherical k-means    ARI against the topics: ${ariSpherical.toFixed(3)}`);

// A picture: the first two coordinates of each document projected on two topic directions.
const projected = toMatrix(rows.map((r) => [0, 1].map((t) => r.reduce((s, x, j) => s + x * directions[t][j], 0))));
const dir = outDir();
mkdirSync(dir, { recursive: true });
writeFileSync(
  join(dir, 'embeddings.svg'),
  scatterSvg(projected, { labels: spherical.labels, title: 'Spherical k-means on 64-d embeddings (projection)' }),
);
console.log(`wrote ${join(dir, 'embeddings.svg')}`);
