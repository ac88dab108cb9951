#!/usr/bin/env node
// Bundles the benchmark's browser side with esbuild: the in-page harness (browser/page.mjs,
// browser/cold.mjs) and one ES module per peer (peer-<file>.js), plus the WASM files the
// peers fetch at run time, so that nothing comes from a CDN.
//   node bench/build-browser.mjs                 every browser peer -> bench/build/browser/
//   node bench/build-browser.mjs --demo          ours, transformers.js, meyda -> demo/peers/ (the demo's speed panel)
//   ... --if-installed                           only when bench/node_modules is installed (scripts/build.sh)
// Ours is not bundled: peer-melspec-wasm.js imports /dist/index.js, the package as it ships.
// Installs bench/node_modules first when missing or stale (as run.mjs does); dist/ is not needed here.
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureDependencies } from './lib/dependencies.mjs';

const BENCH = fileURLToPath(new URL('./', import.meta.url));
const MODULES = `${BENCH}node_modules/`;

/** Peer file -> the module that is its browser entry (most peers run unchanged). */
export const BROWSER_PEERS = {
  'melspec-wasm': 'peers/melspec-wasm.mjs',
  transformers: 'browser/transformers.mjs',
  tfjs: 'peers/tfjs.mjs',
  fftjs: 'peers/fftjs.mjs',
  pffft: 'peers/pffft.mjs',
  essentia: 'peers/essentia.mjs',
  meyda: 'peers/meyda.mjs',
};
export const DEMO_PEERS = ['melspec-wasm', 'transformers', 'meyda'];

/** WASM (and loader) files a peer fetches next to its bundle at run time. */
const RUNTIME_FILES = {
  transformers: ['ort-wasm-simd-threaded.asyncify.mjs', 'ort-wasm-simd-threaded.asyncify.wasm'].map((f) => [
    `onnxruntime-web/dist/${f}`,
    f,
  ]),
  tfjs: ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'].map((f) => [
    `@tensorflow/tfjs-backend-wasm/dist/${f}`,
    f,
  ]),
  pffft: [['@echogarden/pffft-wasm/dist/simd/pffft.wasm', 'pffft.wasm']], // new URL('pffft.wasm', import.meta.url)
};

const nodeOnly =
  /^(node:.*|fs|path|url|module|os|stream|stream\/promises|crypto|worker_threads|perf_hooks|sharp|onnxruntime-node)$/;

/** Node-only imports become empty modules; ours stays the shipped /dist/index.js; browser stand-ins. */
const browserResolve = {
  name: 'bench-browser',
  setup(build) {
    build.onResolve({ filter: /^melspec-wasm$/ }, () => ({ path: '/dist/index.js', external: true }));
    build.onResolve({ filter: /^\.\.\/lib\/tfjs\.mjs$/ }, () => ({ path: `${BENCH}browser/tfjs.mjs` }));
    build.onResolve({ filter: /^essentia\.js$/ }, () => ({ path: `${BENCH}browser/essentia.mjs` }));
    // transformers' onnx-node.js calls createRequire at load time: replace the file, not just its import.
    build.onResolve({ filter: /onnx-node\.js$/ }, () => ({ path: 'onnx-node', namespace: 'empty-esm' }));
    build.onResolve({ filter: nodeOnly }, (args) => ({ path: args.path, namespace: 'empty-cjs' }));
    build.onLoad({ filter: /.*/, namespace: 'empty-cjs' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
    build.onLoad({ filter: /.*/, namespace: 'empty-esm' }, () => ({ contents: 'export default {};', loader: 'js' }));
  },
};

export async function buildBrowser({ outDir, peers, log = () => {} }) {
  const esbuild = await import('esbuild');
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const entryPoints = { page: `${BENCH}browser/page.mjs`, cold: `${BENCH}browser/cold.mjs` };
  for (const file of peers) entryPoints[`peer-${file}`] = `${BENCH}${BROWSER_PEERS[file]}`;
  const result = await esbuild.build({
    entryPoints,
    outdir: outDir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true, // as a site would ship them: the cold-start figures include their download
    legalComments: 'none',
    chunkNames: 'chunk-[hash]',
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [browserResolve],
    logLevel: 'error',
    metafile: true,
  });
  for (const file of peers) {
    for (const [from, to] of RUNTIME_FILES[file] ?? []) copyFileSync(`${MODULES}${from}`, `${outDir}/${to}`);
  }
  for (const page of ['bench.html', 'cold.html']) copyFileSync(`${BENCH}browser/${page}`, `${outDir}/${page}`);
  writeFileSync(`${outDir}/peers.json`, `${JSON.stringify(peers)}\n`);
  const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
  log(`built ${peers.length} browser peers into ${outDir} (${(bytes / 2 ** 20).toFixed(1)} MiB of JS)`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: { demo: { type: 'boolean', default: false }, 'if-installed': { type: 'boolean', default: false } },
  });
  const log = (message) => console.error(`[build-browser] ${message}`);
  if (values['if-installed'] && !existsSync(`${MODULES}.package-lock.json`)) {
    // scripts/build.sh: no 800 MB install behind a plain build; the demo says what to run.
    log(
      'skipped: bench/node_modules is not installed (node bench/build-browser.mjs --demo installs it and builds demo/peers/)',
    );
    process.exit(0);
  }
  ensureDependencies(log, { buildDist: false }); // the bundles import dist/ at run time, not at build time
  await buildBrowser(
    values.demo
      ? { outDir: fileURLToPath(new URL('../demo/peers', import.meta.url)), peers: DEMO_PEERS, log }
      : { outDir: `${BENCH}build/browser`, peers: Object.keys(BROWSER_PEERS), log },
  );
}
