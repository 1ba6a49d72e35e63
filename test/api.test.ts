import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs build script without type declarations
import { reports } from '../scripts/api-report.mjs';

const root = join(import.meta.dirname, '..');

describe('public API report', () => {
  it('the exports of clusterkit and clusterkit/node equal the committed api/*.api.md (run npm run api:report)', () => {
    for (const { out, text } of reports() as { out: string; text: string }[]) {
      expect(text, `${out} is stale: run npm run api:report and commit it`).toBe(readFileSync(join(root, out), 'utf8'));
    }
  }, 120_000);
});
