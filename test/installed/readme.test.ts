// Every code block of the README, as a user would run it: on the oldest Node the package
// supports (package.json "engines", Node 20), in a fresh project with the packed tarball
// installed (test/helpers/packed.ts). dist/ must be built first (npm test builds it).
//
// Fences say how a block runs:
//   ```js          a Node ESM program (block-N.mjs)
//   ```js cjs      a Node CommonJS program (block-N.cjs); top-level await would be a SyntaxError
//   ```js browser  browser code: type-checked with tsc (strict, as TypeScript, so that callbacks
//                  get their parameter types from context as in an editor) against the
//                  installed package's types and the DOM library; not run
//   ```sh          commands: each must be one the test knows (npm install of this package or
//                  of melspec-cli, npx melspec-cli, npm start, npm test) and refer to what exists
// Any other fence fails the test, so no block goes unchecked.
//
// The hidden prelude (prelude.mjs / prelude.cjs, imported first) defines the names the
// README's snippets take as given:
//   signal      Float32Array, 1 s of a 440 Hz sine at 16 kHz
//   longSignal  Float32Array, 60 s of the same
//   chunks      async iterable of Float32Array pieces of `signal` (sizes 1, 128, 1000, rest)
//   draw        a function that accepts anything and does nothing
// A block's own declarations shadow these.
// Comments of the form `console.log(...)  // [ 128, 32 ]` are checked against the output.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freshProject, packPackage, repoRoot, type FreshProject } from '../helpers/packed';

jest.setTimeout(180_000);

interface CodeBlock {
  index: number;
  language: string;
  flags: string[];
  code: string;
  line: number;
}

function readmeBlocks(markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const fence = /^```([^\n]*)\n([\s\S]*?)^```$/gm;
  for (const match of markdown.matchAll(fence)) {
    const [language = '', ...flags] = match[1].trim().split(/\s+/);
    const line = markdown.slice(0, match.index).split('\n').length;
    blocks.push({ index: blocks.length, language, flags, code: match[2], line });
  }
  return blocks;
}

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
const blocks = readmeBlocks(readme);
const nodeBlocks = blocks.filter((block) => block.language === 'js' && !block.flags.includes('browser'));
const browserBlocks = blocks.filter((block) => block.language === 'js' && block.flags.includes('browser'));
const shellBlocks = blocks.filter((block) => block.language === 'sh');
const label = (block: CodeBlock) =>
  `README block ${block.index} (line ${block.line}, \`\`\`${[block.language, ...block.flags].join(' ')})`;

// The globals the README's examples use, each made on first use only. Made eagerly, the
// 60 s tone left a TurboFan job compiling its loop while short examples exited, and Node 20
// then hung at exit in 13 of 15 runs (nodejs/node#54918: the main thread drains background
// tasks while the job waits for a garbage collection only the main thread can run).
const preludeBody = `
const rate = 16000;
const tone = (seconds) => Float32Array.from({ length: seconds * rate }, (_, i) => Math.sin(2 * Math.PI * 440 * i / rate));
const lazy = (name, make) =>
  Object.defineProperty(globalThis, name, {
    configurable: true,
    get() {
      const value = make();
      Object.defineProperty(globalThis, name, { value });
      return value;
    },
  });
lazy('signal', () => tone(1));
lazy('longSignal', () => tone(60));
lazy('chunks', () =>
  (async function* () {
    let at = 0;
    for (const size of [1, 128, 1000, Infinity]) {
      yield globalThis.signal.subarray(at, Math.min(at + size, globalThis.signal.length));
      at = Math.min(at + size, globalThis.signal.length);
    }
  })(),
);
globalThis.draw = () => {};
`;

const browserGlobals = `
declare function draw(...anything: unknown[]): void;
`;

let project: FreshProject;
beforeAll(() => {
  const files: Record<string, string> = {
    'prelude.mjs': preludeBody,
    'prelude.cjs': preludeBody,
    'globals.d.ts': browserGlobals,
    'tsconfig.json': JSON.stringify({
      compilerOptions: {
        noEmit: true,
        strict: true,
        target: 'ES2022',
        module: 'ESNext',
        moduleResolution: 'Bundler',
        lib: ['ES2022', 'DOM'],
        types: [],
        skipLibCheck: true,
      },
      include: ['globals.d.ts', 'browser-*.ts'],
    }),
  };
  for (const block of nodeBlocks) {
    const cjs = block.flags.includes('cjs');
    files[`block-${block.index}.${cjs ? 'cjs' : 'mjs'}`] =
      (cjs ? "require('./prelude.cjs');\n" : "import './prelude.mjs';\n") + block.code;
  }
  for (const block of browserBlocks) files[`browser-${block.index}.ts`] = block.code;
  project = freshProject('readme', [packPackage('.')], files);
});
afterAll(() => project?.remove());

