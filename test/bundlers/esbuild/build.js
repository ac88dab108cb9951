// esbuild bundles the JS but does not emit files named by `new URL('./…', import.meta.url)`
// (https://github.com/evanw/esbuild/issues/795): the documented recipe (docs/bundlers.md) copies
// the package's .wasm files (and, for MelSpectrogramPool and
// MelSpectrogramNode, pool-worker.js and worklet.js) next to the bundle, where the library looks for them.
// `node esbuild/build.js --no-copy` leaves them out, to test the error that names the fix.
import { copyFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const outdir = join(here, 'dist');
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: [join(here, '..', 'app.js')],
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  outdir,
});
if (!process.argv.includes('--no-copy')) {
  const dist = dirname(createRequire(import.meta.url).resolve('melspec-wasm/melspec.wasm'));
  for (const file of ['melspec.wasm', 'melspec-scalar.wasm', 'pool-worker.js', 'worklet.js']) copyFileSync(join(dist, file), join(outdir, file));
}
