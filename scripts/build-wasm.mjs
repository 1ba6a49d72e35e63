// Compiles each AssemblyScript module src/wasm/<name>.ts (files starting with "_" are shared includes, not modules)
// into src/engine/kernels/wasm/<name>.generated.ts: the binary as a base64 string, so it needs no fs/fetch/bundler plumbing
// in Node or the browser, and the TypeScript interface of its exports (`<Name>Exports`, read from the exported
// function signatures of the source, with their doc comments; checked against the binary's export list here and in
// test/kernels/wasmBinary.test.ts) with `<NAME>_EXPORT_ARITY` (parameters per export, for that test).
// src/engine/kernels/modules.ts lists the modules for the runtime.
// A module whose source (or a _*.ts include it imports) calls madd64/madd32 (src/wasm/_simd.ts) is compiled twice:
// the plain SIMD build (WASM_<NAME>_BASE64) and a relaxed-SIMD build with `--enable relaxed-simd`
// (WASM_<NAME>_RELAXED_BASE64, fused multiply–adds where the hardware has them), which the runtime uses only where
// WebAssembly.validate accepts it (src/engine/kernels/backend.ts).
//   node scripts/build-wasm.mjs          write every generated module
//   node scripts/build-wasm.mjs --check  exit 1 when a committed module differs from a fresh build (or is missing)
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import asc from 'assemblyscript/asc';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const srcDir = join(root, 'src/wasm');
const outDir = join(root, 'src/engine/kernels/wasm');
const flags = ['--enable', 'simd', '--runtime', 'stub', '--importMemory', '-O3', '--noAssert'];
const relaxedFlags = ['--enable', 'relaxed-simd'];

/** The module names: src/wasm/<name>.ts, excluding shared includes (_*.ts). */
export function moduleNames() {
  return readdirSync(srcDir)
    .filter((f) => f.endsWith('.ts') && !f.startsWith('_'))
    .map((f) => f.slice(0, -3))
    .sort();
}

/** A call of madd64/madd32 (not their definition in _simd.ts). */
const MADD_CALL = /(?<!function\s+)\bmadd(?:64|32)\s*\(/;
/** `from './_x'` include specifiers. */
const INCLUDE = /from\s+['"]\.\/(_[A-Za-z0-9_]+)(?:\.ts)?['"]/g;

/** Whether module `name` (or an include it imports, transitively) calls madd64/madd32: it then gets a relaxed build. */
export function usesMadd(name) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return false;
    seen.add(file);
    const text = readFileSync(join(srcDir, `${file}.ts`), 'utf8');
    if (MADD_CALL.test(text)) return true;
    for (const m of text.matchAll(INCLUDE)) if (visit(m[1])) return true;
    return false;
  };
  return visit(name);
}

async function compile(entry, extraFlags) {
  let binary = null;
  const stderr = [];
  const { error } = await asc.main([entry, ...flags, ...extraFlags, '--outFile', 'kernels.wasm'], {
    writeFile: (name, contents) => {
      if (name.endsWith('.wasm')) binary = contents;
    },
    stdout: { write: () => true },
    stderr: { write: (s) => stderr.push(String(s)) },
  });
  if (error || binary === null) throw new Error(`asc failed on ${entry}: ${error?.message ?? ''}\n${stderr.join('')}`);
  return binary;
}

/** TypeScript type of an AssemblyScript parameter or result type (every export takes and returns numbers). */
const TS_TYPE = { i32: 'number', u32: 'number', usize: 'number', f64: 'number', f32: 'number', void: 'void' };

/**
 * The exported functions of module `name`, in source order: { name, params: [[name, type]], result, doc } (doc: the
 * lines of the `/** … *\/` comment right above, or []). Only `export function` declarations are exports here.
 */
export function exportedFunctions(name) {
  const text = readFileSync(join(srcDir, `${name}.ts`), 'utf8');
  const out = [];
  for (const m of text.matchAll(/^export function (\w+)\s*\(([^)]*)\)\s*:\s*(\w+)\s*\{/gm)) {
    const params = m[2]
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== '')
      .map((p) => {
        const [pn, pt] = p.split(':').map((t) => t.trim());
        if (TS_TYPE[pt] === undefined || pt === 'void') throw new Error(`${name}.ts ${m[1]}: unsupported type ${pt}`);
        return [pn, TS_TYPE[pt]];
      });
    const result = TS_TYPE[m[3]];
    if (result === undefined) throw new Error(`${name}.ts ${m[1]}: unsupported result type ${m[3]}`);
    const before = text.slice(0, m.index).trimEnd();
    let doc = [];
    if (before.endsWith('*/')) {
      const start = before.lastIndexOf('/**');
      doc = before
        .slice(start)
        .split('\n')
        .map((l) => l.trim());
    }
    out.push({ name: m[1], params, result, doc });
  }
  return out;
}

