// Entry point for Node.js (ESM and CommonJS builds): the .wasm is read from
// disk next to this file and handed to the module, which never uses fetch here.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import type { PoolReply } from './pool/frame-jobs.js';
import { setPoolWorkerRuntime, workerLoadError } from './pool/worker-runtime.js';
import { compileBytesNow, setDefaultWasmSource } from './core/wasm-loader.js';
import { MelSpectrogramError, MelSpectrogramTypeError } from './errors/melspec-error.js';

declare const __dirname: string | undefined;

// The ESM build has import.meta.url; the CommonJS build has __dirname. import.meta comes
// first: `node -e` and the REPL define a global __dirname of '.' that an imported ESM file
// would otherwise take for its own folder.
const esm = typeof import.meta.url === 'string';

/** Node's resolver from the working directory (where an app's node_modules are). */
const requireFromWorkingDirectory = () => createRequire(join(process.cwd(), 'package.json'));

/**
 * A built-in module loaded when first needed rather than at import: node:worker_threads
 * alone (it loads node:stream) adds about 1.5 ms to every import, and only a pool uses it;
 * importing node:fs adds about 2.5 ms (its ES module facade), for one read of the .wasm.
 * process.getBuiltinModule where Node has it (20.16+), else a require from the working
 * directory (any folder resolves a built-in; import.meta.url may be a bundler's).
 */
function builtinModule(name: 'node:worker_threads'): typeof import('node:worker_threads');
function builtinModule(name: 'node:os'): typeof import('node:os');
function builtinModule(name: 'node:fs'): typeof import('node:fs');
function builtinModule(name: string): unknown {
  const runtime = process as { getBuiltinModule?: (id: string) => unknown };
  return typeof runtime.getBuiltinModule === 'function'
    ? runtime.getBuiltinModule(name)
    : requireFromWorkingDirectory()(name);
}

/**
 * The path of a file shipped next to this entry, from its URL. Bundlers rewrite that URL:
 * Turbopack gives a file: URL of the copy it emits; webpack's server build (Next.js
 * --webpack) gives a web path such as /_next/static/media/melspec.1234.wasm, which is no file,
 * so then Node's resolver finds the installed package from the working directory instead.
 */
function shippedPath(
  url: URL,
  inPackage: (packageDir: string) => string,
  code: 'ERR_MELSPEC_WASM_LOAD' | 'ERR_MELSPEC_WORKER',
): string {
  const href = String(url.href); // webpack's URL is not an instance of Node's URL class
  if (href.startsWith('file:')) return fileURLToPath(href);
  try {
    return inPackage(dirname(requireFromWorkingDirectory().resolve('melspec-wasm/package.json')));
  } catch {
    throw new MelSpectrogramError(
      code,
      `melspec-wasm: the bundler turned a file of the package into ${href}, which is not a file, and the package ` +
        "is not installed under the working directory; add 'melspec-wasm' to the bundler's externals (Next.js: " +
        'serverExternalPackages) or call init({ wasmBinary }) with the bytes of melspec.wasm (docs/bundlers.md)',
    );
  }
}

/** The shipped .wasm at `path`, read and compiled now. */
function compileShipped(path: string): WebAssembly.Module {
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = builtinModule('node:fs').readFileSync(path);
  } catch (error) {
    const reason = (error as { code?: unknown }).code ?? (error instanceof Error ? error.message : String(error));
    throw new MelSpectrogramError(
      'ERR_MELSPEC_WASM_LOAD',
      `melspec-wasm: could not read ${path} (${String(reason)}): reinstall the package, or call ` +
        'init({ wasmBinary }) with the bytes of melspec.wasm before the first create()',
      { cause: error },
    );
  }
  return compileBytesNow(bytes);
}

// Each shipped file is named by string literals, `new URL('./file', import.meta.url)` and
// `join(__dirname, 'file')`: bundlers (Turbopack, webpack) emit exactly the file a literal
// names, while a computed name (a template, a variable) makes them take every file in dist/.
// The .wasm is read and compiled synchronously: see compileBytesNow.
setDefaultWasmSource((simd) => ({
  wasmModule: compileShipped(
    simd
      ? esm
        ? shippedPath(
            new URL('./melspec.wasm', import.meta.url),
            (dir) => join(dir, 'dist', 'melspec.wasm'),
            'ERR_MELSPEC_WASM_LOAD',
          )
        : join(__dirname as string, 'melspec.wasm')
      : esm
        ? shippedPath(
            new URL('./melspec-scalar.wasm', import.meta.url),
            (dir) => join(dir, 'dist', 'melspec-scalar.wasm'),
            'ERR_MELSPEC_WASM_LOAD',
          )
        : join(__dirname as string, 'melspec-scalar.wasm'),
  ),
}));

setPoolWorkerRuntime({
  start({ workerUrl, createWorker }) {
    if (createWorker) {
      throw new MelSpectrogramTypeError(
        'ERR_MELSPEC_OPTION',
        'createWorker is for browsers; in Node pass { workerUrl } (a path or a file: URL)',
        {
          option: 'createWorker',
        },
      );
    }
    const script =
      workerUrl ??
      (esm
        ? shippedPath(
            new URL('./pool-worker.node.js', import.meta.url),
            (dir) => join(dir, 'dist', 'pool-worker.node.js'),
            'ERR_MELSPEC_WORKER',
          )
        : join(__dirname as string, 'pool-worker.node.js'));
    let worker: Worker;
    try {
      worker = new (builtinModule('node:worker_threads').Worker)(script);
    } catch (error) {
      throw workerLoadError(String(script), error);
    }
    worker.unref(); // an idle pool does not keep the process alive
    return {
      post: (request, transfer) => worker.postMessage(request, transfer as never),
      onReply: (handler) => worker.on('message', (reply: PoolReply) => handler(reply)),
      onError: (handler) => worker.on('error', (error) => handler(workerLoadError(String(script), error))),
      hold: (busy) => (busy ? worker.ref() : worker.unref()),
      terminate: () => worker.terminate(),
    };
  },
  defaultThreads: () => {
    const os = builtinModule('node:os');
    return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  },
});

export * from './public-api.js';
