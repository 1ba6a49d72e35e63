/**
 * `clusterkit demo`: the course's classic demo — 5 true centres (0,0), (±3,±3), 50 points each with unit
 * Gaussian noise; k-means with k = 5 finds the centres; an HTML report shows it.
 * @module
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { Matrix } from '../../core/matrix.js';
import { DEMO_CENTERS, demoBlobs } from '../../datasets/index.js';
import { KMeans } from '../../kmeans/KMeans.js';
import { lineChartSvg } from '../../plot/line.js';
import { figure, htmlReport, htmlTable, type ReportSection } from '../../plot/report.js';
import { scatterSvg } from '../../plot/scatter.js';
import { action, clusterSizes, intArg, printJson, writeFileAtomic } from '../common.js';

interface DemoOptions {
  outDir: string;
  seed: number;
  json?: boolean;
  quiet?: boolean;
}

/** Matches each found centre to its nearest true centre. */
function matchCenters(found: Matrix, truth: readonly (readonly [number, number])[]) {
  return Array.from({ length: found.rows }, (_, c) => {
    const x = found.data[c * 2];
    const y = found.data[c * 2 + 1];
    let best = 0;
    let bd = Number.POSITIVE_INFINITY;
    truth.forEach(([tx, ty], t) => {
      const dd = Math.hypot(x - tx, y - ty);
      if (dd < bd) {
        bd = dd;
        best = t;
      }
    });
    return { cluster: c, x, y, trueIndex: best, distance: bd };
  });
}

/** Builds the demo's report sections and summary. */
export function buildDemo(seed: number): {
  html: string;
  summary: Record<string, unknown>;
  svgs: Record<string, string>;
} {
  const { X, y, centers: trueCenters } = demoBlobs(seed);
  const k = 5;
  const km = new KMeans({ nClusters: k, nInit: 10, seed }).fit(X);
  const kmRandom = new KMeans({ nClusters: k, init: 'random', nInit: 10, seed }).fit(X);
  const found = km.clusterCenters;
  const matches = matchCenters(found, DEMO_CENTERS);
  const sizes = clusterSizes(km.labels, k);
  const scatter = scatterSvg(X, {
    labels: km.labels,
    centers: found,
    trueCenters,
    title: 'k-means (k = 5) on the 5-centre demo data',
    columnNames: ['x₁', 'x₂'],
  });
  const restarts = lineChartSvg(
    [
      { name: 'k-means++', x: km.runInertias.map((_, i) => i + 1), y: km.runInertias },
      { name: 'random rows', x: kmRandom.runInertias.map((_, i) => i + 1), y: kmRandom.runInertias },
    ],
    {
      title: 'Inertia of each restart',
      xLabel: 'restart',
      yLabel: 'inertia',
      pointsOnly: true,
      integerX: true,
    },
  );
  // The algorithm's back-and-forth: initial means, the first assignment, and the end.
  const steps = [...new KMeans({ nClusters: k, init: 'random', seed: seed + 1 }).steps(X)];
  const pick = [steps[0], steps[1], steps[steps.length - 1]];
  const stepSvgs = pick.map((s, t) =>
    scatterSvg(X, {
      labels: s.phase === 'init' ? undefined : s.labels,
      centers: s.centers,
      title:
        t === 0
          ? 'Step 0: k random points as means'
          : t === 1
            ? 'Step 1: assign to nearest mean'
            : `Converged after ${s.iteration + 1} iterations`,
      width: 380,
      height: 340,
    }),
  );
  const agreement = matches.filter((m) => m.distance < 0.5).length;
  const sections: ReportSection[] = [
    {
      heading: 'The data and the clusters k-means found',
      html:
        figure(scatter, 'Points coloured by the k-means cluster; × found centres, ◇ true centres.') +
        htmlTable(
          ['cluster', 'found centre', 'nearest true centre', 'distance', 'points'],
          matches.map((m) => [
            m.cluster,
            `(${m.x.toFixed(3)}, ${m.y.toFixed(3)})`,
            `(${DEMO_CENTERS[m.trueIndex].join(', ')})`,
            m.distance.toFixed(3),
            sizes[m.cluster],
          ]),
        ) +
        `<p>Inertia ${km.inertia.toFixed(3)} after ${km.nIter} iterations (best of 10 k-means++ restarts, seed ${seed}). ${agreement} of 5 found centres lie within 0.5 of a true centre.</p>`,
    },
    {
      heading: 'How k-means gets there: assign, then update',
      html: stepSvgs.map((s, t) => figure(s, ['initialisation', 'after the first assignment', 'final'][t])).join(''),
    },
    {
      heading: 'Restarts: why nInit matters',
      html:
        figure(restarts, 'Each dot is one run from a different initialisation; the lowest inertia is kept.') +
        `<p>Best inertia: k-means++ ${km.inertia.toFixed(3)}, random rows ${kmRandom.inertia.toFixed(3)}.</p>`,
    },
  ];
  const html = htmlReport(
    'clusterkit demo: five Gaussian blobs',
    `250 points: 50 around each of (0,0), (3,3), (3,−3), (−3,3), (−3,−3) with unit Gaussian noise (seed ${seed}). True labels are known, so the result can be checked.`,
    sections,
  );
  let agree = 0;
  // Fraction of points whose cluster's matched true centre is their own generating centre.
  for (let i = 0; i < X.rows; i++) if (matches[km.labels[i]].trueIndex === y[i]) agree++;
  return {
    html,
    svgs: { 'kmeans.svg': scatter, 'restarts.svg': restarts },
    summary: {
      k,
      inertia: km.inertia,
      nIter: km.nIter,
      centers: found,
      trueCenters,
      matchedWithin05: agreement,
      accuracy: agree / X.rows,
    },
  };
}

/** Registers `demo`. */
export function register(program: Command): void {
  program
    .command('demo')
    .description("the course's demo: k-means on 5 Gaussian blobs, written as an HTML report")
    .option('--out-dir <dir>', 'directory for the report', 'clusterkit-report')
    .option('--seed <n>', 'random seed of the data and the fits', intArg(0), 0)
    .option('--json', 'print the summary as JSON')
    .option('--quiet', 'print nothing but errors')
    .action(
      action(async (o: DemoOptions) => {
        const dir = resolve(o.outDir);
        mkdirSync(dir, { recursive: true });
        const { html, summary, svgs } = buildDemo(o.seed);
        const path = join(dir, 'index.html');
        writeFileAtomic(path, html, []);
        for (const [name, svg] of Object.entries(svgs)) writeFileAtomic(join(dir, name), svg, []);
        if (o.json) printJson({ ...summary, report: path });
        else if (!o.quiet) {
          const c = summary.centers as Matrix;
          const lines = Array.from(
            { length: c.rows },
            (_, i) => `(${c.data[i * 2].toFixed(2)}, ${c.data[i * 2 + 1].toFixed(2)})`,
          );
          process.stdout.write(
            `k-means found 5 centres: ${lines.join(' ')}\n` +
              `true centres: (0,0) (3,3) (3,-3) (-3,3) (-3,-3); ${summary.matchedWithin05}/5 found within 0.5; ` +
              `${((summary.accuracy as number) * 100).toFixed(1)} % of points in their true group\n` +
              `inertia ${(summary.inertia as number).toFixed(3)}\n` +
              `report: ${path}\n`,
          );
        }
      }),
    );
}
