#!/usr/bin/env node
// Throughput of the `melspec` CLI (packages/cli): files per second for 200 short WAVs
// (1-5 s) to .npy, and to .npy + .png, on 1 and 2 worker threads (-j 1, -j 2); and the
// time of a run on one file, start to exit.
//   node bench/cli-throughput.mjs [--runs 3] [--files 200]
// The inputs are made once with ffmpeg from Debian's /usr/share/sounds/alsa/*.wav (speech,
// 48 kHz): file i is source i mod 9, looped to 1.0 + (37 i mod 41) / 10 s, mono 16-bit PCM
// at 16 kHz, written with -bitexact (deterministic). Each run is one `node cli.js ...` process
// (its start-up, worker start-up, decoding, computing and writing included), wall-clock
// time; the four configurations are interleaved, round after round; the median is reported.
// Unpinned: -j 2 needs two CPUs. Builds the CLI (node packages/cli/build.mjs) when missing.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { quantile } from './lib/stats.mjs';

const REPO = fileURLToPath(new URL('../', import.meta.url));
const SCRATCH = fileURLToPath(new URL('./.scratch/cli-throughput/', import.meta.url));
const CLI = `${REPO}packages/cli/dist/cli.js`;
const SOURCES = '/usr/share/sounds/alsa';
const log = (message) => console.error(`[cli-throughput] ${message}`);

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '3' }, files: { type: 'string', default: '200' } },
});
const runs = Number(values.runs);
const count = Number(values.files);

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  if (result.status !== 0)
    throw new Error(
      `${command} ${args.slice(0, 6).join(' ')} ... failed (${result.status ?? result.signal}): ${result.stderr}`,
    );
  return result;
}

/** The 200 inputs, made once (the folder is kept; deleted files are remade). */
function makeInputs() {
  const sources = readdirSync(SOURCES)
    .filter((f) => f.endsWith('.wav'))
    .sort();
  if (sources.length === 0) throw new Error(`no WAV files in ${SOURCES} (Debian's alsa-utils)`);
  const folder = `${SCRATCH}wav-${count}/`;
  mkdirSync(folder, { recursive: true });
  const files = [];
  let seconds = 0;
  for (let i = 0; i < count; i++) {
    const duration = 1 + ((37 * i) % 41) / 10;
    const path = `${folder}clip-${String(i).padStart(3, '0')}.wav`;
    if (!existsSync(path)) {
      run('ffmpeg', [
        '-v',
        'error',
        '-y',
        '-stream_loop',
        '-1',
        '-i',
        `${SOURCES}/${sources[i % sources.length]}`,
        '-t',
        String(duration),
        '-ac',
        '1',
        '-ar',
        '16000',
        '-c:a',
        'pcm_s16le',
        '-bitexact',
        '-fflags',
        '+bitexact',
        '-flags:a',
        '+bitexact',
        path,
      ]);
    }
    files.push(path);
    seconds += duration;
  }
  return { files, seconds };
}

if (!existsSync(CLI)) run(process.execPath, [`${REPO}packages/cli/build.mjs`], { stdio: 'inherit' });
const { files, seconds } = makeInputs();
log(
  `${files.length} WAV files, ${seconds.toFixed(1)} s of audio in all (${(seconds / files.length).toFixed(2)} s on average)`,
);

// The batch on 1 and 2 threads, and one file alone (its 1 s clip): what `melspec clip.wav`
// takes from start to exit, where the process's start-up and ending are most of the time.
const configs = [];
for (const format of ['npy', 'npy,png']) {
  for (const threads of [1, 2]) configs.push({ format, threads, inputs: files, seconds, times: [] });
  configs.push({ format, threads: 1, inputs: files.slice(0, 1), seconds: 1, times: [] });
}
for (let round = 0; round < runs; round++) {
  for (let i = 0; i < configs.length; i++) {
    const config = configs[(i + round) % configs.length];
    const out = `${SCRATCH}out/`;
    rmSync(out, { recursive: true, force: true });
    const label = `${config.inputs.length} files -f ${config.format} -j ${config.threads}`;
    const started = performance.now();
    run(process.execPath, [CLI, ...config.inputs, '-o', out, '-f', config.format, '-j', String(config.threads), '-q']);
    const elapsed = (performance.now() - started) / 1000;
    const written = readdirSync(out).length;
    const expected = config.inputs.length * config.format.split(',').length;
    if (written !== expected) throw new Error(`${label}: ${written} outputs, expected ${expected}`);
    config.times.push(elapsed);
    log(`round ${round + 1}/${runs}: ${label}: ${elapsed.toFixed(2)} s`);
  }
}
rmSync(`${SCRATCH}out/`, { recursive: true, force: true });

console.log(
  `\nmelspec CLI, ${files.length} WAV files (1-5 s, ${seconds.toFixed(0)} s of 16 kHz audio), Keras preset, median of ${runs} runs`,
);
console.log('format    files  threads  seconds (median)  min-max        files/s  x real time');
const results = configs.map(({ format, threads, inputs, seconds: audioSeconds, times }) => {
  const median = quantile(times, 0.5);
  const row = {
    format,
    files: inputs.length,
    threads,
    seconds: { median, min: Math.min(...times), max: Math.max(...times) },
    filesPerSecond: inputs.length / median,
    xRealTime: audioSeconds / median,
    times,
  };
  console.log(
    `${format.padEnd(8)}  ${String(row.files).padStart(5)}  ${String(threads).padStart(7)}  ${median.toFixed(2).padStart(16)}  ${`${row.seconds.min.toFixed(2)}-${row.seconds.max.toFixed(2)}`.padEnd(12)}  ${row.filesPerSecond.toFixed(1).padStart(7)}  ${row.xRealTime.toFixed(0).padStart(11)}`,
  );
  return row;
});
for (const format of ['npy', 'npy,png']) {
  const [one, two] = results.filter((r) => r.format === format && r.files === files.length);
  console.log(`${format}: -j 2 is ${(one.seconds.median / two.seconds.median).toFixed(2)}x -j 1`);
}
const cpu = (await import('node:fs')).readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.+)$/m)?.[1];
// Only the default run (200 files, 3 or more runs) replaces the committed figures.
const target = count === 200 && runs >= 3 ? `${REPO}bench/results/` : SCRATCH;
mkdirSync(target, { recursive: true });
writeFileSync(
  `${target}cli-throughput.json`,
  `${JSON.stringify(
    {
      machine: { cpu, cores: os.cpus().length, node: process.version, date: new Date().toISOString() },
      method: {
        files: files.length,
        audioSeconds: seconds,
        input:
          'ffmpeg from /usr/share/sounds/alsa/*.wav: file i = source i mod 9 looped to 1 + (37 i mod 41) / 10 s, mono 16-bit 16 kHz',
        runs,
        timing:
          'wall clock of one `node packages/cli/dist/cli.js FILES -o DIR -f FORMAT -j N -q` process, configurations interleaved, not pinned',
      },
      results,
    },
    null,
    2,
  )}\n`,
);
log(`wrote ${target}cli-throughput.json`);
