import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs build script without type declarations
import { apiProgram, ENTRIES, reports, unexportedTypes, valueExports } from '../scripts/api-report.mjs';

const root = join(import.meta.dirname, '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

interface ValueExport {
  name: string;
  kind: string;
  summary: boolean;
  example: boolean;
}
interface Entry {
  entry: string;
  pkg: string;
}

/**
 * The names the README's Library table lists as exports: the code spans of the "exports" column outside
 * parentheses (inside them are options, members and notes), each cut to its leading identifier (`setBackend('js')`
 * → `setBackend`); quoted values (`'js'`) and members (`model.backend`) are not export names.
 */
function readmeTableNames(): string[] {
  const section = readme.slice(readme.indexOf('## Library'), readme.indexOf('## Command line'));
  const names = new Set<string>();
  for (const line of section.split('\n')) {
    const cells = line.split(/(?<!\\)\|/);
    if (!line.startsWith('| ') || cells.length < 4 || line.startsWith('| area') || line.startsWith('|---')) continue;
    // code spans are the odd segments between backticks; parentheses count only in the text between them
    const parts = cells.slice(2, -1).join('|').split('`');
    let depth = 0;
    for (let i = 0; i < parts.length; i++) {
      if (i % 2 === 0) {
        for (const ch of parts[i]) depth += ch === '(' ? 1 : ch === ')' ? -1 : 0;
      } else if (depth === 0) {
        const m = /^[A-Za-z_$][\w$]*(?=$|\(|<)/.exec(parts[i]);
        if (m) names.add(m[0]);
      }
    }
  }
  return [...names].sort();
}

describe('public API report', () => {
  it('the exports of clusterkit and clusterkit/node equal the committed api/*.api.md (run npm run api:report)', () => {
    for (const { out, text } of reports() as { out: string; text: string }[]) {
      expect(text, `${out} is stale: run npm run api:report and commit it`).toBe(readFileSync(join(root, out), 'utf8'));
    }
  }, 120_000);
});

describe('public API documentation', () => {
  let program: unknown;
  beforeAll(() => {
    program = apiProgram();
  }, 120_000);

  it('every value export of clusterkit and clusterkit/node is named in README.md and has TSDoc, classes and functions an @example', () => {
    const problems: string[] = [];
    for (const { entry, pkg } of ENTRIES as Entry[]) {
      for (const v of valueExports(program, entry) as ValueExport[]) {
        if (!readme.includes(`\`${v.name}`)) problems.push(`${pkg}: ${v.name} is not named in README.md`);
        if (!v.summary) problems.push(`${pkg}: ${v.name} has no TSDoc summary`);
        if ((v.kind === 'class' || v.kind === 'function') && !v.example) {
          problems.push(`${pkg}: ${v.name} (${v.kind}) has no @example`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("every name in the README's Library table is exported by clusterkit", () => {
    const names = readmeTableNames();
    expect(names.length).toBeGreaterThan(80);
    const report = readFileSync(join(root, 'api/clusterkit.api.md'), 'utf8');
    const exported = new Set([...report.matchAll(/^- `([\w$]+)`/gm)].map((m) => m[1]));
    expect(names.filter((n) => !exported.has(n))).toEqual([]);
  });

  it('every type that a public signature names is exported (by clusterkit, or by clusterkit/node for its own)', () => {
    expect(unexportedTypes(program, 'src/index.ts')).toEqual([]);
    expect(unexportedTypes(program, 'src/node.ts', ['src/index.ts'])).toEqual([]);
  });
});
