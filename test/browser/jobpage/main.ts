// The jobs test page: exposes runJobs('main' | 'worker') for test/browser/jobs.test.ts.
import { type JobsReport, jobsCase } from './jobsCase.js';

function inWorker(): Promise<JobsReport> {
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

(window as unknown as { runJobs: (where: string) => Promise<JobsReport> }).runJobs = (where) =>
  where === 'worker' ? inWorker() : jobsCase('main');
document.body.dataset.ready = 'true';
(document.getElementById('status') as HTMLElement).textContent = 'ready';
