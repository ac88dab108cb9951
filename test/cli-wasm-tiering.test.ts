// The CLI raises V8's WASM tiering budget before its workers render pictures
// (packages/cli/src/wasm-tiering.ts), so that a short run does not wait at exit for TurboFan
// to recompile resvg. Node documents that a V8 flag set at run time "may simply do nothing",
// so this checks that it takes effect on the Node running the tests: a small WASM loop that
// runs about 32 M "bytes" (past V8's default budget, 1.8 M on Node 20 and 13 M on 22 and
// 24, and short of the CLI's 100 M) is recompiled by TurboFan without the call, and not with
// it. The tier-up is triggered by counting, not by time, so the outcome is deterministic.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { bundledSource } from './helpers/bundled-source';

/** The module's code as CommonJS (it is the CLI's, not part of any package API). */
const tieringModule = bundledSource({ entryPoints: [join(__dirname, '../packages/cli/src/wasm-tiering.ts')] });

// (func (export "spin") (param $n i32) (result i32) (local $sum i32)
//   (loop (local.set $sum (i32.add (local.get $sum) (local.get $n)))
//         (br_if 0 (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
//   (local.get $sum))
const spinModule = [
  [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
  [0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f], // type: (i32) -> i32
  [0x03, 0x02, 0x01, 0x00], // one function of that type
  [0x07, 0x08, 0x01, 0x04, 0x73, 0x70, 0x69, 0x6e, 0x00, 0x00], // export "spin"
  [0x0a, 0x1b, 0x01, 0x19, 0x01, 0x01, 0x7f], // code: one body, one i32 local
  [0x03, 0x40, 0x20, 0x01, 0x20, 0x00, 0x6a, 0x21, 0x01], // loop; sum += n
  [0x20, 0x00, 0x41, 0x01, 0x6b, 0x22, 0x00, 0x0d, 0x00, 0x0b], // n -= 1; br_if n; end
  [0x20, 0x01, 0x0b], // sum; end
].flat();

/** How many functions TurboFan compiled in a Node that spins the loop, after raising the budget or not. */
function turboFanCompiles(raise: boolean): number {
  const script = `
    const module = { exports: {} };
    new Function('module', 'exports', 'require', ${JSON.stringify(tieringModule)})(module, module.exports, require);
    if (${raise}) module.exports.raiseWasmTieringBudget();
    const { spin } = new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array(${JSON.stringify(spinModule)}))).exports;
    for (let call = 0; call < 4; call++) spin(500000);
  `;
  // Node waits for the background compiles before it exits, so each one is traced.
  const trace = execFileSync(process.execPath, ['--trace-wasm-compilation-times', '-e', script], {
    encoding: 'utf8',
  });
  return trace.split('\n').filter((line) => line.includes('using TurboFan')).length;
}

test('without the raised budget V8 recompiles the loop with TurboFan (the check can fail)', () => {
  expect(turboFanCompiles(false)).toBe(1);
});

test("with the CLI's budget the same loop stays in Liftoff code", () => {
  expect(turboFanCompiles(true)).toBe(0);
});
