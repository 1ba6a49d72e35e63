import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core/errors.js';
import { createRng } from '../../src/core/random.js';
import { convolve1D, fftInPlace, twiddles } from '../../src/density/fft.js';
import { densityGrid1D, densityGrid2D } from '../../src/density/grid.js';
import { KernelDensity } from '../../src/density/KernelDensity.js';
import { KERNELS } from '../../src/density/kernels.js';
import { trapezoid } from './helpers.js';

function normals(n: number, d: number, seed: number, scale = 1): number[][] {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: d }, (_, j) => (i % 3) * 2 * (j + 1) + scale * rng.nextNormal()),
  );
}

/** The documented binning-error bound of the FFT path, relative to max p̂, for r = Δ/h. */
function fftBound(kernel: string, r: number): number {
  if (kernel === 'gaussian' || kernel === 'exponential') return 0.15 * r * r;
  return kernel === 'tophat' ? r : 0.1 * r;
}

describe('fftInPlace', () => {
  it('matches the O(p²) DFT and inverts (#6)', () => {
    const p = 64;
    const rng = createRng(1);
    const re = Float64Array.from({ length: p }, () => rng.nextNormal());
    const im = Float64Array.from({ length: p }, () => rng.nextNormal());
    const { cos, sin } = twiddles(p);
    const r2 = re.slice();
    const i2 = im.slice();
    fftInPlace(r2, i2, p, false, cos, sin);
    for (let k = 0; k < p; k++) {
      let sr = 0;
      let si = 0;
      for (let j = 0; j < p; j++) {
        const a = (-2 * Math.PI * j * k) / p;
        sr += re[j] * Math.cos(a) - im[j] * Math.sin(a);
        si += re[j] * Math.sin(a) + im[j] * Math.cos(a);
      }
      expect(Math.abs(r2[k] - sr)).toBeLessThan(1e-11);
      expect(Math.abs(i2[k] - si)).toBeLessThan(1e-11);
    }
    fftInPlace(r2, i2, p, true, cos, sin);
    for (let k = 0; k < p; k++) expect(Math.abs(r2[k] - re[k]) + Math.abs(i2[k] - im[k])).toBeLessThan(1e-13);
  });

  it('convolve1D equals the direct linear convolution (#6)', () => {
    const rng = createRng(2);
    const G = 37;
    const L = 9;
    const c = Float64Array.from({ length: G }, () => rng.nextFloat());
    const k = Float64Array.from({ length: 2 * L + 1 }, () => rng.nextFloat());
    const out = convolve1D(c, G, k, L);
    for (let i = 0; i < G; i++) {
      let s = 0;
      for (let j = 0; j < G; j++) if (Math.abs(i - j) <= L) s += c[j] * k[i - j + L];
      expect(Math.abs(out[i] - s)).toBeLessThan(1e-12);
    }
  });
});

