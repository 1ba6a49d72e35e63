/**
 * Customer segmentation on mixed data: Gower distance + k-medoids, with an HTML report.
 *
 * A customer table mixes numbers (age, monthly spend), categories (plan, country) and a yes/no flag (churned),
 * so means and Euclidean distance do not apply. `gowerDistance` (as R `cluster::daisy(metric = 'gower')`) scores
 * each column in [0, 1] by its type; `KMedoids` clusters the precomputed dissimilarities (FasterPAM) and every
 * segment is described by a real customer, its medoid. The silhouette on the same dissimilarities picks k, and
 * the report (`htmlReport`) shows the medoids, the segment sizes and the silhouette plot.
 *
 * Run: `npx tsx examples/customers.ts [outDir]`
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gowerDistance, htmlReport, KMedoids, silhouetteSamples, silhouetteSvg, squareform } from 'clusterkit';
import { outDir, seeded } from './rng.js';

const rng = seeded(2024);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng.uniform() * xs.length)];

// Three made-up segments: young monthly-plan users, families on the family plan, older annual customers.
const segments = [
  { age: 24, spend: 18, plans: ['monthly', 'monthly', 'prepaid'], churn: 0.4 },
  { age: 38, spend: 55, plans: ['family', 'family', 'monthly'], churn: 0.15 },
  { age: 61, spend: 32, plans: ['annual', 'annual', 'family'], churn: 0.05 },
];
const countries = ['FR', 'DE', 'ES', 'IT'];
const age: number[] = [];
const spend: number[] = [];
const plan: string[] = [];
const country: string[] = [];
const churned: boolean[] = [];
for (const s of segments) {
  for (let i = 0; i < 80; i++) {
    age.push(Math.round(s.age + 5 * rng.normal()));
    spend.push(Math.max(5, Math.round(s.spend + 6 * rng.normal())));
    plan.push(pick(s.plans));
    country.push(pick(countries));
    churned.push(rng.uniform() < s.churn);
  }
}
const table = {
  names: ['age', 'spend', 'plan', 'country', 'churned'],
  columns: [age, spend, plan, country, churned],
  nRows: age.length,
};

// Condensed Gower dissimilarities; churned is an asymmetric binary (two non-churners are not "similar" for it).
const D = gowerDistance(table, { types: { churned: 'asymm' } });
const square = squareform(D);

let best = {
  k: 0,
  silhouette: -1,
  model: null as KMedoids | null,
  values: new Float64Array(0) as Float64Array<ArrayBufferLike>,
};
for (let k = 2; k <= 6; k++) {
  const model = new KMedoids({ nClusters: k, metric: 'precomputed', seed: 0 }).fit(D);
  const values = silhouetteSamples(square, model.labels, { metric: 'precomputed' });
  const silhouette = values.reduce((a, b) => a + b, 0) / values.length;
  console.log(`k = ${k}: mean silhouette ${silhouette.toFixed(3)}`);
  if (silhouette > best.silhouette) best = { k, silhouette, model, values };
}
const model = best.model as KMedoids;
console.log(`chosen k = ${best.k} (highest mean silhouette)`);

const rows = Array.from(model.medoidIndices, (i, c) => {
  const size = model.labels.filter((l) => l === c).length;
  return [`segment ${c}`, size, age[i], spend[i], plan[i], country[i], churned[i] ? 'yes' : 'no'];
});
for (const r of rows) console.log(`  ${r[0]}: ${r[1]} customers, medoid age ${r[2]}, spend ${r[3]}, ${r[4]}, ${r[5]}`);

const esc = (s: string | number) =>
  String(s).replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c] ?? c);
const medoidTable = `<table><thead><tr>${['segment', 'customers', 'age', 'spend', 'plan', 'country', 'churned']
  .map((h) => `<th>${h}</th>`)
  .join('')}</tr></thead><tbody>${rows
  .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
  .join('')}</tbody></table>`;
const html = htmlReport(
  'Customer segments',
  `<p>${table.nRows} customers, 5 mixed columns, Gower dissimilarity, k-medoids (FasterPAM). k = ${best.k} has the highest mean silhouette (${best.silhouette.toFixed(3)}).</p>`,
  [
    { heading: 'Segments and their medoid customer', html: medoidTable },
    { heading: 'Silhouette', html: silhouetteSvg(best.values, model.labels, { title: `Silhouette, k = ${best.k}` }) },
  ],
);
const dir = outDir();
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'customers.html'), html);
console.log(`wrote ${join(dir, 'customers.html')}`);
