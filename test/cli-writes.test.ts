// How `melspec` writes its outputs when things go wrong: a full disk (ENOSPC, on a
// small tmpfs), a read-only one (EROFS), SIGINT and SIGTERM mid-batch, a worker thread
// that dies, a reader that closes the pipe (`| head -1`), an output that appears during
// the run, an output that is its own input, and flag values refused before any file is
// read. Every test checks that no `.partial` file remains and that each input has all of
// its outputs or none. The moments between writing a temporary and putting it in place
// are held open by test/helpers/cli-write-hooks.cjs (preloaded into the CLI), so that the
// signals land exactly there, on every run.
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { basename, extname, join } from 'node:path';
import { cliPath, readNpy, repo, runCli, speechWav } from './helpers/cli-inputs';

const work = join(repo, 'build', 'test-output', 'cli-writes');
const hooks = join(repo, 'test', 'helpers', 'cli-write-hooks.cjs');
const speech = readFileSync(speechWav);
let count = 0;
/** A fresh folder per use. */
const fresh = (name: string) => {
  const dir = join(work, `${++count}-${name}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
};

/** `n` copies of the speech file (48 kHz, 1.43 s) under distinct names. */
function speechCopies(dir: string, n: number, prefix = 'take'): string[] {
  return Array.from({ length: n }, (_, i) => {
    const path = join(dir, `${prefix}-${i}.wav`);
    writeFileSync(path, speech);
    return path;
  });
}

const stem = (path: string) => basename(path, extname(path));

function partials(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.partial'));
}

/** Checks that each input has all its outputs or none; returns the stems that have all, sorted. */
function completeStems(out: string, inputs: readonly string[], formats: readonly string[]): string[] {
  const complete: string[] = [];
  for (const input of inputs) {
    const present = formats.filter((format) => existsSync(join(out, `${stem(input)}.${format}`)));
    expect([0, formats.length]).toContain(present.length);
    if (present.length === formats.length) complete.push(stem(input));
  }
  return complete.sort();
}

/** The stems of the inputs that the CLI reported done on stdout ("<input> (1.43 s, ...) → ..."). */
const reportedStems = (stdout: string) =>
  stdout
    .split('\n')
    .filter((line) => line.includes(' → '))
    .map((line) => stem(line.split(' (')[0]))
    .sort();

interface Running {
  child: ChildProcessWithoutNullStreams;
  stdout: string;
  stderr: string;
  ended: boolean;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `melspec` with its output piped; `hold` preloads the hooks with these settings. */
function startCli(args: string[], hold?: Record<string, string>): Running {
  const env = { ...process.env };
  if (hold) {
    env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ''} --require ${hooks}`.trim();
    Object.assign(env, hold);
  }
  const child = spawn(process.execPath, [cliPath, ...args], { cwd: repo, env });
  const running: Running = {
    child,
    stdout: '',
    stderr: '',
    ended: false,
    exit: new Promise((resolve) =>
      child.on('close', (code, signal) => {
        running.ended = true;
        resolve({ code, signal });
      }),
    ),
  };
  child.stdout.setEncoding('utf8').on('data', (text: string) => (running.stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (running.stderr += text));
  return running;
}

/** Waits (polling every 20 ms, 60 s at most) until `condition` holds; fails at once if the CLI ended first. */
async function waitFor(what: string, condition: () => boolean, running: Running): Promise<void> {
  const deadline = Date.now() + 60000;
  while (!condition()) {
    if (running.ended) throw new Error(`the CLI ended before ${what}; stderr: ${running.stderr}`);
    if (Date.now() > deadline) throw new Error(`no ${what} within 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** No stack trace, no internal error. */
function expectNoCrash(stderr: string): void {
  expect(stderr).not.toMatch(/^\s+at /m);
  expect(stderr).not.toMatch(/Error:|internal error|Unhandled/);
}

beforeAll(() => {
  expect(existsSync(cliPath)).toBe(true);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
});

describe('SIGINT and SIGTERM mid-batch: no .partial file, files all or none, 130 / 143 and one line', () => {
  // -j 1 and three outputs per file: the n-th temporary of the run is held, so that the
  // signal comes with (0) the first file's first output half-written; (4) one file done
  // and the next one's first output written, its second half-written; (7) two files done
  // and the third's second output half-written.
  const cases = (['SIGINT', 'SIGTERM'] as const).flatMap((signal) =>
    [0, 4, 7].map((holdAt) => [signal, holdAt] as const),
  );
  test.each(cases)('%s while the temporary number %d is being written', async (signal, holdAt) => {
    const dir = fresh(`${signal}-${holdAt}`);
    const control = fresh(`${signal}-${holdAt}-control`);
    const inputs = speechCopies(dir, 6);
    const out = join(dir, 'out');
    const formats = ['npy', 'json', 'png'];
    const running = startCli([...inputs, '-o', out, '-f', formats.join(','), '-j', '1'], {
      MELSPEC_TEST_HOLD_AT: String(holdAt),
      MELSPEC_TEST_CONTROL: control,
    });
    await waitFor('held temporary', () => existsSync(join(control, 'held')), running);
    expect(partials(out).length).toBeGreaterThan(0);
    running.child.kill(signal);
    const { code } = await running.exit;
    expect(partials(out)).toEqual([]);
    const complete = completeStems(out, inputs, formats);
    expect(complete).toHaveLength(Math.floor(holdAt / 3));
    expect(complete).toEqual(reportedStems(running.stdout));
    expect(code).toBe(signal === 'SIGINT' ? 130 : 143);
    expect(running.stderr).toBe(
      `melspec: ${signal === 'SIGINT' ? 'interrupted' : 'terminated'} (${signal}); the files reported done are complete, the others were not written\n`,
    );
  });

  test.each(['SIGINT', 'SIGTERM'] as const)(
    '%s after the first file is reported, with no hooks, on 2 threads',
    async (signal) => {
      const dir = fresh(`${signal}-plain`);
      const inputs = speechCopies(dir, 12);
      const out = join(dir, 'out');
      const running = startCli([...inputs, '-o', out, '-f', 'npy,json,png', '-j', '2']);
      await waitFor('first file reported', () => running.stdout.includes('\n'), running);
      running.child.kill(signal);
      const { code } = await running.exit;
      expect(partials(out)).toEqual([]);
      expect(code).toBe(signal === 'SIGINT' ? 130 : 143);
      expect(running.stderr.trim().split('\n')).toHaveLength(1);
      const complete = completeStems(out, inputs, ['npy', 'json', 'png']);
      expect(complete).toEqual(reportedStems(running.stdout));
      expect(complete.length).toBeLessThan(12);
    },
  );
});

test('a worker thread that dies while writing: that file fails, its temporaries are removed, the others are complete', async () => {
  const dir = fresh('crash');
  const inputs = speechCopies(dir, 3);
  const out = join(dir, 'out');
  const formats = ['npy', 'json', 'png'];
  // The second file's second output (temporary number 4 of the first thread): the thread exits half-way.
  const running = startCli([...inputs, '-o', out, '-f', formats.join(','), '-j', '1'], { MELSPEC_TEST_CRASH_AT: '4' });
  const { code } = await running.exit;
  expect(code).toBe(1);
  const errors = running.stderr.trim().split('\n');
  expect(errors).toHaveLength(2);
  expect(errors[0]).toMatch(/^melspec: .*take-\d\.wav: worker failed: worker exited with code: 70$/);
  expect(errors[1]).toBe('melspec: 1 of 3 files failed; 2 done');
  expect(partials(out)).toEqual([]);
  const failed = stem(errors[0].replace(/^melspec: /, '').split(': ')[0]);
  const complete = completeStems(out, inputs, formats);
  expect(complete).toEqual(inputs.map(stem).filter((name) => name !== failed));
  expect(complete).toEqual(reportedStems(running.stdout));
});

describe('an output that appears during the run', () => {
  // Held while the n-th temporary is written; then the other program writes `appears`.
  test.each([
    [0, 'long.png'], // the reporter's case: long.npy was kept while long.png "already exists"
    [1, 'long.npy'],
  ])('held at temporary %d, %s appears: nothing of ours is placed, theirs is kept', async (holdAt, appears) => {
    const dir = fresh(`appears-${holdAt}`);
    const control = fresh(`appears-${holdAt}-control`);
    const input = join(dir, 'long.wav');
    writeFileSync(input, speech);
    const out = join(dir, 'out');
    const running = startCli([input, '-o', out, '-f', 'npy,png', '-j', '1'], {
      MELSPEC_TEST_HOLD_AT: String(holdAt),
      MELSPEC_TEST_CONTROL: control,
    });
    await waitFor('held temporary', () => existsSync(join(control, 'held')), running);
    writeFileSync(join(out, appears), 'theirs');
    writeFileSync(join(control, 'release'), '');
    const { code } = await running.exit;
    expect(code).toBe(1);
    expect(running.stderr).toBe(
      `melspec: ${input}: ${join(out, appears)} already exists (use --force to overwrite)\nmelspec: 1 of 1 files failed; 0 done\n`,
    );
    expect(readdirSync(out)).toEqual([appears]);
    expect(readFileSync(join(out, appears), 'utf8')).toBe('theirs');
  });

  test('--force: an output that cannot be placed puts back the file the others replaced', async () => {
    const dir = fresh('force-rollback');
    const control = fresh('force-rollback-control');
    const input = join(dir, 'long.wav');
    writeFileSync(input, speech);
    const out = join(dir, 'out');
    mkdirSync(out);
    writeFileSync(join(out, 'long.npy'), 'earlier result');
    const running = startCli([input, '-o', out, '-f', 'npy,png', '-j', '1', '--force'], {
      MELSPEC_TEST_HOLD_AT: '1',
      MELSPEC_TEST_CONTROL: control,
    });
    await waitFor('held temporary', () => existsSync(join(control, 'held')), running);
    mkdirSync(join(out, 'long.png')); // a folder in the way: the .png cannot be placed
    writeFileSync(join(control, 'release'), '');
    const { code } = await running.exit;
    expect(code).toBe(1);
    expect(running.stderr).toContain(
      `melspec: ${input}: cannot write ${join(out, 'long.png')}: is a directory (EISDIR)`,
    );
    expect(readFileSync(join(out, 'long.npy'), 'utf8')).toBe('earlier result');
    expect(readdirSync(out).sort()).toEqual(['long.npy', 'long.png']);
    expect(readdirSync(join(out, 'long.png'))).toEqual([]);
  });
});

describe('a closed pipe (melspec ... | head -1) ends the CLI quietly with 141', () => {
  test('stdout closed after the first line', async () => {
    const dir = fresh('epipe-stdout');
    const control = fresh('epipe-stdout-control');
    const inputs = speechCopies(dir, 4);
    const out = join(dir, 'out');
    // -f npy: the second file's temporary is held until the reader is gone; its line then fails to go
    // out. (When piscina queued every file, the thread went on to a third one while the CLI stopped,
    // and piscina's 'error' for that late answer made this exit 1 and leave its temporary: run-jobs.ts.)
    const running = startCli([...inputs, '-o', out, '-f', 'npy', '-j', '1'], {
      MELSPEC_TEST_HOLD_AT: '1',
      MELSPEC_TEST_CONTROL: control,
    });
    await waitFor(
      'first line and held temporary',
      () => running.stdout.includes('\n') && existsSync(join(control, 'held')),
      running,
    );
    running.child.stdout.destroy();
    writeFileSync(join(control, 'release'), '');
    const { code, signal } = await running.exit;
    expect({ code, signal }).toEqual({ code: 141, signal: null });
    expect(running.stderr).toBe('');
    expect(partials(out)).toEqual([]);
    // The second file was put in place before its line failed to go out; the others were stopped.
    expect(completeStems(out, inputs, ['npy'])).toHaveLength(2);
  });

  test('without hooks, on 2 threads: no crash, no stack trace', async () => {
    const dir = fresh('epipe-plain');
    const inputs = speechCopies(dir, 8);
    const out = join(dir, 'out');
    const running = startCli([...inputs, '-o', out, '-f', 'npy,png', '-j', '2']);
    await waitFor('first line', () => running.stdout.includes('\n'), running);
    running.child.stdout.destroy();
    const { code } = await running.exit;
    expect(code).toBe(141);
    expectNoCrash(running.stderr);
    expect(running.stderr).toBe('');
    expect(partials(out)).toEqual([]);
    completeStems(out, inputs, ['npy', 'png']);
  });

  test('stderr closed: the failure that cannot be shown ends the run quietly', async () => {
    const dir = fresh('epipe-stderr');
    const [input] = speechCopies(dir, 1);
    const out = join(dir, 'out');
    const running = startCli([input, join(dir, 'missing.wav'), '-o', out, '-f', 'npy', '-j', '1']);
    running.child.stderr.destroy();
    const { code } = await running.exit;
    expect(code).toBe(141);
    expect(partials(out)).toEqual([]);
    expect(readNpy(join(out, 'take-0.npy')).shape).toEqual([128, 134]);
  });
});

describe('an output never replaces its input, even with --force: exit 2, both paths named, nothing touched', () => {
  /** `kept`: the input's path and bytes, checked first (the old CLI replaced them with --force). */
  const expectRefused = (run: ReturnType<typeof runCli>, output: string, input: string, kept: string) => {
    expect(readFileSync(kept).equals(speech)).toBe(true);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `melspec: the output ${output} is the input ${input}${output === input ? '' : ' (the same file)'}: an output never replaces an input, even with --force; choose another --out-dir or --format\n`,
    );
  };

  test.each([[['--force']], [[]]])('an audio file named self.npy, -f npy in its own folder %j', (flags) => {
    const dir = fresh('self');
    const input = join(dir, 'self.npy');
    writeFileSync(input, speech);
    expectRefused(runCli([input, '-o', dir, '-f', 'npy', ...flags]), input, input, input);
    expect(readdirSync(dir)).toEqual(['self.npy']);
  });

  test('through a symlinked --out-dir', () => {
    const dir = fresh('self-linked-dir');
    const input = join(dir, 'take.png');
    writeFileSync(input, speech);
    const alias = join(work, `${count}-alias`);
    rmSync(alias, { force: true });
    symlinkSync(dir, alias);
    expectRefused(runCli([input, '-o', alias, '-f', 'npy,png', '--force']), join(alias, 'take.png'), input, input);
    expect(readdirSync(dir)).toEqual(['take.png']);
  });

  test('an input that is a symlink to the output', () => {
    const dir = fresh('self-linked-input');
    const out = join(dir, 'out');
    mkdirSync(out);
    const target = join(out, 'clip.json');
    writeFileSync(target, speech);
    const input = join(dir, 'clip.json');
    symlinkSync(target, input);
    expectRefused(runCli([input, '-o', out, '-f', 'json', '--force']), target, input, target);
  });

  test('another input of the same run', () => {
    const dir = fresh('other-input');
    const [first] = speechCopies(dir, 1, 'clip');
    // clip-0.wav and clip-0.flac share a name but for the extension: clip-0.wav.npy, which is an input.
    const sameName = join(dir, 'clip-0.flac');
    const second = join(dir, 'clip-0.wav.npy');
    copyFileSync(speechWav, sameName);
    copyFileSync(speechWav, second);
    expectRefused(runCli([first, sameName, second, '-o', dir, '-f', 'npy', '--force']), second, second, second);
    expect(readdirSync(dir).sort()).toEqual(['clip-0.flac', 'clip-0.wav', 'clip-0.wav.npy']);
  });

  test('an input named like another input’s output keeps its extension and is not replaced', () => {
    const dir = fresh('output-named-input');
    const [first] = speechCopies(dir, 1, 'clip');
    // clip-0.wav would write clip-0.npy, an input: both share the name clip-0, so both keep their extensions.
    const second = join(dir, 'clip-0.npy');
    copyFileSync(speechWav, second);
    const run = runCli([first, second, '-o', dir, '-f', 'npy', '--force', '-q']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(readFileSync(second).equals(speech)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['clip-0.npy', 'clip-0.npy.npy', 'clip-0.wav', 'clip-0.wav.npy']);
  });
});

describe('flag values refused before any file is read (exit 2)', () => {
  // A missing input proves it: the flag's error, not "file not found".
  test.each(['192001', '0', '-8000'])('--sample-rate %s: the resampler takes 1 to 192000 Hz', (rate) => {
    const dir = fresh('rate');
    const out = join(dir, 'out');
    const run = runCli([join(dir, 'missing.wav'), '--sample-rate', rate, '-o', out]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`melspec: --sample-rate: expected 1 to 192000 Hz (the resampler's range), got ${rate}\n`);
    expect(run.stdout).toBe('');
    expect(existsSync(out)).toBe(false);
  });

  test('--sample-rate 192000, the resampler’s top, works', () => {
    const dir = fresh('rate-top');
    const out = join(dir, 'out');
    const run = runCli([speechWav, '--sample-rate', '192000', '-o', out, '-f', 'npy']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('48000 → 192000 Hz');
    // 1.43 s at 192 kHz: 274180 samples, hop 512, centred: 1 + floor(274180 / 512) frames.
    expect(readNpy(join(out, 'Front_Center.npy')).shape).toEqual([128, 1 + Math.floor(274180 / 512)]);
  });
});

// ENOSPC and EROFS on real file systems: tmpfs mounts need root (CAP_SYS_ADMIN).
function mountProblem(): string | null {
  if (process.getuid?.() !== 0) return 'not running as root';
  const probe = join(work, 'mount-probe');
  mkdirSync(probe, { recursive: true });
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], { encoding: 'utf8' });
  if (mounted.status !== 0) return `mount -t tmpfs failed: ${(mounted.stderr || String(mounted.error)).trim()}`;
  spawnSync('umount', [probe]);
  return null;
}

