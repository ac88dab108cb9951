// MelSpectrogramPool on Web Workers in headless Chromium (test/browser/pages/pool-concurrency.html):
// concurrent calls each equal compute() bit for bit, the caller's arrays are copied
// inside compute(), and dispose() rejects the calls still running.
import { launch, openPage, serveDemo } from './browser-harness';

let server: { url: string; close(): void };
beforeAll(async () => {
  server = await serveDemo();
});
afterAll(() => server?.close());

test('a pool of 2 Web Workers: concurrent calls, mutation after the call, dispose during calls', async () => {
  const browser = await launch();
  try {
    const { page, errors } = await openPage(browser, server.url.replace('/demo/', '/test/browser/pages/pool-concurrency.html'));
    await page.waitForFunction(() => Boolean((window as any).result), undefined, { timeout: 90000 });
    const result = await page.evaluate(() => (window as any).result);
    expect(result.error).toBeUndefined();
    expect(result.threads).toBe(2);
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
}, 120000);
