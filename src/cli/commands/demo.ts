/**
 * `clusterkit demo`: the course's classic demo — 5 true centres (0,0), (±3,±3), 50 points each with unit
 * Gaussian noise — run through the full report: k-means finds the centres, the assign/update steps, restarts,
 * hierarchical clustering, a Gaussian mixture next to k-means (and the σ → 0 limit), the density, and every
 * metric against the known labels.
 * @module
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { Matrix } from '../../core/matrix.js';
import { DEMO_CENTERS, demoBlobs } from '../../datasets/index.js';
import { KMeans } from '../../kmeans/KMeans.js';
import { lineChartSvg } from '../../plot/line.js';
import { figure, type ReportSection } from '../../plot/report.js';
import { scatterSvg } from '../../plot/scatter.js';
import { analyze } from '../../report/analysis.js';
import { gallery } from '../../report/gallery.js';
import { action, intArg, printJson, writeFileAtomic } from '../common.js';

interface DemoOptions {
  outDir: string;
  seed: number;
  json?: boolean;
  quiet?: boolean;
}

/** Nearest true centre of each found centre. */
function matchCenters(found: Matrix) {
  return Array.from({ length: found.rows }, (_, c) => {
    const x = found.data[c * 2];
    const y = found.data[c * 2 + 1];
    let best = 0;
    let bd = Number.POSITIVE_INFINITY;
    DEMO_CENTERS.forEach(([tx, ty], t) => {
      const dd = Math.hypot(x - tx, y - ty);
      if (dd < bd) {
        bd = dd;
        best = t;
      }
    });
    return { cluster: c, x, y, trueIndex: best, distance: bd };
  });
}

/** The course's sections: the assign/update back-and-forth, and what restarts buy. */
function courseSections(X: Matrix, seed: number): ReportSection[] {
  const steps = [...new KMeans({ nClusters: 5, init: 'random', seed: seed + 1 }).steps(X)];
  const pick = [steps[0], steps[1], steps[2], steps[steps.length - 1]];
  const titles = [
    '0: five random points as means',
    '1: assign to the nearest mean',
    '2: move means to their points',
    `converged after ${steps[steps.length - 1].iteration + 1} iterations`,
  ];
  const figs = pick.map((s, t) =>
    figure(
      scatterSvg(X, {
        labels: s.phase === 'init' ? undefined : s.labels,
        centers: s.centers,
        title: titles[t],
        width: 360,
        height: 330,
      }),
      ['initialisation', 'assignment', 'update', 'final'][t],
    ),
  );
  const pp = new KMeans({ nClusters: 5, nInit: 10, seed }).fit(X);
  const rnd = new KMeans({ nClusters: 5, init: 'random', nInit: 10, seed }).fit(X);
  const restarts = lineChartSvg(
    [
      { name: 'k-means++', x: pp.runInertias.map((_, i) => i + 1), y: pp.runInertias },
      { name: 'random rows', x: rnd.runInertias.map((_, i) => i + 1), y: rnd.runInertias },
    ],
    { title: 'Inertia of each restart', xLabel: 'restart', yLabel: 'inertia', pointsOnly: true, integerX: true },
  );
  return [
    { heading: 'How k-means gets there: assign, then update', html: figs.join('') },
    {
      heading: 'Restarts: why nInit matters',
      html: `${figure(restarts, 'Each dot is one run from a different initialisation; the lowest inertia is kept.')}<p>Best inertia: k-means++ ${pp.inertia.toFixed(3)}, random rows ${rnd.inertia.toFixed(3)}.</p>`,
    },
  ];
}

/** The demo's link to the toy-data gallery written next to it. */
const GALLERY_SECTION: ReportSection = {
  heading: 'Which algorithm for which shape',
  html: '<p>k-means assumes round groups. The <a href="gallery.html">gallery</a> (also <code>clusterkit report --gallery</code>) runs k-means, Ward, a Gaussian mixture, DBSCAN and HDBSCAN on moons, circles, sheared and uneven blobs and uniform noise, side by side, with fit times.</p>',
};

