// Loads and instantiates the WASM module once per JS realm.
//
// The Emscripten glue is built not to fetch anything itself (no import.meta,
// no fs), so this file decides where the bytes come from: the entry point
// (node.ts / index.ts) sets a default, and init() lets users override it for
// CDNs, edge runtimes and worklets.
import createMelspecModule from 'melspec-glue';
import type { MelspecModule, MelspecModuleArguments } from './emscripten-module.js';
import type { UrlObject, WasmModuleObject } from './platform-types.js';
import {
  MelSpectrogramError,
  MelSpectrogramTypeError,
  compileError,
  isMelSpectrogramError,
} from '../errors/melspec-error.js';

/** A bad argument of init() (ERR_MELSPEC_WASM_LOAD), naming the field at fault when there is one. */
function sourceError(message: string, option?: string): MelSpectrogramTypeError {
  return new MelSpectrogramTypeError('ERR_MELSPEC_WASM_LOAD', message, { option });
}

function loadError(message: string, cause?: unknown): MelSpectrogramError {
  return new MelSpectrogramError('ERR_MELSPEC_WASM_LOAD', message, { cause });
}

/** Where the `.wasm` comes from. Give exactly one field. */
export interface WasmSource {
  /** An already compiled module (e.g. sent to a Worker or AudioWorklet). */
  wasmModule?: WasmModuleObject;
  /** The bytes of `melspec.wasm`. */
  wasmBinary?: ArrayBuffer | ArrayBufferView;
  /** A URL to fetch `melspec.wasm` (or `melspec-scalar.wasm`) from. */
  url?: string | UrlObject;
  /**
   * Without a source: which build to load; default: SIMD where the engine supports
   * it (feature detection), else the scalar build. The numbers are the same.
   */
  simd?: boolean;
}

let defaultSource: ((simd: boolean) => WasmSource | Promise<WasmSource>) | undefined;
let loading: Promise<Loaded> | undefined;

/**
 * @internal Called by the entry point with the environment's way of finding the
 * .wasm: `simd` says which of the two builds (melspec.wasm or melspec-scalar.wasm).
 */
export function setDefaultWasmSource(source: (simd: boolean) => WasmSource | Promise<WasmSource>): void {
  defaultSource = source;
}

/** A module whose one function runs `v128.const 0; drop`: valid only where WASM SIMD is. */
const simdProbe = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 10, 23, 1, 21, 0, 253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 26, 11,
]);

/** Whether this engine runs WASM SIMD (feature detection: validating a tiny SIMD module). */
export function simdSupported(): boolean {
  try {
    return WebAssembly.validate(simdProbe);
  } catch {
    return false;
  }
}

function toUint8Array(bytes: ArrayBuffer | ArrayBufferView): Uint8Array {
  return bytes instanceof ArrayBuffer
    ? new Uint8Array(bytes)
    : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * What to do when the default URL (next to the entry) gives no .wasm: the usual cause is a
 * bundler that does not emit `new URL('./melspec.wasm', import.meta.url)` assets (esbuild).
 */
const defaultUrlFix =
  'the bundler did not emit it next to the bundle. Copy node_modules/melspec-wasm/dist/melspec.wasm and ' +
  'melspec-scalar.wasm next to your bundle, or call init({ url }) with where you serve melspec.wasm, or ' +
  'init({ wasmBinary }) with its bytes, before MelSpectrogram.create() (docs/bundlers.md)';

/** The first four bytes of every WebAssembly binary: "\0asm". */
function isWasm(bytes: ArrayBuffer): boolean {
  const head = new Uint8Array(bytes, 0, Math.min(4, bytes.byteLength));
  return head.length === 4 && head.every((byte, i) => byte === [0, 0x61, 0x73, 0x6d][i]);
}

/** WebAssembly.compile(), its CompileError given the code of a load failure. */
function compileBytes(bytes: BufferSource): Promise<WebAssembly.Module> {
  return WebAssembly.compile(bytes).catch((error: unknown) => {
    throw compileError(error);
  });
}

/**
 * @internal Compiles on the calling thread, its CompileError given the code of a load failure.
 * For the Node entry, which has the bytes at once: reading and compiling synchronously got
 * the first instance about 3 ms sooner on two CPUs than readFile + WebAssembly.compile, which
 * hand the work to other threads and wait for it (measured: bench/compare-first-calls.mjs),
 * and about as soon pinned to one CPU. It blocks the event loop for the compile (about 4 ms,
 * once). Browsers keep the asynchronous compile: Chromium refuses to compile a large module
 * synchronously on the main thread.
 */
export function compileBytesNow(bytes: BufferSource): WebAssembly.Module {
  try {
    return new WebAssembly.Module(bytes);
  } catch (error) {
    throw compileError(error);
  }
}

async function fetchAndCompile(url: string | URL, isDefault: boolean): Promise<WebAssembly.Module> {
  if (typeof fetch !== 'function') {
    throw sourceError('melspec-wasm: fetch() is not available here; call init({ wasmModule }) or init({ wasmBinary })');
  }
  const fix = isDefault ? defaultUrlFix : 'check the url given to init({ url })';
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    // A network failure (fetch's own TypeError): the same error kind as an HTTP failure.
    throw loadError(
      `melspec-wasm: could not fetch ${String(url)}: ${error instanceof Error ? error.message : String(error)}; ${fix}`,
      error,
    );
  }
  if (!response.ok) throw loadError(`melspec-wasm: could not fetch ${String(url)}: HTTP ${response.status}; ${fix}`);
  if (typeof WebAssembly.compileStreaming === 'function') {
    try {
      return await WebAssembly.compileStreaming(response.clone());
    } catch {
      // Fall through: the bytes decide below, with an error that says what came back.
    }
  }
  // Served without the application/wasm MIME type, or not WebAssembly at all (a dev
  // server's index.html fallback for a file it does not have).
  const bytes = await response.arrayBuffer();
  if (!isWasm(bytes)) {
    const type = response.headers.get('content-type') ?? 'no content type';
    throw loadError(
      `melspec-wasm: ${String(url)} is not a WebAssembly file (${type}, ${bytes.byteLength} bytes); ${fix}`,
    );
  }
  return compileBytes(bytes);
}

