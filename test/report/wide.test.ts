import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/random.js';
import { analyze } from '../../src/report/analysis.js';

describe('report on wide data (more columns than rows; issue 21 item 7)', () => {
  it('finishes, says why the Gaussian mixture is not run, and keeps the other sections', () => {
    const rng = createRng(5);
    const n = 20;
    const d = 300;
    const X = { rows: n, cols: d, data: Float64Array.from({ length: n * d }, () => rng.nextNormal()) };
    const r = analyze(X, { seed: 0, kMax: 4 });
    expect(r.html).toContain('Not run: 300 features for 20 rows: a full-covariance mixture');
    expect(r.summary.gmm).toBeUndefined();
    expect(r.summary.warnings.some((w) => w.message.startsWith('Gaussian mixture not run: 300 features'))).toBe(true);
    expect(r.summary.kmeans.inertia).toBeGreaterThan(0);
    expect(r.svgs['kmeans.svg']).toContain('PC1');
  });
});
