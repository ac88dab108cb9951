// The browser tests that make sense in Firefox (Debian's firefox-esr): compute() in a page, a
// module Web Worker, MelSpectrogramPool in Web Workers, and MelSpectrogramNode on an
// OfflineAudioContext (headless Firefox keeps a live AudioContext suspended). The pages come
// from demo/serve.mjs --test-pages, as for the Chromium tests; one Firefox session loads them all.
import { serveDemo } from './browser-harness';
import { type PageOutcome, firefoxResults } from './firefox-harness';

/** The mel band (0-based, of `bins` between 20 Hz and 8 kHz on the HTK scale) holding `hz`. */
function bandOf(hz: number, bins: number): number {
  const mel = (f: number) => 1127 * Math.log(1 + f / 700);
  return Math.round(((mel(hz) - mel(20)) / (mel(8000) - mel(20))) * (bins + 1)) - 1;
}

const pages = ['tone', 'worker', 'pool', 'offline-node'];
const outcomes = new Map<string, PageOutcome>();
let firefoxVersion = '';

beforeAll(async () => {
  const server = await serveDemo();
  try {
    const base = server.url.replace('/demo/', '/test/browser/pages/');
    const { version, pages: loaded } = await firefoxResults(pages.map((name) => `${base}${name}.html`));
    firefoxVersion = version;
    console.log(`Firefox: ${version}`);
    for (const [i, outcome] of loaded.entries()) outcomes.set(pages[i], outcome);
  } finally {
    server.close();
  }
}, 180000);

function outcome(name: string): any {
  const { result, errors } = outcomes.get(name) as PageOutcome;
  expect(errors).toEqual([]);
  expect(result).not.toBeNull();
  expect(result.error).toBeUndefined();
  return result;
}

test('Firefox ESR is the browser', () => {
  expect(firefoxVersion).toMatch(/^firefox\/\d+/);
});

test('compute() in a page: a 1 kHz tone peaks in its band, with the SIMD build', () => {
  const result = outcome('tone');
  expect(result.shape).toEqual([64, 32]);
  expect(result.finite).toBe(true);
  expect(result.build).toBe('simd');
  expect(Math.abs(result.loudest - bandOf(1000, 64))).toBeLessThanOrEqual(1);
});

test('offline in a module Web Worker: the same numbers as the main thread', () => {
  const result = outcome('worker');
  expect(result.workerShape).toEqual(result.shape);
  expect(result.maxDiff).toBe(0);
  expect(result.workerStreamFrames).toBe(result.frames);
});

test('MelSpectrogramPool in two Web Workers: the same numbers as compute()', () => {
  const result = outcome('pool');
  expect(result.shape).toEqual(result.mainShape);
  expect(result.shape[1]).toBeGreaterThan(80);
  expect(result.maxDiff).toBe(0);
  expect(Math.abs(result.loudest - bandOf(1000, 64))).toBeLessThanOrEqual(1);
});

test('MelSpectrogramNode on an OfflineAudioContext fed a 1 kHz oscillator: every frame peaks in the 1 kHz band', () => {
  const result = outcome('offline-node');
  expect(result.bins).toBe(64);
  expect(result.frames).toBeGreaterThanOrEqual(32);
  for (const band of result.loudest) expect(Math.abs(band - bandOf(1000, 64))).toBeLessThanOrEqual(1);
});
