// Run by esm-entry.test.ts as a plain Node ESM program: imports the package by
// name (resolved through package.json "exports"), computes every Keras golden
// case and prints how far each is from its tolerance as JSON.
import { readFileSync } from 'node:fs';
import { MelSpectrogram } from 'melspec-wasm';

const fixtures = new URL('../fixtures/keras/', import.meta.url);
const cases = JSON.parse(readFileSync(new URL('cases.json', fixtures), 'utf8'));
const read = (file, dtype) => {
  const bytes = readFileSync(new URL(file, fixtures));
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  return dtype === 'float64' ? new Float64Array(buffer) : new Float32Array(buffer);
};

const report = { entry: import.meta.resolve('melspec-wasm'), cases: [] };
for (const c of cases) {
  const options = { ...c.params };
  if (options.window && typeof options.window === 'object')
    options.window = read(options.window.array_file, options.window.dtype);
  const mel = await MelSpectrogram.create(options);
  const input = read(c.files.input, c.input_dtype);
  const expected = read(c.files.output, c.output_dtype);
  const shape = c.input_shape.length === 2 ? c.input_shape : [c.input_shape[0]];
  const result = mel.compute({ data: input, shape });
  const db = c.params.power_to_db !== false;
  const peak = expected.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  let excess = -Infinity;
  for (let i = 0; i < expected.length; i++) {
    const tolerance = db ? 0.02 : 1e-3 * Math.abs(expected[i]) + 1e-6 * peak;
    const d = Math.abs(result.data[i] - expected[i]);
    excess = Math.max(excess, Number.isNaN(d) ? Infinity : d - tolerance);
  }
  report.cases.push({
    name: c.name,
    shape: result.shape,
    expectedShape: c.output_shape,
    dtype: result.data instanceof Float64Array ? 'float64' : 'float32',
    expectedDtype: c.output_dtype,
    excess,
  });
  mel.dispose();
}
process.stdout.write(JSON.stringify(report));
