// Measures the CLI's decoding of whole files: wall time and peak RSS of a child process
// that only reads, decodes and mixes to mono (or picks --channel), against the bytes of
// the Float32Array it returns. Usage:
//   node packages/cli/scripts/measure-decode.mjs FILE... [--channel N]
// (bundles src/decode.ts with esbuild into a temporary folder first; not a test: numbers vary by machine.)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const channelAt = args.indexOf('--channel');
const channel = channelAt >= 0 ? Number(args.splice(channelAt, 2)[1]) : null;
// Inside the package, so that the bundle's imports resolve from its node_modules.
const scratch = mkdtempSync(join(cli, '.measure-'));
try {
  const decoder = join(scratch, 'decode.mjs');
  await build({
    entryPoints: [join(cli, 'src', 'decode.ts')],
    outfile: decoder,
    bundle: true,
    format: 'esm',
    platform: 'node',
    packages: 'external',
    absWorkingDir: cli,
    logLevel: 'warning',
  });
  const child = join(scratch, 'child.mjs');
  writeFileSync(
    child,
    `
import { decodeFile } from ${JSON.stringify(decoder)};
const start = performance.now();
const audio = await decodeFile(process.argv[2], process.argv[3] === 'null' ? null : Number(process.argv[3]));
const seconds = (performance.now() - start) / 1000;
const rss = process.resourceUsage().maxRSS * 1024;
const cpu = process.cpuUsage();
console.log(JSON.stringify({ cpuSeconds: (cpu.user + cpu.system) / 1e6, seconds, rss, resultBytes: audio.samples.byteLength, channels: audio.channelCount, sampleRate: audio.sampleRate }));
`,
  );
  for (const file of args) {
    const out = JSON.parse(
      execFileSync(process.execPath, [child, file, String(channel)], { cwd: cli, encoding: 'utf8' }),
    );
    const mb = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
    console.log(
      `${file}: ${out.channels} ch, ${out.sampleRate} Hz -> ${mb(out.resultBytes)} of float32 in ${out.seconds.toFixed(2)} s (CPU ${out.cpuSeconds.toFixed(2)} s, the process's whole life); peak RSS ${mb(out.rss)} = ${(out.rss / out.resultBytes).toFixed(2)}x the result`,
    );
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
