// One bench page in headless Chromium: the bench server serves bench/browser/ at /, the
// package's dist/ at /dist/ and bench/lib at /lib/ (plus any extra folders), playwright-core
// opens `page`, waits for window.pageReady, and resolves what `run(page)` returns. The page's
// errors, and its console lines that start with `tag` (if given), go to log().
import { chromium } from 'playwright-core';
import { serveStatic } from './server.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--no-first-run', '--js-flags=--expose-gc',
];

export async function runInPage({ repo, page: file, folders = {}, headers = {}, tag, log, run }) {
  const server = await serveStatic(
    { '/': `${repo}bench/browser/`, '/dist/': `${repo}dist`, '/lib/': `${repo}bench/lib`, ...folders },
    headers,
  );
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    page.on('console', (message) => {
      if (tag && message.text().startsWith(tag)) log(`(page) ${message.text().slice(tag.length)}`);
      else if (message.type() === 'error') log(`(page error) ${message.text()}`);
    });
    page.on('pageerror', (error) => log(`(page error) ${error.message}`));
    await page.goto(`${server.url}${file}`);
    await page.waitForFunction(() => window.pageReady === true);
    return await run(page);
  } finally {
    await browser.close();
    await server.close();
  }
}
