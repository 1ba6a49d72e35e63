import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { progressCallback, startProgress, withProgress } from '../../src/cli/progress.js';

function fakeStream(tty: boolean): { stream: NodeJS.WriteStream; text: () => string } {
  const s = new PassThrough();
  let out = '';
  s.on('data', (d) => {
    out += d.toString();
  });
  Object.assign(s, { isTTY: tty, columns: 100, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
  return { stream: s as unknown as NodeJS.WriteStream, text: () => out };
}

describe('startProgress', () => {
  it('draws a bar on a TTY and clears it at the end', async () => {
    const f = fakeStream(true);
    const bar = startProgress('predict', 4, { stream: f.stream, delayMs: 0 });
    expect(bar.active).toBe(true);
    for (let i = 0; i < 4; i++) bar.tick();
    bar.stop();
    bar.stop(); // idempotent
    bar.tick(); // ignored after stop
    await new Promise((r) => setImmediate(r));
    expect(f.text()).toMatch(/predict \[.*\] \d+% \| \d\/4/);
  });
  it('is silent (a no-op) when not a TTY, when quiet, or with nothing to do', async () => {
    for (const [tty, quiet, total] of [
      [false, false, 10],
      [true, true, 10],
      [true, false, 0],
    ] as const) {
      const f = fakeStream(tty);
      const bar = startProgress('x', total, { stream: f.stream, quiet, delayMs: 0 });
      expect(bar.active).toBe(tty && !quiet);
      bar.tick();
      if (total > 0) bar.update(3, 20);
      bar.stop();
      await new Promise((r) => setImmediate(r));
      expect(f.text()).toBe('');
    }
  });
  it('draws nothing before the delay (a short command stays silent), then from the first update after it', async () => {
    const f = fakeStream(true);
    const bar = startProgress('kmeans', 300, { stream: f.stream, delayMs: 80 });
    bar.update(10);
    await new Promise((r) => setImmediate(r));
    expect(f.text()).toBe('');
    await new Promise((r) => setTimeout(r, 100));
    bar.update(20);
    bar.stop();
    await new Promise((r) => setImmediate(r));
    expect(f.text()).toMatch(/kmeans \[.*\] \d+% \| 20\/300/);
  });
  it('draws nothing once the work is done, nor for a total that is not yet known', async () => {
    const f = fakeStream(true);
    const bar = startProgress('x', 0, { stream: f.stream, delayMs: 0 });
    bar.update(5);
    bar.update(10, 10);
    bar.stop();
    await new Promise((r) => setImmediate(r));
    expect(f.text()).toBe('');
  });
  it('progressCallback turns a library callback into a bar; withProgress frees the line also on a failure', async () => {
    const f = fakeStream(true);
    const p = progressCallback('gmm', { stream: f.stream });
    p.onProgress(1, 0); // no total yet
    p.stop();
    await new Promise((r) => setImmediate(r));
    expect(f.text()).toBe('');
    expect(() =>
      withProgress('x', { quiet: true }, () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    const seven = withProgress('x', { quiet: true }, (onProgress) => {
      onProgress(1, 2);
      return 7;
    });
    expect(seven).toBe(7);
  });
});
