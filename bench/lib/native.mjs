// The native limits: our C++ core on KissFFT and the same pipeline on FFTW3, built
// from cpp/bench/ with -march=native and run as child processes. Each child reads the
// raw float32 input, does its own warm-up and times itself, so process start and file
// reading are excluded (contract in cpp/bench/native_bench.cpp).
//
// The children stay up (--serve) and are asked for one run at a time over stdin:
// starting a process between timed runs made the runner's next in-process run about
// 2x slower (fork marks the parent's pages, its WASM heap included, copy-on-write).
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const BUILD = `${REPO}build/native-bench`;
const BINARIES = {
  'native-kissfft': `${BUILD}/cpp/melspec_bench_kissfft`,
  'native-fftw': `${BUILD}/cpp/melspec_bench_fftw`,
};

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} failed (${result.status ?? result.signal}):\n${result.stderr || result.stdout}`,
    );
  }
  return result.stdout;
}

/** FFTW's version as Debian packaged it, for the results (null when absent). */
export function fftwVersion() {
  const result = spawnSync('dpkg-query', ['-W', '-f', '$' + '{Version}', 'libfftw3-dev'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : null;
}

/** FFTW's headers, installed from Debian when missing and we may; else null + why not. */
function ensureFftw(log) {
  if (existsSync('/usr/include/fftw3.h')) return null;
  if (process.getuid?.() !== 0) return 'libfftw3-dev is not installed and we are not root: native-fftw skipped';
  log('installing libfftw3-dev (apt-get) for native-fftw ...');
  const install = () =>
    spawnSync('apt-get', ['install', '-y', '-q', 'libfftw3-dev'], {
      encoding: 'utf8',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
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
  run('cmake', [
    '-S',
    REPO,
    '-B',
    BUILD,
    '-DCMAKE_BUILD_TYPE=Release',
    '-DMELSPEC_BUILD_BENCH=ON',
    '-DMELSPEC_BUILD_TESTS=OFF',
  ]);
  run('cmake', ['--build', BUILD, '-j2']);
  const systems = [];
  for (const [name, binary] of Object.entries(BINARIES)) {
    if (existsSync(binary)) systems.push(nativeSystem(name, binary));
    else if (!skipped.some((s) => s.name === name)) skipped.push({ name, reason: `${binary} was not built` });
  }
  return { systems, skipped };
}

/** A --serve child: ask(line) sends one command and resolves with its JSON reply. */
function startServer(binary, inputPath, preset) {
  const child = spawn(binary, ['--input', inputPath, '--preset', preset, '--serve'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const waiting = [];
  createInterface({ input: child.stdout }).on('line', (line) => waiting.shift()?.resolve(JSON.parse(line)));
  child.on('exit', (code, signal) => {
    for (const pending of waiting.splice(0))
      pending.reject(new Error(`${binary} exited (${code ?? signal}): ${stderr}`));
  });
  const reply = () => new Promise((resolve, reject) => waiting.push({ resolve, reject }));
  const ready = reply(); // the description line, printed after the child's warm-up
  return {
    ready,
    ask(line) {
      const answer = reply();
      child.stdin.write(`${line}\n`);
      return answer;
    },
    stop() {
      child.stdin.end();
    },
  };
}

function nativeSystem(name, binary) {
  let preset = null;
  let server = null;
  let serverKey = null;
  const serverFor = async (inputPath) => {
    const key = `${inputPath}|${preset}`;
    if (serverKey !== key) {
      server?.stop();
      server = startServer(binary, inputPath, preset);
      serverKey = key;
    }
    const description = await server.ready;
    if (description.preset !== preset) throw new Error(`${name}: unexpected report ${JSON.stringify(description)}`);
    return { server, description };
  };
  return {
    name,
    kind: 'native',
    packageName: null,
    matchesKeras: true,
    notes:
      name === 'native-fftw'
        ? 'C++ (cpp/bench/): our engine with its real FFT swapped for FFTW3 r2c (FFTW_MEASURE), -O3 -march=native'
        : 'C++ (cpp/bench/): our engine as shipped (MelSpectrogram<float>, KissFFT in SIMD lanes), -O3 -march=native',
    unsupported: () => null,
    setup(config) {
      preset = config.preset;
    },
    /** One computation, timed inside the child (which warmed up when it started). */
    async timedRun({ inputPath }) {
      const { server: child } = await serverFor(inputPath);
      const { ms } = await child.ask('run');
      if (typeof ms !== 'number') throw new Error(`${name}: no time in its reply`);
      return ms;
    },
    async check({ inputPath, scratch }) {
      const { server: child, description } = await serverFor(inputPath);
      const outputPath = `${scratch}/${name}-${preset}.f32`;
      await child.ask('run');
      await child.ask(`output ${outputPath}`);
      const bytes = readFileSync(outputPath);
      const data = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
      return { data, frames: description.frames };
    },
    teardown() {
      server?.stop();
      server = serverKey = null;
    },
  };
}
