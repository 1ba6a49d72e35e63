import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Matrix } from '../../src/core/matrix.js';

export interface FlatCase {
  fcluster: { criterion: string; t: number; depth?: number; monocrit?: number[]; labels: number[] }[];
  inconsistent: Record<string, number[]>;
  leaves: number[];
}
export interface DendroCase {
  method: string;
  options: Record<string, unknown>;
  icoord: number[][];
  dcoord: number[][];
  ivl: string[];
  leaves: number[];
  color_list: string[];
  leaves_color_list: string[];
}
export interface HierarchyFixture {
  generator: string;
  params: { methods: string[]; metrics: string[]; n: number; tolerance: number };
  input: { X?: number[][]; y?: number[] };
  expected: {
    linkage: Record<string, number[]>;
    flat: Record<string, FlatCase>;
    dendrogram: DendroCase[];
    olo: Record<string, number[]>;
    cophenet: Record<string, { coefficient: number; distances?: number[] }>;
    sklearn: {
      linkage: string;
      metric: string;
      nClusters?: number;
      distanceThreshold?: number;
      nClustersFound?: number;
      labels: number[];
      distances?: number[];
    }[];
  };
}

export const FIXTURE_NAMES = ['scipy_ytdist', 'scipy_X', 'scipy_QX', 'blobs60', 'wine_std', 'uniform40'] as const;

const cache = new Map<string, HierarchyFixture>();
export function loadFixture(name: string): HierarchyFixture {
  let f = cache.get(name);
  if (!f) {
    f = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'hierarchy', `${name}.json`), 'utf8'));
    cache.set(name, f as HierarchyFixture);
  }
  return f as HierarchyFixture;
}

/** The data of a fixture: observations, or the condensed vector. */
export function fixtureData(f: HierarchyFixture): number[][] | Float64Array {
  return f.input.X ?? Float64Array.from(f.input.y as number[]);
}

/** Asserts Z equals the reference: ids and sizes exactly, heights to `rtol` relative. */
export function expectLinkageClose(Z: Matrix, ref: ArrayLike<number>, rtol = 1e-9): void {
  expect(Z.cols).toBe(4);
  expect(Z.data.length).toBe(ref.length);
  for (let i = 0; i < ref.length; i++) {
    if (i % 4 === 2) {
      const tol = rtol * Math.max(1, Math.abs(ref[i]));
      if (Math.abs(Z.data[i] - ref[i]) > tol) {
        throw new Error(`height of row ${i >> 2}: ${Z.data[i]} vs ${ref[i]}`);
      }
    } else if (Z.data[i] !== ref[i]) {
      throw new Error(`Z[${i >> 2}][${i % 4}] = ${Z.data[i]}, SciPy has ${ref[i]}`);
    }
  }
}

/**
 * O(n³) Lance–Williams oracle (the textbook algorithm, as SciPy's old `linkage`): merge the globally closest pair
 * (scan i < j, strict <), keep the merged cluster in slot j; ward/centroid/median on squared distances.
 * Returns rows [idA, idB, height, size] in merge order.
 */
