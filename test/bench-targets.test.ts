// bench/lib/targets.mjs: issue 14's speed targets judged from one run's results, as `npm run bench`
// prints them at its end. Synthetic results with figures on both sides of each bound.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..');

interface TargetRow {
  target: string;
  measured: number | null;
  status: 'met' | 'missed' | 'not measured';
  note?: string;
  context?: string;
}

/** nodeTargets / browserTargets of `results`, evaluated in a child (the bench is ES modules). */
function judge(kind: 'nodeTargets' | 'browserTargets', results: unknown): TargetRow[] {
  const script = `
    const targets = await import(${JSON.stringify(join(root, 'bench/lib/targets.mjs'))});
    console.log(JSON.stringify(targets.${kind}(${JSON.stringify(results)})));
  `;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }));
}

const config = (medians: Record<string, number>) => ({
  systems: Object.entries(medians).map(([name, median]) => ({ name, ms: { median } })),
});
const status = (rows: TargetRow[], start: string) => {
  const row = rows.find((r) => r.target.startsWith(start));
  if (!row) throw new Error(`no target starting with ${start}`);
  return [row.status, row.measured === null ? null : Number(row.measured.toFixed(3))];
};

test('Node targets: each ratio against its bound, the cold start, the pool on 10 minutes', () => {
  const rows = judge('nodeTargets', {
    configs: {
      keras: config({ 'melspec-wasm': 5, 'native-fftw': 4, 'transformers.js': 130, 'pffft-wasm': 24 }),
      whisper: config({ 'melspec-wasm': 4.5, 'native-fftw': 4, 'transformers.js': 269.1 }),
    },
    coldStart: [
      { name: 'node (baseline: reads the input only)' },
      { name: 'melspec-wasm', coldStartMs: { median: 19.9 } },
    ],
    scaling: {
      seconds: 600,
      results: {
        keras: [
          { threads: 0, speedup: 1 },
          { threads: 1, speedup: 0.98 },
          { threads: 2, speedup: 1.61 },
        ],
        whisper: [
          { threads: 0, speedup: 1 },
          // The machine's ceiling (two threads apart) is not the pool, wherever it is listed.
          { threads: 2, ceiling: true, speedup: 1.84 },
          { threads: 2, speedup: 1.59 },
        ],
      },
    },
  });
  expect(rows).toHaveLength(8);
  expect(status(rows, 'Keras default: ours ≤ 1.3×')).toEqual(['met', 1.25]);
  expect(status(rows, 'Keras default: transformers.js')).toEqual(['met', 26]);
  expect(status(rows, 'Keras default: pffft')).toEqual(['missed', 4.8]);
  expect(status(rows, 'Whisper-like: ours ≤ 1.1×')).toEqual(['missed', 1.125]);
  expect(status(rows, 'Whisper-like: transformers.js')).toEqual(['missed', 59.8]);
  expect(status(rows, 'cold start')).toEqual(['met', 19.9]);
  expect(status(rows, 'Keras default: pool')).toEqual(['met', 1.61]);
  expect(status(rows, 'Whisper-like: pool')).toEqual(['missed', 1.59]);
  // The ceiling comes with the pool's figure as context, and only where it was measured.
  const context = (start: string) => rows.find((r) => r.target.startsWith(start))?.context;
  expect(context('Whisper-like: pool')).toBe('two threads apart: 1.84× in the same rounds');
  expect(context('Keras default: pool')).toBeUndefined();
});

test('Node targets: what the run lacks is not measured, never met', () => {
  const rows = judge('nodeTargets', {
    configs: { keras: config({ 'melspec-wasm': 5, 'transformers.js': 200 }) },
    coldStart: [],
    scaling: { seconds: 60, results: { keras: [{ threads: 2, speedup: 1.9 }] } },
  });
  expect(status(rows, 'Keras default: ours ≤ 1.3×')).toEqual(['not measured', null]); // no native FFTW
  expect(status(rows, 'Keras default: transformers.js')).toEqual(['met', 40]);
  expect(status(rows, 'Whisper-like: transformers.js')).toEqual(['not measured', null]);
  expect(status(rows, 'cold start')).toEqual(['not measured', null]);
  // A pool measured on 60 s does not count for the target on 10 minutes, and says so.
  const pool = rows.find((r) => r.target.startsWith('Keras default: pool'));
  expect(pool?.status).toBe('not measured');
  expect(pool?.note).toBe("this run's pool is on 60 s of audio, the target on 10 minutes");
});

