// The engine's options are declared once (schema/engine-options.json) and generated into
// C++ and TypeScript. These tests hold the TypeScript side to that declaration: each
// preset resolves its default arguments to exactly the schema's preset data (which the
// C++ tests use as their preset configs), the wire encoding writes one double per option
// in schema order with the enum codes the C++ enums have, and an option the engine
// refuses is named by the schema's order. The internals are bundled from js/src with
// esbuild (they are not part of the package's API).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadBundled } from './helpers/bundled-source';

const root = join(__dirname, '..');
const schema = JSON.parse(readFileSync(join(root, 'schema/engine-options.json'), 'utf8'));
const schemaOptions: { name: string; type: string; default: unknown }[] = schema.options.filter(
  (entry: { name?: string }) => entry.name !== undefined,
);

interface Internals {
  resolveOptions(options: unknown): { settings: Record<string, unknown> };
  generated: {
    engineDefaults: Record<string, unknown>;
    presetDefaults: Record<string, Record<string, unknown>>;
    engineOptionNames: readonly string[];
    engineOptionCount: number;
    writeEngineOptions(config: Record<string, unknown>, target: Float64Array, at: number): void;
    computeStatus: Record<string, number>;
  };
  configRejectedError(param: number): Error & { option?: string; code?: string };
}

function loadInternals(): Internals {
  const entry = [
    "export { resolveOptions } from './js/src/options/resolve-options.ts';",
    "export * as generated from './js/src/generated/engine-options.ts';",
    "export { configRejectedError } from './js/src/core/engine-binding.ts';",
  ].join('\n');
  return loadBundled<Internals>({
    stdin: { contents: entry, resolveDir: root, loader: 'ts' },
    alias: { 'melspec-glue': join(root, 'build/wasm/cpp/melspec.mjs') },
  });
}

const internals = loadInternals();
const { generated } = internals;

test('the generated option list is the schema, in its order', () => {
  expect(generated.engineOptionNames).toEqual(schemaOptions.map((option) => option.name));
  expect(generated.engineOptionCount).toBe(schemaOptions.length);
  for (const option of schemaOptions) expect(generated.engineDefaults[option.name]).toEqual(option.default);
});

test.each(['keras', 'torchaudio', 'librosa', 'whisper'])(
  "preset %s resolves its default arguments to the schema's preset data",
  (preset) => {
    const { settings } = internals.resolveOptions({ preset });
    const data = { ...generated.engineDefaults, ...schema.presets[preset] };
    for (const name of generated.engineOptionNames) {
      // The schema's preset data is what the C++ tests use as this preset's config.
      expect([name, settings[name]]).toEqual([name, data[name]]);
      expect([name, generated.presetDefaults[preset]![name]]).toEqual([name, data[name]]);
    }
  },
);

test('the wire encoding: one double per option, enum codes in the order the schema lists them', () => {
  const values = new Float64Array(generated.engineOptionCount + 2).fill(-7);
  const whisper = { ...generated.presetDefaults.whisper!, topDb: null, window: new Float64Array(400) };
  generated.writeEngineOptions(whisper, values, 1);
  expect(values[0]).toBe(-7); // nothing written outside [at, at + count)
  expect(values[generated.engineOptionCount + 1]).toBe(-7);
  const at = (name: string) => values[1 + generated.engineOptionNames.indexOf(name)];
  expect(at('fftLength')).toBe(400);
  expect(at('topDb')).toBeNaN(); // null: no floor
  expect(at('dropLastFrame')).toBe(1);
  expect(at('window')).toBe(3); // WindowKind::Custom
  const code = (type: string, js: unknown) =>
    schema.enums[type].findIndex((value: { js?: unknown; jsType?: string }) => value.js === js);
  expect(at('melScale')).toBe(code('MelScale', 'slaney'));
  expect(at('filterShape')).toBe(code('FilterShape', 'hertz'));
  expect(at('binFrequencies')).toBe(code('BinFrequencies', 'fft'));
  expect(at('topDbScope')).toBe(code('TopDbScope', 'all'));
  generated.writeEngineOptions(
    { ...generated.engineDefaults, window: null, filterNorm: 'slaney', topDbScope: 'last-dimension' },
    values,
    0,
  );
  expect(values[generated.engineOptionNames.indexOf('window')]).toBe(code('WindowKind', null));
  expect(values[generated.engineOptionNames.indexOf('filterNorm')]).toBe(code('FilterNorm', 'slaney'));
  expect(values[generated.engineOptionNames.indexOf('topDbScope')]).toBe(2);
  // An unknown enum value is written as -1, which the engine refuses by name.
  generated.writeEngineOptions({ ...generated.engineDefaults, padMode: 'wrap' }, values, 0);
  expect(values[generated.engineOptionNames.indexOf('padMode')]).toBe(-1);
});

test("a ConfigParam names the schema's option at that place", () => {
  for (const [index, name] of generated.engineOptionNames.entries()) {
    const error = internals.configRejectedError(index + 1);
    expect(error).toBeInstanceOf(RangeError);
    expect(error.code).toBe('ERR_MELSPEC_OPTION');
    expect(error.option).toBe(name);
  }
  expect(internals.configRejectedError(0).option).toBeUndefined();
});

test("the compute statuses are the schema's, in order", () => {
  expect(Object.keys(generated.computeStatus)).toEqual(
    schema.computeStatuses.map((status: { js: string }) => status.js),
  );
  expect(Object.values(generated.computeStatus)).toEqual(schema.computeStatuses.map((_: unknown, i: number) => i));
});
