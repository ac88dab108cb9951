// Bundles the TypeScript API with the Emscripten glue into the three entry
// files of package.json's "exports", copies the .wasm next to them, and emits
// the .d.ts types (scripts/build-types.mjs).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, transform } from 'esbuild';
import { buildTypes } from './build-types.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const glue = join(root, 'build/wasm/cpp/melspec.mjs');
// One glue serves both .wasm files, which only holds while Emscripten emits the same glue for both.
if (!readFileSync(glue).equals(readFileSync(join(root, 'build/wasm-scalar/cpp/melspec.mjs')))) {
  throw new Error('the SIMD and scalar builds produced different JS glue: they cannot share one loader');
}

// The engine options' TypeScript side (types, wire encoding, enum and status codes, preset
// data), generated from schema/engine-options.json like the C++ headers.
execFileSync(
  process.execPath,
  [join(root, 'scripts/generate-engine-options.mjs'), '--ts', join(root, 'js/src/generated/engine-options.ts')],
  { stdio: 'inherit' },
);

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

// The Emscripten glue, minified in every build (the Node ones included, which are otherwise
// left readable): 70 kB of it printed out is 27 kB minified, and V8 parses it on every import
// and again when the loader first runs it (about 2 ms of a cold start). Its stack frames
// are Emscripten's internals, not code a user reads.
const minifiedGlue = (await transform(readFileSync(glue, 'utf8'), { minify: true, format: 'esm', target: 'es2022' }))
  .code;
const glueLoader = {
  name: 'melspec-glue',
  setup(builder) {
    builder.onResolve({ filter: /^melspec-glue$/ }, () => ({
      path: 'build/wasm/cpp/melspec.mjs',
      namespace: 'melspec-glue',
    }));
    builder.onLoad({ filter: /.*/, namespace: 'melspec-glue' }, () => ({ contents: minifiedGlue, loader: 'js' }));
  },
};

// The builds without chunks import the pool's workers' code statically (see load-worker-pool.ts).
const staticWorkerPool = {
  name: 'melspec-static-worker-pool',
  setup(builder) {
    builder.onResolve({ filter: /\/load-worker-pool\.js$/ }, () => ({
      path: 'js/src/pool/load-worker-pool.ts',
      namespace: 'melspec-static-worker-pool',
    }));
    builder.onLoad({ filter: /.*/, namespace: 'melspec-static-worker-pool' }, () => ({
      contents:
        // A named import, not a namespace object: an app that never makes a pool tree-shakes it all away.
        "import { WorkerPool } from './worker-pool.js';\n" +
        'export const loadWorkerPool = () => Promise.resolve({ WorkerPool });\n',
      resolveDir: join(root, 'js/src/pool'),
      loader: 'js',
    }));
  },
};

const common = {
  bundle: true,
  target: 'es2022',
  // Maps stay in dist/ for the demo and debugging, unlinked: the package does not
  // ship them (package.json "files"), as the sources they map to are not in it.
  sourcemap: 'external',
  logLevel: 'warning',
  plugins: [glueLoader, staticWorkerPool],
  absWorkingDir: root,
};
await Promise.all([
  // Browsers, workers, bundlers: no Node built-ins anywhere in this file.
  // Browser files are minified (download size); Node files are not (readable stack traces).
  build({
    ...common,
    entryPoints: ['js/src/index.ts'],
    outfile: 'dist/index.js',
    format: 'esm',
    platform: 'browser',
    minify: true,
  }),
  // Node ESM: the pool's workers' code (pool/worker-pool.ts, which MelSpectrogramPool.create()
  // imports) is a file of its own, so that an import of the package does not compile it;
  // the code both use is one shared chunk. The other builds take it in (no splitting).
  build({
    ...common,
    entryPoints: [
      { in: 'js/src/node.ts', out: 'node' },
      { in: 'js/src/pool/worker-pool.ts', out: 'node-pool' },
    ],
    outdir: 'dist',
    splitting: true,
    chunkNames: 'node-[name]',
    format: 'esm',
    platform: 'node',
    plugins: [glueLoader],
  }),
  // MelSpectrogramPool's workers, one script per runtime.
  build({
    ...common,
    entryPoints: ['js/src/pool/worker-main.browser.ts'],
    outfile: 'dist/pool-worker.js',
    format: 'esm',
    platform: 'browser',
    minify: true,
  }),
  // The AudioWorkletProcessor module (`melspec-wasm/worklet`).
  build({
    ...common,
    entryPoints: ['js/src/worklet/processor.ts'],
    outfile: 'dist/worklet.js',
    format: 'esm',
    platform: 'browser',
    minify: true,
  }),
  // The same module for `require` (package.json "exports"), so that its CommonJS types
  // (worklet.d.cts) describe a CommonJS file: a plain script (iife: no `module` to
  // assign, which the AudioWorkletGlobalScope lacks), so it too loads through addModule().
  build({
    ...common,
    entryPoints: ['js/src/worklet/processor.ts'],
    outfile: 'dist/worklet.cjs',
    format: 'iife',
    platform: 'browser',
    minify: true,
  }),
  build({
    ...common,
    entryPoints: ['js/src/pool/worker-main.node.ts'],
    outfile: 'dist/pool-worker.node.js',
    format: 'esm',
    platform: 'node',
  }),
  build({
    ...common,
    entryPoints: ['js/src/node.ts'],
    outfile: 'dist/node.cjs',
    format: 'cjs',
    platform: 'node',
    // import.meta is empty in this build, so node.ts falls back to __dirname.
    logOverride: { 'empty-import-meta': 'silent' },
  }),
]);
copyFileSync(join(root, 'build/wasm/cpp/melspec.wasm'), join(dist, 'melspec.wasm'));
copyFileSync(join(root, 'build/wasm-scalar/cpp/melspec.wasm'), join(dist, 'melspec-scalar.wasm'));
// The library's declarations, rolled up to the public API (scripts/build-types.mjs).
buildTypes(root);
