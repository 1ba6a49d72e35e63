import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { expect } from 'vitest';

const DIR = new URL('../snapshots/', import.meta.url);

/**
 * d3-style SVG snapshot: compares with test/snapshots/NAME.svg. A missing snapshot is written when not in CI (and
 * fails in CI); a mismatch writes NAME-changed.svg next to it for inspection and fails.
 */
export function expectSvgSnapshot(name: string, svg: string): void {
  mkdirSync(DIR, { recursive: true });
  const file = new URL(`${name}.svg`, DIR);
  if (!existsSync(file)) {
    if (process.env.CI) throw new Error(`Snapshot ${name}.svg is missing; run the tests locally and commit it.`);
    writeFileSync(file, svg);
    return;
  }
  const want = readFileSync(file, 'utf8');
  if (want !== svg) writeFileSync(new URL(`${name}-changed.svg`, DIR), svg);
  expect(svg, `${name}.svg differs; see test/snapshots/${name}-changed.svg`).toBe(want);
}