test('the README has Node, CommonJS, browser and shell blocks, and no other kind', () => {
  expect(blocks.map((block) => block.language).filter((language) => !['js', 'sh'].includes(language))).toEqual([]);
  expect(nodeBlocks.filter((block) => !block.flags.includes('cjs')).length).toBeGreaterThanOrEqual(3);
  expect(nodeBlocks.filter((block) => block.flags.includes('cjs'))).toHaveLength(1);
  expect(browserBlocks.length).toBeGreaterThanOrEqual(2);
  for (const block of blocks)
    expect({ block: label(block), flags: block.flags.filter((flag) => !['cjs', 'browser'].includes(flag)) }).toEqual({
      block: label(block),
      flags: [],
    });
});

test('the Node used here is the oldest the package supports', () => {
  const floor = Number(/^>=\s*(\d+)/.exec(manifest.engines.node)?.[1]);
  expect(floor).toBe(20);
  expect(Number(process.versions.node.split('.')[0])).toBe(floor);
});

test('no example uses `using` declarations (Node 20 cannot parse them)', () => {
  for (const block of [...nodeBlocks, ...browserBlocks]) {
    expect({ block: label(block), using: /(^|[;{}\s])(await\s+)?using\s+[A-Za-z_$]/m.test(block.code) }).toEqual({
      block: label(block),
      using: false,
    });
  }
});

describe.each(nodeBlocks.map((block) => [label(block), block] as const))('%s', (_name, block) => {
  test('runs on Node 20 with the packed package installed', () => {
    const file = `block-${block.index}.${block.flags.includes('cjs') ? 'cjs' : 'mjs'}`;
    const run = spawnSync(process.execPath, [file], { cwd: project.dir, encoding: 'utf8', timeout: 120_000 });
    expect({ status: run.status, signal: run.signal, stderr: run.stderr }).toEqual({
      status: 0,
      signal: null,
      stderr: '',
    });
    // What the block's comments promise it prints, it prints.
    for (const [, expected] of block.code.matchAll(/console\.log\(.*\/\/\s*(\[[^\]]*\])/g)) {
      expect(run.stdout).toContain(expected);
    }
  });
});

test('the CommonJS block is a CommonJS program (require, no import, no top-level await)', () => {
  const [block] = nodeBlocks.filter((candidate) => candidate.flags.includes('cjs'));
  expect(block.code).toMatch(/require\('melspec-wasm'\)/);
  expect(block.code).not.toMatch(/^\s*import\s/m);
  expect(block.code).not.toMatch(/\bawait\b/);
});

test('the browser blocks type-check against the installed package and the DOM', () => {
  const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  const check = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: project.dir, encoding: 'utf8' });
  expect(check.stdout + check.stderr).toBe('');
  expect(check.status).toBe(0);
  // The package's own types were used, not an `any` fallback: a wrong option is an error.
  writeFileSync(
    join(project.dir, 'browser-wrong.ts'),
    "import { MelSpectrogram } from 'melspec-wasm';\nawait MelSpectrogram.create({ numMelBins: 'many' });\n",
  );
  const wrong = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: project.dir, encoding: 'utf8' });
  expect(wrong.status).not.toBe(0);
  expect(wrong.stdout).toMatch(/^browser-wrong\.ts\(2,/m);
});

test('the shell blocks run only commands that exist: this package, melspec-cli, npm start, npm test, npm run <script>', () => {
  const cliManifestPath = join(repoRoot, 'packages', 'cli', 'package.json');
  const cliManifest = JSON.parse(readFileSync(cliManifestPath, 'utf8'));
  const commands = shellBlocks.flatMap((block) =>
    block.code
      .split('\n')
      .map((line) => line.replace(/#.*$/, '').trim())
      .filter(Boolean)
      .map((command) => ({ block: label(block), command })),
  );
  expect(commands.length).toBeGreaterThan(0);
  for (const { block, command } of commands) {
    const words = command.split(/\s+/);
    let known: boolean;
    if (command === `npm install ${manifest.name}`) {
      known = true; // what freshProject does with the tarball in beforeAll
    } else if (command === 'npm install -g melspec-cli' || (words[0] === 'npx' && words[1] === 'melspec-cli')) {
      // The CLI is the separate package in packages/cli; its bin is `melspec`.
      known = cliManifest.name === 'melspec-cli' && Object.keys(cliManifest.bin ?? {}).includes('melspec');
    } else if (words[0] === 'npm' && (words[1] === 'start' || words[1] === 'test') && words.length === 2) {
      known = typeof manifest.scripts?.[words[1]] === 'string';
    } else if (words[0] === 'npm' && words[1] === 'run' && words.length >= 3) {
      // A script of this repository's package.json (arguments after `--` go to it).
      known = typeof manifest.scripts?.[words[2] ?? ''] === 'string' && (words.length === 3 || words[3] === '--');
    } else {
      known = false;
    }
    expect({ block, command, known }).toEqual({ block, command, known: true });
  }
  // The Development section keeps the two commands contributors need, in that order.
  const development = readme.slice(readme.indexOf('## Development'));
  expect(development).toMatch(/```sh\nnpm start[^\n]*\nnpm test[^\n]*\n```/);
  expect(execFileSync('git', ['ls-files', '.ci/run'], { cwd: repoRoot, encoding: 'utf8' }).trim()).toBe('.ci/run');
  expect(readFileSync(join(repoRoot, '.ci', 'run'), 'utf8')).toMatch(/^npm test$/m);
});
