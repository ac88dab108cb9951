// The native limits: our C++ core on KissFFT and the same pipeline on FFTW3, built
// from cpp/bench/ with -march=native and run as child processes. Each child reads the
// raw float32 input, does its own warm-up and times itself, so process start and file
// reading are excluded (contract in cpp/bench/native_bench.cpp).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const BUILD = `${REPO}build/native-bench`;
const BINARIES = { 'native-kissfft': `${BUILD}/cpp/melspec_bench_kissfft`, 'native-fftw': `${BUILD}/cpp/melspec_bench_fftw` };

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.status ?? result.signal}):\n${result.stderr || result.stdout}`);
  }
  return result.stdout;
}

/** FFTW's version as Debian packaged it, for the results (null when absent). */
export function fftwVersion() {
  const result = spawnSync('dpkg-query', ['-W', '-f', '${Version}', 'libfftw3-dev'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : null;
}

/** FFTW's headers, installed from Debian when missing and we may; else null + why not. */
function ensureFftw(log) {
  if (existsSync('/usr/include/fftw3.h')) return null;
  if (process.getuid?.() !== 0) return 'libfftw3-dev is not installed and we are not root: native-fftw skipped';
  log('installing libfftw3-dev (apt-get) for native-fftw ...');
  const install = () => spawnSync('apt-get', ['install', '-y', '-q', 'libfftw3-dev'], { encoding: 'utf8', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (install().status !== 0) {
    spawnSync('apt-get', ['update', '-q'], { encoding: 'utf8' });
    if (install().status !== 0) return 'apt-get install libfftw3-dev failed: native-fftw skipped';
  }
  return null;
}

/**
 * Configures and builds the benchmark binaries (incremental: cheap when up to date).
 * Returns { systems, skipped: [{ name, reason }] }.
 */
export function buildNatives(log) {
  const skipped = [];
  const fftwMissing = ensureFftw(log);
  if (fftwMissing) skipped.push({ name: 'native-fftw', reason: fftwMissing });
  log('building the native benchmark binaries (cmake, Release, -march=native) ...');
  // Tests off: the benchmark needs neither GoogleTest nor the test binaries.
  run('cmake', ['-S', REPO, '-B', BUILD, '-DCMAKE_BUILD_TYPE=Release', '-DMELSPEC_BUILD_BENCH=ON', '-DMELSPEC_BUILD_TESTS=OFF']);
  run('cmake', ['--build', BUILD, '-j2']);
  const systems = [];
  for (const [name, binary] of Object.entries(BINARIES)) {
    if (existsSync(binary)) systems.push(nativeSystem(name, binary));
    else if (!skipped.some((s) => s.name === name)) skipped.push({ name, reason: `${binary} was not built` });
  }
  return { systems, skipped };
}

function nativeSystem(name, binary) {
  let preset = null;
  const invoke = (inputPath, repeats, outputPath) => {
    const args = ['--input', inputPath, '--preset', preset, '--repeats', String(repeats)];
    if (outputPath) args.push('--output', outputPath);
    const report = JSON.parse(run(binary, args).trim().split('\n').pop());
    if (report.preset !== preset || report.times_ms.length !== repeats) throw new Error(`${name}: unexpected report ${JSON.stringify(report)}`);
    return report;
  };
  return {
    name,
    kind: 'native',
    packageName: null,
    matchesKeras: true,
    notes: name === 'native-fftw'
      ? 'C++ (cpp/bench/fftw_pipeline.cpp): our framing/mel/dB around FFTW3 r2c (FFTW_MEASURE), -O3 -march=native'
      : 'C++ (cpp/bench/kissfft_pipeline.cpp): our core as shipped, natively, -O3 -march=native',
    unsupported: () => null,
    setup(config) {
      preset = config.preset;
    },
    /** One computation timed inside the child (after its own warm-up). */
    timedRun({ inputPath }) {
      return invoke(inputPath, 1).times_ms[0];
    },
    check({ inputPath, scratch }) {
      const outputPath = `${scratch}/${name}-${preset}.f32`;
      const report = invoke(inputPath, 1, outputPath);
      const bytes = readFileSync(outputPath);
      const data = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
      return { data, frames: report.frames };
    },
  };
}