export function naiveLinkage(condensed: ArrayLike<number>, n: number, method: string): Float64Array {
  const sq = method === 'ward' || method === 'centroid' || method === 'median';
  const D: number[][] = [];
  for (let i = 0; i < n; i++) D.push(new Array(n).fill(0));
  let t = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const v = condensed[t++];
      D[i][j] = sq ? v * v : v;
      D[j][i] = D[i][j];
    }
  }
  const id = Array.from({ length: n }, (_, i) => i);
  const size = new Array(n).fill(1);
  const alive = new Array(n).fill(true);
  const Z = new Float64Array((n - 1) * 4);
  for (let k = 0; k < n - 1; k++) {
    let best = Number.POSITIVE_INFINITY;
    let x = -1;
    let y = -1;
    for (let i = 0; i < n; i++) {
      if (!alive[i]) continue;
      for (let j = i + 1; j < n; j++) {
        if (alive[j] && D[i][j] < best) {
          best = D[i][j];
          x = i;
          y = j;
        }
      }
    }
    const nx = size[x];
    const ny = size[y];
    Z.set([Math.min(id[x], id[y]), Math.max(id[x], id[y]), sq ? Math.sqrt(best) : best, nx + ny], k * 4);
    for (let i = 0; i < n; i++) {
      if (!alive[i] || i === x || i === y) continue;
      const a = D[i][x];
      const b = D[i][y];
      const ni = size[i];
      let v: number;
      switch (method) {
        case 'single':
          v = Math.min(a, b);
          break;
        case 'complete':
          v = Math.max(a, b);
          break;
        case 'average':
          v = (nx * a + ny * b) / (nx + ny);
          break;
        case 'weighted':
          v = (a + b) / 2;
          break;
        case 'ward':
          v = ((ni + nx) * a + (ni + ny) * b - ni * best) / (ni + nx + ny);
          break;
        case 'centroid':
          v = (nx * a + ny * b) / (nx + ny) - (nx * ny * best) / (nx + ny) ** 2;
          break;
        default:
          v = a / 2 + b / 2 - best / 4;
      }
      D[i][y] = v;
      D[y][i] = v;
    }
    alive[x] = false;
    size[y] = nx + ny;
    id[y] = n + k;
  }
  return Z;
}

/** Relabels cluster ids by first appearance, so partitions can be compared up to permutation. */
export function canonical(labels: ArrayLike<number>): number[] {
  const map = new Map<number, number>();
  return Array.from(labels, (v) => {
    if (!map.has(v)) map.set(v, map.size);
    return map.get(v) as number;
  });
}

/**
 * fastcluster's test: replay Z on the Lance–Williams matrix; every merge must join a pair at the current global
 * minimum distance (to 1e-9 relative) with the height recorded in Z. Works with ties, where the tree is not unique.
 * Z rows use SciPy ids (n + i for merge i).
 */
export function replayIsGreedy(Z: Matrix, condensed: ArrayLike<number>, n: number, method: string): boolean {
  const sq = method === 'ward' || method === 'centroid' || method === 'median';
  const D: number[][] = [];
  for (let i = 0; i < n; i++) D.push(new Array(n).fill(0));
  let t = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const v = condensed[t++];
      D[i][j] = sq ? v * v : v;
      D[j][i] = D[i][j];
    }
  }
  const slotOf = new Map<number, number>();
  for (let i = 0; i < n; i++) slotOf.set(i, i);
  const size = new Array(n).fill(1);
  const alive = new Array(n).fill(true);
  for (let k = 0; k < n - 1; k++) {
    let best = Number.POSITIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      if (!alive[i]) continue;
      for (let j = i + 1; j < n; j++) if (alive[j] && D[i][j] < best) best = D[i][j];
    }
    const x = slotOf.get(Z.data[k * 4]) as number;
    const y = slotOf.get(Z.data[k * 4 + 1]) as number;
    const dxy = D[x][y];
    const h = sq ? Math.sqrt(Math.max(0, dxy)) : dxy;
    if (Math.abs(dxy - best) > 1e-9 * (1 + Math.abs(best))) return false;
    if (Math.abs(h - Z.data[k * 4 + 2]) > 1e-9 * (1 + h)) return false;
    const nx = size[x];
    const ny = size[y];
    for (let i = 0; i < n; i++) {
      if (!alive[i] || i === x || i === y) continue;
      const a = D[i][x];
      const b = D[i][y];
      const ni = size[i];
      let v: number;
      switch (method) {
        case 'single':
          v = Math.min(a, b);
          break;
        case 'complete':
          v = Math.max(a, b);
          break;
        case 'average':
          v = (nx * a + ny * b) / (nx + ny);
          break;
        case 'weighted':
          v = (a + b) / 2;
          break;
        case 'ward':
          v = ((ni + nx) * a + (ni + ny) * b - ni * dxy) / (ni + nx + ny);
          break;
        case 'centroid':
          v = (nx * a + ny * b) / (nx + ny) - (nx * ny * dxy) / (nx + ny) ** 2;
          break;
        default:
          v = a / 2 + b / 2 - dxy / 4;
      }
      D[i][y] = v;
      D[y][i] = v;
    }
    alive[x] = false;
    size[y] = nx + ny;
    slotOf.set(n + k, y);
  }
  return true;
}
