// Module worker of the pool test page: runs the pool check off the main thread (where Atomics.wait is allowed).
import { poolCase } from './poolCase.js';

const scope = self as unknown as { onmessage: (() => void) | null; postMessage(m: unknown): void };
scope.onmessage = () => {
  poolCase('worker').then(
    (r) => scope.postMessage(r),
    (e: Error) => scope.postMessage({ error: String(e?.stack ?? e) }),
  );
};
