// The package as installed from its tarball, under every common bundler: Vite, webpack 5,
// Rollup, Parcel 2, esbuild, and Next.js 16 with Turbopack and with --webpack (a 'use client'
// page and a route handler computing in Node). The apps live in test/bundlers, which has its
// own package.json and lock (the bundlers are not the library's dependencies); the test unpacks
// `npm pack`'s tarball into its node_modules/melspec-wasm (the files npm would put there: the
// package has no dependencies), builds each app in turn, serves it on a free port and loads it
// in Chromium and in Firefox ESR, where it computes a 1 kHz tone whose band must be the loudest.
// Only esbuild needs a step (docs/bundlers.md): without it, the error names the fix.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { launch, openPage, outputDir } from '../browser/browser-harness';
import { firefoxResults } from '../browser/firefox-harness';
import { packPackage } from '../helpers/packed';
import { serveFolder } from './bundlers-server';

const fixtures = join(__dirname, '..', 'bundlers');
const quiet = {
  cwd: fixtures,
  stdio: 'pipe' as const,
  encoding: 'utf8' as const,
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
};

/** The mel band (0-based, of `bins` between 20 Hz and 8 kHz on the HTK scale) holding `hz`. */
function bandOf(hz: number, bins: number): number {
  const mel = (f: number) => 1127 * Math.log(1 + f / 700);
  return Math.round(((mel(hz) - mel(20)) / (mel(8000) - mel(20))) * (bins + 1)) - 1;
}

function expectToneResult(result: any): void {
  expect(result.error).toBeUndefined();
  expect(result.shape).toEqual([64, 32]);
  expect(result.finite).toBe(true);
  expect(Math.abs(result.loudest - bandOf(1000, 64))).toBeLessThanOrEqual(1);
}

function build(script: string): void {
  execFileSync('npm', ['run', script], quiet);
}

/** JavaScript (gzipped) and .wasm (raw and gzipped) bytes under `dir` (an app's build output). */
function bundleSizes(dir: string): {
  jsGzipBytes: number;
  wasmBytes: number;
  wasmGzipBytes: number;
  wasmFiles: number;
} {
  const sizes = { jsGzipBytes: 0, wasmBytes: 0, wasmGzipBytes: 0, wasmFiles: 0 };
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder)) {
      const path = join(folder, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.m?js$/.test(entry)) sizes.jsGzipBytes += gzipSync(readFileSync(path), { level: 9 }).length;
      else if (entry.endsWith('.wasm')) {
        sizes.wasmBytes += statSync(path).size;
        sizes.wasmGzipBytes += gzipSync(readFileSync(path), { level: 9 }).length;
        sizes.wasmFiles += 1;
      }
    }
  };
  walk(dir);
  return sizes;
}

const measured: Record<string, ReturnType<typeof bundleSizes>> = {};
let chromium: Browser;

beforeAll(() => {
  // The bundlers, from the fixture's committed lock (again when the lock is newer).
  const installed = join(fixtures, 'node_modules', '.package-lock.json');
  if (!existsSync(installed) || statSync(join(fixtures, 'package-lock.json')).mtimeMs > statSync(installed).mtimeMs) {
    execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], quiet);
  }
  // The library, from the tarball users get.
  const target = join(fixtures, 'node_modules', 'melspec-wasm');
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  execFileSync('tar', ['-xzf', packPackage(), '-C', target, '--strip-components=1']);
}, 600000);

beforeAll(async () => {
  chromium = await launch();
}, 60000);

afterAll(async () => {
  await chromium?.close();
  console.log(`bundle sizes (gzipped JS; .wasm raw and gzipped):\n${JSON.stringify(measured, null, 1)}`);
  mkdirSync(outputDir, { recursive: true });
  writeFileSync(join(outputDir, 'bundle-sizes.json'), `${JSON.stringify(measured, null, 2)}\n`);
});

/** window.result of `url` in Chromium, and the page's console errors. */
async function inChromium(url: string): Promise<{ result: any; errors: string[] }> {
  const { page, errors } = await openPage(chromium, url);
  try {
    // An element with id="result" would be window.result too (named access): wait for the value.
    await page.waitForFunction(
      () => (window as any).result !== undefined && !((window as any).result instanceof Element),
      undefined,
      { timeout: 60000 },
    );
    return { result: await page.evaluate(() => (window as any).result), errors };
  } finally {
    await page.close();
  }
}

async function inFirefox(url: string): Promise<{ result: any; errors: string[] }> {
  const { pages } = await firefoxResults([url]);
  return pages[0];
}

