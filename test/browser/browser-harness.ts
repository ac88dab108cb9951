// Real-browser tests: Debian's Chromium driven by playwright-core, the demo served
// by demo/serve.mjs, a WAV file as the fake microphone.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type Page, chromium } from 'playwright-core';
import { WaveFile } from 'wavefile';

export const outputDir = join(__dirname, '..', '..', 'build', 'test-output');
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** `node demo/serve.mjs 0 --test-pages` (the README's demo server, plus the tests' pages) on a free port. */
export function serveDemo(): Promise<{ url: string; close(): void }> {
  const server = join(__dirname, '..', '..', 'demo', 'serve.mjs');
  const child = spawn(process.execPath, [server, '0', '--test-pages'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const url = output.match(/open (http:\/\/\S+)/)?.[1];
      if (url) resolve({ url, close: () => child.kill() });
    });
    child.on('exit', (code) => reject(new Error(`the demo server exited (${code}): ${output}`)));
  });
}

/** A 16-bit mono WAV of `seconds` of a sine at `hz` (plus an optional second tone), as a file. */
export function toneWav(name: string, hz: number, seconds: number, sampleRate = 48000): string {
  const samples = Int16Array.from({ length: Math.round(seconds * sampleRate) }, (_, i) =>
    Math.round(0.5 * 32767 * Math.sin((2 * Math.PI * hz * i) / sampleRate)),
  );
  const wav = new WaveFile();
  wav.fromScratch(1, sampleRate, '16', samples);
  const dir = join(tmpdir(), 'melspec-wasm-browser');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, wav.toBuffer());
  return path;
}

export async function launch(fakeMicrophone?: string): Promise<Browser> {
  if (!existsSync(chromiumPath)) throw new Error(`Chromium is missing at ${chromiumPath}: apt-get install chromium`);
  const args = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    '--autoplay-policy=no-user-gesture-required',
  ];
  if (fakeMicrophone) {
    args.push(
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      `--use-file-for-fake-audio-capture=${fakeMicrophone}`,
    );
  }
  return chromium.launch({ executablePath: chromiumPath, args });
}

/** A page that records console errors and uncaught exceptions. */
export async function openPage(browser: Browser, url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.goto(url);
  return { page, errors };
}

export function saveScreenshot(name: string, png: Buffer): string {
  mkdirSync(outputDir, { recursive: true });
  const path = join(outputDir, name);
  writeFileSync(path, png);
  return path;
}
