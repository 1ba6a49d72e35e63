import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core/errors.js';
import { demoBlobs, loadIris } from '../../src/datasets/index.js';
import { BayesianGaussianMixture } from '../../src/mixture/BayesianGaussianMixture.js';
import { GaussianMixture } from '../../src/mixture/GaussianMixture.js';
import {
  type BicTableRow,
  mclustBicPlotSvg,
  mixtureClassificationSvg,
  mixtureUncertaintySvg,
  uncertainty,
} from '../../src/plot/mixture.js';
import { selectGaussianMixture } from '../../src/selection/selectGaussianMixture.js';
import { expectSvgSnapshot } from './snapshot.js';

const MCLUST = ['EII', 'VII', 'EEI', 'VEI', 'EVI', 'VVI', 'EEE', 'VEE', 'EVE', 'VVE', 'EEV', 'VEV', 'EVV', 'VVV'];

/** A synthetic 14-model × 9-component table, mclust's sign; VVV fails at G = 8 (NA row) and G = 9 is missing. */
function mclustTable(): BicTableRow[] {
  const rows: BicTableRow[] = [];
  MCLUST.forEach((model, t) => {
    for (let g = 1; g <= 9; g++) {
      if (model === 'VVV' && g === 9) continue;
      const bic =
        model === 'VVV' && g === 8
          ? Number.NaN
          : -1000 + 120 * Math.log(g) - 6 * (g - 3) ** 2 - 9 * t + (t === 4 ? 40 : 0);
      rows.push({ model, nComponents: g, bicMclust: bic });
    }
  });
  return rows;
}

function renders(svg: string): number {
  const px = new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } }).render().pixels;
  let ink = 0;
  for (let i = 0; i < px.length; i += 4) if (px[i] < 250 || px[i + 1] < 250 || px[i + 2] < 250) ink++;
  return ink / (px.length / 4);
}

describe('mclustBicPlotSvg', () => {
  it('draws one marker series per mclust model (14), a legend entry each, and circles the best', () => {
    const rows = mclustTable();
    const svg = mclustBicPlotSvg(rows);
    for (const m of MCLUST) expect(svg).toContain(`>${m}</text>`);
    // 14·9 − 2 (VVV's NA and missing G) markers in the plot, plus 14 in the legend.
    expect(svg.match(/<circle class="best"/g)).toHaveLength(1);
    expect(svg).toContain('best: EVI, 5');
    expect(renders(svg)).toBeGreaterThan(0.05);
    expectSvgSnapshot('mclust-bic-14-models', svg);
  });

  it("takes selectGaussianMixture rows (mclust's model names, nComponents, bicMclust); best = the selection's best", () => {
    const { X } = demoBlobs(0);
    const sel = selectGaussianMixture(X, { kMin: 1, kMax: 7, seed: 0 });
    const svg = mclustBicPlotSvg(sel.table);
    expect(svg).toContain(`best: ${sel.best.model}, ${sel.best.nComponents}`);
    for (const t of ['VVV', 'EEE', 'VVI', 'VII']) expect(svg).toContain(`>${t}</text>`);
    expectSvgSnapshot('mclust-bic-demo', svg);
  });

  it('takes scikit-learn rows (covarianceType, k, bic) and plots −bic, best = lowest bic', () => {
    const { X } = demoBlobs(0);
    const rows = selectGaussianMixture(X, { kMin: 1, kMax: 7, seed: 0 }).table.map((r) => ({
      covarianceType: r.covarianceType,
      k: r.k,
      bic: r.bic,
    }));
    const lowest = rows.reduce((a, b) => (b.bic < a.bic ? b : a));
    const svg = mclustBicPlotSvg(rows);
    expect(svg).toContain(`best: ${lowest.covarianceType}, ${lowest.k}<`);
    for (const t of ['full', 'tied', 'diag', 'spherical']) expect(svg).toContain(`>${t}</text>`);
    expect(svg).not.toContain('>VVV</text>');
  });

  it('leaves a gap at a failed fit instead of joining across it', () => {
    const rows: BicTableRow[] = [
      { model: 'VVV', nComponents: 1, bicMclust: -10 },
      { model: 'VVV', nComponents: 2, bicMclust: Number.NaN },
      { model: 'VVV', nComponents: 3, bicMclust: -8 },
      { model: 'EII', nComponents: 1, bicMclust: -12 },
      { model: 'EII', nComponents: 2, bicMclust: -11 },
    ];
    const svg = mclustBicPlotSvg(rows);
    expect(
      svg.match(/<line x1="[^"]*" y1="[^"]*" x2="[^"]*" y2="[^"]*" stroke="#0072B2" stroke-width="1.5"/g) ?? [],
    ).toHaveLength(1); // legend line only
    expect(svg.match(/stroke="#E69F00" stroke-width="1.5"/g) ?? []).toHaveLength(2); // EII: one segment + legend
  });

  it('refuses a row without a model name or number of components', () => {
    expect(() => mclustBicPlotSvg([{ nComponents: 2, bic: 1 }])).toThrow(ValidationError);
    expect(() => mclustBicPlotSvg([{ model: 'EII', bic: 1 }])).toThrow(/nComponents/);
  });
});

