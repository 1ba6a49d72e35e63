/**
 * The playground page: vanilla TypeScript over the DOM. Every computation goes to the worker (./client.ts); this
 * file only keeps state, draws SVG (with the library's frame, axis and chart builders) and wires the controls.
 */
import { contours } from 'd3-contour';
import { scaleLinear } from 'd3-scale';
import { interpolateBlues } from 'd3-scale-chromatic';
import type { Matrix } from '../../src/core/matrix.js';
import { reachabilitySvg } from '../../src/plot/densityClusters.js';
import { ellipsePoints } from '../../src/plot/gmm.js';
import { lineChartSvg } from '../../src/plot/line.js';
import { axes, colorOf, esc, type Frame, fmt, makeFrame, NOISE_COLOR, tickFormatter } from '../../src/plot/svg.js';
import { chooseKChart } from './charts.js';
import { WorkerClient } from './client.js';
import {
  type ChooseKResultMessage,
  type CutResult,
  type DatasetResult,
  type DatasetTask,
  type DensityClusterResult,
  describeError,
  forPlayground,
  type GmmResult,
  type HierarchicalResult,
  type KdeResult,
  type KMeansResult,
  type KMedoidsResult,
  type MeanShiftResult,
  type Metrics,
  type Progress,
  type ResultOf,
  type SerializedError,
  type SoftResult,
  type Task,
} from './protocol.js';
import './style.css';

// ---------------------------------------------------------------------------------------------------------------
// DOM

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`#${id} is missing from the page`);
  return el as T;
};
const input = (id: string) => $<HTMLInputElement>(id);
const select = (id: string) => $<HTMLSelectElement>(id);

const ui = {
  source: select('source'),
  blobControls: $('blob-controls'),
  blobCenters: input('blob-centers'),
  blobSpread: input('blob-spread'),
  blobN: input('blob-n'),
  textControls: $('text-controls'),
  shapeControls: $('shape-controls'),
  shapeN: input('shape-n'),
  shapeNoise: input('shape-noise'),
  standardize: input('standardize'),
  csv: $<HTMLTextAreaElement>('csv'),
  file: input('file'),
  loadText: $<HTMLButtonElement>('load-text'),
  dataSeed: input('data-seed'),
  addMode: input('add-mode'),
  addX: input('add-x'),
  addY: input('add-y'),
  addPoint: $<HTMLButtonElement>('add-point'),
  clearPoints: $<HTMLButtonElement>('clear-points'),
  algo: select('algo'),
  k: input('k'),
  init: select('init'),
  nInit: input('n-init'),
  beta: input('beta'),
  fuzz: input('fuzz'),
  method: select('method'),
  cov: select('cov'),
  kernel: select('kernel'),
  bwRule: select('bw-rule'),
  bw: input('bw'),
  msBw: input('ms-bw'),
  bwAuto: input('bw-auto'),
  eps: input('eps'),
  minSamples: input('min-samples'),
  minClusterSize: input('min-cluster-size'),
  hdbMinSamples: input('hdb-min-samples'),
  opticsMinSamples: input('optics-min-samples'),
  xi: input('xi'),
  medoidMetric: select('medoid-metric'),
  seed: input('seed'),
  run: $<HTMLButtonElement>('run'),
  cancel: $<HTMLButtonElement>('cancel'),
  play: $<HTMLButtonElement>('play'),
  prev: $<HTMLButtonElement>('prev'),
  next: $<HTMLButtonElement>('next'),
  end: $<HTMLButtonElement>('end'),
  frame: input('frame'),
  speed: input('speed'),
  status: $('status'),
  progress: $<HTMLProgressElement>('progress'),
  error: $('error'),
  plotTitle: $('plot-title'),
  caption: $('caption'),
  plot: $('plot'),
  metrics: $('metrics'),
  sideChart: $('side-chart'),
  sideChart2: $('side-chart-2'),
  dendroPanel: $('dendro-panel'),
  dendro: $('dendro'),
  cut: input('cut'),
  ckMethod: select('ck-method'),
  ckRun: $<HTMLButtonElement>('ck-run'),
  ckChart: $('ck-chart'),
  ckRule: $('ck-rule'),
  ckUse: $<HTMLButtonElement>('ck-use'),
};

const outputs: [HTMLInputElement, string, (v: number) => string][] = [
  [ui.blobCenters, 'blob-centers-out', (v) => String(v)],
  [ui.blobSpread, 'blob-spread-out', (v) => v.toFixed(1)],
  [ui.blobN, 'blob-n-out', (v) => String(v)],
  [ui.beta, 'beta-out', (v) => fmtNum(10 ** v)],
  [ui.fuzz, 'fuzz-out', (v) => v.toFixed(1)],
  [ui.bw, 'bw-out', (v) => v.toFixed(2)],
  [ui.msBw, 'ms-bw-out', (v) => v.toFixed(2)],
  [ui.speed, 'speed-out', (v) => String(v)],
  [ui.shapeN, 'shape-n-out', (v) => String(v)],
  [ui.shapeNoise, 'shape-noise-out', (v) => v.toFixed(2)],
  [ui.eps, 'eps-out', (v) => v.toFixed(2)],
  [ui.minSamples, 'min-samples-out', (v) => String(v)],
  [ui.minClusterSize, 'min-cluster-size-out', (v) => String(v)],
  [ui.hdbMinSamples, 'hdb-min-samples-out', (v) => String(v)],
  [ui.opticsMinSamples, 'optics-min-samples-out', (v) => String(v)],
  [ui.xi, 'xi-out', (v) => v.toFixed(2)],
];
function syncOutputs(): void {
  for (const [el, id, f] of outputs) $(id).textContent = f(Number(el.value));
}

// ---------------------------------------------------------------------------------------------------------------
// State

/** What one picture of the plot shows. */
interface DisplayFrame {
  caption: string;
  labels: Int32Array | null;
  memberships: Matrix | null;
  /** Centres in view coordinates. */
  centers: Matrix | null;
  ellipses: { means: Matrix; covs: Float64Array } | null;
  grid: KdeResult['grid'] | null;
  final: boolean;
}

type Algo =
  | 'kmeans'
  | 'soft-kmeans'
  | 'fuzzy-cmeans'
  | 'hierarchical'
  | 'gmm'
  | 'kde'
  | 'mean-shift'
  | 'dbscan'
  | 'hdbscan'
  | 'optics'
  | 'kmedoids';

const client = new WorkerClient();
let data: DatasetResult | null = null;
let frames: DisplayFrame[] = [];
let frameIdx = 0;
let playTimer: ReturnType<typeof setTimeout> | null = null;
let currentJob: number | null = null;
let shownAlgo: Algo | null = null;
let plotFrame: Frame | null = null;
/**
 * The frame kept while points are being placed by hand (an empty canvas, or the first click on loaded data), so a
 * click lands where the pointer is and earlier points never move; dropped when other data is loaded, or widened
 * (once) when a typed point falls outside it.
 */
let fixedFrame: Frame | null = null;
let hier: { result: HierarchicalResult; height: number } | null = null;
let completed = 0;

