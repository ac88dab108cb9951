// bench/node_modules (npm ci) and dist/ (scripts/build.sh), installed or rebuilt when
// missing or older than what they come from: shared by run.mjs and build-browser.mjs.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const BENCH = fileURLToPath(new URL('../', import.meta.url));
const REPO = fileURLToPath(new URL('../../', import.meta.url));

export function sh(command, commandArgs, cwd, log) {
  log(`${command} ${commandArgs.join(' ')}  (in ${cwd})`);
  const result = spawnSync(command, commandArgs, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0)
    throw new Error(`${command} ${commandArgs.join(' ')} failed with ${result.status ?? result.signal}`);
}

/** Newest modification time under a path (files and folders, recursively). */
export function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((entry) => newest(`${path}/${entry}`)));
}

/** buildDist false: bench/node_modules only (build-browser.mjs, which scripts/build.sh itself calls, needs no dist/). */
export function ensureDependencies(log, { buildDist = true } = {}) {
  // npm ci leaves node_modules/.package-lock.json; an older one means the lock changed since.
  const installed = `${BENCH}node_modules/.package-lock.json`;
  if (!existsSync(installed) || newest(`${BENCH}package-lock.json`) > newest(installed)) {
    // --ignore-scripts: onnxruntime-node's install script would try to download; we need none.
    sh('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], BENCH, log);
  }
  if (!buildDist) return;
  const sources = Math.max(
    ...['cpp', 'js/src', 'scripts/build.sh', 'scripts/build-js.mjs', 'CMakeLists.txt'].map((p) =>
      newest(`${REPO}${p}`),
    ),
  );
  const built = Math.min(
    ...['dist/melspec.wasm', 'dist/node.js'].map((p) => (existsSync(`${REPO}${p}`) ? newest(`${REPO}${p}`) : 0)),
  );
  if (built < sources) sh('bash', ['scripts/build.sh'], REPO, log);
}
