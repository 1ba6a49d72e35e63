/**
 * The playground's worker protocol, tested in Node by calling the worker's message handler directly:
 * request ids, progress, one terminal message per request, cancellation, serialised errors, and that each task
 * returns what the page draws (frames, memberships, ellipses, density grid, dendrogram).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CancelledError,
  collectTransferables,
  type DatasetResult,
  describeError,
  deserializeError,
  type GmmResult,
  type HierarchicalResult,
  type KMeansResult,
  type ResultMap,
  type SerializedError,
  type SoftResult,
  serializeError,
  type Task,
  type TaskKind,
  type WorkerRequest,
  type WorkerResponse,
} from '../../playground/src/protocol.js';
import { createWorkerHandler, dendrogramLayout, installWorker } from '../../playground/src/worker.js';
import { ParseError, ValidationError } from '../../src/core/errors.js';
import { DEMO_CENTERS, demoBlobs } from '../../src/datasets/index.js';
import { fcluster } from '../../src/hierarchy/fcluster.js';
import { linkage } from '../../src/hierarchy/linkage.js';
import { adjustedRandScore } from '../../src/metrics/external/pairCounting.js';
import { GaussianMixture } from '../../src/mixture/GaussianMixture.js';

/** A handler with its message log. */
function harness() {
  const messages: { msg: WorkerResponse; transfer: ArrayBuffer[] }[] = [];
  const handle = createWorkerHandler((msg, transfer) => messages.push({ msg, transfer }));
  const of = (id: number) => messages.filter((m) => m.msg.id === id).map((m) => m.msg);
  return { handle, messages, of };
}

let nextId = 100;
/** Runs one task and returns its result, failing the test on an error answer. */
async function run<K extends TaskKind>(task: Task & { kind: K }): Promise<ResultMap[K]> {
  const { handle, of } = harness();
  const id = nextId++;
  await handle({ type: 'run', id, task });
  const last = of(id).at(-1);
  if (last?.type === 'error') throw new Error(`${last.error.name}: ${last.error.message}`);
  expect(last?.type).toBe('result');
  return (last as unknown as { result: ResultMap[K] }).result;
}

/** Runs one task that must fail and returns the serialised error. */
async function runError(task: Task): Promise<SerializedError> {
  const { handle, of } = harness();
  await handle({ type: 'run', id: 7, task });
  const msgs = of(7);
  expect(msgs.filter((m) => m.type === 'result')).toHaveLength(0);
  const last = msgs.at(-1);
  expect(last?.type).toBe('error');
  return (last as { error: SerializedError }).error;
}

const demo = demoBlobs(0);
const demoInput = { X: demo.X, projection: null, y: demo.y };

function expectNearTrueCenters(C: { rows: number; data: Float64Array }, tol: number): void {
  expect(C.rows).toBe(DEMO_CENTERS.length);
  for (const [tx, ty] of DEMO_CENTERS) {
    let best = Number.POSITIVE_INFINITY;
    for (let c = 0; c < C.rows; c++) best = Math.min(best, Math.hypot(C.data[c * 2] - tx, C.data[c * 2 + 1] - ty));
    expect(best).toBeLessThan(tol);
  }
}

