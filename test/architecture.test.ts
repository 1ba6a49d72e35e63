/**
 * The layer test: walks the imports of `src/**\/*.ts` (type-only imports included) and fails on an import that runs
 * upward between top-level folders of src, on any import cycle between modules, on code built from strings
 * (`new Function`, `eval`, a function turned into source text), and on a `node:` import in browser-safe code.
 * The layer table is {@link LAYERS} in ./layers.ts.
 */
import { readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { EVAL_ALLOWED, LAYERS } from './layers.js';

/** Folders (and files) whose code may import `node:` modules: everything else runs in the browser too. */
const NODE_ONLY = ['cli', 'node'];

const SRC = resolve(import.meta.dirname, '../src');

function listTs(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...listTs(p));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** 'kmeans/KMeans.ts' → 'kmeans'; 'node.ts' → 'node'; 'index.ts' → 'index'. */
function area(rel: string): string {
  const parts = rel.split('/');
  return parts.length > 1 ? parts[0] : parts[0].replace(/\.ts$/, '');
}

const layerOf = new Map<string, number>();
LAYERS.forEach((names, i) => {
  for (const name of names) layerOf.set(name, i);
});

// src/wasm holds AssemblyScript (compiled by scripts/build-wasm.mjs, not tsc): its imports are its own.
const files = listTs(SRC)
  .map((f) => relative(SRC, f).split(sep).join('/'))
  .filter((f) => !f.startsWith('wasm/'))
  .sort();
const fileSet = new Set(files);
const program = ts.createProgram(
  files.map((f) => join(SRC, f)),
  {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    types: ['node'],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
  },
);
const checker = program.getTypeChecker();

/** A relative specifier resolved to a src-relative .ts path (undefined for packages and `node:`). */
function resolveSpecifier(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = join(dirname(from), spec).split(sep).join('/');
  for (const c of [base.replace(/\.js$/, '.ts'), `${base}.ts`, `${base}/index.ts`]) if (fileSet.has(c)) return c;
  return undefined;
}

interface Scan {
  /** Modules imported (relative specifiers, resolved), with the line of the import. */
  imports: { target: string; line: number }[];
  /** Bare specifiers starting with `node:`. */
  nodeImports: string[];
  /** Relative specifiers that leave src (playground/, test/, bench/, scripts/). */
  outside: string[];
  /** Code built from strings, as 'line: what'. */
  evals: string[];
}

function isFunctionValued(node: ts.Expression): boolean {
  return checker.getTypeAtLocation(node).getCallSignatures().length > 0;
}

function scan(rel: string): Scan {
  const sf = program.getSourceFile(join(SRC, rel));
  if (!sf) throw new Error(`not in the program: ${rel}`);
  const result: Scan = { imports: [], nodeImports: [], outside: [], evals: [] };
  const line = (n: ts.Node) => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
  const addSpecifier = (spec: ts.Expression | undefined, at: ts.Node) => {
    if (!spec || !ts.isStringLiteralLike(spec)) return;
    if (spec.text.startsWith('node:')) result.nodeImports.push(spec.text);
    if (spec.text.startsWith('.') && join(dirname(rel), spec.text).split(sep).join('/').startsWith('..')) {
      result.outside.push(`${line(at)}: ${spec.text}`);
    }
    const target = resolveSpecifier(rel, spec.text);
    if (target) result.imports.push({ target, line: line(at) });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) addSpecifier(node.moduleSpecifier, node);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      addSpecifier(node.argument.literal as ts.Expression, node);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      addSpecifier(node.arguments[0], node);
    }
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'Function') {
      result.evals.push(`${line(node)}: new Function`);
    }
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      if (ts.isIdentifier(callee) && (callee.text === 'eval' || callee.text === 'Function')) {
        result.evals.push(`${line(node)}: ${callee.text}(…)`);
      }
      // fn.toString() and String(fn): a function turned into source text.
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'toString' && node.arguments.length === 0) {
        if (isFunctionValued(callee.expression)) result.evals.push(`${line(node)}: ${callee.getText(sf)}()`);
      }
      if (ts.isIdentifier(callee) && callee.text === 'String' && node.arguments.length === 1) {
        if (isFunctionValued(node.arguments[0])) result.evals.push(`${line(node)}: String(function)`);
      }
    }
    if (ts.isTemplateSpan(node) && isFunctionValued(node.expression)) {
      result.evals.push(`${line(node)}: \${function} in a template`);
    }
    if (ts.isPropertyAccessExpression(node) && node.getText(sf).replace(/\s/g, '') === 'Function.prototype.toString') {
      result.evals.push(`${line(node)}: Function.prototype.toString`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return result;
}

const scans = new Map(files.map((f) => [f, scan(f)] as const));

/** Strongly connected components with more than one module (or a self-import), by Tarjan's algorithm. */
function importCycles(): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let next = 0;
  const strongConnect = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    const targets = new Set(scans.get(v)?.imports.map((i) => i.target));
    for (const w of targets) {
      if (!index.has(w)) {
        strongConnect(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || targets.has(v)) cycles.push(component.sort());
    }
  };
  for (const f of files) if (!index.has(f)) strongConnect(f);
  return cycles;
}

describe('architecture of src/', () => {
  it('every top-level folder of src has a layer', () => {
    const unknown = [...new Set(files.map(area))].filter((a) => !layerOf.has(a));
    expect(unknown, 'add these folders to LAYERS').toEqual([]);
  });

  it('no import runs upward between top-level folders (LAYERS, low → high)', () => {
    const upward: string[] = [];
    for (const [file, s] of scans) {
      const from = layerOf.get(area(file)) ?? -1;
      for (const { target, line } of s.imports) {
        const to = layerOf.get(area(target)) ?? -1;
        if (to > from) upward.push(`${file}:${line} imports ${target} (${area(file)} → ${area(target)})`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('src imports nothing outside src (the playground, tests and benches sit on top of it)', () => {
    const found: string[] = [];
    for (const [file, s] of scans) for (const o of s.outside) found.push(`${file}:${o}`);
    expect(found).toEqual([]);
  });

  it('no import cycle between modules (type-only imports included)', () => {
    expect(importCycles()).toEqual([]);
  });

  it('no code built from strings: new Function, eval, a function turned into source text', () => {
    const found: string[] = [];
    for (const [file, s] of scans) {
      if (EVAL_ALLOWED.includes(file)) continue;
      for (const e of s.evals) found.push(`${file}:${e}`);
    }
    expect(found).toEqual([]);
  });

  it('browser-safe code imports nothing from node: (only cli/, node/ and node.ts may)', () => {
    const found: string[] = [];
    for (const [file, s] of scans) {
      if (NODE_ONLY.includes(area(file))) continue;
      for (const spec of s.nodeImports) found.push(`${file} imports ${spec}`);
    }
    expect(found).toEqual([]);
  });
});
