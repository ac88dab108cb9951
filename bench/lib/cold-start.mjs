// Child process for one cold-start and memory sample of one peer, in a fresh Node:
//   node lib/cold-start.mjs <peer file> <preset> <input.f32>
// Times import of the peer (its library included) and setup (for ours: instantiating
// the WASM module and the first create), then one compute of the input; prints one JSON
// line with the times and the process' peak RSS (plus WASM memory for ours), and the
// minor page faults of each phase: first touches of fresh memory, which cost about
// 13 µs each on the development VM against well under 1 µs on bare metal.
// For ours, setup is split by wrapping WebAssembly.compile/instantiate and the
// WebAssembly.Module constructor (read + options before the compile, the compile, the
// instantiation, then the Emscripten glue's start-up: embind registration, the SIMD
// self-test, planning the first instance).
// Peak RSS is VmHWM from /proc: getrusage's maxRSS is inherited from the parent
// across fork + exec on Linux, so it reports the benchmark runner's peak instead.
import { readFileSync } from 'node:fs';
import { PRESETS } from './keras.mjs';

const [file, preset, inputPath] = process.argv.slice(2);
const bytes = readFileSync(inputPath);
const signal = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);

const wasmTimes = {};
for (const name of ['compile', 'instantiate']) {
  const original = WebAssembly[name];
  WebAssembly[name] = async (...args) => {
    wasmTimes[`${name}Start`] ??= performance.now();
    const result = await original.apply(WebAssembly, args);
    wasmTimes[`${name}End`] ??= performance.now();
    return result;
  };
}
// Our Node entry compiles synchronously (new WebAssembly.Module): timed as the compile too.
WebAssembly.Module = new Proxy(WebAssembly.Module, {
  construct(target, args) {
    wasmTimes.compileStart ??= performance.now();
    const result = Reflect.construct(target, args);
    wasmTimes.compileEnd ??= performance.now();
    return result;
  },
});

const pageFaults = () => process.resourceUsage().minorPageFault;
const faults = [pageFaults()];
const started = performance.now();
const { default: peer } = await import(`../peers/${file}.mjs`);
const imported = performance.now();
faults.push(pageFaults());
await peer.setup(PRESETS[preset]);
const ready = performance.now();
faults.push(pageFaults());
await peer.compute(signal);
const computed = performance.now();
faults.push(pageFaults());

let wasm = null;
if (file === 'melspec-wasm') {
  const { memoryStats } = await import('melspec-wasm');
  wasm = await memoryStats();
}
const mib = (value) => value / 2 ** 20;
const peakRssKiB = Number(readFileSync('/proc/self/status', 'utf8').match(/^VmHWM:\s*(\d+) kB$/m)[1]);
console.log(
  JSON.stringify({
    importMs: imported - started,
    setupMs: ready - imported,
    coldStartMs: ready - started,
    firstComputeMs: computed - ready,
    pageFaults: { import: faults[1] - faults[0], setup: faults[2] - faults[1], firstCompute: faults[3] - faults[2] },
    setupPhasesMs:
      wasmTimes.instantiateEnd === undefined
        ? null
        : {
            beforeCompile: wasmTimes.compileStart - imported,
            compile: wasmTimes.compileEnd - wasmTimes.compileStart,
            instantiate: wasmTimes.instantiateEnd - wasmTimes.instantiateStart,
            glueStartAndCreate: ready - wasmTimes.instantiateEnd,
          },
    peakRssMiB: mib(peakRssKiB * 1024),
    heapUsedMiB: mib(process.memoryUsage().heapUsed),
    wasmMemoryMiB: wasm && mib(wasm.wasmMemoryBytes),
    wasmHeapInUseMiB: wasm && mib(wasm.heapBytesInUse),
  }),
);
process.exit(0); // some libraries (ONNX Runtime, tfjs) keep handles open
