// compute() (a new output array per call) against computeInto() (a preallocated one) on
// 60 s of audio, for the Keras defaults (fft 2048, hop 512, 128 mels, 16 kHz) and the
// whisper preset (lib/compute-vs-into.mjs): interleaved rounds with gc() before each run,
// then back to back without gc() (a user's loop), with the minor page faults per call.
//
// In a loop compute()'s fresh array is new memory the kernel maps page by page on first
// touch (about 235 faults per MB): glibc's malloc (under Node's ArrayBuffer allocator)
// gives the top of its heap back to the OS once more than its trim threshold is free
// there, and a collected output array of a megabyte or two is just that. So the loops run
// again in a child with MALLOC_TOP_PAD_ set (glibc then keeps that much spare at the top).
// --browser runs the same in headless Chromium (a page cannot count its page faults).
// Pin the Node run to one CPU for stable figures (the child inherits the pinning); leave
// --browser unpinned (pinning the whole browser to one CPU slowed every call about 2x):
//   taskset -c 0 node --expose-gc bench/compute-vs-into.mjs [--runs 21] [--seconds 60]
//   node --expose-gc bench/compute-vs-into.mjs --browser
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { compareCalls, sweepSignal } from './lib/compute-vs-into.mjs';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '21' },
    seconds: { type: 'string', default: '60' },
    browser: { type: 'boolean', default: false },
    // Internal: only the back-to-back loops (the child run under a tuned allocator).
    'loop-only': { type: 'boolean', default: false },
  },
});
const runs = Number(values.runs);
const seconds = Number(values.seconds);

/** glibc keeps this much free at the top of its heap instead of trimming it. */
const topPadBytes = 64 * 2 ** 20;

if (values.browser) {
  const { runInPage } = await import('./browser/run-page.mjs');
  const lines = await runInPage({
    repo: fileURLToPath(new URL('../', import.meta.url)),
    page: 'compute-vs-into.html',
    log: (message) => console.error(message),
    run: (page) => page.evaluate((args) => window.runComparison(args), { seconds, runs }),
  });
  for (const line of lines) console.log(line);
} else {
  if (typeof gc !== 'function') throw new Error('run with node --expose-gc');
  // This checkout's build (node_modules/melspec-wasm may be another checkout's).
  const { MelSpectrogram } = await import('../dist/node.js');
  const padded = process.env.MALLOC_TOP_PAD_;
  await compareCalls({
    MelSpectrogram,
    signal: sweepSignal(seconds),
    seconds,
    runs,
    loopOnly: values['loop-only'],
    label: `Node ${process.version}${padded ? `, MALLOC_TOP_PAD_=${padded}` : ''}`,
    collect: gc,
    pageFaults: () => process.resourceUsage().minorPageFault,
    log: (line) => console.log(line),
  });
  if (!values['loop-only']) {
    console.log(`\nThe loops again in a fresh process with MALLOC_TOP_PAD_=${topPadBytes} (glibc):`);
    const script = fileURLToPath(import.meta.url);
    const child = spawnSync(
      process.execPath,
      [...process.execArgv, script, '--loop-only', '--runs', String(runs), '--seconds', String(seconds)],
      { stdio: 'inherit', env: { ...process.env, MALLOC_TOP_PAD_: String(topPadBytes) } },
    );
    if (child.status !== 0) process.exit(child.status ?? 1);
  }
}
