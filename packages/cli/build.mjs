// Bundles the `melspec` command (bin) and its worker threads into dist/. The library
// (melspec-wasm) and the decoders, resampler and PNG packages stay imports, resolved
// from node_modules where the CLI is installed. Then a type check, and the repository's
// LICENSE and THIRD-PARTY-NOTICES copied in for the package (git ignores the copies).
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = dirname(fileURLToPath(import.meta.url));
const dist = join(root, 'dist');
rmSync(dist, { recursive: true, force: true });

const common = {
  bundle: true,
  target: 'es2022',
  format: 'esm',
  platform: 'node',
  packages: 'external',
  logLevel: 'warning',
  absWorkingDir: root,
};
await Promise.all([
  build({ ...common, entryPoints: ['src/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
  build({ ...common, entryPoints: ['src/worker.ts'], outfile: 'dist/cli-worker.js' }),
]);
for (const name of ['LICENSE', 'THIRD-PARTY-NOTICES']) {
  const original = join(root, '..', '..', name);
  if (existsSync(original)) copyFileSync(original, join(root, name));
  else rmSync(join(root, name), { force: true });
}
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.json')], { stdio: 'inherit' });
