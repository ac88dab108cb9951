// How eagerly V8 optimises the picture renderer's WebAssembly. V8 runs new WASM code from its
// baseline compiler (Liftoff) and recompiles each function that has run past a budget with
// TurboFan, on background threads. During the first PNG many of resvg's functions (a 2.5 MB
// module) pass V8's default budget, and recompiling them outlasts a run of a few files: Node
// waits for those compiles before the process exits. On the development VM one 1 s WAV to
// .npy + .png took 0.94-1.16 s from start to exit with the default budget and 0.61-0.71 s
// with this one (medians on Node 20, 22, 24); 200 files were as fast (docs/performance.md,
// "The command line tool"). The flag is process-wide: main.ts sets it before the workers
// start, and only when pictures are asked for (the .npy path, without resvg, keeps V8's default).
import { setFlagsFromString } from 'node:v8';

/** 100 M "bytes executed" per function before TurboFan: V8's default is 1.8 M (Node 20) or 13 M (22, 24). */
const wasmTieringBudget = 100_000_000;

export function raiseWasmTieringBudget(): void {
  setFlagsFromString(`--wasm-tiering-budget=${wasmTieringBudget}`);
}
