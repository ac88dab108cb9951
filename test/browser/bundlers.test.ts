// The package under real bundlers, loaded in Chromium: a tiny app (test/bundlers/app.js)
// built by Vite and by webpack 5 (test/bundlers has its own package.json and lock file:
// the bundlers are not the library's dependencies), with no manual copying of .wasm files.
// The app computes a 1 kHz tone's mel spectrogram.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { launch, openPage, serveDemo } from './browser-harness';

const fixtures = join(__dirname, '..', 'bundlers');

let server: { url: string; close(): void };
beforeAll(async () => {
  server = await serveDemo();
});
afterAll(() => server?.close());

function build(bundler: string): void {
  const npm = (args: string[]) => execFileSync('npm', args, { cwd: fixtures, stdio: 'pipe', encoding: 'utf8' });
  if (!existsSync(join(fixtures, 'node_modules', '.package-lock.json'))) npm(['ci', '--no-audit', '--no-fund', '--loglevel=error']);
  npm(['run', `build:${bundler}`]);
}

function bandOf(hz: number, bins: number): number {
  const mel = (f: number) => 1127 * Math.log(1 + f / 700);
  return Math.round(((mel(hz) - mel(20)) / (mel(8000) - mel(20))) * (bins + 1)) - 1;
}

test.each([
  ['Vite', 'vite', 'test/bundlers/vite/dist/index.html'],
  ['webpack 5', 'webpack', 'test/bundlers/webpack/index.html'],
])('%s: the built app loads the .wasm and computes the right spectrogram', async (_name, fixture, page) => {
  build(fixture);
  const browser = await launch();
  try {
    const { page: tab, errors } = await openPage(browser, server.url.replace('demo/', page));
    await tab.waitForFunction(() => Boolean((window as any).result), undefined, { timeout: 20000 });
    const result = await tab.evaluate(() => (window as any).result);
    expect(result.shape).toEqual([64, 32]);
    expect(result.finite).toBe(true);
    expect(result.build).toBe('simd');
    expect(Math.abs(result.loudest - bandOf(1000, 64))).toBeLessThanOrEqual(1);
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
  }
}, 180000);
