// The CLI's WAV decoding holds little more than its result: a child process that only
// decodes (the CLI's decode.ts, bundled by esbuild) a 5-minute 48 kHz stereo 16-bit WAV
// peaks at under 4x the bytes of the Float32Array it returns (about 2x here: Node itself
// and the result; reading the whole file, then every channel, then their mean took ~5x).
// The time is printed, not asserted; packages/cli/scripts/measure-decode.mjs measures longer files.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { repo } from './helpers/cli-inputs';

const cliFolder = join(repo, 'packages', 'cli');
const work = join(repo, 'build', 'test-output', 'cli-memory');
let scratch: string;

beforeAll(() => {
  mkdirSync(work, { recursive: true });
  // Inside the package, so that the bundle's imports resolve from its node_modules.
  scratch = mkdtempSync(join(cliFolder, '.measure-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

test('decoding a 5-minute stereo WAV peaks under 4x its result in RSS', async () => {
  const wav = join(work, 'five-minutes-stereo.wav');
  execFileSync('ffmpeg', [
    '-loglevel',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=440:sample_rate=48000:duration=300',
    '-af',
    'pan=stereo|c0=c0|c1=0.5*c0',
    '-c:a',
    'pcm_s16le',
    wav,
  ]);
  const decoder = join(scratch, 'decode.mjs');
  await build({
    entryPoints: [join(cliFolder, 'src', 'decode.ts')],
    outfile: decoder,
    bundle: true,
    format: 'esm',
    platform: 'node',
    packages: 'external',
    absWorkingDir: cliFolder,
    logLevel: 'warning',
  });
  const child = join(scratch, 'child.mjs');
  writeFileSync(
    child,
    `
    import { decodeFile } from ${JSON.stringify(decoder)};
    const start = performance.now();
    const audio = await decodeFile(process.argv[2], null);
    const seconds = (performance.now() - start) / 1000;
    console.log(JSON.stringify({ seconds, maxRss: process.resourceUsage().maxRSS * 1024, resultBytes: audio.samples.byteLength, channels: audio.channelCount, first: Array.from(audio.samples.subarray(0, 4)) }));`,
  );
  const measured = JSON.parse(execFileSync(process.execPath, [child, wav], { cwd: cliFolder, encoding: 'utf8' }));
  console.log(
    `5 min stereo 16-bit WAV: ${(measured.resultBytes / 2 ** 20).toFixed(1)} MiB result in ${measured.seconds.toFixed(2)} s, peak RSS ${(measured.maxRss / 2 ** 20).toFixed(1)} MiB = ${(measured.maxRss / measured.resultBytes).toFixed(2)}x`,
  );
  expect(measured.channels).toBe(2);
  expect(measured.resultBytes).toBe(300 * 48000 * 4);
  // The mean of the channels (c1 = c0 / 2 as 16-bit integers): a sound, not silence.
  expect(measured.first.some((value: number) => value !== 0)).toBe(true);
  expect(measured.maxRss).toBeLessThan(4 * measured.resultBytes);
}, 120000);
