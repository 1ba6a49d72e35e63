// AssemblyScript (compiled by scripts/build-wasm.mjs into src/engine/kernels/wasm/silhouette.generated.ts; not part of
// the TypeScript build). The silhouette's per-sample, per-cluster sums of Euclidean distances over all pairs, in
// WebAssembly SIMD (128-bit, f64x2; src/metrics/internal/silhouette.ts). All pointers are byte offsets into the
// imported memory; the caller lays the buffers out.
//
// Exactness contract (tested in test/metrics/silhouetteWasm.test.ts): SIMD runs across PAIRS, never across
// features — each lane sums over the feature index in order with the reference's IEEE operations — and the eight
// distances of a block are added one by one in the reference's order, so the sums are bit-identical to the
// TypeScript kernel (euclideanClusterSums).

/** First free byte after the module's static data. */
export function heapBase(): usize {
  return __heap_base;
}

/** xt (d×n, column-major) = transpose of x (n×d, row-major). */
export function transpose(x: usize, n: i32, d: i32, xt: usize): void {
  for (let i = 0; i < n; i++) {
    const r = x + ((<usize>i * d) << 3);
    for (let k = 0; k < d; k++) store<f64>(xt + ((<usize>k * n + i) << 3), load<f64>(r + (<usize>k << 3)));
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Silhouette: per-sample, per-cluster sums of Euclidean distances (src/metrics/internal/silhouette.ts)

/** sums[r·k + c] += v */
// @ts-ignore: decorator
@inline
function acc(sums: usize, cell: i32, v: f64): void {
  const p = sums + (<usize>cell << 3);
  store<f64>(p, load<f64>(p) + v);
}

/** ‖x_a − x_b‖² with k in order (x row-major). */
// @ts-ignore: decorator
@inline
function sqRow(x: usize, d: i32, a: i32, b: i32): f64 {
  const pa = x + ((<usize>a * d) << 3);
  const pb = x + ((<usize>b * d) << 3);
  let s: f64 = 0;
  for (let t = 0; t < d; t++) {
    const u = load<f64>(pa + (<usize>t << 3)) - load<f64>(pb + (<usize>t << 3));
    s += u * u;
  }
  return s;
}

/**
 * The reference euclideanClusterSums, bit for bit: sums[i·k + c] += Σ_{j∈c, j≠i} d(i, j) over all pairs, each pair
 * computed once, in the reference's order of additions — square tiles of 128 rows, off-diagonal tiles in 2×4
 * blocks whose 8 distances are computed in SIMD (lanes = pairs, k in order) and then added one by one exactly as
 * the reference does. x n×d and xt (d×n, from {@link transpose}) IN, codes n i32 IN, sums n×k INOUT (zeroed by
 * the caller), squared ≠ 0: squared Euclidean. Row tiles [ti0, ti1) of 128 (for batching).
 */
export function clusterSums(
  x: usize,
  xt: usize,
  n: i32,
  d: i32,
  codes: usize,
  k: i32,
  squared: i32,
  sums: usize,
  ti0: i32,
  ti1: i32,
): void {
  const T = 128;
  const colBytes = <usize>n << 3;
  const zero = f64x2.splat(0);
  for (let tile = ti0; tile < ti1; tile++) {
    const i0 = tile * T;
    const i1 = min(n, i0 + T);
    for (let j0 = i0; j0 < n; j0 += T) {
      const j1 = min(n, j0 + T);
      const diag = j0 === i0;
      let i = i0;
      if (!diag) {
        for (; i + 1 < i1; i += 2) {
          const ca = load<i32>(codes + (<usize>i << 2));
          const cb = load<i32>(codes + (<usize>(i + 1) << 2));
          const ra = i * k;
          const rb = ra + k;
          const pa = x + ((<usize>i * d) << 3);
          const pb = pa + (<usize>d << 3);
          let j = j0;
          for (; j + 3 < j1; j += 4) {
            let a01 = zero;
            let a23 = zero;
            let b01 = zero;
            let b23 = zero;
            let q = xt + (<usize>j << 3);
            for (let t = 0; t < d; t++) {
              const xa = v128.load64_splat(pa + (<usize>t << 3));
              const xb = v128.load64_splat(pb + (<usize>t << 3));
              const y01 = v128.load(q);
              const y23 = v128.load(q, 16);
              let u = f64x2.sub(xa, y01);
              a01 = f64x2.add(a01, f64x2.mul(u, u));
              u = f64x2.sub(xa, y23);
              a23 = f64x2.add(a23, f64x2.mul(u, u));
              u = f64x2.sub(xb, y01);
              b01 = f64x2.add(b01, f64x2.mul(u, u));
              u = f64x2.sub(xb, y23);
              b23 = f64x2.add(b23, f64x2.mul(u, u));
              q += colBytes;
            }
            if (squared === 0) {
              a01 = f64x2.sqrt(a01);
              a23 = f64x2.sqrt(a23);
              b01 = f64x2.sqrt(b01);
              b23 = f64x2.sqrt(b23);
            }
            const a0 = f64x2.extract_lane(a01, 0);
            const a1 = f64x2.extract_lane(a01, 1);
            const a2 = f64x2.extract_lane(a23, 0);
            const a3 = f64x2.extract_lane(a23, 1);
            const b0 = f64x2.extract_lane(b01, 0);
            const b1 = f64x2.extract_lane(b01, 1);
            const b2 = f64x2.extract_lane(b23, 0);
            const b3 = f64x2.extract_lane(b23, 1);
            const pc = codes + (<usize>j << 2);
            const c0 = load<i32>(pc);
            const c1 = load<i32>(pc, 4);
            const c2 = load<i32>(pc, 8);
            const c3 = load<i32>(pc, 12);
            acc(sums, ra + c0, a0);
            acc(sums, ra + c1, a1);
            acc(sums, ra + c2, a2);
            acc(sums, ra + c3, a3);
            acc(sums, rb + c0, b0);
            acc(sums, rb + c1, b1);
            acc(sums, rb + c2, b2);
            acc(sums, rb + c3, b3);
            const r = j * k;
            acc(sums, r + ca, a0);
            acc(sums, r + cb, b0);
            acc(sums, r + k + ca, a1);
            acc(sums, r + k + cb, b1);
            acc(sums, r + 2 * k + ca, a2);
            acc(sums, r + 2 * k + cb, b2);
            acc(sums, r + 3 * k + ca, a3);
            acc(sums, r + 3 * k + cb, b3);
          }
          for (; j < j1; j++) {
            let sa = sqRow(x, d, i, j);
            let sb = sqRow(x, d, i + 1, j);
            if (squared === 0) {
              sa = Math.sqrt(sa);
              sb = Math.sqrt(sb);
            }
            const cj = load<i32>(codes + (<usize>j << 2));
            acc(sums, ra + cj, sa);
            acc(sums, rb + cj, sb);
            acc(sums, j * k + ca, sa);
            acc(sums, j * k + cb, sb);
          }
        }
      }
      for (; i < i1; i++) {
        const ci = load<i32>(codes + (<usize>i << 2));
        const ri = i * k;
        for (let j = diag ? i + 1 : j0; j < j1; j++) {
          const s = sqRow(x, d, i, j);
          const dist = squared !== 0 ? s : Math.sqrt(s);
          acc(sums, ri + load<i32>(codes + (<usize>j << 2)), dist);
          acc(sums, j * k + ci, dist);
        }
      }
    }
  }
}
