// Hierarchical clustering: clusterkit's linkage vs fastcluster and SciPy (Müllner's algorithms in C++/Cython) on
// the same blobs (d = 10), per method, plus the JavaScript peers ml-hclust (agnes, O(n³)) and DruidJS at n = 2 000.
// Quality: the sum of the merge heights Σ Z[:, 2], which must agree to ~1e-9 relative (same tree).
// clusterkit (default 'auto' backend) runs complete/average/weighted on the WebAssembly path: distances and the whole
// NN-chain in wasm memory, on n(n−1)/2 doubles like fastcluster; single, ward (d ≤ 12), centroid and median (d ≤ 24)
// run matrix-free on the observations (O(n·d) memory; ward/centroid/median with their centre scans in wasm).
// 'clusterkit (js kernels)' is the plain-TypeScript reference path (setBackend('js'): the full n×n matrix when 8n²
// bytes fit the 2 GiB default budget, else the condensed one); results are bit-identical between the two.
// The JavaScript peers are imported inside the rows that run them (~11 MB of RSS otherwise in every process).

const blobs = (n) => ({
  name: `blobs-n${n}-d10-k10`,
  make: (lib) => lib.makeBlobs({ nSamples: n, nFeatures: 10, centers: 10, clusterStd: 1.5, seed: 20261129 }).X,
});

const heightSum = (Z) => {
  let s = 0;
  for (let i = 0; i < Z.rows; i++) s += Z.data[i * 4 + 2];
  return s;
};

const clusterkit = async (X, p, lib) => heightSum(lib.linkage(X, { method: p.method }));
const clusterkitJs = async (X, p, lib) => {
  lib.setBackend('js');
  return heightSum(lib.linkage(X, { method: p.method }));
};

async function agnesHeightSum(X, method) {
  const { agnes } = await import('ml-hclust');
  const rows = [];
  for (let i = 0; i < X.rows; i++) rows.push(Array.from(X.data.subarray(i * X.cols, (i + 1) * X.cols)));
  const root = agnes(rows, { method });
  let s = 0;
  const stack = [root];
  while (stack.length > 0) {
    const c = stack.pop();
    if (!c.isLeaf) {
      s += c.height;
      stack.push(...c.children);
    }
  }
  return s;
}

/** DruidJS's agglomerative clustering (full n×n matrix): the sum of its merge distances. */
async function druidHeightSum(X, method) {
  const { HierarchicalClustering } = await import('@saehrimnir/druidjs');
  const rows = [];
  for (let i = 0; i < X.rows; i++) rows.push(Array.from(X.data.subarray(i * X.cols, (i + 1) * X.cols)));
  const hc = new HierarchicalClustering(rows, { linkage: method });
  let s = 0;
  const stack = [hc.root];
  while (stack.length > 0) {
    const c = stack.pop();
    if (c.left && c.right) {
      s += c.dist;
      stack.push(c.left, c.right);
    }
  }
  return s;
}

// fastcluster's linkage_vector (observations, O(n·d) memory) is its fastest entry point for these methods: the
// honest anchor for them, run beside fastcluster.linkage (stored matrix) and SciPy.
const VECTOR_METHODS = new Set(['single', 'ward', 'centroid', 'median']);
const anchors = (method) =>
  VECTOR_METHODS.has(method) ? ['fastcluster-vector', 'fastcluster', 'scipy'] : ['fastcluster', 'scipy'];

const METHODS_5K = ['single', 'complete', 'average', 'weighted', 'ward', 'centroid', 'median'];
// The workloads: the six methods at n = 10 000 and 20 000.
const METHODS_10K = ['single', 'complete', 'average', 'ward', 'centroid', 'median'];
const METHODS_20K = METHODS_10K;

export const workloads = [
  ...METHODS_5K.map((method) => ({
    id: `linkage-${method}-n5000-d10`,
    title: `linkage '${method}', n=5,000 d=10 (euclidean)`,
    data: blobs(5_000),
    params: { method },
    quality: 'heightSum',
    repeat: 3,
    js: { clusterkit, 'clusterkit (js kernels)': clusterkitJs },
    python: anchors(method),
  })),
  ...METHODS_10K.map((method) => ({
    id: `linkage-${method}-n10000-d10`,
    title: `linkage '${method}', n=10,000 d=10 (euclidean)`,
    data: blobs(10_000),
    params: { method },
    quality: 'heightSum',
    repeat: 3,
    js: { clusterkit },
    python: anchors(method),
  })),
  ...METHODS_20K.map((method) => ({
    id: `linkage-${method}-n20000-d10`,
    title: `linkage '${method}', n=20,000 d=10 (euclidean)`,
    data: blobs(20_000),
    params: { method },
    quality: 'heightSum',
    repeat: 1,
    js: { clusterkit },
    python: anchors(method),
  })),
  {
    id: 'linkage-average-n2000-d10-peers',
    title: "linkage 'average', n=2,000 d=10, with the JavaScript peers ml-hclust (agnes) and DruidJS",
    data: blobs(2_000),
    params: { method: 'average' },
    quality: 'heightSum',
    repeat: 1,
    js: {
      clusterkit,
      'ml-hclust': async (X, p) => agnesHeightSum(X, p.method),
      druidjs: async (X, p) => druidHeightSum(X, p.method),
    },
    python: ['fastcluster', 'scipy'],
  },
];