function checkSource(source: WasmSource): void {
  if (typeof source !== 'object' || source === null) {
    throw sourceError('melspec-wasm: init() takes { wasmModule } or { wasmBinary } or { url }');
  }
  const sources = ['wasmModule', 'wasmBinary', 'url'];
  // A misspelt field (wasmBianry) beside a right one would otherwise be ignored.
  const unknown = Object.keys(source).find((key) => key !== 'simd' && !sources.includes(key));
  if (unknown !== undefined) {
    throw sourceError(
      `melspec-wasm: init() has no field '${unknown}'; it takes one of wasmModule, wasmBinary, url (or simd alone)`,
      unknown,
    );
  }
  const given = sources.filter((key) => (source as Record<string, unknown>)[key] !== undefined);
  if (given.length !== 1) {
    throw sourceError(`melspec-wasm: init() takes exactly one of wasmModule, wasmBinary, url; got ${given.length}`);
  }
  if (source.simd !== undefined) {
    throw sourceError(
      'melspec-wasm: init() takes simd only without a source ({ simd: false } picks the scalar build)',
      'simd',
    );
  }
  if (source.wasmModule !== undefined && !(source.wasmModule instanceof WebAssembly.Module)) {
    throw sourceError('melspec-wasm: wasmModule must be a WebAssembly.Module', 'wasmModule');
  }
  if (
    source.wasmBinary !== undefined &&
    !(source.wasmBinary instanceof ArrayBuffer || ArrayBuffer.isView(source.wasmBinary))
  ) {
    throw sourceError('melspec-wasm: wasmBinary must be an ArrayBuffer or a typed array', 'wasmBinary');
  }
}

async function compile(source: WasmSource, isDefault = false): Promise<WebAssembly.Module> {
  checkSource(source);
  if (source.wasmModule !== undefined) return source.wasmModule;
  if (source.wasmBinary !== undefined) return compileBytes(toUint8Array(source.wasmBinary) as Uint8Array<ArrayBuffer>);
  return fetchAndCompile(source.url as string | URL, isDefault);
}

/** Instantiates a compiled module with the glue; one module can serve any number of realms. */
async function instantiate(compiled: WebAssembly.Module): Promise<MelspecModule> {
  // The glue asks for an instance through instantiateWasm; a failure there would
  // otherwise leave its promise pending forever, so it rejects `failed` instead.
  let rejectLoading: (error: unknown) => void = () => {};
  const failed = new Promise<never>((_, reject) => {
    rejectLoading = reject;
  });
  const moduleArguments: MelspecModuleArguments = {
    instantiateWasm: (imports, receiveInstance) => {
      WebAssembly.instantiate(compiled, imports).then(
        (instance) => receiveInstance(instance, compiled),
        (error: unknown) => rejectLoading(error),
      );
      return {};
    },
  };
  return Promise.race([createMelspecModule(moduleArguments), failed]).catch((error: unknown) => {
    throw isMelSpectrogramError(error)
      ? error
      : loadError(
          `melspec-wasm: could not instantiate the WASM module: ${error instanceof Error ? error.message : String(error)}`,
          error,
        );
  });
}

interface Loaded {
  compiled: WebAssembly.Module;
  wasm: MelspecModule;
  build: 'simd' | 'scalar' | 'custom';
}