describe('createWorkerHandler: messages', () => {
  it('answers a run with progress messages, then exactly one result carrying the request id', async () => {
    const { handle, messages } = harness();
    await handle({ type: 'run', id: 42, task: { kind: 'sleep', steps: 3, ms: 1 } });
    expect(messages.every((m) => m.msg.id === 42)).toBe(true);
    expect(messages.map((m) => m.msg.type)).toEqual(['progress', 'progress', 'progress', 'result']);
    const p = messages[1].msg as Extract<WorkerResponse, { type: 'progress' }>;
    expect(p.progress).toEqual({ fraction: 1 / 3, message: 'step 2 of 3' });
  });

  it('cancel stops a running task at its next checkpoint and answers CANCELLED, with no result', async () => {
    const { handle, of } = harness();
    const done = handle({ type: 'run', id: 1, task: { kind: 'sleep', steps: 1000, ms: 2 } });
    await new Promise((r) => setTimeout(r, 20));
    await handle({ type: 'cancel', id: 1 });
    await done;
    const msgs = of(1);
    expect(msgs.filter((m) => m.type === 'result')).toHaveLength(0);
    const last = msgs.at(-1) as Extract<WorkerResponse, { type: 'error' }>;
    expect(last.error).toEqual({ name: 'CancelledError', code: 'CANCELLED', message: 'Cancelled.' });
    expect(msgs.filter((m) => m.type === 'progress').length).toBeLessThan(1000);
  });

  it('a cancel sent right after the request stops even a task without slices (k-means) before it starts', async () => {
    const { handle, of } = harness();
    const done = handle({
      type: 'run',
      id: 5,
      task: { kind: 'kmeans', ...demoInput, k: 5, init: 'k-means++', nInit: 3, maxIter: 300, seed: 0 },
    });
    await handle({ type: 'cancel', id: 5 });
    await done;
    expect(of(5).map((m) => m.type)).toEqual(['error']);
    expect((of(5)[0] as Extract<WorkerResponse, { type: 'error' }>).error.code).toBe('CANCELLED');
  });

  it('cancelling one request leaves another running request alone; unknown ids are ignored', async () => {
    const { handle, of } = harness();
    const a = handle({ type: 'run', id: 1, task: { kind: 'sleep', steps: 200, ms: 1 } });
    const b = handle({ type: 'run', id: 2, task: { kind: 'sleep', steps: 5, ms: 1 } });
    await handle({ type: 'cancel', id: 99 });
    await handle({ type: 'cancel', id: 1 });
    await Promise.all([a, b]);
    expect(of(1).at(-1)?.type).toBe('error');
    expect(of(2).at(-1)).toEqual({ type: 'result', id: 2, result: { kind: 'sleep', steps: 5 } });
    // A cancel for a finished request does not poison a later request that reuses the id.
    await handle({ type: 'cancel', id: 2 });
    await handle({ type: 'run', id: 2, task: { kind: 'sleep', steps: 1, ms: 0 } });
    expect(of(2).at(-1)?.type).toBe('result');
  });

  it('lists the result buffers for transfer, each once', async () => {
    const { handle, messages } = harness();
    await handle({ type: 'run', id: 3, task: { kind: 'dataset', source: 'demo', seed: 0 } });
    const last = messages.at(-1)!;
    const r = (last.msg as { result: DatasetResult }).result;
    expect(last.transfer).toContain(r.X.data.buffer);
    expect(last.transfer).toContain(r.view.data.buffer);
    expect(new Set(last.transfer).size).toBe(last.transfer.length);
  });

  it('installWorker wires a worker scope: messages in, postMessage out with the transfer list', async () => {
    let listener: ((e: { data: WorkerRequest }) => void) | null = null;
    const posted: { message: unknown; transfer: ArrayBuffer[] }[] = [];
    installWorker({
      postMessage: (message, transfer) => posted.push({ message, transfer }),
      addEventListener: (_type, l) => {
        listener = l;
      },
    });
    expect(listener).not.toBeNull();
    listener!({ data: { type: 'run', id: 9, task: { kind: 'dataset', source: 'iris' } } });
    await new Promise((r) => setTimeout(r, 50));
    const last = posted.at(-1)!;
    expect((last.message as WorkerResponse).type).toBe('result');
    expect(last.transfer.length).toBeGreaterThan(0);
  });
});

