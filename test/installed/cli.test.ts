// The CLI as users get it: `npm pack` of the library and of packages/cli, both tarballs
// installed into a fresh project (the CLI's own dependencies from the npm registry),
// then `node_modules/.bin/melspec` run there. Also the library alone: one package, small.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readNpy, readPcm16, speechWav } from '../helpers/cli-inputs';
import {
  type FreshProject,
  folderBytes,
  freshProject,
  installedPackages,
  packPackage,
  repoRoot,
  tarballFiles,
} from '../helpers/packed';

const megabyte = 1000 * 1000;
let library: string;
let cli: string;

beforeAll(() => {
  // Both packages from their built dist/ (node scripts/build-js.mjs; node packages/cli/build.mjs).
  expect(existsSync(join(repoRoot, 'dist', 'node.cjs'))).toBe(true);
  expect(existsSync(join(repoRoot, 'packages', 'cli', 'dist', 'cli.js'))).toBe(true);
  library = packPackage('.');
  cli = packPackage('packages/cli');
}, 180000);

test('the library installed alone adds exactly one package, of at most 3 MB', () => {
  const project = freshProject('library-alone', [library]);
  try {
    const nodeModules = join(project.dir, 'node_modules');
    expect(installedPackages(nodeModules)).toEqual(['melspec-wasm']);
    const bytes = folderBytes(nodeModules);
    console.log(
      `melspec-wasm installed alone: node_modules holds ${bytes} bytes (${(bytes / megabyte).toFixed(2)} MB)`,
    );
    expect(bytes).toBeLessThanOrEqual(3 * megabyte);
  } finally {
    project.remove();
  }
}, 180000);

test('the CLI tarball ships LICENSE and THIRD-PARTY-NOTICES (copied from the repository by its build)', () => {
  const files = tarballFiles(cli);
  expect(files).toEqual(expect.arrayContaining(['dist/cli.js', 'dist/cli-worker.js', 'package.json', 'README.md']));
  expect(files).toEqual(expect.arrayContaining(['LICENSE', 'THIRD-PARTY-NOTICES']));
});

describe('melspec installed from its tarball with the library', () => {
  let project: FreshProject;
  const bin = () => join(project.dir, 'node_modules', '.bin', 'melspec');
  /** Runs the installed command as a user's shell would: by its bin link, `node` from PATH. */
  const melspec = (args: string[]) =>
    spawnSync(bin(), args, {
      cwd: project.dir,
      encoding: 'utf8',
      timeout: 120000,
      env: { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH}` },
    });

  beforeAll(() => {
    project = freshProject('cli', [library, cli], {}, { offline: false });
  }, 600000);
  afterAll(() => project?.remove());

  test('both tarballs installed: the library from its tarball, not the registry', () => {
    const installed = JSON.parse(
      readFileSync(join(project.dir, 'node_modules', 'melspec-wasm', 'package.json'), 'utf8'),
    );
    expect(installed.version).toBe(JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).version);
    // One copy of the library: the CLI's dependency is the project's.
    expect(existsSync(join(project.dir, 'node_modules', 'melspec-cli', 'node_modules', 'melspec-wasm'))).toBe(false);
  });

  test('melspec --version prints the CLI package version', () => {
    const run = melspec(['--version']);
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe(
      JSON.parse(readFileSync(join(repoRoot, 'packages', 'cli', 'package.json'), 'utf8')).version,
    );
  });

  test('a WAV to .npy: exactly what the installed library computes on the same samples', () => {
    const out = join(project.dir, 'out');
    const run = melspec([speechWav, '-o', out, '-f', 'npy', '-q']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const written = readNpy(join(out, 'Front_Center.npy'));

    // The library's compute() in the same project, on the WAV's samples (x / 32768).
    const { samples, sampleRate } = readPcm16(speechWav);
    writeFileSync(
      join(project.dir, 'samples.f32'),
      Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength),
    );
    const script = `
      const { readFileSync, writeFileSync } = require('node:fs');
      const { MelSpectrogram } = require('melspec-wasm');
      (async () => {
        const bytes = readFileSync('samples.f32');
        const samples = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
        const mel = await MelSpectrogram.create({ sampling_rate: ${sampleRate} });
        const { data, shape } = mel.compute(samples);
        writeFileSync('expected.f32', Buffer.from(data.buffer, data.byteOffset, data.byteLength));
        process.stdout.write(JSON.stringify(shape));
      })();`;
    const shape = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: project.dir, encoding: 'utf8' }));
    expect(written.data).toBeInstanceOf(Float32Array);
    expect(written.shape).toEqual(shape);
    const expected = readFileSync(join(project.dir, 'expected.f32'));
    expect(Buffer.from(written.data.buffer, written.data.byteOffset, written.data.byteLength).equals(expected)).toBe(
      true,
    );
  });
});
