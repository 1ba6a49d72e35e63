/**
 * Threads without strings: the helper thread runs a real module — the worker entry built by tsc
 * (dist/node/poolWorker.js; `npm test` builds first) over the shared program src/engine/kernels/poolWorker.ts — with the
 * control words and the job structs defined once (src/engine/kernels/protocol.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { TREE_JOB, TREE_JOB_FIELDS } from '../../src/density/treeJob.js';
import { kernelModule } from '../../src/engine/kernels/backend.js';
import { SharedJobSession } from '../../src/engine/kernels/parallel.js';
import { packStruct, unpackStruct } from '../../src/engine/kernels/protocol.js';
import { WASM_DEFAULT_BASE, WASM_KDE_BASE, WASM32_MAX_BYTES } from '../../src/engine/wasmWorkspace.js';

const root = resolve(import.meta.dirname, '../..');
const workers: Worker[] = [];
afterAll(async () => {
  for (const w of workers) await w.terminate();
});

/** A helper thread running the built Node worker entry, as src/node/pool.ts starts it. */
function startHelper(): Worker {
  const w = new Worker(new URL('../../dist/node/poolWorker.js', import.meta.url));
  workers.push(w);
  return w;
}

const hooks = { canBlock: true, startTimeoutMs: 30_000, onPass: () => {}, onStall: () => {} };

describe('pool worker entry', () => {
  it('no Function.prototype.toString, new Function or eval in src/kernels, src/node, src/web, src/density', () => {
    const offenders: string[] = [];
    for (const dir of ['engine', 'node', 'web', 'density']) {
      for (const f of readdirSync(join(root, 'src', dir), { recursive: true }) as string[]) {
        if (!f.endsWith('.ts') || f.startsWith('wasm/') || f.startsWith(`wasm\\`)) continue;
        const src = readFileSync(join(root, 'src', dir, f), 'utf8');
        // code only: TSDoc and line comments may name what is gone
        const code = src.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
        if (/\bnew Function\b|\beval\s*\(|\.toString\(\)\s*[,})]|\{ eval: true \}/.test(code)) {
          offenders.push(`src/${dir}/${f}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it('the built entry runs a job session: one export per call, the result and the outputs back (from outAt)', () => {
    const mod = kernelModule('kmeans');
    if (mod === null) return; // no WebAssembly SIMD here: the pool is never used
    const exportsOf = WebAssembly.Module.exports(mod).map((e) => e.name);
    expect(exportsOf).toContain('rowNorms');
    const w = startHelper();
    // rowNorms(x, n, d, out): the norms of 2 rows of 3 values, laid out from byte 1024
    const x = new Float64Array([1, 2, 2, 3, 0, 4]);
    const job = new SharedJobSession(
      { mod, bytes: 65536, init: [], fns: ['rowNorms'], ioBytes: 64 },
      (m) => w.postMessage(m),
      hooks,
    );
    try {
      job.start({
        fn: 0,
        args: [1024, 2, 3, 2048],
        inputs: [{ at: 1024, bytes: 48, data: new Uint8Array(x.buffer) }],
        outputs: [{ at: 2048, bytes: 16 }],
      });
      const r = job.wait();
      expect(r).not.toBeNull();
      const norms = new Float64Array(r?.out.slice(0, 16).buffer as ArrayBuffer);
      expect(Array.from(norms)).toEqual([3, 5]);
      // outAt: with no inputs, the second row's norm alone to bytes [40, 48); the first call's outputs stay
      job.start({ fn: 0, args: [1048, 1, 3, 2048], inputs: [], outputs: [{ at: 2048, bytes: 8 }], outAt: 40 });
      const r2 = job.wait();
      expect(r2).not.toBeNull();
      const io = new Float64Array(r2?.out.slice(0, 48).buffer as ArrayBuffer);
      expect([io[0], io[1], io[5]]).toEqual([3, 5, 5]);
    } finally {
      job.end();
    }
  });

  it('WebAssembly memories and instances are made only by the workspace helper; no hand-typed exports interface', () => {
    const offenders: string[] = [];
    for (const f of readdirSync(join(root, 'src'), { recursive: true }) as string[]) {
      const rel = f.replaceAll('\\', '/');
      if (!rel.endsWith('.ts') || rel.endsWith('.generated.ts') || rel === 'engine/wasmWorkspace.ts') continue;
      const code = readFileSync(join(root, 'src', rel), 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\/\/.*$/gm, '');
      if (/new WebAssembly\.(Memory|Instance)\b|interface \w+Exports\b/.test(code)) offenders.push(`src/${rel}`);
    }
    expect(offenders).toEqual([]);
  });

  it('a job whose workspace cannot exist on the helper fails cleanly: beyond wasm32, or a base below the static data', () => {
    const kmeans = kernelModule('kmeans');
    const kde = kernelModule('kde');
    if (kmeans === null || kde === null) return;
    const w = startHelper();
    const specs = [
      { mod: kmeans, bytes: WASM32_MAX_BYTES + 1, init: [], fns: ['rowNorms'], ioBytes: 8 },
      // the KDE module's exp/log tables end above the default base: its sessions carry WASM_KDE_BASE
      { mod: kde, bytes: 65536, base: WASM_DEFAULT_BASE, init: [], fns: ['heapBase'], ioBytes: 8 },
    ];
    for (const spec of specs) {
      const job = new SharedJobSession(spec, (m) => w.postMessage(m), hooks);
      try {
        job.start({ fn: 0, args: [], inputs: [], outputs: [] });
        expect(job.wait()).toBeNull();
      } finally {
        job.end();
      }
    }
    // the same KDE job with its base runs
    const job = new SharedJobSession(
      { mod: kde, bytes: 65536, base: WASM_KDE_BASE, init: [], fns: ['heapBase'], ioBytes: 8 },
      (m) => w.postMessage(m),
      hooks,
    );
    try {
      job.start({ fn: 0, args: [], inputs: [], outputs: [] });
      const r = job.wait();
      expect(r).not.toBeNull();
      expect(r?.result).toBeGreaterThan(WASM_DEFAULT_BASE);
      expect(r?.result).toBeLessThanOrEqual(WASM_KDE_BASE);
    } finally {
      job.end();
    }
  });

  it('a job naming a driver the entry did not register fails cleanly: the caller is told to do the work itself', () => {
    const mod = kernelModule('kmeans');
    if (mod === null) return;
    const w = startHelper();
    const job = new SharedJobSession(
      { mod, bytes: 65536, init: [], fns: [], ioBytes: 8, driver: 'no-such-driver' },
      (m) => w.postMessage(m),
      hooks,
    );
    try {
      job.start({ fn: 0, args: [], inputs: [], outputs: [] });
      expect(job.wait()).toBeNull();
    } finally {
      job.end();
    }
  });

  it(`the ${TREE_JOB} job's named struct: fields unique, packStruct and unpackStruct are inverse`, () => {
    expect(new Set(TREE_JOB_FIELDS).size).toBe(TREE_JOB_FIELDS.length);
    expect(TREE_JOB_FIELDS.length).toBeLessThanOrEqual(32); // a job call's most arguments
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true }), { minLength: 28, maxLength: 28 }), (values) => {
        const s = unpackStruct(TREE_JOB_FIELDS, values);
        expect(packStruct(TREE_JOB_FIELDS, s)).toEqual(values);
      }),
    );
  });
});
