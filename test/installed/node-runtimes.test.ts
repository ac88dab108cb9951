// The packed tarball installed into a fresh project, used from ESM and CommonJS on
// every Node.js line we support (the machine's 20, and 22 and 24 from
// test/installed/node-runtimes/): a 1 kHz tone's mel spectrogram has the Keras shape
// and its peak in the band whose centre is nearest 1 kHz, and `melspec-wasm/worklet`
// resolves to a processor module that registers itself.
import { execFileSync } from 'node:child_process';
import { type FreshProject, freshProject, packPackage } from '../helpers/packed';
import { installOptions, nodeBinaries } from './fixture-tools';

/** Shared by both consumers: `MelSpectrogram` from the package, `worklet` the resolved file of melspec-wasm/worklet. */
const measure = `
async function measure(MelSpectrogram, worklet) {
  const { readFileSync } = require('node:fs');
  const { runInNewContext } = require('node:vm');
  const mel = await MelSpectrogram.create({ numMelBins: 64, samplingRate: 16000 });
  const tone = Float32Array.from({ length: 16000 }, (_, i) => Math.sin((2 * Math.PI * 1000 * i) / 16000));
  const { data, shape } = mel.compute(tone);
  const [bins, frames] = shape;
  const bandMeans = Array.from({ length: bins }, (_, m) => data.subarray(m * frames, (m + 1) * frames).reduce((a, b) => a + b, 0) / frames);
  const peakBand = bandMeans.indexOf(Math.max(...bandMeans));
  const sorted = [...bandMeans].sort((a, b) => a - b);
  // What a console shows for an instance and an error: the classes' own names.
  const { inspect } = require('node:util');
  const shown = [inspect(mel), inspect(mel.createStream())].map((text) => text.split(' ')[0]);
  try { mel.compute(new Float32Array([0, NaN])); } catch (error) { shown.push(inspect(error).split(':')[0]); }
  mel.dispose();
  // The worklet module as an AudioWorkletGlobalScope would run it (it imports nothing).
  const registered = [];
  runInNewContext(readFileSync(worklet, 'utf8'), {
    AudioWorkletProcessor: class { constructor() { this.port = {}; } },
    registerProcessor: (name) => registered.push(name),
  });
  return {
    version: process.version, shape, dataType: data.constructor.name, peakBand,
    peakOverMedianDb: bandMeans[peakBand] - sorted[bins >> 1], worklet, registered, shown,
  };
}`;

const consumers = {
  'esm.mjs': `import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { MelSpectrogram } from 'melspec-wasm';
const require = createRequire(import.meta.url);
${measure}
console.log(JSON.stringify(await measure(MelSpectrogram, fileURLToPath(import.meta.resolve('melspec-wasm/worklet')))));
`,
  'cjs.cjs': `const { MelSpectrogram } = require('melspec-wasm');
${measure}
measure(MelSpectrogram, require.resolve('melspec-wasm/worklet')).then((result) => console.log(JSON.stringify(result)));
`,
};

/** Keras' mel scale (HTK, natural log), and the band whose centre is nearest `hz`: 64 bands from 20 Hz to 8 kHz. */
function nearestBand(hz: number): number {
  const mel = (f: number) => 1127 * Math.log(1 + f / 700);
  const low = mel(20);
  const step = (mel(8000) - low) / 65; // 66 edges; band m's centre is edge m + 1
  const centres = Array.from({ length: 64 }, (_, m) => low + (m + 1) * step);
  const distances = centres.map((centre) => Math.abs(centre - mel(hz)));
  return distances.indexOf(Math.min(...distances));
}

let project: FreshProject;
const binaries = nodeBinaries();

beforeAll(() => {
  project = freshProject('node-runtimes', [packPackage()], consumers, installOptions);
}, 300_000);
afterAll(() => project?.remove());

describe.each(binaries.map((binary) => [binary.major, binary] as const))('Node.js %i', (major, binary) => {
  test.each(Object.keys(consumers))(
    '%s: a 1 kHz tone peaks in its band; melspec-wasm/worklet resolves and registers',
    (file) => {
      const output = execFileSync(binary.path, [file], { cwd: project.dir, encoding: 'utf8' });
      const result = JSON.parse(output) as {
        version: string;
        shape: number[];
        dataType: string;
        peakBand: number;
        peakOverMedianDb: number;
        worklet: string;
        registered: string[];
        shown: string[];
      };
      console.log(
        `Node ${result.version} ${file}: shape [${result.shape}], peak band ${result.peakBand}, ` +
          `${result.peakOverMedianDb.toFixed(1)} dB over the median band`,
      );
      expect(result.version).toMatch(new RegExp(`^v${major}\\.`));
      expect(result.shape).toEqual([64, 32]); // Keras: 1 + 16000 // 512 frames
      expect(result.dataType).toBe('Float32Array');
      expect(result.peakBand).toBe(nearestBand(1000));
      expect(result.peakOverMedianDb).toBeGreaterThan(40);
      // import resolves the ES module, require the plain-script copy; both in the installed package.
      const expectedFile = file.endsWith('.mjs') ? 'dist/worklet.js' : 'dist/worklet.cjs';
      expect(result.worklet).toBe(`${project.dir}/node_modules/melspec-wasm/${expectedFile}`);
      expect(result.registered).toEqual(['melspec-wasm-processor']);
      expect(result.shown).toEqual(['MelSpectrogram', 'MelSpectrogramStream', 'MelSpectrogramRangeError']);
    },
  );
});