describe('mixtureClassificationSvg and mixtureUncertaintySvg', () => {
  const { X } = demoBlobs(0);
  const gm = new GaussianMixture({ nComponents: 5, seed: 0 }).fit(X);

  it('uncertainty is 1 − max posterior', () => {
    const u = uncertainty({ rows: 2, cols: 3, data: Float64Array.of(0.2, 0.5, 0.3, 1, 0, 0) });
    expect(Array.from(u)).toEqual([0.5, 0]);
  });

  it('classification: a marker shape and colour per component, ellipses and means (demo data)', () => {
    const svg = mixtureClassificationSvg(X, gm, gm.labels, { title: 'GMM classification' });
    expect(svg.match(/class="ellipses"/g)).toHaveLength(1);
    expect(svg.match(/<path d="M[^"]*Z" stroke=/g)).toHaveLength(5);
    expect(renders(svg)).toBeGreaterThan(0.03);
    expectSvgSnapshot('mixture-classification-demo', svg);
  });

  it('uncertainty: three shades by the 75 % / 95 % quantiles of 1 − max posterior (demo data)', () => {
    const svg = mixtureUncertaintySvg(X, gm, gm.predictProba(X), { title: 'GMM uncertainty' });
    const black = (svg.match(/fill="#000000" fill-opacity="0.95"/g) ?? []).length;
    const grey = (svg.match(/fill="#6e6e6e" fill-opacity="0.7"/g) ?? []).length;
    const light = (svg.match(/fill="#b0b0b0" fill-opacity="0.45"/g) ?? []).length;
    expect(black + grey + light).toBe(X.rows);
    expect(light).toBeGreaterThanOrEqual(Math.floor(0.75 * X.rows));
    expect(black).toBeLessThanOrEqual(Math.ceil(0.05 * X.rows));
    expectSvgSnapshot('mixture-uncertainty-demo', svg);
  });

  it('a variational mixture on 4-D iris, ellipses only for its effective components (PCA view)', () => {
    const iris = loadIris().X;
    const m = new BayesianGaussianMixture({
      nComponents: 6,
      weightConcentrationPrior: 0.01,
      seed: 0,
      maxIter: 300,
    }).fit(iris);
    const eff = m.effectiveComponents();
    const svg = mixtureUncertaintySvg(iris, m, m.predictProba(iris), { components: eff, sigmas: [1, 2] });
    expect(svg).toContain('PC1 (');
    expect(svg.match(/<path d="M[^"]*Z" stroke=/g)).toHaveLength(2 * eff.length);
    expectSvgSnapshot('mixture-uncertainty-iris-bgmm', svg);
    const cls = mixtureClassificationSvg(iris, m, m.labels, { components: eff });
    expectSvgSnapshot('mixture-classification-iris-bgmm', cls);
  });

  it('refuses labels or responsibilities of the wrong length', () => {
    expect(() => mixtureClassificationSvg(X, gm, [0, 1])).toThrow(/labels has 2 rows but X has 250/);
    expect(() => mixtureUncertaintySvg(X, gm, { rows: 1, cols: 5, data: new Float64Array(5) })).toThrow(
      ValidationError,
    );
  });
});
