/** Loader and comparison helpers for the R mclust 6.0.0 fixtures (test/fixtures/mclust/*.json). */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { GaussianMixture } from '../../src/mixture/GaussianMixture.js';
import type { MclustModelName } from '../../src/mixture/models/table.js';

export interface MeCase {
  model: MclustModelName;
  itmax: number;
  tol: number;
  ok: boolean;
  iterations?: number;
  loglik?: number;
  bic?: number;
  nParams?: number;
  pro?: number[];
  mean?: number[][];
  sigma?: number[][][];
}
export interface MclustFixture {
  params: { dataset: string; nComponents: number; itmax: number[]; rtol: number };
  input: { X: number[][]; z: number[][] };
  expected: {
    me: MeCase[];
    select: {
      table: { model: MclustModelName; G: number; bic: number | null }[];
      icl: { model: MclustModelName; G: number; icl: number | null }[];
      best: { model: MclustModelName; G: number; bic: number; loglik: number; icl: number };
      classification: number[];
      hcPartitions: number[][];
    };
    hc: Record<'EII' | 'VVV', { merge: number[][]; data: number[][]; partitions: number[][] }>;
  };
}

export const MCLUST_DATASETS = ['iris', 'wine4', 'seeded'] as const;

export function loadMclust(name: string): MclustFixture {
  return JSON.parse(readFileSync(new URL(`../fixtures/mclust/${name}.json`, import.meta.url), 'utf8')) as MclustFixture;
}

/** |a − e| ≤ rtol·(|e| + floor·max|e|), the worst entry reported. */
export function expectClose(actual: ArrayLike<number>, expected: readonly number[], rtol: number, what: string) {
  expect(actual.length, what).toBe(expected.length);
  let scale = 0;
  for (const v of expected) scale = Math.max(scale, Math.abs(v));
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / (Math.abs(expected[i]) + 1e-3 * scale));
  }
  expect(worst, `${what}: worst relative error`).toBeLessThanOrEqual(rtol);
}

/** One-hot responsibilities from 1-based classes (mclust's `unmap`). */
export function unmap(classes: readonly number[], k: number): number[][] {
  return classes.map((c) => Array.from({ length: k }, (_, j) => (j === c - 1 ? 1 : 0)));
}

/** A fit against one `me` case: proportions, means, covariances, loglik, BIC and iterations, to rtol. */
export function expectMeCase(gm: GaussianMixture, c: MeCase, X: number[][], rtol: number) {
  const k = gm.options.nComponents;
  expectClose(gm.weights, c.pro as number[], rtol, 'pro');
  expectClose(gm.means.data, (c.mean as number[][]).flat(), rtol, 'mean');
  const cov: number[] = [];
  for (let j = 0; j < k; j++) cov.push(...gm.componentCovariance(j).data);
  expectClose(cov, (c.sigma as number[][][]).flat(2), rtol, 'sigma');
  const loglik = gm.score(X) * X.length;
  expect(Math.abs(loglik - (c.loglik as number))).toBeLessThanOrEqual(rtol * Math.abs(c.loglik as number));
  expect(Math.abs(gm.bicMclust(X) - (c.bic as number))).toBeLessThanOrEqual(rtol * Math.abs(c.bic as number));
  expect(gm.nIter).toBe((c.iterations as number) - 1);
}

/** One me(…, Vinv) case of the noise fixtures (test/fixtures/mclust/noise-*.json). */
export interface NoiseMeCase extends MeCase {
  Vinv?: number;
  classification?: number[];
  z?: number[][];
  uncertainty?: number[];
}
export interface NoiseFixture {
  params: { dataset: string; nComponents: number; rtol: number };
  input: { X: number[][]; z: number[][]; noise: number[] };
  expected: {
    Vinv: number;
    hypvol: number;
    me: NoiseMeCase[];
    /** The same with prior = priorControl() (the 10 models that have a prior). */
    mePrior: NoiseMeCase[];
    select?: {
      /** G = 0..4; G = 0 is the noise-only model. */
      table: { model: MclustModelName; G: number; bic: number | null }[];
      /** mclustICL's G = 0 value and nMclustParams(·, d, 0, noise = TRUE). */
      icl0: number;
      nParams0: number;
      best: {
        model: MclustModelName;
        G: number;
        bic: number;
        loglik: number;
        icl: number;
        pro: number[];
        Vinv: number;
      };
      classification: number[];
      hcPartitions: number[][];
    };
    /** Mclust(X, G = 0:4, prior = priorControl(), initialization = list(noise)). */
    selectPrior?: {
      table: { model: MclustModelName; G: number; bic: number | null }[];
      best: { model: MclustModelName; G: number; bic: number; loglik: number; pro: number[] };
      classification: number[];
    };
  };
}

export function loadNoise(name: string): NoiseFixture {
  return JSON.parse(
    readFileSync(new URL(`../fixtures/mclust/noise-${name}.json`, import.meta.url), 'utf8'),
  ) as NoiseFixture;
}
