import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { WASM_MODULES, WASM_RELAXED_MODULES } from '../../src/engine/kernels/modules.js';
import * as gaussianMixture from '../../src/engine/kernels/wasm/gaussianMixture.generated.js';
import * as kde from '../../src/engine/kernels/wasm/kde.generated.js';
import * as kmeans from '../../src/engine/kernels/wasm/kmeans.generated.js';
import * as linkage from '../../src/engine/kernels/wasm/linkage.generated.js';
import * as pdist from '../../src/engine/kernels/wasm/pdist.generated.js';
import * as silhouette from '../../src/engine/kernels/wasm/silhouette.generated.js';

describe('generated wasm module', () => {
  it('src/engine/kernels/wasm/*.generated.ts are up to date with src/wasm/*.ts', () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const r = spawnSync(process.execPath, ['scripts/build-wasm.mjs', '--check'], { cwd: root, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('generated exports interfaces', () => {
  /** The generated files by module name (a module missing here fails the first test). */
  const generated: Record<string, Record<string, unknown>> = {
    gaussianMixture,
    kde,
    kmeans,
    linkage,
    pdist,
    silhouette,
  };
  const bytes = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));

  it('every module of src/engine/kernels/modules.ts has a generated file with its arity table', () => {
    for (const name of Object.keys(WASM_MODULES)) {
      const file = generated[name];
      expect(file, name).toBeDefined();
      expect(file[`${constantCase(name)}_EXPORT_ARITY`], name).toBeTypeOf('object');
    }
  });

  it("each binary (plain and relaxed) exports exactly the interface's functions, each with its parameter count", () => {
    for (const [name, b64] of Object.entries(WASM_MODULES)) {
      const file = generated[name];
      const arity = file[`${constantCase(name)}_EXPORT_ARITY`] as Record<string, number>;
      const builds = [b64, WASM_RELAXED_MODULES[name as keyof typeof WASM_MODULES]].filter(
        (b): b is string => b !== undefined && WebAssembly.validate(bytes(b)),
      );
      expect(builds.length, name).toBeGreaterThan(0);
      for (const build of builds) {
        const mod = new WebAssembly.Module(bytes(build));
        const memory = new WebAssembly.Memory({ initial: 1 });
        const ex = new WebAssembly.Instance(mod, { env: { memory } }).exports;
        const fns = WebAssembly.Module.exports(mod).filter((e) => e.kind === 'function');
        expect(fns.map((e) => e.name).sort(), name).toEqual(Object.keys(arity).sort());
        for (const [fn, params] of Object.entries(arity))
          expect((ex[fn] as () => void).length, `${name}.${fn}`).toBe(params);
      }
    }
  });
});

/** `gaussianMixture` → `GAUSSIAN_MIXTURE`, as scripts/build-wasm.mjs names the constants. */
function constantCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase();
}