const staticApps: [name: string, script: string, page: string, output: string][] = [
  ['Vite', 'build:vite', 'vite/dist/index.html', 'vite/dist'],
  ['webpack 5', 'build:webpack', 'webpack/index.html', 'webpack/dist'],
  ['Rollup', 'build:rollup', 'rollup/index.html', 'rollup/dist'],
  ['Parcel 2', 'build:parcel', 'parcel/dist/index.html', 'parcel/dist'],
  ['esbuild (with the .wasm files copied next to the bundle)', 'build:esbuild', 'esbuild/index.html', 'esbuild/dist'],
];

test.each(staticApps)(
  '%s: the built app computes a 1 kHz tone in Chromium and Firefox',
  async (name, script, page, output) => {
    build(script);
    measured[name] = bundleSizes(join(fixtures, output));
    const server = await serveFolder(fixtures);
    try {
      const chromiumRun = await inChromium(`${server.origin}/${page}`);
      expectToneResult(chromiumRun.result);
      expect(chromiumRun.result.build).toBe('simd');
      expect(chromiumRun.errors).toEqual([]);
      const firefoxRun = await inFirefox(`${server.origin}/${page}`);
      expectToneResult(firefoxRun.result);
      expect(firefoxRun.result.build).toBe('simd');
      expect(firefoxRun.errors).toEqual([]);
    } finally {
      await server.close();
    }
  },
  300000,
);

describe('esbuild without the documented step (it does not emit new URL assets)', () => {
  const fixes = [
    /init\(\{ url \}\)/,
    /init\(\{ wasmBinary \}\)/,
    /melspec-wasm\/dist\/melspec\.wasm/,
    /next to your bundle/,
  ];

  beforeAll(() => {
    execFileSync('node', ['esbuild/build.js', '--no-copy'], quiet);
  }, 120000);

  test('melspec.wasm answers 404: the error names the fixes, in Chromium and Firefox', async () => {
    const server = await serveFolder(fixtures);
    try {
      const url = `${server.origin}/esbuild/index.html`;
      for (const { result } of [await inChromium(url), await inFirefox(url)]) {
        expect(result.error).toMatch(
          /melspec-wasm: could not fetch http:\/\/127\.0\.0\.1:\d+\/esbuild\/dist\/melspec\.wasm: HTTP 404/,
        );
        for (const fix of fixes) expect(result.error).toMatch(fix);
      }
    } finally {
      await server.close();
    }
  }, 180000);

  test('a server answering index.html for every missing file: the error says it is not WebAssembly and names the fixes', async () => {
    const server = await serveFolder(fixtures, { fallback: join(fixtures, 'esbuild', 'index.html') });
    try {
      const { result } = await inChromium(`${server.origin}/esbuild/index.html`);
      expect(result.error).toMatch(
        /esbuild\/dist\/melspec\.wasm is not a WebAssembly file \(text\/html; charset=utf-8, \d+ bytes\)/,
      );
      for (const fix of fixes) expect(result.error).toMatch(fix);
    } finally {
      await server.close();
    }
  }, 180000);
});

/** `next start` of the last build on a free port; resolves with its origin once it listens. */
function nextStart(): Promise<{ origin: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [join(fixtures, 'node_modules/next/dist/bin/next'), 'start', 'next', '-p', '0'],
    {
      ...quiet,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let output = '';
    const read = (chunk: Buffer) => {
      output += chunk;
      const port = output.match(/Local:\s+http:\/\/localhost:(\d+)/)?.[1];
      if (port && /Ready in/.test(output)) resolve({ origin: `http://127.0.0.1:${port}`, child });
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', (code) => reject(new Error(`next start exited (${code}): ${output}`)));
  });
}

describe.each([
  ['Turbopack', 'build:next-turbopack'],
  ['webpack', 'build:next-webpack'],
])('Next.js 16 with %s', (bundler, script) => {
  let origin: string;
  let child: ChildProcess;
  beforeAll(async () => {
    // A fresh build: webpack's cache keys node_modules packages by version, not content.
    rmSync(join(fixtures, 'next', '.next'), { recursive: true, force: true });
    build(script);
    measured[`Next.js 16 (${bundler}), client`] = bundleSizes(join(fixtures, 'next', '.next', 'static'));
    ({ origin, child } = await nextStart());
  }, 600000);
  afterAll(() => {
    child?.kill();
  });

  test("the 'use client' page computes a 1 kHz tone in Chromium and Firefox", async () => {
    const chromiumRun = await inChromium(`${origin}/`);
    expectToneResult(chromiumRun.result);
    expect(chromiumRun.result.build).toBe('simd');
    expect(chromiumRun.errors).toEqual([]);
    const firefoxRun = await inFirefox(`${origin}/`);
    expectToneResult(firefoxRun.result);
    expect(firefoxRun.errors).toEqual([]);
  }, 180000);

  test('the route handler computes a 1 kHz tone in Node', async () => {
    const response = await fetch(`${origin}/api/tone`);
    expect(response.status).toBe(200);
    const result = await response.json();
    expectToneResult(result);
    expect(result.build).toBe('simd');
  }, 60000);
});
