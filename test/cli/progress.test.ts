import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { startProgress } from '../../src/cli/progress.js';

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
    const bar = startProgress('predict', 4, { stream: f.stream });
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
      const bar = startProgress('x', total, { stream: f.stream, quiet });
      expect(bar.active).toBe(false);
      bar.tick();
      bar.update(3, 20);
      bar.stop();
      await new Promise((r) => setImmediate(r));
      expect(f.text()).toBe('');
    }
  });
});
