// Writes src/mixture/unrolled.generated.ts: the EM kernels of src/mixture/emKernels.ts unrolled for each small
// dimension d (the values of d kept in local variables: 3–4× faster than the generic loops in V8), so that no code is
// generated at run time (no `new Function`, nothing a Content-Security-Policy forbids). Each unrolled kernel performs
// the generic loop's operations in the same order (test/mixture/unrolled.test.ts checks the bits). The output is
// formatted with biome, as the rest of src/.
//   node scripts/build-unrolled.mjs          write the file
//   node scripts/build-unrolled.mjs --check  exit 1 when the committed file differs from a fresh build
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outFile = join(root, 'src/mixture/unrolled.generated.ts');

/** Largest d unrolled for the O(d²) kernels (Mahalanobis, scatter: d(d+1)/2 locals). */
export const MAX_QUADRATIC_D = 8;
/** Largest d unrolled for the O(d) kernels (diag, spherical, weighted sums and squares). */
export const MAX_LINEAR_D = 8;

const range = (d) => Array.from({ length: d }, (_, j) => j);

function mahalanobis(d) {
  const lines = [];
  for (let j = 0; j < d; j++) lines.push(`const m${j} = means[mo + ${j}];`);
  let p = 0;
  for (let j = 0; j < d; j++) for (let t = 0; t <= j; t++, p++) lines.push(`const u${p} = ut[${p}];`);
  lines.push('for (let i = 0; i < n; i++) {', `const xo = i * ${d};`);
  for (let j = 0; j < d; j++) lines.push(`const d${j} = x[xo + ${j}] - m${j};`);
  lines.push('let s = 0;');
  p = 0;
  for (let j = 0; j < d; j++) {
    const terms = [];
    for (let t = 0; t <= j; t++, p++) terms.push(`d${t} * u${p}`);
    lines.push(`const y${j} = 0 + ${terms.join(' + ')};`, `s += y${j} * y${j};`);
  }
  lines.push('out[i * k + c] = cst - 0.5 * s;', '}');
  return { params: 'x, n, means, mo, ut, k, c, cst, out', lines };
}

function scatter(d) {
  const lines = [];
  for (let j = 0; j < d; j++) lines.push(`const m${j} = means[mo + ${j}];`);
  const P = (d * (d + 1)) / 2;
  for (let q = 0; q < P; q++) lines.push(`let a${q} = 0;`);
  lines.push(
    'for (let i = 0; i < n; i++) {',
    'const r = resp[i * k + c];',
    'if (r === 0) continue;',
    `const xo = i * ${d};`,
  );
  for (let j = 0; j < d; j++) lines.push(`const d${j} = x[xo + ${j}] - m${j};`);
  let p = 0;
  for (let a = 0; a < d; a++) {
    lines.push(`const r${a} = r * d${a};`);
    for (let b = a; b < d; b++, p++) lines.push(`a${p} += r${a} * d${b};`);
  }
  lines.push('}');
  for (let q = 0; q < P; q++) lines.push(`acc[${q}] = a${q};`);
  return { params: 'x, n, resp, k, c, means, mo, acc', lines };
}

function diag(d) {
  const L = range(d);
  const lines = [
    ...L.map((j) => `const m${j} = means[mo + ${j}]; const p${j} = prec[${j}];`),
    'for (let i = 0; i < n; i++) {',
    `const xo = i * ${d};`,
    ...L.map((j) => `const u${j} = x[xo + ${j}] - m${j};`),
    `const s = 0 + ${L.map((j) => `u${j} * u${j} * p${j}`).join(' + ')};`,
    'out[i * k + c] = cst - 0.5 * s;',
    '}',
  ];
  return { params: 'x, n, means, mo, prec, k, c, cst, out', lines };
}

function spherical(d) {
  const L = range(d);
  const lines = [
    ...L.map((j) => `const m${j} = means[mo + ${j}];`),
    'for (let i = 0; i < n; i++) {',
    `const xo = i * ${d};`,
    ...L.map((j) => `const u${j} = x[xo + ${j}] - m${j};`),
    `const s = 0 + ${L.map((j) => `u${j} * u${j}`).join(' + ')};`,
    'out[i * k + c] = cst - 0.5 * s * p;',
    '}',
  ];
  return { params: 'x, n, means, mo, p, k, c, cst, out', lines };
}