/** `<name>` in PascalCase (the interface) and in CONSTANT_CASE (the constants). */
const pascal = (name) => name[0].toUpperCase() + name.slice(1);
const constant = (name) => name.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase();

/** The `<Name>Exports` interface and the arity table of module `name`, formatted as biome formats them. */
function exportsInterface(name, fns) {
  const lines = [
    `/** The exports of the ${name} module (src/wasm/${name}.ts): byte offsets into its memory and sizes are numbers. */`,
    `export interface ${pascal(name)}Exports {`,
  ];
  for (const f of fns) {
    for (const l of f.doc) lines.push(`  ${l.startsWith('*') ? ` ${l}` : l}`);
    const args = f.params.map(([pn, pt]) => `${pn}: ${pt}`);
    const one = `  ${f.name}(${args.join(', ')}): ${f.result};`;
    if (one.length <= 120) lines.push(one);
    else lines.push(`  ${f.name}(`, ...args.map((a) => `    ${a},`), `  ): ${f.result};`);
  }
  lines.push('}', '');
  lines.push(
    `/** Parameters of each export of the ${name} module (test/kernels/wasmBinary.test.ts checks the binary). */`,
  );
  const entries = fns.map((f) => `${f.name}: ${f.params.length}`);
  const one = `export const ${constant(name)}_EXPORT_ARITY = { ${entries.join(', ')} } as const;`;
  if (one.length <= 120) lines.push(one);
  else lines.push(`export const ${constant(name)}_EXPORT_ARITY = {`, ...entries.map((e) => `  ${e},`), '} as const;');
  return `${lines.join('\n')}\n`;
}

/** Throws unless the binary exports exactly the functions read from the source. */
function checkExports(name, binary, fns) {
  const got = WebAssembly.Module.exports(new WebAssembly.Module(binary))
    .filter((e) => e.kind === 'function')
    .map((e) => e.name)
    .sort();
  const want = fns.map((f) => f.name).sort();
  if (got.join() !== want.join()) {
    throw new Error(`src/wasm/${name}.ts: the binary exports [${got}], the source declares [${want}]`);
  }
}

function base64Lines(binary) {
  return Buffer.from(binary)
    .toString('base64')
    .match(/.{1,100}/g)
    .map((l) => `  '${l}'`)
    .join(' +\n');
}

/** Compiles module `name` and returns the generated TypeScript source. */
export async function buildWasmModule(name) {
  const entry = `src/wasm/${name}.ts`;
  const binary = await compile(join(root, entry), []);
  const fns = exportedFunctions(name);
  checkExports(name, binary, fns);
  const NAME = constant(name);
  let out = `// GENERATED by scripts/build-wasm.mjs from ${entry} (asc ${flags.join(' ')}); do not edit.
// Regenerate with \`npm run build:wasm\`; test/kernels/wasmBinary.test.ts checks it is up to date.

${exportsInterface(name, fns)}
/** The ${name} WebAssembly SIMD module (${binary.length} bytes), base64. */
export const WASM_${NAME}_BASE64 =
${base64Lines(binary)};
`;
  if (usesMadd(name)) {
    const relaxed = await compile(join(root, entry), relaxedFlags);
    out += `
/**
 * The ${name} module built with \`${relaxedFlags.join(' ')}\` as well (${relaxed.length} bytes), base64: madd64/madd32
 * are relaxed_madd. Used only where WebAssembly.validate accepts it.
 */
export const WASM_${NAME}_RELAXED_BASE64 =
${base64Lines(relaxed)};
`;
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  mkdirSync(outDir, { recursive: true });
  let stale = 0;
  for (const name of moduleNames()) {
    const out = join(outDir, `${name}.generated.ts`);
    const src = await buildWasmModule(name);
    if (check) {
      if (!existsSync(out) || readFileSync(out, 'utf8') !== src) {
        process.stderr.write(`${out} is out of date; run npm run build:wasm\n`);
        stale++;
      }
    } else {
      writeFileSync(out, src);
      process.stdout.write(`wrote ${out}\n`);
    }
  }
  if (stale > 0) process.exit(1);
}