/**
 * Loads the WASM module. Optional: MelSpectrogram.create() calls it with the
 * environment's default. Call it first to load the `.wasm` from elsewhere, e.g.
 * `await init({ url: '/assets/melspec.wasm' })` or `init({ wasmModule })` in a worker.
 * The module is loaded once: init() without arguments afterwards resolves, while
 * init(source) once a module is loading or loaded rejects, naming the build in use
 * (it could not take effect, and silently ignoring it would hide that).
 */
export function init(source?: WasmSource): Promise<void> {
  if (source !== undefined && loading) {
    const started = loading;
    return started.then(
      (loaded) => {
        throw new MelSpectrogramError(
          'ERR_MELSPEC_ALREADY_LOADED',
          `melspec-wasm: the WASM module is already loaded (the ${loaded.build} build), so init(${describeSource(source)}) ` +
            'cannot change it; call init() before the first create(), or once per page/worker',
        );
      },
      // The first load failed and may be retried: this call is that retry.
      () => loadModule(source).then(() => undefined),
    );
  }
  return loadModule(source).then(() => undefined);
}

function describeSource(source: WasmSource): string {
  if (typeof source !== 'object' || source === null) return typeof source;
  const keys = Object.keys(source);
  return keys.length === 0 ? '{}' : `{ ${keys.join(', ')} }`;
}

/** @internal The module init() loads. */
export function loadModule(source?: WasmSource): Promise<MelspecModule> {
  return load(source).then((loaded) => loaded.wasm);
}

/** @internal The compiled WebAssembly.Module, to hand to workers (it is structured-cloneable). */
export function compiledModule(): Promise<WebAssembly.Module> {
  return load().then((loaded) => loaded.compiled);
}

/** The entry's default source; a failure the entry did not report itself as a load error, its message kept. */
async function defaultSourceFor(
  make: (simd: boolean) => WasmSource | Promise<WasmSource>,
  simd: boolean,
): Promise<WasmSource> {
  try {
    return await make(simd);
  } catch (error) {
    throw isMelSpectrogramError(error)
      ? error
      : loadError(error instanceof Error ? error.message : String(error), error);
  }
}

function load(source?: WasmSource): Promise<Loaded> {
  if (!loading) {
    loading = Promise.resolve().then(async (): Promise<Loaded> => {
      const onlySimd = source !== undefined && Object.keys(source).length === 1 && 'simd' in source;
      if (source !== undefined && !onlySimd) {
        const compiled = await compile(source);
        return { compiled, wasm: await instantiate(compiled), build: 'custom' };
      }
      if (onlySimd && typeof source.simd !== 'boolean') {
        throw sourceError(`melspec-wasm: simd must be true or false, got ${typeof source.simd}`, 'simd');
      }
      if (!defaultSource) throw loadError('melspec-wasm: no default way to load melspec.wasm here; call init()');
      const simd = source?.simd ?? simdSupported();
      const compiled = await compile(await defaultSourceFor(defaultSource, simd), true);
      const wasm = await instantiate(compiled);
      // Some engines report WASM SIMD and compute it wrongly (iOS before 17): a
      // known-answer check of the SIMD lanes against the scalar path decides.
      if (simd && !wasm.simdSelfTest()) {
        console.warn('melspec-wasm: WASM SIMD gives wrong results in this engine; using the scalar build');
        const scalar = await compile(await defaultSourceFor(defaultSource, false), true);
        return { compiled: scalar, wasm: await instantiate(scalar), build: 'scalar' };
      }
      return { compiled, wasm, build: simd ? 'simd' : 'scalar' };
    });
    // A failed load may be retried (e.g. with another source).
    loading.catch(() => {
      loading = undefined;
    });
  }
  return loading;
}

/** Which build is loaded: 'simd', 'scalar', or 'custom' (a source given to init()); null before loading. */
export async function wasmBuild(): Promise<'simd' | 'scalar' | 'custom' | null> {
  if (!loading) return null;
  return (await loading).build;
}

/** Memory figures of the loaded WASM module, for monitoring and leak tests. */
export interface MemoryStats {
  /** Size of the WASM linear memory (it grows, never shrinks). */
  wasmMemoryBytes: number;
  /** Bytes currently allocated by the C++ side (engines, call buffers). */
  heapBytesInUse: number;
}

/** Current memory figures; zeros before the module is loaded. */
export async function memoryStats(): Promise<MemoryStats> {
  if (!loading) return { wasmMemoryBytes: 0, heapBytesInUse: 0 };
  const { wasm } = await loading;
  return { wasmMemoryBytes: wasm.HEAPU8.length, heapBytesInUse: wasm.heapBytesInUse() };
}
