/**
 * Outputs in hostile places through the built CLI (issue 21 items 2, 3, 4, 8 and the CLI "Low" items; issue 19
 * items 10-11): devices, FIFOs, /dev/stdout and symlinks are written through, never replaced; no output may overwrite
 * any input of the command; a closed stdout ends quietly; unknown extensions and unwritable folders are one line
 * with exit 2, a full disk exit 1; a failing output writes no other output; control characters never reach the
 * terminal raw.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, run, tempDir, writeTemp } from './helpers.js';

const dir = tempDir();
const rows = Array.from({ length: 40 }, (_, i) => `${(i % 2) * 10 + (i % 7) * 0.1},${(i % 3) * 0.2 + (i % 2) * 5}`);
const csv = writeTemp(dir, 'd.csv', `x,y\n${rows.join('\n')}\n`);
const KM = ['-k', '2', '--seed', '1'];

/** Exactly one line on stderr, starting with the CLI's prefix. */
function oneLineError(stderr: string): string {
  const lines = stderr.trimEnd().split('\n');
  expect(lines, stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^clusterkit: error: /);
  return lines[0];
}

/** Whether `s` holds a control character other than a newline or tab. */
function hasControl(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 32 && c !== 10 && c !== 9) || (c >= 0x7f && c <= 0x9f)) return true;
  }
  return false;
}

