// The ESM entry (dist/node.js) as Node loads it for `import 'melspec-wasm'`:
// a child process imports the package by name and runs every golden case.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

test('import "melspec-wasm" (ESM) reproduces every Keras golden case', () => {
  const script = join(__dirname, 'helpers', 'esm-golden.mjs');
  const output = execFileSync(process.execPath, [script], { encoding: 'utf8', cwd: join(__dirname, '..') });
  const report: {
    entry: string;
    cases: {
      name: string;
      shape: number[];
      expectedShape: number[];
      dtype: string;
      expectedDtype: string;
      excess: number;
    }[];
  } = JSON.parse(output);
  expect(report.entry).toMatch(/dist\/node\.js$/);
  expect(report.cases).toHaveLength(33);
  for (const c of report.cases) {
    expect({ name: c.name, shape: c.shape, dtype: c.dtype }).toEqual({
      name: c.name,
      shape: c.expectedShape,
      dtype: c.expectedDtype,
    });
    expect({ name: c.name, excess: c.excess }).toEqual({ name: c.name, excess: expect.any(Number) });
    expect(c.excess).toBeLessThanOrEqual(0);
  }
});

test("every entry's classes carry their own names, minified or not", () => {
  // esbuild names a class that refers to itself `_MelSpectrogram`, and a minifier gives it one
  // letter: a console shows an instance by that name unless the class sets its own.
  const classes = [
    'MelSpectrogram',
    'MelSpectrogramStream',
    'MelSpectrogramPool',
    'MelSpectrogramNode',
    'MelSpectrogramError',
    'MelSpectrogramTypeError',
    'MelSpectrogramRangeError',
  ];
  const script = `const entries = { browser: await import('./dist/index.js'), node: await import('./dist/node.js'),
    cjs: (await import('node:module')).createRequire(import.meta.url)('./dist/node.cjs') };
  console.log(JSON.stringify(Object.fromEntries(Object.entries(entries).map(([entry, m]) =>
    [entry, ${JSON.stringify(classes)}.map((name) => m[name].name)]))));`;
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    cwd: join(__dirname, '..'),
  });
  expect(JSON.parse(output)).toEqual({ browser: classes, node: classes, cjs: classes });
});