describe('densityGrid1D', () => {
  it('FFT is within its stated bound of exact: 0.15(Δ/h)², 0.1(Δ/h) (kinks) or Δ/h (tophat) × max p̂ (#6)', () => {
    const X = normals(3000, 1, 3);
    for (const kernel of KERNELS) {
      for (const scaleByCovariance of [false, true]) {
        const kde = new KernelDensity({ kernel, bandwidth: scaleByCovariance ? 0.2 : 0.4, scaleByCovariance }).fit(X);
        const fft = densityGrid1D(kde, { n: 400, algorithm: 'fft' });
        const ex = densityGrid1D(kde, { n: 400, algorithm: 'exact' });
        expect(fft.algorithm).toBe('fft');
        expect(ex.x).toEqual(fft.x);
        const h = scaleByCovariance ? Math.sqrt(kde.bandwidthCovariance?.data[0] ?? 0) : 0.4;
        const step = fft.x[1] - fft.x[0];
        const max = Math.max(...ex.density);
        let err = 0;
        for (let k = 0; k < 400; k++) err = Math.max(err, Math.abs(fft.density[k] - ex.density[k]));
        const bound = fftBound(kernel, step / h);
        expect(err / max, `${kernel} ${scaleByCovariance}`).toBeLessThan(bound);
      }
    }
  });

  it('keeps the mass of data outside the requested extent and integrates to ~1 (#6)', () => {
    const X = normals(500, 1, 4);
    const kde = new KernelDensity({ bandwidth: 0.5 }).fit(X);
    const full = densityGrid1D(kde, { n: 2048, algorithm: 'fft' });
    expect(Math.abs(trapezoid(full.density, full.x[1] - full.x[0]) - 1)).toBeLessThan(1e-3);
    const part = densityGrid1D(kde, { n: 101, extent: [0, 1], algorithm: 'fft' });
    const ex = densityGrid1D(kde, { n: 101, extent: [0, 1], algorithm: 'exact' });
    for (let k = 0; k < 101; k++) expect(Math.abs(part.density[k] - ex.density[k])).toBeLessThan(1e-4);
  });

  it("'auto' uses the FFT only for large n × grid (#6)", () => {
    const small = new KernelDensity().fit(normals(50, 1, 5));
    expect(densityGrid1D(small, { n: 100 }).algorithm).toBe('exact');
    const big = new KernelDensity().fit(normals(20000, 1, 5));
    expect(densityGrid1D(big, { n: 512 }).algorithm).toBe('fft');
  });

  it('rejects a 2-D model, n < 2 and an empty extent (#6)', () => {
    const kde2 = new KernelDensity().fit([
      [0, 1],
      [1, 0],
    ]);
    expect(() => densityGrid1D(kde2)).toThrow(ValidationError);
    const kde1 = new KernelDensity().fit([[0], [1]]);
    expect(() => densityGrid1D(kde1, { n: 1 })).toThrow(ValidationError);
    expect(() => densityGrid1D(kde1, { extent: [1, 1] })).toThrow(ValidationError);
  });
});

describe('densityGrid2D', () => {
  it('FFT is within its bound of exact, including an anisotropic covariance kernel and other norms (#6)', () => {
    const X = normals(2000, 2, 6);
    const cases = [
      { kernel: 'gaussian', bandwidth: 0.5 },
      { kernel: 'epanechnikov', bandwidth: 0.8 },
      { kernel: 'exponential', bandwidth: 0.4, metric: 'cityblock' },
      { kernel: 'gaussian', bandwidth: 'scott', scaleByCovariance: true },
      { kernel: 'linear', bandwidth: 0.8, metric: 'chebyshev' },
    ] as const;
    for (const o of cases) {
      const kde = new KernelDensity(o).fit(X);
      const fft = densityGrid2D(kde, { nx: 90, ny: 70, algorithm: 'fft' });
      const ex = densityGrid2D(kde, { nx: 90, ny: 70, algorithm: 'exact' });
      expect(fft.algorithm).toBe('fft');
      let max = 0;
      let err = 0;
      for (let t = 0; t < ex.density.length; t++) {
        max = Math.max(max, ex.density[t]);
        err = Math.max(err, Math.abs(fft.density[t] - ex.density[t]));
      }
      const cov = kde.bandwidthCovariance;
      const hmin = cov === null ? (o.bandwidth as number) : Math.sqrt(Math.min(cov.data[0], cov.data[3]));
      const step = Math.max(fft.x[1] - fft.x[0], fft.y[1] - fft.y[0]);
      expect(err / max, JSON.stringify(o)).toBeLessThan(fftBound(o.kernel, step / hmin));
    }
  });

  it('the 2-D grid density integrates to ~1 and uses the d3-contour layout (#6)', () => {
    const X = normals(300, 2, 7);
    const kde = new KernelDensity({ bandwidth: 0.6 }).fit(X);
    const g = densityGrid2D(kde, { nx: 200, ny: 150, algorithm: 'fft' });
    const dx = g.x[1] - g.x[0];
    const dy = g.y[1] - g.y[0];
    let s = 0;
    for (let t = 0; t < g.density.length; t++) s += g.density[t];
    expect(Math.abs(s * dx * dy - 1)).toBeLessThan(5e-3);
    const p = Math.exp(kde.scoreSamples([[g.x[17], g.y[33]]])[0]);
    expect(Math.abs(g.density[33 * 200 + 17] - p) / p).toBeLessThan(1e-2);
  });
});