function sh(script: string): { code: number; stdout: string; stderr: string } {
  const r = spawnSync('bash', ['-c', script], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('outputs to non-regular files (item 2)', () => {
  it('--out - writes the label table to stdout and nothing else', () => {
    const r = run(['kmeans', csv, ...KM, '--out', '-']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('label');
    expect(lines).toHaveLength(41);
    expect(lines.slice(1).every((l) => l === '0' || l === '1')).toBe(true);
  });

  it('--out /dev/stdout writes through to stdout (was: a rename over the device)', () => {
    const r = run(['kmeans', csv, ...KM, '--quiet', '--out', '/dev/stdout']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(41);
  });

  it('--out to a FIFO writes through to the reader and leaves the FIFO a FIFO', () => {
    const d = tempDir();
    const fifo = join(d, 'pipe');
    const got = join(d, 'got.csv');
    const r = sh(
      `mkfifo '${fifo}' && (cat '${fifo}' > '${got}' &) && '${process.execPath}' '${CLI}' kmeans '${csv}' -k 2 --seed 1 --quiet --out '${fifo}'; s=$?; wait; echo "exit=$s"`,
    );
    expect(r.stdout.trim()).toBe('exit=0');
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    // The reader may still be draining: wait for it a little.
    for (let t = 0; t < 50 && readFileSync(got, 'utf8').split('\n').length < 42; t++) spawnSync('sleep', ['0.1']);
    expect(readFileSync(got, 'utf8').trim().split('\n')).toHaveLength(41);
    expect(readdirSync(d).sort()).toEqual(['got.csv', 'pipe']); // no temporary file left beside it
  });

  it('--out to a symlink replaces the file it points to and keeps the link', () => {
    const d = tempDir();
    const target = writeTemp(d, 'real.csv', 'old\n');
    const link = join(d, 'link.csv');
    symlinkSync(target, link);
    const r = run(['kmeans', csv, ...KM, '--quiet', '--out', link]);
    expect(r.code, r.stderr).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(target);
    expect(readFileSync(target, 'utf8').split('\n')[0]).toBe('label');
  });

  it('predict MODEL - reads the data from stdin', () => {
    const d = tempDir();
    const model = join(d, 'm.json');
    expect(run(['kmeans', csv, ...KM, '--quiet', '--save', model]).code).toBe(0);
    const r = run(['predict', model, '-', '--out', '-'], readFileSync(csv, 'utf8'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(41);
  });
});

describe('one guard for every input (item 3)', () => {
  it('--out naming the --init file is refused, and the file is unchanged', () => {
    const d = tempDir();
    const init = writeTemp(d, 'init.csv', 'x,y\n0,0\n10,5\n');
    const r = run(['kmeans', csv, '-k', '2', '--init', init, '--out', init]);
    expect(r.code).toBe(2);
    expect(oneLineError(r.stderr)).toMatch(/Refusing to overwrite the --init file .*init\.csv with --out/);
    expect(readFileSync(init, 'utf8')).toBe('x,y\n0,0\n10,5\n');
  });

  it('--save naming the data file through a symlink is refused', () => {
    const d = tempDir();
    const link = join(d, 'alias.json');
    symlinkSync(csv, link);
    const before = readFileSync(csv, 'utf8');
    const r = run(['kmeans', csv, ...KM, '--save', link]);
    expect(r.code).toBe(2);
    expect(oneLineError(r.stderr)).toMatch(/Refusing to overwrite the input file/);
    expect(readFileSync(csv, 'utf8')).toBe(before);
  });

  it('--out and --save naming the same file is refused and writes neither', () => {
    const d = tempDir();
    const same = join(d, 'same.json');
    const r = run(['kmeans', csv, ...KM, '--out', same, '--save', same]);
    expect(r.code).toBe(2);
    expect(oneLineError(r.stderr)).toMatch(/--out and --save both name .*same\.json/);
    expect(existsSync(same)).toBe(false);
  });

  it('evaluate --plot naming the --labels file is refused, and the labels are unchanged', () => {
    const d = tempDir();
    const text = `label\n${rows.map((_, i) => i % 2).join('\n')}\n`;
    const labels = writeTemp(d, 'l.svg', text);
    const r = run(['evaluate', csv, '--labels', labels, '--plot', labels]);
    expect(r.code).toBe(2);
    expect(oneLineError(r.stderr)).toMatch(/Refusing to overwrite the --labels file .*l\.svg with --plot/);
    expect(readFileSync(labels, 'utf8')).toBe(text);
  });
});

describe('minibatch-kmeans --stream goes through the same output guard (issue 21 follow-up)', () => {
  const S = ['minibatch-kmeans', csv, '-k', '2', '--seed', '1', '--stream', '--chunk-size', '7'];

  it('--stream --out naming the --init file is refused before any work, and the file is unchanged', () => {
    const d = tempDir();
    const init = writeTemp(d, 'init.csv', 'x,y\n0,0\n10,5\n');
    const r = run([...S, '--init', init, '--out', init]);
    expect(r.code).toBe(2);
    expect(oneLineError(r.stderr)).toMatch(/Refusing to overwrite the --init file .*init\.csv with --out/);
    expect(readFileSync(init, 'utf8')).toBe('x,y\n0,0\n10,5\n');
    expect(readdirSync(d)).toEqual(['init.csv']);
  });

  it('--stream --out naming the input is refused, and the input is unchanged', () => {
    const before = readFileSync(csv, 'utf8');
    const r = run([...S, '--out', csv]);
    expect(r.code).toBe(2);
    expect(oneLineError(r.stderr)).toMatch(/Refusing to overwrite the input file .*d\.csv with --out/);
    expect(readFileSync(csv, 'utf8')).toBe(before);
  });

  it('--stream --out and --save naming one file: exit 2, neither written, no temporary file', () => {
    const d = tempDir();
    const same = join(d, 'same.csv');
    const r = run([...S, '--out', same, '--save', same]);
    expect(r.code).toBe(2);
    expect(oneLineError(r.stderr)).toMatch(/--out and --save both name .*same\.csv/);
    expect(readdirSync(d)).toEqual([]);
  });

  it('--stream --out - writes the labels to stdout, and no file named "-"', () => {
    const d = tempDir();
    const r = spawnSync(process.execPath, [CLI, ...S, '--out', '-'], { cwd: d, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('label');
    expect(lines).toHaveLength(41);
    expect(readdirSync(d)).toEqual([]);
  });

  it('--stream --out to a FIFO writes through and leaves it a FIFO; a symlink stays a link', () => {
    const d = tempDir();
    const fifo = join(d, 'pipe');
    const got = join(d, 'got.csv');
    const r = sh(
      // the reader gives up after 20 s, so a FIFO replaced by a file fails the test instead of hanging it
      `mkfifo '${fifo}' && (timeout 20 cat '${fifo}' > '${got}' &) && '${process.execPath}' '${CLI}' ${S.join(' ')} --quiet --out '${fifo}'; s=$?; wait; echo "exit=$s"`,
    );
    expect(r.stdout.trim()).toBe('exit=0');
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    for (let t = 0; t < 50 && readFileSync(got, 'utf8').split('\n').length < 42; t++) spawnSync('sleep', ['0.1']);
    expect(readFileSync(got, 'utf8').trim().split('\n')).toHaveLength(41);
    const target = writeTemp(d, 'target.csv', 'old\n');
    const link = join(d, 'link.csv');
    symlinkSync(target, link);
    expect(run([...S, '--quiet', '--out', link]).code).toBe(0);
    expect(readlinkSync(link)).toBe(target);
    expect(readFileSync(target, 'utf8').split('\n')[0]).toBe('label');
    expect(readdirSync(d).sort()).toEqual(['got.csv', 'link.csv', 'pipe', 'target.csv']);
  });

  it('--stream failing part-way leaves no --out file and no temporary file; --out .json is refused', () => {
    const d = tempDir();
    const bad = writeTemp(d, 'bad.csv', `x,y\n${rows.join('\n')}\n1,oops\n`);
    const out = join(d, 'labels.csv');
    const r = run(['minibatch-kmeans', bad, '-k', '2', '--stream', '--chunk-size', '7', '--out', out]);
    expect(r.code).toBe(2);
    expect(oneLineError(r.stderr)).toMatch(/line 42, column 2 \(y\) is "oops"/);
    expect(readdirSync(d)).toEqual(['bad.csv']);
    const j = run([...S, '--out', join(d, 'labels.json')]);
    expect(j.code).toBe(2);
    expect(oneLineError(j.stderr)).toMatch(/cannot write \.json files; use one of \.csv, \.tsv/);
  });
});

describe('--stream on a one-column CSV with an empty cell (issue 21 Low item)', () => {
  it('warns that it skipped the blank line, as the whole-file reader does (was: dropped silently)', () => {
    const d = tempDir();
    const one = writeTemp(d, 'one.csv', 'x\n1\n2\n\n4\n5\n\n');
    const whole = run(['minibatch-kmeans', one, '-k', '2', '--seed', '1']);
    const streamed = run(['minibatch-kmeans', one, '-k', '2', '--seed', '1', '--stream']);
    expect(whole.code).toBe(0);
    expect(streamed.code).toBe(0);
    const warning = /^clusterkit: warning: skipped 1 blank line\(s\) between the rows of a one-column file \(line 4\)/m;
    expect(whole.stderr).toMatch(warning);
    expect(streamed.stderr).toMatch(warning);
    expect(run(['minibatch-kmeans', one, '-k', '2', '--stream', '--quiet']).stderr).toBe('');
    const drop = run(['minibatch-kmeans', one, '-k', '2', '--stream', '--drop-missing']);
    expect(drop.code).toBe(2);
    expect(oneLineError(drop.stderr)).toMatch(/--drop-missing is not available with --stream/);
  });
});

describe('closed stdout (item 4)', () => {
  it('kmeans --out - | head -c 5: exit 0, nothing on stderr', () => {
    const d = tempDir();
    const big = writeTemp(
      d,
      'big.csv',
      `x\n${Array.from({ length: 60000 }, (_, i) => (i % 2) * 100 + (i % 13)).join('\n')}\n`,
    );
    const r = sh(
      `'${process.execPath}' '${CLI}' kmeans '${big}' -k 2 --seed 1 --out - 2>'${d}/err' | head -c 5 >/dev/null; echo "\${PIPESTATUS[0]}"`,
    );
    expect(r.stdout.trim()).toBe('0');
    expect(readFileSync(join(d, 'err'), 'utf8')).toBe('');
  });
});

describe('demo --out-dir (item 8)', () => {
  it('a file in the way is exit 2 with one line naming the folder', () => {
    const d = tempDir();
    const file = writeTemp(d, 'afile', 'x');
    const r = run(['demo', '--out-dir', file]);
    expect(r.code).toBe(2);
    expect(oneLineError(r.stderr)).toMatch(/--out-dir .*afile: cannot create the folder: .*is a file/);
    const r2 = run(['demo', '--out-dir', join(file, 'sub')]);
    expect(r2.code).toBe(2);
    oneLineError(r2.stderr);
  });
});

describe('unknown extensions, missing folders, full disks (Low items; issue 19 items 10-11)', () => {
  it('--out x.xlsx is exit 2 naming the supported extensions', () => {
    const d = tempDir();
    const r = run(['kmeans', csv, ...KM, '--out', join(d, 'x.xlsx')]);
    expect(r.code).toBe(2);
    expect(oneLineError(r.stderr)).toMatch(/\.xlsx.*\.csv, \.tsv, \.json, \.ndjson, \.npy or \.parquet/);
    expect(readdirSync(d)).toEqual([]);
  });

  it('--plot out.jpg is exit 2 naming .svg and .png, and the --out and --save files are not written', () => {
    const d = tempDir();
    const r = run([
      'kmeans',
      csv,
      ...KM,
      '--out',
      join(d, 'labels.csv'),
      '--save',
      join(d, 'm.json'),
      '--plot',
      join(d, 'out.jpg'),
    ]);
    expect(r.code).toBe(2);
    expect(oneLineError(r.stderr)).toMatch(/--plot .*out\.jpg: cannot write \.jpg files; use one of \.svg, \.png/);
    expect(readdirSync(d)).toEqual([]);
  });

  it('a missing output folder is named (not a temporary file)', () => {
    const d = tempDir();
    const r = run(['kmeans', csv, ...KM, '--out', join(d, 'nope', 'labels.csv')]);
    expect(r.code).toBe(2);
    const line = oneLineError(r.stderr);
    expect(line).toMatch(/the folder .*nope does not exist; create it first/);
    expect(line).not.toMatch(/\.tmp/);
  });

  it.runIf(existsSync('/dev/full'))('a full disk (/dev/full) is exit 1 with one line, not a usage error', () => {
    const r = run(['kmeans', csv, ...KM, '--quiet', '--out', '/dev/full']);
    expect(r.code).toBe(1);
    expect(oneLineError(r.stderr)).toMatch(/no space left on device \(ENOSPC\)/);
    expect(statSync('/dev/full').isCharacterDevice()).toBe(true);
  });

  it('--out /dev/null leaves /dev/null a character device', () => {
    const r = run(['kmeans', csv, ...KM, '--quiet', '--out', '/dev/null']);
    expect(r.code, r.stderr).toBe(0);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  });
});

describe('terminal-safe messages (Low item)', () => {
  it('ESC/OSC sequences and line breaks from arguments and files are escaped on stderr', () => {
    const r = run(['kmeans', '/nonexistent/\u001b]0;pwned\u0007\nclusterkit: forged.csv', ...KM]);
    expect(r.code).toBe(2);
    expect(hasControl(r.stderr)).toBe(false);
    expect(oneLineError(r.stderr)).toMatch(/\\x1b\]0;pwned\\x07 clusterkit: forged\.csv/);
    const c = run(['kmeans', csv, ...KM, '--columns', 'x,\u001b[2J\nclusterkit: forged']);
    expect(c.code).toBe(2);
    expect(hasControl(c.stderr)).toBe(false);
    oneLineError(c.stderr);
    const d = tempDir();
    const evil = writeTemp(d, 'evil.csv', `x,y\n1,2\n3,"\u001b[2J\r4"\n`);
    const r2 = run(['kmeans', evil, '-k', '1']);
    expect(r2.code).toBe(2);
    expect(hasControl(r2.stderr)).toBe(false);
    expect(oneLineError(r2.stderr)).toMatch(/Line 3, column 2/);
  });
});

describe('CSV dialects through the CLI (issue 19 item 11)', () => {
  it('a semicolon file with --decimal , clusters like the same data with points', () => {
    const d = tempDir();
    // rows are "a,b" with '.' decimals: the same numbers as "a;b" with ',' decimals.
    const semi = writeTemp(
      d,
      's.csv',
      `x;y\n${rows
        .map((r) =>
          r
            .split(',')
            .map((c) => c.replace('.', ','))
            .join(';'),
        )
        .join('\n')}\n`,
    );
    const a = run(['kmeans', semi, ...KM, '--decimal', ',', '--json']);
    const b = run(['kmeans', csv, ...KM, '--json']);
    expect(a.code, a.stderr).toBe(0);
    expect(JSON.parse(a.stdout).labels).toEqual(JSON.parse(b.stdout).labels);
  });

  it('a one-column file with a blank line between rows warns with the line number', () => {
    const d = tempDir();
    const f = writeTemp(d, 'one.csv', 'x\n1\n2\n\n10\n11\n');
    const r = run(['kmeans', f, '-k', '2', '--seed', '1']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: skipped 1 blank line\(s\) .*line 4/);
  });
});