/** Builds the demo report (with a link to gallery.html when `withGallery`) and its summary. */
export function buildDemo(seed: number, withGallery = false) {
  const { X, y, centers } = demoBlobs(seed);
  const result = analyze(X, {
    k: 5,
    kReason: "the demo's five true groups",
    seed,
    truth: y,
    trueCenters: centers,
    kmeansLimit: true,
    columnNames: ['x₁', 'x₂'],
    title: 'clusterkit demo: five Gaussian blobs',
    intro: `250 points: 50 around each of (0,0), (3,3), (3,−3), (−3,3), (−3,−3) with unit Gaussian noise (seed ${seed}). The true groups are known, so every result can be checked against them.`,
    extraSections: withGallery ? [...courseSections(X, seed), GALLERY_SECTION] : courseSections(X, seed),
  });
  const km = new KMeans({ nClusters: 5, nInit: 10, seed }).fit(X);
  const matches = matchCenters(km.clusterCenters);
  let agree = 0;
  for (let i = 0; i < X.rows; i++) if (matches[km.labels[i]].trueIndex === y[i]) agree++;
  return {
    ...result,
    centers: km.clusterCenters,
    matchedWithin05: matches.filter((m) => m.distance < 0.5).length,
    accuracy: agree / X.rows,
    inertia: km.inertia,
  };
}

/** Registers `demo`. */
export function register(program: Command): void {
  program
    .command('demo')
    .description("the course's demo: 5 Gaussian blobs through k-means, hierarchical, GMM and KDE, as an HTML report")
    .option('--out-dir <dir>', 'directory for the report', 'clusterkit-report')
    .option('--seed <n>', 'random seed of the data and the fits', intArg(0), 0)
    .option('--json', 'print the summary as JSON')
    .option('--quiet', 'print nothing but errors')
    .action(
      action(async (o: DemoOptions) => {
        const dir = resolve(o.outDir);
        mkdirSync(dir, { recursive: true });
        const demo = buildDemo(o.seed, true);
        const path = join(dir, 'index.html');
        writeFileAtomic(path, demo.html, []);
        writeFileAtomic(join(dir, 'gallery.html'), gallery({ seed: o.seed }).html, []);
        for (const [name, svg] of Object.entries(demo.svgs)) writeFileAtomic(join(dir, name), svg, []);
        if (o.json) {
          printJson({
            ...demo.summary,
            centers: demo.centers,
            matchedWithin05: demo.matchedWithin05,
            accuracy: demo.accuracy,
            report: path,
          });
        } else if (!o.quiet) {
          const c = demo.centers;
          const found = Array.from(
            { length: c.rows },
            (_, i) => `(${c.data[i * 2].toFixed(2)}, ${c.data[i * 2 + 1].toFixed(2)})`,
          );
          const s = demo.summary;
          process.stdout.write(
            `k-means found 5 centres: ${found.join(' ')}\n` +
              `true centres: (0,0) (3,3) (3,-3) (-3,3) (-3,-3); ${demo.matchedWithin05}/5 found within 0.5; ` +
              `${(demo.accuracy * 100).toFixed(1)} % of points in their true group\n` +
              `inertia ${demo.inertia.toFixed(3)}; adjusted Rand vs truth: k-means ${s.kmeans.adjustedRand?.toFixed(3)}` +
              `${s.hierarchical ? `, Ward ${s.hierarchical.adjustedRand?.toFixed(3)}` : ''}` +
              `${s.gmm ? `; GMM best by BIC: ${s.gmm.bestByBic}` : ''}\n` +
              `choose-k: ${Object.entries(s.chooseK)
                .map(([m, r]) => `${m} → ${r.k}`)
                .join(', ')}\n` +
              `report: ${path}\n`,
          );
        }
      }),
    );
}