describe('errors across the boundary', () => {
  it('serializeError keeps name, code and message of library errors; anything else is INTERNAL', () => {
    expect(serializeError(new ParseError('Line 3: bad', 3, 2))).toEqual({
      name: 'ParseError',
      code: 'PARSE',
      message: 'Line 3: bad',
    });
    expect(serializeError(new ValidationError('k too big', { param: 'k' }, 'INVALID_OPTION'))).toEqual({
      name: 'ValidationError',
      code: 'INVALID_OPTION',
      message: 'k too big',
    });
    expect(serializeError(new RangeError('oops'))).toEqual({ name: 'RangeError', code: 'INTERNAL', message: 'oops' });
    expect(serializeError('plain string')).toEqual({ name: 'Error', code: 'INTERNAL', message: 'plain string' });
    expect(serializeError(new CancelledError())).toEqual({
      name: 'CancelledError',
      code: 'CANCELLED',
      message: 'Cancelled.',
    });
  });

  it('deserializeError rebuilds an Error with the same name, code and message; describeError says what kind', () => {
    const s: SerializedError = { name: 'ParseError', code: 'PARSE', message: 'Line 3, column 2 (y): "abc"' };
    const e = deserializeError(s);
    expect(e).toBeInstanceOf(Error);
    expect([e.name, e.code, e.message]).toEqual([s.name, s.code, s.message]);
    expect(describeError(s)).toBe('Could not read the data: Line 3, column 2 (y): "abc"');
    expect(describeError({ ...s, code: 'INVALID_OPTION' })).toMatch(/^Bad setting: /);
    expect(describeError({ name: 'TypeError', code: 'INTERNAL', message: 'x is undefined' })).toBe(
      'Unexpected error (TypeError): x is undefined',
    );
  });

  it('a bad CSV cell comes back as a PARSE error naming its line, column and value', async () => {
    const e = await runError({ kind: 'dataset', source: 'text', text: 'x,y\n1,2\n3,abc\n4,5\n', name: 'bad.csv' });
    expect(e.name).toBe('ParseError');
    expect(e.code).toBe('PARSE');
    expect(e.message).toContain('Line 3, column 2 (y): "abc" is not a number');
  });

  it('empty text, text without numbers, and one row are INVALID_INPUT errors with a remedy', async () => {
    const empty = await runError({ kind: 'dataset', source: 'text', text: '  \n', name: '' });
    expect(empty).toMatchObject({ name: 'ValidationError', code: 'INVALID_INPUT' });
    expect(empty.message).toContain('paste or drop');
    const words = await runError({ kind: 'dataset', source: 'text', text: 'a,b\nx,y\nz,w\n', name: '' });
    expect(words.message).toContain('No numeric column');
    const one = await runError({ kind: 'dataset', source: 'text', text: '1,2\n', name: '' });
    expect(one.message).toContain('at least 2 points');
  });

  it('an impossible option (k > n) is reported, not thrown out of the handler', async () => {
    const e = await runError({
      kind: 'kmeans',
      ...demoInput,
      k: 300,
      init: 'k-means++',
      nInit: 1,
      maxIter: 10,
      seed: 0,
    });
    expect(e.name).toBe('ValidationError');
    expect(e.message).toContain('nClusters=300');
  });

  it('a distance matrix over the browser budget is a TOO_LARGE error, not a crashed tab', async () => {
    const n = 9000;
    const X = { rows: n, cols: 1, data: Float64Array.from({ length: n }, (_, i) => i) };
    const e = await runError({ kind: 'hierarchical', X, projection: null, y: null, method: 'complete', k: 2 });
    expect(e).toMatchObject({ name: 'CapacityError', code: 'TOO_LARGE' });
    expect(describeError(e)).toMatch(/^Too large: .*use fewer points/);
  });

  it('an unknown task kind is a ValidationError naming it', async () => {
    const e = await runError({ kind: 'nope' } as unknown as Task);
    expect(e).toMatchObject({ name: 'ValidationError', message: 'Unknown task kind "nope".' });
  });
});

