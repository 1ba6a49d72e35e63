// The 128-bit SIMD peak microbenchmark of bench/suites/kernels.mjs (AssemblyScript source; .as so that tsc skips it).
// CHAINS independent accumulators each take acc = acc·m + c per step (one vector multiply, one vector add: the
// operation pair of a dot product, with no FMA, as the baseline SIMD kernels use), so the loop is bound by the
// core's vector multiply/add throughput, not by latency. flops per call = iters · CHAINS · 2 ops · lanes.

export function peakF64x2(iters: i32): f64 {
  const m = f64x2.splat(0.9999999);
  const c = f64x2.splat(1e-7);
  let a0 = f64x2.splat(1.0);
  let a1 = f64x2.splat(1.1);
  let a2 = f64x2.splat(1.2);
  let a3 = f64x2.splat(1.3);
  let a4 = f64x2.splat(1.4);
  let a5 = f64x2.splat(1.5);
  let a6 = f64x2.splat(1.6);
  let a7 = f64x2.splat(1.7);
  let a8 = f64x2.splat(1.8);
  let a9 = f64x2.splat(1.9);
  for (let i = 0; i < iters; i++) {
    a0 = f64x2.add(f64x2.mul(a0, m), c);
    a1 = f64x2.add(f64x2.mul(a1, m), c);
    a2 = f64x2.add(f64x2.mul(a2, m), c);
    a3 = f64x2.add(f64x2.mul(a3, m), c);
    a4 = f64x2.add(f64x2.mul(a4, m), c);
    a5 = f64x2.add(f64x2.mul(a5, m), c);
    a6 = f64x2.add(f64x2.mul(a6, m), c);
    a7 = f64x2.add(f64x2.mul(a7, m), c);
    a8 = f64x2.add(f64x2.mul(a8, m), c);
    a9 = f64x2.add(f64x2.mul(a9, m), c);
  }
  const s = f64x2.add(
    f64x2.add(f64x2.add(f64x2.add(a0, a1), f64x2.add(a2, a3)), f64x2.add(f64x2.add(a4, a5), f64x2.add(a6, a7))),
    f64x2.add(a8, a9),
  );
  return f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
}

export function peakF32x4(iters: i32): f64 {
  const m = f32x4.splat(0.9999999);
  const c = f32x4.splat(1e-7);
  let a0 = f32x4.splat(1.0);
  let a1 = f32x4.splat(1.1);
  let a2 = f32x4.splat(1.2);
  let a3 = f32x4.splat(1.3);
  let a4 = f32x4.splat(1.4);
  let a5 = f32x4.splat(1.5);
  let a6 = f32x4.splat(1.6);
  let a7 = f32x4.splat(1.7);
  let a8 = f32x4.splat(1.8);
  let a9 = f32x4.splat(1.9);
  for (let i = 0; i < iters; i++) {
    a0 = f32x4.add(f32x4.mul(a0, m), c);
    a1 = f32x4.add(f32x4.mul(a1, m), c);
    a2 = f32x4.add(f32x4.mul(a2, m), c);
    a3 = f32x4.add(f32x4.mul(a3, m), c);
    a4 = f32x4.add(f32x4.mul(a4, m), c);
    a5 = f32x4.add(f32x4.mul(a5, m), c);
    a6 = f32x4.add(f32x4.mul(a6, m), c);
    a7 = f32x4.add(f32x4.mul(a7, m), c);
    a8 = f32x4.add(f32x4.mul(a8, m), c);
    a9 = f32x4.add(f32x4.mul(a9, m), c);
  }
  const s = f32x4.add(
    f32x4.add(f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3)), f32x4.add(f32x4.add(a4, a5), f32x4.add(a6, a7))),
    f32x4.add(a8, a9),
  );
  return <f64>(
    (f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1) + f32x4.extract_lane(s, 2) + f32x4.extract_lane(s, 3))
  );
}
