// Module worker of the jobs test page: runs the check off the main thread (where Atomics.wait is allowed).
import { jobsCase } from './jobsCase.js';

const scope = self as unknown as { onmessage: (() => void) | null; postMessage(m: unknown): void };
scope.onmessage = () => {
  jobsCase('worker').then(
    (r) => scope.postMessage(r),
    (e: Error) => scope.postMessage({ error: String(e?.stack ?? e) }),
  );
};
