// Vitest reporter that ends the output with the plain line "N passed, N failed[, N skipped]".
// Printed from process 'exit' so it comes after everything else (coverage tables included).
import { writeSync } from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';

export default class PassFailReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, errors: ReadonlyArray<unknown>) {
    let passed = 0;
    let failed = errors.length;
    let skipped = 0;
    for (const m of modules) {
      const tests = [...m.children.allTests()];
      if (tests.length === 0 && m.state() === 'failed') failed++; // file failed to load
      for (const t of tests) {
        const s = t.result().state;
        if (s === 'passed') passed++;
        else if (s === 'failed') failed++;
        else skipped++;
      }
    }
    const line = `\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`;
    process.once('exit', () => writeSync(1, line));
  }
}