test('Node targets: the cold start on every Node line the run measured, each judged', () => {
  const rows = judge('nodeTargets', {
    configs: {},
    coldStart: [
      { name: 'node (baseline: reads the input only)' },
      { name: 'melspec-wasm', node: 'v20.20.2', coldStartMs: { median: 30.2 } },
      { name: 'melspec-wasm (Node v22.23.5)', node: 'v22.23.5', coldStartMs: { median: 19.4 } },
      { name: 'melspec-wasm (Node v24.22.3)', node: 'v24.22.3', coldStartMs: { median: 20.1 } },
      { name: 'pffft-wasm', node: 'v20.20.2', coldStartMs: { median: 12 } }, // a peer's: not a target
    ],
  });
  const coldStarts = rows.filter((r) => r.target.startsWith('cold start'));
  expect(coldStarts.map((r) => [r.target, r.status, r.measured])).toEqual([
    ['cold start (import + first create) ≤ 20 ms, Node v20.20.2', 'missed', 30.2],
    ['cold start (import + first create) ≤ 20 ms, Node v22.23.5', 'met', 19.4],
    ['cold start (import + first create) ≤ 20 ms, Node v24.22.3', 'missed', 20.1],
  ]);
});

test('Chromium targets: the two ratios and the first compute of a fresh page against a warm one', () => {
  const rows = judge('browserTargets', {
    configs: { keras: config({ 'melspec-wasm': 6, 'transformers.js': 149.4, 'pffft-wasm': 30 }) },
    coldStart: [{ name: 'melspec-wasm', firstComputeMs: 5, warmMs: 2.5 }],
  });
  expect(rows.map((r) => [r.status, r.measured === null ? null : Number(r.measured.toFixed(3))])).toEqual([
    ['missed', 24.9],
    ['met', 5],
    ['met', 2],
  ]);
});

test('a run on another length than the targets judges none of the speed ratios (the quick run)', () => {
  const quick = {
    configs: { keras: config({ 'melspec-wasm': 0.5, 'native-fftw': 0.45, 'transformers.js': 50, 'pffft-wasm': 5 }) },
    seconds: 2,
  };
  const node = judge('nodeTargets', quick);
  expect(status(node, 'Keras default: ours ≤ 1.3×')).toEqual(['not measured', 1.111]);
  expect(status(node, 'Keras default: transformers.js')).toEqual(['not measured', 100]);
  expect(node.find((r) => r.target.startsWith('Keras default: pffft'))?.note).toBe(
    'this run is on 2 s of audio, the target on 60 s',
  );
  const browser = judge('browserTargets', quick);
  expect(browser.slice(0, 2).map((r) => r.status)).toEqual(['not measured', 'not measured']);
});

test('a missed target never prints as its bound: more decimals where two would round onto it', () => {
  const script = `
    const { nodeTargets, formatMeasured } = await import(${JSON.stringify(join(root, 'bench/lib/targets.mjs'))});
    const rows = nodeTargets(${JSON.stringify({
      configs: {
        keras: config({ 'melspec-wasm': 5.2, 'native-fftw': 4, 'transformers.js': 129.98, 'pffft-wasm': 26 }),
        whisper: config({ 'melspec-wasm': 4.4037, 'native-fftw': 4, 'transformers.js': 264.2 }),
      },
      coldStart: [{ name: 'melspec-wasm', coldStartMs: { median: 20.04 } }],
    })});
    console.log(JSON.stringify(rows.map((row) => [row.status, formatMeasured(row)])));
  `;
  const printed = JSON.parse(
    execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }),
  );
  expect(printed).toEqual([
    ['met', '1.30×'], // exactly on the bound: met, two decimals
    ['missed', '24.996×'],
    ['met', '5.00×'],
    ['missed', '1.101×'],
    ['missed', '59.995×'],
    ['missed', '20.04 ms'],
    ['not measured', '-'], // no pool in these results
    ['not measured', '-'],
  ]);
});