describe('dataset task', () => {
  it('demo: 250×2, shown as is, true classes and the 5 true centres', async () => {
    const r = await run({ kind: 'dataset', source: 'demo', seed: 0 });
    expect([r.X.rows, r.X.cols]).toEqual([250, 2]);
    expect(r.projection).toBeNull();
    expect(Array.from(r.view.data)).toEqual(Array.from(demo.X.data));
    expect(Array.from(r.y!)).toEqual(Array.from(demo.y));
    expect(Array.from(r.trueCenters!.data)).toEqual(DEMO_CENTERS.flat());
  });

  it('iris: 150×4 shown on its first two principal components, species means as centres', async () => {
    const r = await run({ kind: 'dataset', source: 'iris' });
    expect([r.X.rows, r.X.cols, r.view.rows, r.view.cols]).toEqual([150, 4, 150, 2]);
    expect(r.projection).not.toBeNull();
    expect(r.axisLabels[0]).toMatch(/^PC1 \(\d+ % of variance\)$/);
    expect(r.trueCenters!.rows).toBe(3);
    // The view is centred (PCA): each coordinate averages to 0.
    for (const j of [0, 1]) {
      let s = 0;
      for (let i = 0; i < 150; i++) s += r.view.data[i * 2 + j];
      expect(Math.abs(s / 150)).toBeLessThan(1e-9);
    }
  });

  it('blobs: the requested number of points and centres', async () => {
    const r = await run({ kind: 'dataset', source: 'blobs', centers: 3, spread: 0.5, n: 91, seed: 4 });
    expect(r.X.rows).toBe(91);
    expect(r.trueCenters!.rows).toBe(3);
    expect(new Set(r.y!).size).toBe(3);
  });

  it('text: numeric columns are the data; a text column with few values becomes the true classes', async () => {
    const text = 'a,b,species\n1,2,setosa\n1.5,2.5,setosa\n8,9,virginica\n8.5,9.5,virginica\n';
    const r = await run({ kind: 'dataset', source: 'text', text, name: 'f.csv' });
    expect(r.columnNames).toEqual(['a', 'b']);
    expect(r.skippedColumns).toEqual(['species']);
    expect(Array.from(r.y!)).toEqual([0, 0, 1, 1]);
    expect(Array.from(r.trueCenters!.data)).toEqual([1.25, 2.25, 8.25, 9.25]);
    // One numeric column is shown on a line (y = 0).
    const one = await run({ kind: 'dataset', source: 'text', text: 'v\n1\n2\n3\n', name: '' });
    expect(Array.from(one.view.data)).toEqual([1, 0, 2, 0, 3, 0]);
  });
});

