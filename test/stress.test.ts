// scripts/stress.mjs (`npm run stress`) in a short configuration, with and without
// --inject-leak: the RSS check passes when RSS levels off and fails on a leak of one
// retained result per call/cycle, which grows RSS by the same amount in every phase.
import { execFile } from 'node:child_process';
import { join } from 'node:path';

const script = join(__dirname, '..', 'scripts', 'stress.mjs');
const shortRun = ['4000', '20000']; // calls, cycles: a warm-up of 5000 cycles covers V8's heap sizing

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function stress(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--expose-gc', script, ...args], { encoding: 'utf8' }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

/** The phase 2 trends the script prints, in bytes per call and per cycle. */
function trends(stdout: string): { call: number; cycle: number } {
  const trendOf = (unit: string) => Number(stdout.match(new RegExp(`phase 2 trend (-?\\d+) B/${unit} `))?.[1]);
  return { call: trendOf('call'), cycle: trendOf('cycle') };
}

test('without a leak: the C++ heap and WASM memory stay exact, RSS levels off, exit 0', async () => {
  const run = await stress(...shortRun);
  console.log(run.stdout);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/^stress: flat/m);
  expect(
    run.stdout.match(/C\+\+ heap in use (\d+\.\d+) → (\d+\.\d+) MiB, WASM memory (\d+\.\d+) → (\d+\.\d+) MiB/g),
  ).toHaveLength(2);
  for (const [, heapBefore, heapAfter, wasmBefore, wasmAfter] of run.stdout.matchAll(
    /C\+\+ heap in use (\S+) → (\S+) MiB, WASM memory (\S+) → (\S+) MiB/g,
  )) {
    expect([heapAfter, wasmAfter]).toEqual([heapBefore, wasmBefore]);
  }
  const { call, cycle } = trends(run.stdout);
  expect(call).toBeLessThanOrEqual(512);
  expect(cycle).toBeLessThanOrEqual(1024);
}, 120000);

test('--inject-leak (every result kept): the RSS check fails for calls and cycles, exit 1', async () => {
  const run = await stress(...shortRun, '--inject-leak');
  console.log(run.stdout);
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(
    /^stress: FAILED: calls: RSS still grows by \d+ bytes per call in phase 2 \(bound 512\); cycles: RSS still grows by \d+ bytes per cycle in phase 2 \(bound 1024\)\n$/,
  );
  const { call, cycle } = trends(run.stdout);
  expect(call).toBeGreaterThan(1024); // 16 KiB kept every 10th call
  expect(cycle).toBeGreaterThan(4096); // 4 or 8 KiB kept every cycle
}, 120000);

test('bad arguments and a missing --expose-gc are refused with a message', async () => {
  const bad = await stress('many');
  expect(bad.code).toBe(2);
  expect(bad.stderr).toBe(
    'stress: calls and cycles must be integers ≥ 32; usage: node --expose-gc scripts/stress.mjs [calls] [cycles] [--inject-leak]\n',
  );
  const withoutGc = await new Promise<Run>((resolve) =>
    execFile(process.execPath, [script, ...shortRun], { encoding: 'utf8' }, (error, stdout, stderr) =>
      resolve({ code: Number(error?.code ?? 0), stdout, stderr }),
    ),
  );
  expect(withoutGc.code).toBe(2);
  expect(withoutGc.stderr).toMatch(/^stress: RSS is sampled after a full GC, which needs node's --expose-gc;/);
});
