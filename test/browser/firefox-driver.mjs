// Loads pages in Debian's firefox-esr (puppeteer-core over WebDriver BiDi) and prints, as one
// JSON line, what each page published as window.result plus its console errors and uncaught
// exceptions. A separate process because puppeteer-core is ESM only and Jest runs CommonJS.
//   node firefox-driver.mjs '["http://127.0.0.1:8080/page.html", ...]' [timeoutMs]
import puppeteer from 'puppeteer-core';

const [urlsJson, timeoutArgument] = process.argv.slice(2);
const urls = JSON.parse(urlsJson);
const timeout = Number(timeoutArgument ?? 60000);
const executablePath = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

const browser = await puppeteer.launch({ browser: 'firefox', executablePath, headless: true });
try {
  const version = await browser.version();
  const pages = [];
  for (const url of urls) {
    const page = await browser.newPage();
    const errors = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(String(error)));
    try {
      await page.goto(url);
      // Not an element with id="result" (named access makes it window.result too): the published value.
      await page.waitForFunction(() => window.result !== undefined && !(window.result instanceof Element), { timeout });
      pages.push({ url, result: await page.evaluate(() => window.result), errors });
    } catch (error) {
      pages.push({ url, result: null, errors: [...errors, String(error)] });
    } finally {
      await page.close();
    }
  }
  process.stdout.write(`${JSON.stringify({ version, pages })}\n`);
} finally {
  await browser.close();
}
