/**
 * An in-thread stand-in for a worker pool's helper (test helper, not a test): it runs each call of a generic wasm job
 * session (src/engine/kernels/parallel.ts) synchronously in its own instance of the module — the protocol of the
 * pools' worker (src/engine/kernels/poolWorker.ts), with the job drivers a worker entry would register — and
 * fails (wait → null) from call `failAt` on.
 */
import type {
  ParallelAssignProvider,
  ParallelJobProvider,
  ParallelJobSession,
  WasmJobCall,
  WasmJobSpec,
} from '../../src/engine/kernels/parallel.js';
import type { JobDriver } from '../../src/engine/kernels/protocol.js';

/** Register with `setParallelProvider`. */
export interface JobStandIn extends ParallelAssignProvider, ParallelJobProvider {
  /** Calls started (failed ones included). */
  calls: number;
  sessions: number;
  ended: number;
}

export function jobStandIn(
  failAt = Number.POSITIVE_INFINITY,
  drivers: Readonly<Record<string, JobDriver>> = {},
): JobStandIn {
  const provider: JobStandIn = {
    calls: 0,
    sessions: 0,
    ended: 0,
    begin: () => null,
    beginJob(spec: WasmJobSpec): ParallelJobSession {
      provider.sessions++;
      const mem = new WebAssembly.Memory({ initial: Math.ceil(spec.bytes / 65536) });
      const ex = new WebAssembly.Instance(spec.mod, { env: { memory: mem } }).exports as Record<
        string,
        (...a: number[]) => number
      >;
      const u8 = new Uint8Array(mem.buffer);
      for (const r of spec.init) if (r.data) u8.set(r.data.subarray(0, r.bytes), r.at);
      let last: { result: number; out: Uint8Array } | null = null;
      return {
        start(call: WasmJobCall) {
          provider.calls++;
          last = null;
          if (provider.calls >= failAt) return;
          for (const r of call.inputs) u8.set((r.data as Uint8Array).subarray(0, r.bytes), r.at);
          const result =
            spec.driver === undefined
              ? ex[spec.fns[call.fn]](...call.args)
              : drivers[spec.driver](ex, mem.buffer, call.args);
          const at = call.outAt ?? 0;
          const out = new Uint8Array(at + call.outputs.reduce((a, r) => a + r.bytes, 0));
          let o = at;
          for (const r of call.outputs) {
            out.set(u8.subarray(r.at, r.at + r.bytes), o);
            o += r.bytes;
          }
          last = { result, out };
        },
        wait: () => last,
        end() {
          provider.ended++;
        },
      };
    },
  };
  return provider;
}
