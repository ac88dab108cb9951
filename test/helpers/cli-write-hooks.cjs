// Preloaded into the `melspec` CLI by test/cli-writes.test.ts (NODE_OPTIONS=--require,
// which Node also runs in each worker thread): it makes the moments between writing a
// temporary file and putting it in place last as long as a test needs, without any
// change to the CLI. It wraps fs.writeFileSync for paths ending in `.partial`: the
// first half of the bytes is written, then
//   MELSPEC_TEST_HOLD_AT=n   (with MELSPEC_TEST_CONTROL=dir) the n-th such write of a
//                            thread (0-based) creates dir/held and waits for dir/release
//                            (60 s at most) before writing the rest;
//   MELSPEC_TEST_CRASH_AT=n  the n-th such write of a thread ends that worker thread
//                            (process.exit in a worker stops the thread, not the process).
// Counts are per thread: tests run the CLI with -j 1 so that they are deterministic.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { syncBuiltinESMExports } = require('node:module');

const holdAt = process.env.MELSPEC_TEST_HOLD_AT === undefined ? -1 : Number(process.env.MELSPEC_TEST_HOLD_AT);
const crashAt = process.env.MELSPEC_TEST_CRASH_AT === undefined ? -1 : Number(process.env.MELSPEC_TEST_CRASH_AT);
const control = process.env.MELSPEC_TEST_CONTROL;
const writeFileSync = fs.writeFileSync;
let partialWrites = 0;

function waitForRelease() {
  fs.writeFileSync(path.join(control, 'held'), String(process.pid));
  const release = path.join(control, 'release');
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let waited = 0; waited < 60000 && !fs.existsSync(release); waited += 10) Atomics.wait(pause, 0, 0, 10);
}

fs.writeFileSync = function writeFileSyncWithHooks(file, data, options) {
  if (typeof file !== 'string' || !file.endsWith('.partial')) return writeFileSync.call(this, file, data, options);
  const index = partialWrites++;
  const bytes =
    typeof data === 'string' ? Buffer.from(data) : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const half = bytes.length >> 1;
  const fd = fs.openSync(file, (options && typeof options === 'object' && options.flag) || 'w');
  try {
    fs.writeSync(fd, bytes, 0, half);
    if (index === crashAt) process.exit(70);
    if (index === holdAt) waitForRelease();
    fs.writeSync(fd, bytes, half, bytes.length - half);
  } finally {
    fs.closeSync(fd);
  }
};
// The CLI is ESM: its `import { writeFileSync } from 'node:fs'` sees the wrapper only after this.
syncBuiltinESMExports();