describe('clustering tasks', () => {
  it('kmeans: init frame without labels, then assign/update frames with non-increasing inertia; best restart kept', async () => {
    const r: KMeansResult = await run({
      kind: 'kmeans',
      ...demoInput,
      k: 5,
      init: 'k-means++',
      nInit: 4,
      maxIter: 300,
      seed: 0,
    });
    expect(r.frames[0].phase).toBe('init');
    expect(r.frames[0].labels.every((l) => l === -1)).toBe(true);
    const phases = r.frames.slice(1).map((f) => f.phase);
    expect(phases).toEqual(phases.map((_, i) => (i % 2 === 0 ? 'assign' : 'update')));
    const inertias = r.frames.slice(1).map((f) => f.inertia);
    for (let i = 1; i < inertias.length; i++) expect(inertias[i]).toBeLessThanOrEqual(inertias[i - 1] * (1 + 1e-12));
    expect(r.runInertias).toHaveLength(4);
    expect(r.inertia).toBeCloseTo(Math.min(...r.runInertias), 9);
    expectNearTrueCenters(r.centersView, 0.5);
    expect(r.metrics.nClusters).toBe(5);
    expect(r.metrics.adjustedRand).toBeGreaterThan(0.8);
    expect(r.metrics.silhouette).toBeGreaterThan(0.4);
  });

  it('kmeans on 4-D data draws the centres in the PCA view', async () => {
    const iris = await run({ kind: 'dataset', source: 'iris' });
    const r = await run({
      kind: 'kmeans',
      X: iris.X,
      projection: iris.projection,
      y: iris.y,
      k: 3,
      init: 'k-means++',
      nInit: 2,
      maxIter: 300,
      seed: 1,
    });
    expect([r.centers.cols, r.centersView.cols]).toEqual([4, 2]);
    // Centre view = (c − mean)·W.
    const p = iris.projection!;
    const c0 = r.centers.data.subarray(0, 4);
    let v = 0;
    for (let j = 0; j < 4; j++) v += (c0[j] - p.mean[j]) * p.components[j * 2];
    expect(r.centersView.data[0]).toBeCloseTo(v, 12);
  });

  it('soft k-means and fuzzy c-means: memberships are n×k rows summing to 1, hard labels their argmax', async () => {
    for (const task of [
      { kind: 'soft-kmeans' as const, ...demoInput, k: 5, beta: 1, maxIter: 300, seed: 0 },
      { kind: 'fuzzy-cmeans' as const, ...demoInput, k: 5, m: 2, maxIter: 300, seed: 0 },
    ]) {
      const r: SoftResult = await run(task);
      expect([r.memberships.rows, r.memberships.cols]).toEqual([250, 5]);
      for (let i = 0; i < 250; i++) {
        let s = 0;
        let best = 0;
        for (let c = 0; c < 5; c++) {
          const u = r.memberships.data[i * 5 + c];
          s += u;
          if (u > r.memberships.data[i * 5 + best]) best = c;
        }
        expect(s).toBeCloseTo(1, 12);
        expect(r.labels[i]).toBe(best);
      }
      expectNearTrueCenters(r.centersView, 0.5);
      // Animation frames: iterations 1, 2, … replayed with the same seed; the last frame is the result itself.
      expect(r.frames.map((f) => f.iteration)).toEqual(Array.from({ length: r.nIter }, (_, t) => t + 1));
      const last = r.frames.at(-1)!;
      expect(Array.from(last.memberships.data)).toEqual(Array.from(r.memberships.data));
      expect(Array.from(last.centersView.data)).toEqual(Array.from(r.centersView.data));
      expect(r.frames[0].memberships.data).not.toEqual(r.memberships.data);
    }
  });

  it('gmm: stepping EM one warm-started iteration at a time ends where one long fit ends', async () => {
    const r: GmmResult = await run({
      kind: 'gmm',
      ...demoInput,
      k: 5,
      covarianceType: 'full',
      maxIter: 100,
      seed: 0,
      bicKMax: 3,
    });
    const direct = new GaussianMixture({ nComponents: 5, covarianceType: 'full', maxIter: 100, seed: 0 }).fit(demo.X);
    expect(r.nIter).toBe(direct.nIter);
    expect(r.converged).toBe(direct.converged);
    expect(r.frames.at(-1)!.lowerBound).toBeCloseTo(direct.lowerBound, 10);
    expect(adjustedRandScore(r.labels, direct.labels)).toBe(1);
    for (let t = 1; t < r.frames.length; t++) {
      expect(r.frames[t].lowerBound).toBeGreaterThanOrEqual(r.frames[t - 1].lowerBound - 1e-12);
    }
    // 2-D data: the view covariances are the model's covariances.
    const cv = r.frames.at(-1)!.covariancesView;
    for (let t = 0; t < direct.covariances.length; t++) expect(cv[t]).toBeCloseTo(direct.covariances[t], 9);
    expect(r.bic).toBeCloseTo(direct.bic(demo.X), 8);
    expect(r.bicCurve.ks).toEqual([1, 2, 3]);
    expect(r.bicCurve.bic.every(Number.isFinite)).toBe(true);
  });

  it('gmm on 4-D data: view covariances are WᵀΣW (symmetric, positive diagonal)', async () => {
    const iris = await run({ kind: 'dataset', source: 'iris' });
    const r = await run({
      kind: 'gmm',
      X: iris.X,
      projection: iris.projection,
      y: iris.y,
      k: 3,
      covarianceType: 'full',
      maxIter: 50,
      seed: 0,
      bicKMax: 0,
    });
    const cv = r.frames.at(-1)!.covariancesView;
    for (let c = 0; c < 3; c++) {
      expect(cv[c * 4]).toBeGreaterThan(0);
      expect(cv[c * 4 + 3]).toBeGreaterThan(0);
      expect(cv[c * 4 + 1]).toBeCloseTo(cv[c * 4 + 2], 12);
    }
    expect(r.bicCurve.ks).toEqual([]);
  });

  it('kde: the density grid integrates to about 1 over the plotted area', async () => {
    const r = await run({ kind: 'kde', view: demo.X, bandwidth: 0.8, kernel: 'gaussian', gridSize: 96 });
    const { x, y, density } = r.grid;
    expect(density.length).toBe(96 * 96);
    const dx = x[1] - x[0];
    const dy = y[1] - y[0];
    let s = 0;
    for (const v of density) s += v * dx * dy;
    expect(s).toBeGreaterThan(0.97);
    expect(s).toBeLessThan(1.01);
    expect(r.bandwidth).toBe(0.8);
    const scott = await run({ kind: 'kde', view: demo.X, bandwidth: 'scott', kernel: 'epanechnikov', gridSize: 32 });
    expect(scott.bandwidth).toBeCloseTo(250 ** (-1 / 6), 12);
  });

  it('mean shift with radius 1.75 finds the 5 demo modes', async () => {
    const r = await run({ kind: 'mean-shift', ...demoInput, bandwidth: 1.75 });
    expect(r.bandwidth).toBe(1.75);
    expectNearTrueCenters(r.centersView, 0.8);
    expect(r.metrics.nClusters).toBe(5);
  });

  it('hierarchical: the k = 5 cut equals fcluster maxclust, and cutting at its height gives the same labels', async () => {
    const r: HierarchicalResult = await run({ kind: 'hierarchical', ...demoInput, method: 'ward', k: 5 });
    const Z = linkage(demo.X, { method: 'ward' });
    expect(Array.from(r.Z.data)).toEqual(Array.from(Z.data));
    expect(adjustedRandScore(r.labels, fcluster(Z, 5, { criterion: 'maxclust' }))).toBe(1);
    expect(r.metrics.nClusters).toBe(5);
    const same = await run({ kind: 'cut', Z: r.Z, height: r.height, X: demo.X, y: demo.y });
    expect(Array.from(same.labels)).toEqual(Array.from(r.labels));
    const top = await run({ kind: 'cut', Z: r.Z, height: r.dendrogram.maxHeight * 1.01, X: demo.X, y: null });
    expect(top.metrics).toMatchObject({ nClusters: 1, adjustedRand: null });
    expect(top.metrics.silhouette).toBeNaN();
  });

  it("dendrogramLayout: SciPy's dendrogram coordinates, flattened (links as U shapes over leaves 10s + 5)", () => {
    const Z = linkage([[0], [1], [5], [6], [20]], { method: 'single' });
    const L = dendrogramLayout(Z);
    // scipy.cluster.hierarchy.dendrogram(linkage([[0],[1],[5],[6],[20]], 'single'), no_plot=True)
    expect(Array.from(L.leaves)).toEqual([4, 0, 1, 2, 3]);
    expect(Array.from(L.icoord)).toEqual([15, 15, 25, 25, 35, 35, 45, 45, 20, 20, 40, 40, 5, 5, 30, 30]);
    expect(Array.from(L.dcoord)).toEqual([0, 1, 1, 0, 0, 1, 1, 0, 1, 4, 4, 1, 0, 14, 14, 4]);
    expect(L.maxHeight).toBe(14);
  });

  it('choose-k: silhouette over k = 2..8 on the demo picks 5, one score per k', async () => {
    const r = await run({ kind: 'choose-k', X: demo.X, method: 'silhouette', kMin: 2, kMax: 8, seed: 0 });
    expect(r.ks).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(r.scores).toHaveLength(7);
    expect(r.k).toBe(5);
    expect(r.scores[3]).toBe(Math.max(...r.scores));
    expect(r.rule.length).toBeGreaterThan(0);
    const bad = await runError({ kind: 'choose-k', X: demo.X, method: 'silhouette', kMin: 1, kMax: 4, seed: 0 });
    expect(bad.name).toBe('ValidationError');
  });

  it('choose-k: the gap statistic uses the CLI and report rule (Dudoit & Fridlyand) and finds 5 on the demo (issue 19, 3)', async () => {
    for (const seed of [0, 1, 2]) {
      const { X } = demoBlobs(seed);
      const r = await run({ kind: 'choose-k', X, method: 'gap', kMin: 1, kMax: 10, seed });
      expect(r.k).toBe(5);
      expect(r.rule).toMatch(/Dudoit & Fridlyand/);
    }
  });

  it('choose-k: a k at the edge of the range says so in the rule, suggesting a wider range (issue 19, 3)', async () => {
    const r = await run({ kind: 'choose-k', X: demo.X, method: 'calinski', kMin: 2, kMax: 3, seed: 0 });
    expect(r.k).toBe(3);
    expect(r.rule).toMatch(/largest k tried.*widen the range/);
  });

  it('property: every run gets exactly one terminal message with its id; labels fit n and k', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 25 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 6 }),
        fc.constantFrom('kmeans', 'soft-kmeans', 'fuzzy-cmeans', 'hierarchical'),
        fc.integer({ min: 0, max: 1000 }),
        async (n, d, k, kind, seed) => {
          const data = new Float64Array(n * d);
          for (let t = 0; t < data.length; t++) data[t] = Math.round(Math.sin(seed + t * 7.3) * 5);
          const X = { rows: n, cols: d, data };
          const base = { X, projection: null, y: null };
          const task: Task =
            kind === 'kmeans'
              ? { kind, ...base, k, init: 'k-means++', nInit: 2, maxIter: 50, seed }
              : kind === 'soft-kmeans'
                ? { kind, ...base, k, beta: 1, maxIter: 50, seed }
                : kind === 'fuzzy-cmeans'
                  ? { kind, ...base, k, m: 2, maxIter: 50, seed }
                  : { kind: 'hierarchical', ...base, method: 'average', k };
          const { handle, of } = harness();
          await handle({ type: 'run', id: seed, task });
          const msgs = of(seed);
          const terminal = msgs.filter((m) => m.type !== 'progress');
          expect(terminal).toHaveLength(1);
          expect(msgs.at(-1)).toBe(terminal[0]);
          const t = terminal[0];
          if (t.type === 'error') {
            // The only expected failure: more clusters than points (or distinct points).
            expect(['ValidationError']).toContain(t.error.name);
            return;
          }
          const labels = (t.result as { labels: Int32Array }).labels;
          expect(labels).toHaveLength(n);
          for (const l of labels) expect(l >= 0 && l < Math.max(k, 1)).toBe(true);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('collectTransferables', () => {
  it('finds whole typed-array buffers in nested results, skips partial views and duplicates', () => {
    const a = new Float64Array(4);
    const b = new Int32Array(3);
    const whole = new Float64Array(8);
    const part = whole.subarray(2, 4);
    const v = { a, nested: [{ b }, { again: a }], part, s: 'x', n: 1 };
    const t = collectTransferables(v);
    expect(t).toHaveLength(2);
    expect(t).toContain(a.buffer);
    expect(t).toContain(b.buffer);
  });
});
