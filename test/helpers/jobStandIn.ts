/**
 * An in-thread stand-in for a pool's helper thread in tests of wasm job sessions: each call runs synchronously in
 * the session's own instance (the same protocol as src/engine/kernels/poolWorker.ts: init regions copied once,
 * inputs copied in, one export or a named driver run, outputs read back one after the other), and from call
 * `failAt` on the session fails (wait → null). Counts sessions, calls and ends.
 */
import type { ParallelJobSession, WasmJobCall, WasmJobSpec } from '../../src/engine/kernels/parallel.js';
import type { JobDriver } from '../../src/engine/kernels/protocol.js';

export interface JobStandIn {
  calls: number;
  sessions: number;
  ended: number;
  beginJob(spec: WasmJobSpec): ParallelJobSession;
}

export function jobStandIn(failAt: number, drivers: Readonly<Record<string, JobDriver>> = {}): JobStandIn {
  const provider: JobStandIn = {
    calls: 0,
    sessions: 0,
    ended: 0,
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
          const out = new Uint8Array(call.outputs.reduce((a, r) => a + r.bytes, 0));
          let o = 0;
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
