// node bench/scaling.mjs --browser: serves scaling.html (with COOP/COEP unless told not to,
// so that the page is cross-origin isolated and the pool shares memory), the package's
// dist/, lib/scaling-curve.mjs and the speech sample, and runs the curve in headless Chromium.
import { mkdirSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { readMonoWav, SPEECH_WAV } from '../lib/signal.mjs';
import { serveStatic } from './server.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--no-first-run', '--js-flags=--expose-gc',
];
const ISOLATION = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };

export async function browserCurve({ seconds, runs, transfer, isolated, repo, log }) {
  const scratch = `${repo}bench/.scratch/scaling/`;
  mkdirSync(scratch, { recursive: true });
  writeFileSync(`${scratch}speech.f32`, new Uint8Array(readMonoWav(SPEECH_WAV).samples.buffer));
  const server = await serveStatic(
    {
      '/': `${repo}bench/browser/`,
      '/dist/': `${repo}dist`,
      '/lib/': `${repo}bench/lib`,
      '/input/': scratch,
    },
    isolated ? ISOLATION : {},
  );
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    page.on('console', (message) => {
      if (message.text().startsWith('[scaling] ')) log(`(page) ${message.text().slice(10)}`);
      else if (message.type() === 'error') log(`(page error) ${message.text()}`);
    });
    page.on('pageerror', (error) => log(`(page error) ${error.message}`));
    await page.goto(`${server.url}scaling.html`);
    await page.waitForFunction(() => window.pageReady === true);
    return await page.evaluate((args) => window.runCurve(args), { seconds, runs, transfer });
  } finally {
    await browser.close();
    await server.close();
  }
}