/** Mounts a tmpfs at `dir` with `options`, runs `body`, unmounts whatever happens. */
async function onTmpfs(dir: string, options: string, body: () => Promise<void> | void): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { encoding: 'utf8' });
  expect(mounted.stderr).toBe('');
  expect(mounted.status).toBe(0);
  try {
    await body();
  } finally {
    if (spawnSync('umount', [dir]).status !== 0) spawnSync('umount', ['-l', dir]);
  }
}

describe('full and read-only file systems', () => {
  const problem = mountProblem();
  const onMounts = problem ? test.skip : test;
  if (problem) console.log(`cli-writes: skipping the ENOSPC and EROFS tests (they mount a tmpfs): ${problem}`);

  onMounts(
    'ENOSPC on a 1 MiB tmpfs: the files that fit are complete, the others fail by name, no .partial',
    async () => {
      const dir = fresh('enospc');
      const inputs = speechCopies(dir, 6);
      const out = join(dir, 'out');
      await onTmpfs(out, 'size=1m', async () => {
        // Each file's outputs take 402 KB (npy 68 736 + json 334 290 bytes): two fit, six do not.
        const run = runCli([...inputs, '-o', out, '-f', 'npy,json', '-j', '2']);
        expect(partials(out)).toEqual([]);
        expect(run.status).toBe(1);
        expectNoCrash(run.stderr);
        const errors = run.stderr.trim().split('\n');
        const failed = errors.slice(0, -1);
        expect(failed.length).toBeGreaterThanOrEqual(4);
        for (const line of failed)
          expect(line).toMatch(
            /^melspec: .*take-\d\.wav: cannot write .*take-\d\.(npy|json): no space left on device \(ENOSPC\)$/,
          );
        expect(errors.at(-1)).toBe(`melspec: ${failed.length} of 6 files failed; ${6 - failed.length} done`);
        const complete = completeStems(out, inputs, ['npy', 'json']);
        expect(complete).toHaveLength(6 - failed.length);
        expect(complete).toEqual(reportedStems(run.stdout));
        expect(readdirSync(out)).toHaveLength(2 * complete.length);
        console.log(
          `ENOSPC on 1 MiB: ${complete.length} of 6 files complete, ${failed.length} failed, 0 .partial files`,
        );
      });
    },
  );

  onMounts('EROFS: a read-only --out-dir is a usage error before any file is read', async () => {
    const dir = fresh('erofs');
    const inputs = speechCopies(dir, 3);
    const out = join(dir, 'out');
    await onTmpfs(out, 'ro,size=1m', () => {
      const run = runCli([...inputs, '-o', out, '-f', 'npy,json']);
      expect(run.status).toBe(2);
      expect(run.stderr).toBe(`melspec: --out-dir ${out}: cannot write there: read-only file system (EROFS)\n`);
      expect(readdirSync(out)).toEqual([]);
    });
  });
});

afterAll(() => {
  // Outputs are kept for inspection (build/ is ignored), but no temporaries anywhere.
  expect(partials(work)).toEqual([]);
});
