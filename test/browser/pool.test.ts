// MelSpectrogramPool on Web Workers in headless Chromium (test/browser/pages/pool-concurrency.html):
// concurrent calls each equal compute() bit for bit, the caller's arrays are copied
// inside compute(), and dispose() rejects the calls still running.
import { launch, openPage, serveDemo } from './browser-harness';

let server: { url: string; close(): void };
beforeAll(async () => {
  server = await serveDemo();
});
afterAll(() => server?.close());

// A page that is not cross-origin isolated (jobs travel in transferred buffers) and one
// that is (?isolated=1: COOP/COEP; the calls live in SharedArrayBuffers).
test.each([
  ['transferred jobs', '', false],
  ['shared memory', '?isolated=1', true],
])(
  'a pool of 2 Web Workers (%s): concurrent calls, mutation after the call, dispose during calls',
  async (_transport, query, shared) => {
    const browser = await launch();
    try {
      const { page, errors } = await openPage(
        browser,
        server.url.replace('/demo/', `/test/browser/pages/pool-concurrency.html${query}`),
      );
      await page.waitForFunction(() => Boolean((window as any).result), undefined, { timeout: 90000 });
      const result = await page.evaluate(() => (window as any).result);
      expect(result.error).toBeUndefined();
      expect(result.threads).toBe(2);
      expect(result.isolated).toBe(shared);
      expect(result.sharedMemory).toBe(shared);
      expect(result.concurrent).toBe(6);
      expect(result.concurrentExact).toBe(6);
      expect(result.mutatedExact).toBe(1);
      expect(result.disposeOther).toEqual([]);
      expect(result.disposeRejected).toBe(2);
      expect(result.afterDispose).toBe('this MelSpectrogramPool has been disposed');
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  },
  120000,
);

test('the worker script from elsewhere: workerUrl, a createWorker blob worker, and Errors naming the script and the fix', async () => {
  const browser = await launch();
  try {
    const { page, errors } = await openPage(
      browser,
      server.url.replace('/demo/', '/test/browser/pages/pool-worker-source.html'),
    );
    await page.waitForFunction(() => Boolean((window as any).result), undefined, { timeout: 90000 });
    const result = await page.evaluate(() => (window as any).result);
    expect(result.error).toBeUndefined();
    expect(result.workerUrlExact).toBe(true);
    expect(result.createWorkerExact).toBe(true);
    expect(result.made).toBe(2);
    // A missing script: the browser fires a plain Event; create() rejects with an Error.
    expect(result.missing.isError).toBe(true);
    expect(result.missing.message).toMatch(
      /^melspec-wasm pool: the worker script \/dist\/no-such-worker\.js failed: .*\{ workerUrl \}.*\{ createWorker \}/,
    );
    // Another origin: new Worker() throws a SecurityError; create() rejects with an Error saying what to do.
    expect(result.otherOrigin.isError).toBe(true);
    expect(result.otherOrigin.message).toMatch(
      /^melspec-wasm pool: the worker script http:\/\/127\.0\.0\.1:9\/pool-worker\.js failed: .*\{ createWorker \} for a script on another origin/,
    );
    expect(errors.filter((message) => !/no-such-worker|Failed to load/.test(message))).toEqual([]);
  } finally {
    await browser.close();
  }
}, 120000);
