/**
 * The relaxed-SIMD (FMA) build of the k-means module: picked only where WebAssembly.validate accepts it
 * and setRelaxedSimd allows it, and then bit-identical to the TypeScript reference. Node 20 validates relaxed SIMD
 * only with `--experimental-wasm-relaxed-simd`, so the relaxed fits run in a child process with that flag.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core/errors.js';
import { makeBlobs } from '../../src/datasets/index.js';
import {
  getBackend,
  getRelaxedSimd,
  kernelModule,
  kernelVariant,
  setBackend,
  setRelaxedSimd,
} from '../../src/engine/kernels/backend.js';
import { WASM_MODULES, WASM_RELAXED_MODULES, type WasmModuleName } from '../../src/engine/kernels/modules.js';
import { KMeans } from '../../src/kmeans/KMeans.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const initialBackend = getBackend();
const initialRelaxed = getRelaxedSimd();
afterEach(() => {
  setRelaxedSimd(initialRelaxed);
  setBackend(initialBackend);
});

const bytes = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
const relaxedValidates = (name: WasmModuleName): boolean => {
  const b64 = WASM_RELAXED_MODULES[name];
  return b64 !== undefined && WebAssembly.validate(bytes(b64));
};

/** Runs test/kernels/relaxed.child.ts in a fresh Node with `nodeFlags`; returns its JSON report. */
function child(nodeFlags: string[], args: string[] = [], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [...nodeFlags, '--import', 'tsx', 'test/kernels/relaxed.child.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, CLUSTERKIT_RELAXED_SIMD: '', ...env },
  });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as {
    variant: string | null;
    variantAfterFits: string | null;
    variantOff: string | null;
    variantOn: string | null;
    guardedMin: number;
    fits: number;
    mismatches: string[];
  };
}
const FLAG = '--experimental-wasm-relaxed-simd';

describe('relaxed-SIMD build selection', () => {
  it('every module with a relaxed build in its generated file is registered, and vice versa', () => {
    const dir = `${root}src/engine/kernels/wasm/`;
    const withRelaxed = readdirSync(dir)
      .filter((f) => f.endsWith('.generated.ts') && readFileSync(dir + f, 'utf8').includes('_RELAXED_BASE64 ='))
      .map((f) => f.slice(0, -'.generated.ts'.length))
      .sort();
    expect(withRelaxed).toContain('kmeans');
    expect(Object.keys(WASM_RELAXED_MODULES).sort()).toEqual(withRelaxed);
    for (const name of withRelaxed) expect(Object.keys(WASM_MODULES)).toContain(name);
  });

  it('in this process the plain build runs unless the runtime validates the relaxed one', () => {
    const relaxedHere = relaxedValidates('kmeans');
    // plain Node 20 (no flag) rejects relaxed SIMD; Node ≥ 22 and Chromium accept it
    const major = Number(process.versions.node.split('.')[0]);
    if (major === 20 && !process.execArgv.includes(FLAG)) expect(relaxedHere).toBe(false);
    setRelaxedSimd(true);
    expect(kernelVariant('kmeans')).toBe(relaxedHere ? 'relaxed' : 'simd');
    expect(kernelModule('kmeans')).toBeInstanceOf(WebAssembly.Module);
    setRelaxedSimd(false);
    expect(getRelaxedSimd()).toBe(false);
    expect(kernelVariant('kmeans')).toBe('simd');
    // and the plain build still fits, equal to the reference
    const { X } = makeBlobs({ nSamples: 600, nFeatures: 5, centers: 4, seed: 2 });
    setBackend('js');
    const a = new KMeans({ nClusters: 4, seed: 1, algorithm: 'lloyd' }).fit(X);
    setBackend('wasm');
    const b = new KMeans({ nClusters: 4, seed: 1, algorithm: 'lloyd' }).fit(X);
    expect(b.labels).toEqual(a.labels);
    expect(b.inertia).toBe(a.inertia);
  });

  it('setRelaxedSimd accepts only booleans', () => {
    expect(() => setRelaxedSimd('no' as unknown as boolean)).toThrow(ValidationError);
    expect(() => setRelaxedSimd(0 as unknown as boolean)).toThrow(/setRelaxedSimd expects true or false; got 0/);
  });

  it('the relaxed build gives exactly the TS reference (f64 and f32, bisector guard at ‖x‖² ≈ 10⁹, whole fits)', () => {
    const r = child([FLAG]);
    expect(r.variant).toBe('relaxed');
    expect(r.variantAfterFits).toBe('relaxed');
    expect(r.mismatches).toEqual([]);
    expect(r.fits).toBe(24);
    // the guard recomputed every near-bisector point exactly, so labels did not depend on the FMA rounding
    expect(r.guardedMin).toBeGreaterThan(500);
    // setRelaxedSimd(false) switches to the plain build, and back
    expect(r.variantOff).toBe('simd');
    expect(r.variantOn).toBe('relaxed');
  });

  it('CLUSTERKIT_RELAXED_SIMD=0 keeps the plain build where relaxed SIMD validates', () => {
    expect(child([FLAG], ['--variant-only']).variant).toBe('relaxed');
    expect(child([FLAG], ['--variant-only'], { CLUSTERKIT_RELAXED_SIMD: '0' }).variant).toBe('simd');
    expect(child([], ['--variant-only']).variant).toBe(relaxedValidates('kmeans') ? 'relaxed' : 'simd');
  });
});
