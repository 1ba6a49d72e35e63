// The pool test page: exposes runPool('main' | 'worker') for test/browser/pool.test.ts.
import { type PoolReport, poolCase } from './poolCase.js';

function inWorker(): Promise<PoolReport> {
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL('./compute.worker.ts', import.meta.url), { type: 'module' });
    w.onmessage = (e: MessageEvent) => {
      w.terminate();
      if ('error' in e.data) reject(new Error(e.data.error));
      else resolve(e.data);
    };
    w.onerror = (e) => reject(new Error(e.message));
    w.postMessage('run');
  });
}

(window as unknown as { runPool: (where: string) => Promise<PoolReport> }).runPool = (where) =>
  where === 'worker' ? inWorker() : poolCase('main');
document.body.dataset.ready = 'true';
(document.getElementById('status') as HTMLElement).textContent = 'ready';
