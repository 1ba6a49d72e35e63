// Reading data files: clusterkit's readers vs NumPy on the same files. The data set (100,000 × 16 float64 blobs) is
// written once as .npy by the harness; `make` also writes the same numbers as CSV (shortest round-trip decimals,
// header x0..x15) and as Parquet (clusterkit's writer: PLAIN, uncompressed) beside it, so every implementation
// reads identical bytes. Each timed call reads the file from disk and parses it to a row-major float64 matrix.
// Quality: the sum of all values (equal work: same numbers read), summed inside the timing on both sides as NumPy's
// `sum` does it (pairwise: halves down to blocks of ≤ 128 values, each added into 8 partial sums), so the check
// costs the same on both sides and the row times the reading.
// The .npy row reads the file with `readNpyFile(path)` (clusterkit/node), the counterpart of `np.load(path)`: the
// values go from the file straight into the matrix. `readNpy(readFileSync(path))` (the browser-safe reader of bytes,
// which holds the file's bytes and the matrix) is timed beside it as "clusterkit-bytes".
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DIST, dataPath, loadNodeLib } from '../common.mjs';

// The column-level readers are internal (not exported by clusterkit): loaded by module path from the build under test.
const internal = async (path) => import(pathToFileURL(join(DIST, path)).href);
const io = {
  ...(await internal('io/columns.js')),
  ...(await internal('io/formats.js')),
  ...(await internal('io/parquet.js')),
  ...(await internal('io/table.js')),
};

const NAME = 'io-blobs-100k-d16';
const side = (ext) => dataPath(NAME).replace(/\.npy$/, ext);

function writeSideFiles(X) {
  const { rows: n, cols: d, data } = X;
  const lines = [Array.from({ length: d }, (_, j) => `x${j}`).join(',')];
  for (let i = 0; i < n; i++) lines.push(Array.from(data.subarray(i * d, (i + 1) * d), String).join(','));
  writeFileSync(side('.csv'), `${lines.join('\n')}\n`);
  const cols = {};
  for (let j = 0; j < d; j++) cols[`x${j}`] = Float64Array.from({ length: n }, (_, i) => data[i * d + j]);
  writeFileSync(side('.parquet'), io.writeParquet(cols));
}

/** Σ a[lo..hi) by NumPy's pairwise summation (numpy/core/src/umath/loops_utils.h.src `pairwise_sum`). */
function pairwiseSum(a, lo, hi) {
  const n = hi - lo;
  if (n < 8) {
    let s = -0;
    for (let i = lo; i < hi; i++) s += a[i];
    return s;
  }
  if (n <= 128) {
    let r0 = a[lo];
    let r1 = a[lo + 1];
    let r2 = a[lo + 2];
    let r3 = a[lo + 3];
    let r4 = a[lo + 4];
    let r5 = a[lo + 5];
    let r6 = a[lo + 6];
    let r7 = a[lo + 7];
    let i = lo + 8;
    for (; i < hi - (n % 8); i += 8) {
      r0 += a[i];
      r1 += a[i + 1];
      r2 += a[i + 2];
      r3 += a[i + 3];
      r4 += a[i + 4];
      r5 += a[i + 5];
      r6 += a[i + 6];
      r7 += a[i + 7];
    }
    let s = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; i < hi; i++) s += a[i];
    return s;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, lo, lo + n2) + pairwiseSum(a, lo + n2, hi);
}

const sum = (m) => pairwiseSum(m.data, 0, m.data.length);
const node = await loadNodeLib();

const data = {
  name: NAME,
  make: (lib) => {
    const X = lib.makeBlobs({ nSamples: 100_000, nFeatures: 16, centers: 8, clusterStd: 2, seed: 20261129 }).X;
    writeSideFiles(X);
    return X;
  },
};

export const workloads = [
  {
    id: 'read-npy-100k-d16',
    title: 'read a .npy file (100,000 × 16 float64, 12.8 MB) into a matrix',
    data,
    params: { format: 'npy' },
    quality: 'sum',
    repeat: 5,
    js: {
      clusterkit: async () => sum(node.readNpyFile(dataPath(NAME))),
      'clusterkit-bytes': async (_X, _p, lib) => sum(lib.readNpy(readFileSync(dataPath(NAME)))),
    },
    python: ['numpy'],
  },
  {
    id: 'read-csv-100k-d16',
    title: 'read a CSV file with a header (100,000 × 16, ~30 MB, strict number casting) into a matrix',
    data,
    params: { format: 'csv' },
    quality: 'sum',
    repeat: 3,
    js: {
      // What the CLI does (parseInput: the numeric fast path, else papaparse + strict casting).
      clusterkit: async (_X, _p, lib) =>
        sum(io.selectColumns(await lib.parseInput(readFileSync(side('.csv')), 'csv')).X),
      'clusterkit-general': async (_X, _p, _lib) => {
        const t = io.parseTable(readFileSync(side('.csv'), 'utf8'), 'csv');
        return sum(io.tableToMatrix(t, io.resolveColumns(t, undefined)));
      },
    },
    python: ['numpy'],
  },
  {
    id: 'read-parquet-100k-d16',
    title: 'read a Parquet file (100,000 × 16 DOUBLE, uncompressed) into a matrix (no Python anchor: no pyarrow)',
    data,
    params: { format: 'parquet' },
    quality: 'sum',
    repeat: 5,
    js: {
      clusterkit: async (_X, _p, _lib) => {
        const t = await io.readParquet(readFileSync(side('.parquet')));
        return sum(io.columnTableToMatrix(t, io.resolveColumns(t, undefined)));
      },
    },
    python: [],
  },
];