const num = (el: HTMLInputElement, lo: number, hi: number): number => {
  const v = Number(el.value);
  if (!Number.isFinite(v)) return lo;
  return Math.min(hi, Math.max(lo, v));
};

function fmtNum(v: number | null | undefined, digits = 3): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e5 || a < 1e-3)) return v.toExponential(2);
  return String(Number(v.toPrecision(digits + 1)));
}

// ---------------------------------------------------------------------------------------------------------------
// Status, errors, busy state

function setStatus(text: string): void {
  ui.status.textContent = text;
}

function showError(text: string | null): void {
  if (text === null) {
    ui.error.hidden = true;
    ui.error.textContent = '';
  } else {
    ui.error.hidden = false;
    ui.error.textContent = text;
  }
}

function errorText(err: unknown): { text: string; cancelled: boolean } {
  const e = err as Partial<SerializedError> & { message?: string; name?: string };
  const s: SerializedError = {
    name: e.name ?? 'Error',
    code: (e.code as SerializedError['code']) ?? 'INTERNAL',
    message: e.message ?? String(err),
  };
  return { text: describeError(s), cancelled: s.code === 'CANCELLED' };
}

function onProgress(p: Progress): void {
  setStatus(p.message);
  if (p.fraction === null) ui.progress.removeAttribute('value');
  else ui.progress.value = p.fraction;
}

function setBusy(busy: boolean): void {
  ui.cancel.disabled = !busy;
  ui.progress.hidden = !busy;
  document.body.dataset.state = busy ? 'busy' : 'idle';
}

