// Console tables, results.json and the chart.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { chartSvg } from './chart.mjs';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

export function machineInfo() {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const git = (...args) => execFileSync('git', ['-C', REPO, ...args], { encoding: 'utf8' }).trim();
  return {
    cpu: cpuinfo.match(/^model name\s*:\s*(.+)$/m)?.[1] ?? os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    v8: process.versions.v8,
    compiler: execFileSync('c++', ['--version'], { encoding: 'utf8' }).split('\n')[0],
    commit: `${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain', '--', 'cpp', 'js', 'CMakeLists.txt') ? ' (with uncommitted changes)' : ''}`,
    date: new Date().toISOString(),
  };
}

const fixed = (value, digits) => (value === null || value === undefined ? '-' : value.toFixed(digits));
const significant = (value) => (value >= 100 ? value.toFixed(0) : value.toPrecision(3));
const grouped = (value) => Math.round(value).toLocaleString('en-US');
const decibels = (value) =>
  value === undefined ? '-' : value < 1e-3 ? value.toExponential(1) : value < 1 ? value.toFixed(4) : value.toFixed(2);

function printRows(header, rows) {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => String(row[i]).length)));
  const line = (cells) =>
    cells.map((cell, i) => (i === 0 ? String(cell).padEnd(widths[i]) : String(cell).padStart(widths[i]))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}

export function printTable({ config, frames, systems }, seconds) {
  console.log(
    `\n${config.preset}: fft ${config.fftLength} / hop ${config.sequenceStride} / ${config.numMelBins} mels, ${seconds} s of 16 kHz audio = ${frames} frames`,
  );
  const header = [
    'system',
    `ms / ${seconds} s`,
    'min-max ms',
    'x real-time',
    'ns/frame',
    'vs ours',
    'vs native-fftw',
    'median |ΔdB|',
    'max |ΔdB|',
  ];
  const rows = systems.map((s) => {
    if (!s.ms) return [`${s.name} (${s.status})`, ...Array(header.length - 1).fill('-')];
    return [
      s.status === 'ok' ? s.name : `${s.name} (${s.status})`,
      significant(s.ms.median),
      `${significant(s.ms.min)}-${significant(s.ms.max)}`,
      grouped(s.xRealTime),
      grouped(s.nsPerFrame),
      fixed(s.vsOurs, 2),
      fixed(s.vsNativeFftw, 2),
      decibels(s.dbVsOurs?.median),
      decibels(s.dbVsOurs?.max),
    ];
  });
  printRows(header, rows);
  for (const s of systems.filter((s) => s.reason)) console.log(`  ${s.name}: ${s.reason}`);
}

export function printColdStart(results, pageFaultMicros) {
  console.log(
    '\ncold start in a fresh node (keras preset): import + setup; then one compute of the whole input; peak RSS of that process',
  );
  printRows(
    [
      'system',
      'runs',
      'cold start ms (median)',
      'min-max',
      'import ms',
      'setup ms',
      'first compute ms',
      'peak RSS MiB',
      'WASM memory MiB',
    ],
    results.map((r) => [
      r.name,
      r.runs ?? '-',
      fixed(r.coldStartMs?.median, 1),
      r.coldStartMs ? `${fixed(r.coldStartMs.min, 1)}-${fixed(r.coldStartMs.max, 1)}` : '-',
      fixed(r.importMs, 1),
      fixed(r.setupMs, 1),
      fixed(r.firstComputeMs, 1),
      fixed(r.peakRssMiB, 0),
      fixed(r.wasmMemoryMiB, 1),
    ]),
  );
  for (const r of results.filter((r) => r.setupPhasesMs)) {
    const phases = Object.entries(r.setupPhasesMs).map(([key, ms]) => `${key} ${fixed(ms, 1)}`);
    console.log(`  ${r.name} setup, medians in ms: ${phases.join(', ')}`);
  }
  for (const r of results.filter((r) => r.pageFaults)) {
    const { import: imported, setup, firstCompute } = r.pageFaults;
    const cost =
      pageFaultMicros == null
        ? ''
        : `; at ${fixed(pageFaultMicros, 1)} µs a fault on this machine that is ${fixed(((imported + setup) * pageFaultMicros) / 1000, 1)} ms of the cold start`;
    console.log(
      `  ${r.name} minor page faults (medians): import ${imported}, setup ${setup}, first compute ${firstCompute}${cost}`,
    );
  }
}

/** results.json and chart.svg, or with a name (the browser run's 'browser'): <name>.json and <name>-chart.svg. */
export function writeResults(directory, results, name) {
  mkdirSync(directory, { recursive: true });
  writeFileSync(`${directory}${name ?? 'results'}.json`, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(`${directory}${name ? `${name}-` : ''}chart.svg`, chartSvg(results));
}

export function printScaling({ cores, seconds, runs, results }) {
  console.log(
    `\nmulti-core: MelSpectrogramPool vs one thread, ${seconds} s of audio, ${cores} CPUs, median of ${runs}`,
  );
  const header = ['preset', 'system', 'ms', 'min-max ms', 'speed-up'];
  const rows = Object.entries(results).flatMap(([preset, systems]) =>
    systems.map((s) => [
      preset,
      s.name,
      significant(s.ms.median),
      `${significant(s.ms.min)}-${significant(s.ms.max)}`,
      `${s.speedup.toFixed(2)}x`,
    ]),
  );
  printRows(header, rows);
}

/** A run's failures, each logged as it happens: `fail(name, where, error)` adds one to `failures`. */
export function failureLog(log) {
  const failures = [];
  const fail = (name, where, error) => {
    const message = error instanceof Error ? error.message : String(error);
    failures.push({ name, where, message });
    log(`FAIL ${name} (${where}): ${message}`);
  };
  return { failures, fail };
}
