// Real-browser tests in Firefox: Debian's firefox-esr driven by puppeteer-core (WebDriver BiDi)
// in a child process (firefox-driver.mjs). Pages publish what they computed as window.result.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const firefoxPath = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

export interface PageOutcome {
  url: string;
  /** window.result, or null when the page never set it (then errors says why). */
  result: any;
  /** Console errors and uncaught exceptions. */
  errors: string[];
}

/** Loads each URL in one Firefox session, in order, and returns what each page published. */
export function firefoxResults(urls: string[], timeoutMs = 60000): Promise<{ version: string; pages: PageOutcome[] }> {
  if (!existsSync(firefoxPath)) throw new Error(`Firefox is missing at ${firefoxPath}: apt-get install firefox-esr`);
  const driver = join(__dirname, 'firefox-driver.mjs');
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [driver, JSON.stringify(urls), String(timeoutMs)],
      { env: { ...process.env, FIREFOX_PATH: firefoxPath }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`firefox-driver.mjs failed: ${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout.trim().split('\n').pop() as string));
      },
    );
  });
}