/** Runs a task in the worker: cancels the one before, shows progress, errors as messages. */
async function execute<T extends Task>(task: T, label: string, done: (r: ResultOf<T>) => void): Promise<void> {
  if (currentJob !== null) client.cancel(currentJob);
  showError(null);
  setStatus(`${label}…`);
  setBusy(true);
  const job = client.run(task, onProgress);
  currentJob = job.id;
  try {
    const r = await job.result;
    if (job.id !== currentJob) return;
    done(r);
    completed++;
    document.body.dataset.completed = String(completed);
  } catch (err) {
    if (job.id !== currentJob) return;
    const { text, cancelled } = errorText(err);
    if (cancelled) setStatus('Cancelled.');
    else {
      setStatus('Failed — see the message above the plot.');
      showError(text);
    }
    document.body.dataset.failed = String(Number(document.body.dataset.failed ?? 0) + 1);
  } finally {
    if (job.id === currentJob) {
      currentJob = null;
      setBusy(false);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Data

function showSourceControls(): void {
  const s = ui.source.value;
  ui.blobControls.hidden = s !== 'blobs';
  ui.shapeControls.hidden = s !== 'moons' && s !== 'circles';
  ui.textControls.hidden = s !== 'text';
  // Points placed by hand stay where they were placed: they are never rescaled.
  ui.standardize.disabled = s === 'points';
}

function loadData(): void {
  const s = ui.source.value;
  const seed = Math.round(num(ui.dataSeed, 0, 2 ** 31));
  const standardize = ui.standardize.checked;
  let task: DatasetTask;
  if (s === 'demo') task = { kind: 'dataset', source: 'demo', seed, standardize };
  else if (s === 'iris') task = { kind: 'dataset', source: 'iris', standardize };
  else if (s === 'blobs')
    task = {
      kind: 'dataset',
      source: 'blobs',
      centers: num(ui.blobCenters, 1, 10),
      spread: num(ui.blobSpread, 0.05, 10),
      n: num(ui.blobN, 2, 100000),
      seed,
      standardize,
    };
  else if (s === 'moons' || s === 'circles') {
    const shape = { n: num(ui.shapeN, 2, 100000), noise: num(ui.shapeNoise, 0, 10), seed, standardize };
    task =
      s === 'moons'
        ? { kind: 'dataset', source: 'moons', ...shape }
        : { kind: 'dataset', source: 'circles', factor: 0.5, ...shape };
  } else if (s === 'text')
    task = { kind: 'dataset', source: 'text', text: ui.csv.value, name: 'Pasted data', standardize };
  else {
    setData(emptyPoints());
    setStatus('Empty canvas: click on the plot (or use Add point) to place points.');
    ui.addMode.checked = true;
    ui.plot.classList.add('adding');
    return;
  }
  void execute(task, 'Loading data', (r) => {
    setData(r);
    const skipped = r.skippedColumns.length > 0 ? ` Text columns left out: ${r.skippedColumns.join(', ')}.` : '';
    setStatus(`Loaded ${r.X.rows} points × ${r.X.cols} columns.${skipped} Press Run.`);
  });
}

function emptyPoints(): DatasetResult {
  const X: Matrix = { rows: 0, cols: 2, data: new Float64Array(0) };
  return {
    X,
    view: X,
    projection: null,
    axisLabels: ['x₁', 'x₂'],
    columnNames: ['x₁', 'x₂'],
    y: null,
    trueCenters: null,
    title: 'Your points: 0',
    skippedColumns: [],
  };
}

function setData(d: DatasetResult, keepFrame = false): void {
  data = d;
  if (!keepFrame) fixedFrame = null;
  clearResult();
  ui.ckChart.innerHTML = '';
  ui.ckRule.textContent = '';
  ui.ckUse.hidden = true;
  ui.plotTitle.textContent = d.title;
  const canAdd = d.X.cols === 2;
  ui.addMode.disabled = !canAdd;
  ui.addPoint.disabled = !canAdd;
  if (!canAdd) ui.addMode.checked = false;
  ui.plot.classList.toggle('adding', ui.addMode.checked);
  frames = [plainFrame(d.X.rows > 0 ? 'The data. Choose an algorithm and press Run.' : 'No points yet.')];
  frameIdx = 0;
  renderFrame();
}

function plainFrame(caption: string): DisplayFrame {
  return { caption, labels: null, memberships: null, centers: null, ellipses: null, grid: null, final: false };
}

function clearResult(): void {
  stopPlay();
  shownAlgo = null;
  hier = null;
  ui.metrics.querySelector('tbody')!.innerHTML = '';
  ui.sideChart.innerHTML = '';
  ui.sideChart2.innerHTML = '';
  ui.dendroPanel.hidden = true;
  ui.dendro.innerHTML = '';
  updateStepControls();
}

function addPoint(x: number, y: number): void {
  if (data === null || data.X.cols !== 2) return;
  const n = data.X.rows;
  const X = new Float64Array((n + 1) * 2);
  X.set(data.X.data);
  X[n * 2] = x;
  X[n * 2 + 1] = y;
  const M: Matrix = { rows: n + 1, cols: 2, data: X };
  // Pin the axes as they are now, so this point and the earlier ones stay where they are on the screen.
  if (fixedFrame === null && plotFrame !== null) fixedFrame = plotFrame;
  setData(
    {
      ...data,
      X: M,
      view: { rows: n + 1, cols: 2, data: X.slice() },
      y: null,
      title: `Your points: ${n + 1}`,
    },
    true,
  );
  setStatus(`Added a point at (${fmtNum(x)}, ${fmtNum(y)}); ${n + 1} points.`);
}

async function readFile(file: File): Promise<void> {
  const text = await file.text();
  ui.source.value = 'text';
  showSourceControls();
  ui.csv.value = text;
  const task: DatasetTask = {
    kind: 'dataset',
    source: 'text',
    text,
    name: file.name,
    standardize: ui.standardize.checked,
  };
  void execute(task, `Reading ${file.name}`, (r) => {
    setData(r);
    setStatus(`Loaded ${file.name}: ${r.X.rows} points × ${r.X.cols} columns.`);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Algorithms

function fitInput(d: DatasetResult) {
  return { X: d.X, projection: d.projection, y: d.y };
}

function run(): void {
  if (data === null) return;
  const d = data;
  if (d.X.rows < 2) {
    showError('Bad data: add at least 2 points before running an algorithm.');
    return;
  }
  const algo = ui.algo.value as Algo;
  const k = Math.round(num(ui.k, 1, 50));
  const seed = Math.round(num(ui.seed, 0, 2 ** 31));
  stopPlay();
  switch (algo) {
    case 'kmeans':
      void execute(
        {
          kind: 'kmeans',
          ...fitInput(d),
          k,
          init: ui.init.value as 'k-means++' | 'random',
          nInit: Math.round(num(ui.nInit, 1, 100)),
          maxIter: 300,
          seed,
        },
        'Running k-means',
        showKMeans,
      );
      break;
    case 'soft-kmeans':
      void execute(
        { kind: 'soft-kmeans', ...fitInput(d), k, beta: 10 ** Number(ui.beta.value), maxIter: 300, seed },
        'Running soft k-means',
        showSoft,
      );
      break;
    case 'fuzzy-cmeans':
      void execute(
        { kind: 'fuzzy-cmeans', ...fitInput(d), k, m: num(ui.fuzz, 1.01, 10), maxIter: 300, seed },
        'Running fuzzy c-means',
        showSoft,
      );
      break;
    case 'gmm':
      void execute(
        {
          kind: 'gmm',
          ...fitInput(d),
          k,
          covarianceType: ui.cov.value as 'full',
          maxIter: 200,
          seed,
          bicKMax: Math.min(8, d.X.rows),
        },
        'Running EM',
        showGmm,
      );
      break;
    case 'kde': {
      const rule = ui.bwRule.value;
      void execute(
        {
          kind: 'kde',
          view: d.view,
          bandwidth: rule === 'manual' ? num(ui.bw, 0.01, 100) : (rule as 'scott' | 'silverman'),
          kernel: ui.kernel.value as 'gaussian',
          gridSize: 96,
        },
        'Estimating the density',
        showKde,
      );
      break;
    }
    case 'mean-shift':
      void execute(
        { kind: 'mean-shift', ...fitInput(d), bandwidth: ui.bwAuto.checked ? null : num(ui.msBw, 0.01, 100) },
        'Running mean shift',
        showMeanShift,
      );
      break;
    case 'hierarchical':
      void execute(
        { kind: 'hierarchical', ...fitInput(d), method: ui.method.value as 'ward', k },
        'Building the tree',
        showHierarchical,
      );
      break;
    case 'dbscan':
      void execute(
        {
          kind: 'dbscan',
          ...fitInput(d),
          eps: num(ui.eps, 1e-6, 1e6),
          minSamples: Math.round(num(ui.minSamples, 1, 1000)),
        },
        'Running DBSCAN',
        showDensityClusters,
      );
      break;
    case 'hdbscan':
      void execute(
        {
          kind: 'hdbscan',
          ...fitInput(d),
          minClusterSize: Math.round(num(ui.minClusterSize, 2, 100000)),
          minSamples: Math.round(num(ui.hdbMinSamples, 1, 100000)),
        },
        'Running HDBSCAN',
        showDensityClusters,
      );
      break;
    case 'optics':
      void execute(
        {
          kind: 'optics',
          ...fitInput(d),
          minSamples: Math.round(num(ui.opticsMinSamples, 2, 100000)),
          xi: num(ui.xi, 0.001, 0.999),
        },
        'Running OPTICS',
        showDensityClusters,
      );
      break;
    case 'kmedoids':
      void execute(
        { kind: 'kmedoids', ...fitInput(d), k, metric: ui.medoidMetric.value as 'euclidean', seed },
        'Running k-medoids',
        showKMedoids,
      );
      break;
  }
}

function runChooseK(): void {
  if (data === null || data.X.rows < 3) {
    showError('Bad data: choosing k needs at least 3 points.');
    return;
  }
  const d = data;
  const method = ui.ckMethod.value as ChooseKResultMessage['method'];
  const low = method === 'silhouette' || method === 'calinski' || method === 'davies-bouldin';
  const kMin = low ? 2 : 1;
  const kMax = Math.max(kMin + 2, Math.min(10, low ? d.X.rows - 1 : d.X.rows));
  void execute(
    { kind: 'choose-k', X: d.X, method, kMin, kMax, seed: Math.round(num(ui.seed, 0, 2 ** 31)) },
    `Scoring k = ${kMin}…${kMax} (${method})`,
    showChooseK,
  );
}

function showChooseK(r: ChooseKResultMessage): void {
  ui.ckChart.innerHTML = chooseKChart(r);
  ui.ckChart.querySelector('svg')?.setAttribute('data-k', String(r.k));
  ui.ckRule.textContent = `Chosen k = ${r.k}: ${r.rule}`;
  ui.ckUse.hidden = false;
  ui.ckUse.textContent = `Use k = ${r.k}`;
  ui.ckUse.dataset.k = String(r.k);
  setStatus(`Chose k = ${r.k} by ${r.method}.`);
}

function metricRows(m: Metrics): [string, string][] {
  const rows: [string, string][] = [
    ['Clusters found', String(m.nClusters)],
    ['Silhouette (−1…1, higher better)', fmtNum(m.silhouette)],
    ['Calinski–Harabasz (higher better)', fmtNum(m.calinskiHarabasz)],
    ['Davies–Bouldin (lower better)', fmtNum(m.daviesBouldin)],
  ];
  if (m.adjustedRand !== null) rows.push(['Adjusted Rand vs truth', fmtNum(m.adjustedRand)]);
  return rows;
}

function showMetrics(rows: [string, string][], warnings: string[] = []): void {
  const body = ui.metrics.querySelector('tbody')!;
  body.innerHTML = rows.map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td>${esc(v)}</td></tr>`).join('');
  for (const w of warnings)
    body.insertAdjacentHTML('beforeend', `<tr><td colspan="2" class="hint">⚠ ${esc(forPlayground(w))}</td></tr>`);
}

function sideChart(el: HTMLElement, svg: string): void {
  el.innerHTML = svg;
}

function showKMeans(r: KMeansResult): void {
  clearResult();
  shownAlgo = 'kmeans';
  frames = r.frames.map((f) => ({
    ...plainFrame(
      f.phase === 'init'
        ? 'Run 1: initial centres'
        : `Run 1, iteration ${f.iteration + 1}: ${f.phase === 'assign' ? 'assign each point to its nearest centre' : 'move each centre to the mean of its points'} — inertia ${fmtNum(f.inertia, 4)}`,
    ),
    labels: f.labels,
    centers: f.centersView,
  }));
  frames.push({
    ...plainFrame(
      `Result: best of ${r.runInertias.length} restart${r.runInertias.length > 1 ? 's' : ''} — inertia ${fmtNum(r.inertia, 4)}, ${r.nIter} iterations`,
    ),
    labels: r.labels,
    centers: r.centersView,
    final: true,
  });
  showMetrics(
    [['Inertia', fmtNum(r.inertia, 4)], ['Iterations', String(r.nIter)], ...metricRows(r.metrics)],
    r.warnings,
  );
  const steps = r.frames.filter((f) => f.phase !== 'init');
  sideChart(
    ui.sideChart,
    lineChartSvg([{ name: 'inertia', x: steps.map((_, i) => i / 2 + 0.5), y: steps.map((f) => f.inertia) }], {
      title: 'Run 1: inertia per half-step',
      xLabel: 'iteration',
      yLabel: 'inertia',
      width: 340,
      height: 220,
    }),
  );
  sideChart(
    ui.sideChart2,
    lineChartSvg([{ name: 'restarts', x: r.runInertias.map((_, i) => i + 1), y: r.runInertias }], {
      title: 'Final inertia of each restart',
      xLabel: 'restart',
      yLabel: 'inertia',
      width: 340,
      height: 220,
      pointsOnly: true,
      integerX: true,
    }),
  );
  startFrames();
  // The count matches the step control's "Step i of N": every frame, the result included.
  setStatus(`k-means done: ${frames.length} steps animated, best of ${r.runInertias.length} restarts.`);
}

function showSoft(r: SoftResult): void {
  clearResult();
  shownAlgo = r.kind;
  const name = r.kind === 'soft-kmeans' ? 'Soft k-means' : 'Fuzzy c-means';
  frames = r.frames.map((f, t) => ({
    ...plainFrame(
      `${name}, iteration ${f.iteration}${t === r.frames.length - 1 ? ' (result)' : ''}: points shaded by their memberships (mixed colours = shared)`,
    ),
    labels: f.labels,
    memberships: f.memberships,
    centers: f.centersView,
    final: t === r.frames.length - 1,
  }));
  showMetrics(
    [
      [r.kind === 'soft-kmeans' ? 'Inertia (hard labels)' : 'Objective Jₘ', fmtNum(r.objective, 4)],
      ['Iterations', String(r.nIter)],
      ['Mean top membership', fmtNum(meanMax(r.memberships))],
      ...metricRows(r.metrics),
    ],
    r.warnings,
  );
  startFrames();
  setStatus(`${name} done in ${r.nIter} iterations.`);
}

function meanMax(M: Matrix): number {
  let s = 0;
  for (let i = 0; i < M.rows; i++) {
    let m = 0;
    for (let c = 0; c < M.cols; c++) m = Math.max(m, M.data[i * M.cols + c]);
    s += m;
  }
  return M.rows > 0 ? s / M.rows : Number.NaN;
}

function showGmm(r: GmmResult): void {
  clearResult();
  shownAlgo = 'gmm';
  frames = r.frames.map((f, t) => ({
    ...plainFrame(
      `EM iteration ${f.iteration}: mean log-likelihood ${fmtNum(f.lowerBound, 5)}${t === r.frames.length - 1 ? (r.converged ? ' — converged' : ' — stopped at maxIter') : ''}`,
    ),
    labels: f.labels,
    centers: f.meansView,
    ellipses: { means: f.meansView, covs: f.covariancesView },
    final: t === r.frames.length - 1,
  }));
  showMetrics(
    [
      ['BIC (lower better)', fmtNum(r.bic, 5)],
      ['EM iterations', String(r.nIter)],
      ['Converged', r.converged ? 'yes' : 'no'],
      ...metricRows(r.metrics),
    ],
    r.warnings,
  );
  const best = bestK(r.bicCurve.ks, r.bicCurve.bic);
  if (r.bicCurve.ks.length > 0) {
    sideChart(
      ui.sideChart,
      lineChartSvg([{ name: 'BIC', x: r.bicCurve.ks, y: r.bicCurve.bic }], {
        title: 'BIC per number of components',
        xLabel: 'k',
        yLabel: 'BIC',
        width: 340,
        height: 220,
        integerX: true,
        marks: best !== null ? [{ x: best, label: `min at k = ${best}` }] : [],
      }),
    );
  }
  sideChart(
    ui.sideChart2,
    lineChartSvg(
      [{ name: 'log-likelihood', x: r.frames.map((f) => f.iteration), y: r.frames.map((f) => f.lowerBound) }],
      {
        title: 'Mean log-likelihood per EM iteration',
        xLabel: 'iteration',
        yLabel: 'log-likelihood',
        width: 340,
        height: 220,
      },
    ),
  );
  startFrames();
  setStatus(`EM done: ${r.nIter} iterations${r.converged ? ', converged' : ''}.`);
}

function bestK(ks: number[], v: number[]): number | null {
  let b: number | null = null;
  let bv = Number.POSITIVE_INFINITY;
  ks.forEach((k, i) => {
    if (v[i] < bv) {
      bv = v[i];
      b = k;
    }
  });
  return b;
}

function showKde(r: KdeResult): void {
  clearResult();
  shownAlgo = 'kde';
  frames = [
    {
      ...plainFrame(`Kernel density estimate (${ui.kernel.value} kernel, bandwidth ${fmtNum(r.bandwidth)})`),
      grid: r.grid,
      final: true,
    },
  ];
  showMetrics([
    ['Bandwidth', fmtNum(r.bandwidth)],
    ['Kernel', ui.kernel.value],
    ['Mean log-likelihood', fmtNum(r.logLikelihood, 4)],
    ['Grid', `${r.grid.x.length} × ${r.grid.y.length}`],
  ]);
  startFrames();
  setStatus(`Density estimated with bandwidth ${fmtNum(r.bandwidth)}.`);
}

function showMeanShift(r: MeanShiftResult): void {
  clearResult();
  shownAlgo = 'mean-shift';
  frames = [
    {
      ...plainFrame(`Mean shift: ${r.centersView.rows} modes with bandwidth ${fmtNum(r.bandwidth)}`),
      labels: r.labels,
      centers: r.centersView,
      final: true,
    },
  ];
  showMetrics(
    [['Bandwidth', fmtNum(r.bandwidth)], ['Iterations (max over seeds)', String(r.nIter)], ...metricRows(r.metrics)],
    r.warnings,
  );
  startFrames();
  setStatus(`Mean shift found ${r.centersView.rows} modes.`);
}

/** How each density-based method is named, which settings it ran with, and its second results row. */
const DENSITY_VIEW: Record<
  DensityClusterResult['kind'],
  { name: string; setting: () => string; row: (r: DensityClusterResult) => [string, string] }
> = {
  dbscan: {
    name: 'DBSCAN',
    setting: () => `eps ${Number(ui.eps.value).toFixed(2)}, minSamples ${ui.minSamples.value}`,
    row: (r) => ['Core points', String(countAtLeast(r.strength, 1))],
  },
  hdbscan: {
    name: 'HDBSCAN',
    setting: () => `minClusterSize ${ui.minClusterSize.value}, minSamples ${ui.hdbMinSamples.value}`,
    row: (r) => ['Mean membership', fmtNum(mean(r.strength))],
  },
  optics: {
    name: 'OPTICS',
    setting: () => `minSamples ${ui.opticsMinSamples.value}, ξ ${Number(ui.xi.value).toFixed(2)}`,
    row: (r) => ['Clustered points', String(countAtLeast(r.strength, 1))],
  },
};

function showDensityClusters(r: DensityClusterResult): void {
  clearResult();
  shownAlgo = r.kind;
  const view = DENSITY_VIEW[r.kind];
  const k = r.metrics.nClusters;
  frames = [
    {
      ...plainFrame(
        `${view.name} (${view.setting()}): ${k} cluster${k === 1 ? '' : 's'}, ${r.nNoise} noise points (small grey dots)`,
      ),
      labels: r.labels,
      final: true,
    },
  ];
  showMetrics(
    [['Noise points', `${r.nNoise} of ${r.labels.length}`], view.row(r), ...metricRows(r.metrics)],
    r.warnings,
  );
  if (r.reachability !== undefined) {
    sideChart(
      ui.sideChart,
      reachabilitySvg(r.reachability.distances, r.reachability.ordering, r.labels, {
        title: 'Reachability plot (valleys are clusters)',
        width: 340,
        height: 230,
      }),
    );
  }
  startFrames();
  setStatus(`${view.name} found ${k} cluster${k === 1 ? '' : 's'} and ${r.nNoise} noise points.`);
}

function countAtLeast(v: Float64Array, t: number): number {
  let c = 0;
  for (let i = 0; i < v.length; i++) if (v[i] >= t) c++;
  return c;
}

function mean(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i];
  return v.length > 0 ? s / v.length : Number.NaN;
}

function showKMedoids(r: KMedoidsResult): void {
  clearResult();
  shownAlgo = 'kmedoids';
  const metric = ui.medoidMetric.value;
  frames = [
    {
      ...plainFrame(
        `k-medoids (FasterPAM, ${metric}): × = the medoids, which are data points — total dissimilarity ${fmtNum(r.inertia, 4)}`,
      ),
      labels: r.labels,
      centers: r.medoidsView,
      final: true,
    },
  ];
  showMetrics(
    [['Total dissimilarity', fmtNum(r.inertia, 4)], ['Swap passes', String(r.nIter)], ...metricRows(r.metrics)],
    r.warnings,
  );
  startFrames();
  setStatus(`k-medoids done: ${r.medoidIndices.length} medoids (rows ${Array.from(r.medoidIndices).join(', ')}).`);
}

function showHierarchical(r: HierarchicalResult): void {
  clearResult();
  shownAlgo = 'hierarchical';
  hier = { result: r, height: r.height };
  frames = [{ ...plainFrame(cutCaption(r.height, r.metrics.nClusters)), labels: r.labels, final: true }];
  showMetrics(metricRows(r.metrics));
  ui.dendroPanel.hidden = false;
  const max = r.dendrogram.maxHeight > 0 ? r.dendrogram.maxHeight * 1.05 : 1;
  ui.cut.max = String(max);
  ui.cut.step = String(max / 1000);
  ui.cut.value = String(r.height);
  $('cut-out').textContent = fmtNum(r.height);
  startFrames();
  renderDendrogram();
  setStatus(`Tree built (${ui.method.value} linkage); cut into ${r.metrics.nClusters} clusters.`);
}

function cutCaption(h: number, k: number): string {
  return `Hierarchical clustering cut at height ${fmtNum(h)}: ${k} cluster${k === 1 ? '' : 's'}`;
}

let cutInFlight = false;
let cutWanted: number | null = null;

/** Asks the worker for the cut at `height`; while one is computing, only the latest request is kept. */
function requestCut(height: number): void {
  if (hier === null || data === null) return;
  hier.height = height;
  $('cut-out').textContent = fmtNum(height);
  renderDendrogram();
  if (cutInFlight) {
    cutWanted = height;
    return;
  }
  cutInFlight = true;
  const d = data;
  const h = hier;
  const job = client.run({ kind: 'cut', Z: h.result.Z, height, X: d.X, y: d.y });
  job.result
    .then((r: CutResult) => {
      if (hier !== h) return;
      frames = [{ ...plainFrame(cutCaption(r.height, r.metrics.nClusters)), labels: r.labels, final: true }];
      frameIdx = 0;
      showMetrics(metricRows(r.metrics));
      setStatus(
        `Tree cut at height ${fmtNum(r.height)}: ${r.metrics.nClusters} cluster${r.metrics.nClusters === 1 ? '' : 's'}.`,
      );
      renderFrame();
      renderDendrogram();
      completed++;
      document.body.dataset.completed = String(completed);
    })
    .catch((err) => showError(errorText(err).text))
    .finally(() => {
      cutInFlight = false;
      if (cutWanted !== null) {
        const next = cutWanted;
        cutWanted = null;
        requestCut(next);
      }
    });
}

// ---------------------------------------------------------------------------------------------------------------
// Frames and animation

function updateStepControls(): void {
  const many = frames.length > 1;
  ui.play.disabled = !many;
  ui.prev.disabled = !many || frameIdx === 0;
  ui.next.disabled = !many || frameIdx >= frames.length - 1;
  ui.end.disabled = !many || frameIdx >= frames.length - 1;
  ui.frame.disabled = !many;
  ui.frame.max = String(Math.max(0, frames.length - 1));
  ui.frame.value = String(frameIdx);
  $('frame-out').textContent = frames.length > 0 ? `${frameIdx + 1} of ${frames.length}` : '–';
  ui.play.textContent = playTimer !== null ? 'Pause' : 'Play';
}

function startFrames(): void {
  frameIdx = 0;
  renderFrame();
  if (frames.length > 1) play();
}

function play(): void {
  stopPlay();
  if (frameIdx >= frames.length - 1) frameIdx = 0;
  const tickFrame = () => {
    if (frameIdx >= frames.length - 1) {
      stopPlay();
      return;
    }
    frameIdx++;
    renderFrame();
    playTimer = setTimeout(tickFrame, Number(ui.speed.value));
    updateStepControls();
  };
  playTimer = setTimeout(tickFrame, Number(ui.speed.value));
  updateStepControls();
}

function stopPlay(): void {
  if (playTimer !== null) clearTimeout(playTimer);
  playTimer = null;
  updateStepControls();
}

function goTo(i: number): void {
  stopPlay();
  frameIdx = Math.max(0, Math.min(frames.length - 1, i));
  renderFrame();
}

// ---------------------------------------------------------------------------------------------------------------
// Drawing

/** Drawing size of the scatter plot: 640 × 540, narrower on a phone so its text stays readable (not scaled down). */
let W = 640;
let H = 540;

/** Fits the drawing size to the plot's column (340…640 px wide, aspect 640 : 540). */
function fitPlotSize(): void {
  const w = ui.plot.clientWidth;
  W = w > 0 ? Math.round(Math.min(640, Math.max(340, w))) : 640;
  H = Math.round((W * 540) / 640);
}

function hexRgb(hex: string): [number, number, number] {
  const v = Number.parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

function blend(memberships: Matrix, i: number): string {
  let r = 0;
  let g = 0;
  let b = 0;
  const k = memberships.cols;
  for (let c = 0; c < k; c++) {
    const w = memberships.data[i * k + c];
    const [cr, cg, cb] = hexRgb(colorOf(c));
    r += w * cr;
    g += w * cg;
    b += w * cb;
  }
  const h = (v: number) =>
    Math.round(Math.min(255, Math.max(0, v)))
      .toString(16)
      .padStart(2, '0');
  return `#${h(r)}${h(g)}${h(b)}`;
}

/** Whether every point of the view lies inside the frame's domain. */
function insideFrame(f: Frame, v: Matrix): boolean {
  const [x0, x1] = f.x.domain();
  const [y0, y1] = f.y.domain();
  for (let i = 0; i < v.rows; i++) {
    const a = v.data[i * 2];
    const b = v.data[i * 2 + 1];
    if (a < Math.min(x0, x1) || a > Math.max(x0, x1) || b < Math.min(y0, y1) || b > Math.max(y0, y1)) return false;
  }
  return true;
}

function viewFrame(d: DatasetResult): Frame {
  if (fixedFrame !== null && fixedFrame.width === W && insideFrame(fixedFrame, d.view)) return fixedFrame;
  const f = dataFrame(d);
  // An empty canvas gets a fixed domain ([−6, 6]²) that stays while points are placed.
  if (d.X.rows === 0 || fixedFrame !== null) fixedFrame = f;
  return f;
}

function dataFrame(d: DatasetResult): Frame {
  const v = d.view;
  let x0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let y1 = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < v.rows; i++) {
    x0 = Math.min(x0, v.data[i * 2]);
    x1 = Math.max(x1, v.data[i * 2]);
    y0 = Math.min(y0, v.data[i * 2 + 1]);
    y1 = Math.max(y1, v.data[i * 2 + 1]);
  }
  if (v.rows === 0) [x0, x1, y0, y1] = [-6, 6, -6, 6];
  return makeFrame({
    width: W,
    height: H,
    xDomain: [x0, x1],
    yDomain: [y0, y1],
    equalAspect: d.X.cols === 2,
    margin: { top: 16, right: 16 },
  });
}

function contourPaths(grid: KdeResult['grid'], f: Frame): string {
  const nx = grid.x.length;
  const ny = grid.y.length;
  const dx = (grid.x[nx - 1] - grid.x[0]) / (nx - 1);
  const dy = (grid.y[ny - 1] - grid.y[0]) / (ny - 1);
  const values = Array.from(grid.density);
  let vmax = 0;
  for (const v of values) if (v > vmax) vmax = v;
  if (!(vmax > 0)) return '';
  const bands = 10;
  const ths = Array.from({ length: bands - 1 }, (_, t) => (vmax * (t + 1)) / bands);
  const levels = contours().size([nx, ny]).thresholds(ths)(values);
  const px = (p: number) => fmt(f.x(grid.x[0] + Math.min(Math.max(p - 0.5, 0), nx - 1) * dx));
  const py = (p: number) => fmt(f.y(grid.y[0] + Math.min(Math.max(p - 0.5, 0), ny - 1) * dy));
  const parts: string[] = [];
  for (const level of levels) {
    if (level.coordinates.length === 0) continue;
    let d = '';
    for (const polygon of level.coordinates) {
      for (const ring of polygon) {
        ring.forEach(([a, b], t) => {
          d += `${t === 0 ? 'M' : 'L'}${px(a)},${py(b)}`;
        });
        d += 'Z';
      }
    }
    const c = interpolateBlues(0.12 + 0.8 * (level.value / vmax));
    parts.push(
      `<path class="contour" data-level="${fmt(level.value, 6)}" d="${d}" fill="${c}" stroke="#08306b" stroke-opacity="0.3" stroke-width="0.6"/>`,
    );
  }
  return parts.join('');
}

function renderFrame(): void {
  const d = data;
  updateStepControls();
  if (d === null) return;
  const fr = frames[frameIdx] ?? plainFrame('');
  ui.caption.textContent = fr.caption;
  fitPlotSize();
  const f = viewFrame(d);
  plotFrame = f;
  const v = d.view;
  const n = v.rows;
  const parts: string[] = [];
  const clip = `<clipPath id="plot-clip"><rect x="${f.margin.left}" y="${f.margin.top}" width="${W - f.margin.left - f.margin.right}" height="${H - f.margin.top - f.margin.bottom}"/></clipPath>`;
  parts.push(clip, axes(f, d.axisLabels[0], d.axisLabels[1]));
  if (fr.grid !== null) parts.push(`<g class="contours" clip-path="url(#plot-clip)">${contourPaths(fr.grid, f)}</g>`);
  if (fr.ellipses !== null) {
    const { means, covs } = fr.ellipses;
    parts.push('<g class="ellipses" clip-path="url(#plot-clip)" fill="none">');
    for (let c = 0; c < means.rows; c++) {
      const cov = covs.subarray(c * 4, c * 4 + 4);
      if (!(cov[0] > 0 && cov[3] > 0)) continue;
      for (const s of [1, 2]) {
        const pts = ellipsePoints([means.data[c * 2], means.data[c * 2 + 1]], Float64Array.from(cov), s, 64);
        const dpath = `${pts.map(([a, b], t) => `${t === 0 ? 'M' : 'L'}${fmt(f.x(a))},${fmt(f.y(b))}`).join('')}Z`;
        parts.push(
          `<path class="ellipse" data-sigma="${s}" d="${dpath}" stroke="${colorOf(c)}" stroke-width="${s === 1 ? 2.2 : 1.2}" stroke-dasharray="${s === 1 ? '' : '5 4'}"/>`,
        );
      }
    }
    parts.push('</g>');
  }
  const r = n > 2000 ? 1.6 : n > 600 ? 2.5 : 3.6;
  parts.push(`<g class="points" fill-opacity="${fr.grid !== null ? 0.6 : 0.85}">`);
  for (let i = 0; i < n; i++) {
    const label = fr.labels !== null ? fr.labels[i] : -2;
    let fill: string;
    if (fr.grid !== null) fill = '#222';
    else if (fr.memberships !== null) fill = blend(fr.memberships, i);
    else if (label === -2) fill = '#4d4d4d';
    else fill = colorOf(label);
    // Noise (−1): a small grey dot, so it reads as "in no cluster" rather than as one more cluster.
    const noise = label === -1 && fr.grid === null && fr.memberships === null;
    parts.push(
      `<circle class="pt${noise ? ' noise' : ''}" data-label="${label}" cx="${fmt(f.x(v.data[i * 2]))}" cy="${fmt(f.y(v.data[i * 2 + 1]))}" r="${noise ? fmt(r * 0.55) : r}" fill="${noise ? NOISE_COLOR : fill}"/>`,
    );
  }
  parts.push('</g>');
  if (d.trueCenters !== null) {
    parts.push('<g class="true-centers" fill="none" stroke="#222" stroke-width="1.5">');
    const T = d.trueCenters;
    for (let c = 0; c < T.rows; c++) {
      const cx = f.x(T.data[c * 2]);
      const cy = f.y(T.data[c * 2 + 1]);
      parts.push(
        `<path d="M${fmt(cx)},${fmt(cy - 8)}L${fmt(cx + 8)},${fmt(cy)}L${fmt(cx)},${fmt(cy + 8)}L${fmt(cx - 8)},${fmt(cy)}Z"/>`,
      );
    }
    parts.push('</g>');
  }
  let centersAttr = '';
  if (fr.centers !== null) {
    const C = fr.centers;
    const list: number[][] = [];
    parts.push('<g class="centers">');
    for (let c = 0; c < C.rows; c++) {
      const a = C.data[c * 2];
      const b = C.data[c * 2 + 1];
      list.push([Number(a.toFixed(4)), Number(b.toFixed(4))]);
      const cx = f.x(a);
      const cy = f.y(b);
      const cr = 8;
      const path = `M${fmt(cx - cr)},${fmt(cy - cr)}L${fmt(cx + cr)},${fmt(cy + cr)}M${fmt(cx - cr)},${fmt(cy + cr)}L${fmt(cx + cr)},${fmt(cy - cr)}`;
      parts.push(
        `<path d="${path}" stroke="#000" stroke-width="6"/><path d="${path}" stroke="${colorOf(c)}" stroke-width="3"/>`,
      );
    }
    parts.push('</g>');
    centersAttr = ` data-centers="${esc(JSON.stringify(list))}"`;
  }
  const nClusters = fr.labels !== null ? new Set(Array.from(fr.labels).filter((l) => l >= 0)).size : 0;
  const title = `${d.title}. ${fr.caption}`;
  ui.plot.innerHTML =
    `<svg id="scatter" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(title)}" font-family="DejaVu Sans, Arial, sans-serif"` +
    ` data-n="${n}" data-clusters="${nClusters}" data-algorithm="${shownAlgo ?? 'none'}" data-final="${fr.final}"${centersAttr}>` +
    `<title>${esc(title)}</title><rect width="${W}" height="${H}" fill="#fff"/>${parts.join('')}</svg>`;
}

function renderDendrogram(): void {
  if (hier === null) return;
  const { dendrogram: dg } = hier.result;
  const n = dg.leaves.length;
  const w = 340;
  const h = 260;
  const m = { top: 12, right: 10, bottom: 22, left: 46 };
  const top = dg.maxHeight > 0 ? dg.maxHeight * 1.05 : 1;
  const Y = (v: number) => h - m.bottom - (v / top) * (h - m.top - m.bottom);
  // SciPy's layout puts leaf s at x = 10s + 5. Links below the cut take the colour of their cluster (a cut
  // cluster is a subtree, so a contiguous run of leaves: the leaf under the link's left foot is in it).
  const X = (ix: number) => m.left + (ix / (10 * n)) * (w - m.left - m.right);
  const labels = frames[frameIdx]?.labels ?? null;
  const paths = new Map<string, string>();
  const { icoord: I, dcoord: D } = dg;
  for (let i = 0; i < n - 1; i++) {
    const o = i * 4;
    const slot = Math.min(n - 1, Math.max(0, Math.floor((I[o] - 5) / 10 + 1e-9)));
    const color = labels !== null && D[o + 1] <= hier.height ? colorOf(labels[dg.leaves[slot]]) : '#555';
    const seg = `M${fmt(X(I[o]))},${fmt(Y(D[o]))}L${fmt(X(I[o + 1]))},${fmt(Y(D[o + 1]))}L${fmt(X(I[o + 2]))},${fmt(Y(D[o + 2]))}L${fmt(X(I[o + 3]))},${fmt(Y(D[o + 3]))}`;
    paths.set(color, (paths.get(color) ?? '') + seg);
  }
  const linkPaths = [...paths]
    .map(([c, d]) => `<path class="links" d="${d}" fill="none" stroke="${c}" stroke-width="${n > 500 ? 0.6 : 1.2}"/>`)
    .join('');
  const yc = Y(hier.height);
  const hScale = scaleLinear().domain([0, top]);
  const tf = tickFormatter(hScale, 5);
  const axis = hScale
    .ticks(5)
    .map(
      (t) =>
        `<line x1="${m.left - 4}" x2="${m.left}" y1="${fmt(Y(t))}" y2="${fmt(Y(t))}" stroke="#333"/><text x="${m.left - 6}" y="${fmt(Y(t))}" dy="0.32em" text-anchor="end" font-size="10">${esc(tf(t))}</text>`,
    )
    .join('');
  ui.dendro.innerHTML =
    `<svg id="dendrogram" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" role="img" aria-label="Dendrogram with the cut at height ${esc(fmtNum(hier.height))}" data-leaves="${n}" data-links="${n - 1}" data-cut="${hier.height}" font-family="DejaVu Sans, Arial, sans-serif">` +
    `<rect width="${w}" height="${h}" fill="#fff"/>` +
    `<path d="M${m.left},${m.top}V${h - m.bottom}" stroke="#333"/>${axis}` +
    `<text x="${fmt((w + m.left) / 2)}" y="${h - 6}" text-anchor="middle" font-size="11">${n} leaves (${esc(ui.method.value)} linkage)</text>` +
    linkPaths +
    `<line id="cut-hit" x1="${m.left}" x2="${w - m.right}" y1="${fmt(yc)}" y2="${fmt(yc)}" stroke="transparent" stroke-width="14"/>` +
    `<line id="cut-line" x1="${m.left}" x2="${w - m.right}" y1="${fmt(yc)}" y2="${fmt(yc)}" stroke="#d62728" stroke-width="2.5"/>` +
    '</svg>';
}

function dendroHeightAt(clientY: number): number | null {
  const svg = ui.dendro.querySelector('svg');
  if (svg === null || hier === null) return null;
  const ctm = svg.getScreenCTM();
  if (ctm === null) return null;
  const pt = new DOMPoint(0, clientY).matrixTransform(ctm.inverse());
  const h = 260;
  const m = { top: 12, bottom: 22 };
  const top = hier.result.dendrogram.maxHeight > 0 ? hier.result.dendrogram.maxHeight * 1.05 : 1;
  const v = ((h - m.bottom - pt.y) / (h - m.top - m.bottom)) * top;
  return Math.min(top, Math.max(0, v));
}

// ---------------------------------------------------------------------------------------------------------------
// Wiring

let rerunTimer: ReturnType<typeof setTimeout> | null = null;
/** Re-runs the shown algorithm shortly after one of its sliders moved. */
function rerunSoon(algos: Algo[]): void {
  if (shownAlgo === null || !algos.includes(shownAlgo) || shownAlgo !== ui.algo.value) return;
  if (rerunTimer !== null) clearTimeout(rerunTimer);
  rerunTimer = setTimeout(run, 200);
}

function showAlgoControls(): void {
  const a = ui.algo.value;
  for (const el of document.querySelectorAll<HTMLElement>('[data-for]')) {
    el.hidden = !(el.dataset.for ?? '').split(' ').includes(a);
  }
}

function wire(): void {
  for (const [el] of outputs) el.addEventListener('input', syncOutputs);
  ui.source.addEventListener('change', () => {
    showSourceControls();
    if (ui.source.value !== 'text') loadData();
    else setStatus('Paste or drop a CSV, then press “Load the text”.');
  });
  for (const el of [ui.blobCenters, ui.blobSpread, ui.blobN, ui.shapeN, ui.shapeNoise])
    el.addEventListener('change', loadData);
  ui.standardize.addEventListener('change', () => {
    if (ui.source.value !== 'points' && (ui.source.value !== 'text' || ui.csv.value.trim() !== '')) loadData();
  });
  ui.dataSeed.addEventListener('change', () => {
    if (['demo', 'blobs', 'moons', 'circles'].includes(ui.source.value)) loadData();
  });
  ui.loadText.addEventListener('click', loadData);
  ui.file.addEventListener('change', () => {
    const f = ui.file.files?.[0];
    if (f) void readFile(f);
  });
  document.addEventListener('dragover', (e) => {
    e.preventDefault();
    ui.plot.classList.add('dragover');
  });
  document.addEventListener('dragleave', () => ui.plot.classList.remove('dragover'));
  document.addEventListener('drop', (e) => {
    e.preventDefault();
    ui.plot.classList.remove('dragover');
    const f = e.dataTransfer?.files?.[0];
    if (f) void readFile(f);
  });
  ui.addMode.addEventListener('change', () => ui.plot.classList.toggle('adding', ui.addMode.checked));
  ui.plot.addEventListener('click', (e) => {
    if (!ui.addMode.checked || plotFrame === null || data === null || data.X.cols !== 2) return;
    const svg = ui.plot.querySelector('svg');
    const ctm = svg?.getScreenCTM();
    if (!svg || !ctm) return;
    const p = new DOMPoint(e.clientX, e.clientY).matrixTransform(ctm.inverse());
    addPoint(plotFrame.x.invert(p.x), plotFrame.y.invert(p.y));
  });
  ui.addPoint.addEventListener('click', () => addPoint(Number(ui.addX.value) || 0, Number(ui.addY.value) || 0));
  ui.clearPoints.addEventListener('click', () => {
    ui.source.value = 'points';
    showSourceControls();
    loadData();
  });
  ui.algo.addEventListener('change', showAlgoControls);
  ui.run.addEventListener('click', run);
  ui.cancel.addEventListener('click', () => {
    if (currentJob === null) return;
    // The page stops waiting at once; the worker stops at its next checkpoint or is restarted.
    client.cancel(currentJob);
    currentJob = null;
    setBusy(false);
    setStatus('Cancelled.');
    document.body.dataset.cancelled = String(Number(document.body.dataset.cancelled ?? 0) + 1);
  });
  ui.play.addEventListener('click', () => (playTimer !== null ? stopPlay() : play()));
  ui.prev.addEventListener('click', () => goTo(frameIdx - 1));
  ui.next.addEventListener('click', () => goTo(frameIdx + 1));
  ui.end.addEventListener('click', () => goTo(frames.length - 1));
  ui.frame.addEventListener('input', () => goTo(Number(ui.frame.value)));
  ui.beta.addEventListener('change', () => rerunSoon(['soft-kmeans']));
  ui.fuzz.addEventListener('change', () => rerunSoon(['fuzzy-cmeans']));
  ui.bw.addEventListener('change', () => rerunSoon(['kde']));
  ui.msBw.addEventListener('change', () => rerunSoon(['mean-shift']));
  ui.bwAuto.addEventListener('change', () => rerunSoon(['mean-shift']));
  ui.kernel.addEventListener('change', () => rerunSoon(['kde']));
  ui.bwRule.addEventListener('change', () => rerunSoon(['kde']));
  ui.cov.addEventListener('change', () => rerunSoon(['gmm']));
  ui.method.addEventListener('change', () => rerunSoon(['hierarchical']));
  ui.eps.addEventListener('change', () => rerunSoon(['dbscan']));
  ui.minSamples.addEventListener('change', () => rerunSoon(['dbscan']));
  ui.minClusterSize.addEventListener('change', () => rerunSoon(['hdbscan']));
  ui.hdbMinSamples.addEventListener('change', () => rerunSoon(['hdbscan']));
  ui.opticsMinSamples.addEventListener('change', () => rerunSoon(['optics']));
  ui.xi.addEventListener('change', () => rerunSoon(['optics']));
  ui.medoidMetric.addEventListener('change', () => rerunSoon(['kmedoids']));
  ui.cut.addEventListener('input', () => requestCut(Number(ui.cut.value)));
  let dragging = false;
  ui.dendro.addEventListener('pointerdown', (e) => {
    const h = dendroHeightAt(e.clientY);
    if (h === null) return;
    dragging = true;
    ui.dendro.setPointerCapture(e.pointerId);
    ui.cut.value = String(h);
    requestCut(h);
  });
  ui.dendro.addEventListener('pointermove', (e) => {
    if (!dragging) return;
    const h = dendroHeightAt(e.clientY);
    if (h === null) return;
    ui.cut.value = String(h);
    requestCut(h);
  });
  const endDrag = () => {
    dragging = false;
  };
  ui.dendro.addEventListener('pointerup', endDrag);
  ui.dendro.addEventListener('pointercancel', endDrag);
  ui.ckRun.addEventListener('click', runChooseK);
  ui.ckUse.addEventListener('click', () => {
    ui.k.value = ui.ckUse.dataset.k ?? ui.k.value;
    ui.k.focus();
    setStatus(`k set to ${ui.k.value}; press Run.`);
  });
  client.onRestart = () => {
    document.body.dataset.restarts = String(Number(document.body.dataset.restarts ?? 0) + 1);
  };
  client.onFatal = (msg) => {
    showError(msg);
    setBusy(false);
    currentJob = null;
  };
}

let resizeTimer: ReturnType<typeof setTimeout> | null = null;
window.addEventListener('resize', () => {
  if (resizeTimer !== null) clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => {
    const w = W;
    fitPlotSize();
    if (W !== w) renderFrame();
  }, 150);
});

wire();
syncOutputs();
showSourceControls();
showAlgoControls();
setBusy(false);
document.body.dataset.completed = '0';
loadData();