function weightedSum(d) {
  const L = range(d);
  const lines = [
    'let total = 0;',
    ...L.map((j) => `let a${j} = 0;`),
    'for (let i = 0; i < n; i++) {',
    'const r = resp[i * k + c];',
    'if (r === 0) continue;',
    'total += r;',
    `const xo = i * ${d};`,
    ...L.map((j) => `a${j} += r * x[xo + ${j}];`),
    '}',
    ...L.map((j) => `acc[${j}] = a${j};`),
    'return total;',
  ];
  return { params: 'x, n, resp, k, c, acc', lines };
}

function weightedSquares(d) {
  const L = range(d);
  const lines = [
    ...L.map((j) => `const m${j} = means[mo + ${j}]; let a${j} = 0;`),
    'for (let i = 0; i < n; i++) {',
    'const r = resp[i * k + c];',
    'if (r === 0) continue;',
    `const xo = i * ${d};`,
    ...L.map((j) => `const u${j} = x[xo + ${j}] - m${j}; a${j} += r * u${j} * u${j};`),
    '}',
    ...L.map((j) => `acc[${j}] = a${j};`),
  ];
  return { params: 'x, n, resp, k, c, means, mo, acc', lines };
}

/** [exported table, kernel type, generator, largest d]. */
const KERNELS = [
  ['UNROLLED_MAHALANOBIS', 'MahalanobisKernel', mahalanobis, MAX_QUADRATIC_D],
  ['UNROLLED_SCATTER', 'ScatterKernel', scatter, MAX_QUADRATIC_D],
  ['UNROLLED_DIAG', 'DiagKernel', diag, MAX_LINEAR_D],
  ['UNROLLED_SPHERICAL', 'SphericalKernel', spherical, MAX_LINEAR_D],
  ['UNROLLED_WEIGHTED_SUM', 'WeightedSumKernel', weightedSum, MAX_LINEAR_D],
  ['UNROLLED_WEIGHTED_SQUARES', 'WeightedSquaresKernel', weightedSquares, MAX_LINEAR_D],
];

/** The generated source, before formatting. */
export function unrolledSource() {
  const out = [
    '// GENERATED by scripts/build-unrolled.mjs; do not edit. Regenerate with `npm run build:unrolled`;',
    '// test/mixture/unrolled.test.ts checks it is up to date and bit-identical to the generic loops.',
    `import type { ${KERNELS.map((k) => k[1])
      .sort()
      .join(', ')} } from './emKernels.js';`,
    '',
    `/** Largest d of {@link UNROLLED_MAHALANOBIS} and {@link UNROLLED_SCATTER} (d(d+1)/2 locals). */`,
    `export const MAX_UNROLLED_D = ${MAX_QUADRATIC_D};`,
    '',
    '/** Largest d of the O(d) tables (diag, spherical, weighted sums and squares). */',
    `export const MAX_UNROLLED_D_LINEAR = ${MAX_LINEAR_D};`,
  ];
  for (const [name, type, gen, maxD] of KERNELS) {
    out.push(
      '',
      `/** The ${type} unrolled for d = 1…${maxD}: entry d − 1. */`,
      `export const ${name}: readonly ${type}[] = [`,
    );
    for (let d = 1; d <= maxD; d++) {
      const { params, lines } = gen(d);
      out.push(`(${params}) => {`, ...lines, '},');
    }
    out.push('];');
  }
  return `${out.join('\n')}\n`;
}

/** Formats TypeScript source with the repository's biome configuration. */
function format(source) {
  const biome = join(root, 'node_modules/.bin/biome');
  const r = spawnSync(biome, ['format', `--stdin-file-path=${outFile}`], {
    cwd: root,
    input: source,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`biome format failed: ${r.stderr}`);
  return r.stdout;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const src = format(unrolledSource());
  if (process.argv.includes('--check')) {
    if (!existsSync(outFile) || readFileSync(outFile, 'utf8') !== src) {
      process.stderr.write(`${outFile} is out of date; run npm run build:unrolled\n`);
      process.exit(1);
    }
  } else {
    writeFileSync(outFile, src);
    process.stdout.write(`wrote ${outFile}\n`);
  }
}
