/**
 * The page's side of the worker protocol: one module worker, request ids, progress callbacks, cancel.
 * A cancel that the worker does not acknowledge within `hardCancelMs` (a long synchronous fit cannot look at its
 * messages) terminates the worker and starts a fresh one, so the page never waits on a runaway computation.
 */
import {
  CancelledError,
  deserializeError,
  type Progress,
  type ResultOf,
  type Task,
  type WorkerRequest,
  type WorkerResponse,
} from './protocol.js';

interface Pending {
  task: Task;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
  onProgress?: (p: Progress) => void;
}

/** A running task: its id, its result and a way to stop it. */
export interface Job<T extends Task> {
  id: number;
  result: Promise<ResultOf<T>>;
}

export class WorkerClient {
  #worker: Worker;
  #nextId = 1;
  #pending = new Map<number, Pending>();
  readonly hardCancelMs: number;
  /** Called when the worker itself fails (script error). */
  onFatal: (message: string) => void = () => {};

  constructor(hardCancelMs = 1500) {
    this.hardCancelMs = hardCancelMs;
    this.#worker = this.#spawn();
  }

  #spawn(): Worker {
    const w = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'clusterkit' });
    w.addEventListener('message', (e: MessageEvent<WorkerResponse>) => this.#onMessage(e.data));
    w.addEventListener('error', (e: ErrorEvent) => {
      e.preventDefault();
      const msg = `The computation worker failed: ${e.message || 'could not start'}.`;
      for (const p of this.#pending.values()) p.reject(new Error(msg));
      this.#pending.clear();
      this.onFatal(msg);
    });
    return w;
  }

  #onMessage(msg: WorkerResponse): void {
    const p = this.#pending.get(msg.id);
    if (p === undefined) return;
    if (msg.type === 'progress') {
      p.onProgress?.(msg.progress);
      return;
    }
    this.#pending.delete(msg.id);
    if (msg.type === 'result') p.resolve(msg.result);
    else p.reject(deserializeError(msg.error));
  }

  /** Starts a task; `onProgress` receives its progress messages. */
  run<T extends Task>(task: T, onProgress?: (p: Progress) => void): Job<T> {
    const id = this.#nextId++;
    const result = new Promise<ResultOf<T>>((resolve, reject) => {
      this.#pending.set(id, { task, resolve: resolve as (v: unknown) => void, reject, onProgress });
    });
    const req: WorkerRequest = { type: 'run', id, task };
    this.#worker.postMessage(req);
    return { id, result };
  }

  /**
   * Asks the worker to stop task `id`, whose promise then rejects with a CANCELLED error. If the worker does not
   * answer in time (a long synchronous fit cannot look at its messages), it is terminated and a fresh one takes
   * over the other pending tasks.
   */
  cancel(id: number): void {
    if (!this.#pending.has(id)) return;
    const req: WorkerRequest = { type: 'cancel', id };
    this.#worker.postMessage(req);
    setTimeout(() => {
      const p = this.#pending.get(id);
      if (p === undefined) return;
      this.#pending.delete(id);
      p.reject(new CancelledError('Cancelled (the computation was stopped).'));
      this.#worker.terminate();
      this.#worker = this.#spawn();
      for (const [other, q] of this.#pending) {
        const again: WorkerRequest = { type: 'run', id: other, task: q.task };
        this.#worker.postMessage(again);
      }
      this.onRestart();
    }, this.hardCancelMs);
  }

  /** Called after the worker was terminated and restarted. */
  onRestart: () => void = () => {};

  /** Whether any task is running. */
  get busy(): boolean {
    return this.#pending.size > 0;
  }
}
