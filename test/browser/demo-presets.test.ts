// The demo's preset menu (Keras, torchaudio, librosa, Whisper) and its speed panel in
// headless Chromium. Each preset computes a dropped 2 kHz tone and lights the band whose
// filter peaks at 2 kHz; Whisper's live path runs a 16 kHz context on a 48 kHz
// microphone (the browser resamples); the speed panel runs the browser benchmark's quick
// mode (demo/peers/, built here when missing) and draws one bar per system with its ratio.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launch, openPage, saveScreenshot, serveDemo, toneWav } from './browser-harness';

const repository = join(__dirname, '..', '..');
let server: { url: string; close(): void };
beforeAll(async () => {
  if (!existsSync(join(repository, 'demo', 'peers', 'page.js'))) {
    // The speed panel's bundles (npm run build makes them when bench/node_modules is installed).
    const build = spawnSync(process.execPath, ['bench/build-browser.mjs', '--demo'], {
      cwd: repository,
      stdio: 'inherit',
    });
    if (build.status !== 0) throw new Error(`node bench/build-browser.mjs --demo failed (${build.status})`);
  }
  server = await serveDemo();
}, 600000);
afterAll(() => server?.close());

/** Drops a WAV file on the plot and waits for its spectrogram under the selected preset. */
async function dropFile(page: Page, path: string, name: string) {
  await page.evaluate(() => ((window as any).melspecDemo.file = null));
  const bytes = [...readFileSync(path)];
  await page.evaluate(
    ({ content, fileName }) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(content)], fileName, { type: 'audio/wav' }));
      document
        .getElementById('drop')!
        .dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    },
    { content: bytes, fileName: name },
  );
  await page.waitForFunction(() => Boolean((window as any).melspecDemo?.file), undefined, { timeout: 30000 });
}

/** In the page: the loudest band of the middle frame, and the band whose filter peaks nearest `hz`. */
async function loudestBand(page: Page, hz: number) {
  return page.evaluate(async (toneHz: number) => {
    const {
      lib: { MelSpectrogram },
      file: { data, shape, options },
    } = (window as any).melspecDemo;
    const [bands, frames] = shape;
    const t = Math.floor(frames / 2);
    let loudest = 0;
    for (let m = 1; m < bands; m++) if (data[m * frames + t] > data[loudest * frames + t]) loudest = m;
    const mel = await MelSpectrogram.create(options);
    const weights = mel.melWeights();
    mel.dispose();
    const rate = options.samplingRate ?? options.sample_rate ?? options.sr;
    const fft = options.fftLength ?? options.n_fft;
    const bin = Math.round((toneHz * fft) / rate);
    let expected = 0;
    for (let m = 1; m < bands; m++)
      if (weights.data[bin * bands + m] > weights.data[bin * bands + expected]) expected = m;
    return { loudest, expected, bands, frames, preset: options.preset, rate };
  }, hz);
}

const menu = [
  // value, create()'s preset, mel bands, sampling rate of the result (the 16 kHz file decoded by a 48 kHz context)
  ['keras', 'keras', 128],
  ['small', 'keras', 64],
  ['torchaudio', 'torchaudio', 128],
  ['librosa', 'librosa', 128],
  ['whisper', 'whisper', 80],
] as const;

test('every preset in the menu computes a dropped 2 kHz tone: the band that peaks at 2 kHz is the loudest; first-call and steady-state times shown', async () => {
  const wav = toneWav('tone-2khz-16k.wav', 2000, 2, 16000);
  const browser = await launch();
  try {
    const { page, errors } = await openPage(browser, server.url);
    await page.waitForFunction(() => (window as any).melspecDemo?.ready === true);
    const options = await page.$$eval('#preset option', (items) =>
      items.map((item) => (item as HTMLOptionElement).value),
    );
    expect(options).toEqual(menu.map(([value]) => value));
    for (const [value, preset, bands] of menu) {
      await page.selectOption('#preset', value);
      expect(await page.inputValue('#mels')).toBe(String(bands));
      await dropFile(page, wav, 'tone-2khz.wav');
      const band = await loudestBand(page, 2000);
      const { status, readout } = await page.evaluate(() => ({
        status: document.getElementById('status')!.textContent!,
        readout: document.getElementById('readout')!.textContent!,
      }));
      console.log(`${value}: ${readout}`);
      expect(band.preset).toBe(preset);
      expect(band.bands).toBe(bands);
      expect(Math.abs(band.loudest - band.expected)).toBeLessThanOrEqual(1);
      if (value === 'whisper') {
        expect(band.rate).toBe(16000);
        expect(status).toBe('tone-2khz.wav: 2.00 s at 16000 Hz, decoded at 16 kHz for Whisper.');
        expect(band.frames).toBe(200); // 32000 samples / hop 160, Whisper's last frame dropped
      } else {
        expect(status).toMatch(/^tone-2khz\.wav: 2\.00 s at \d+ Hz\.$/);
      }
      expect(readout).toMatch(
        /First call [\d.]+ ms \(create [\d.]+ ms \+ compute [\d.]+ ms\); steady state [\d.]+ ms per compute \(median of 5\)/,
      );
      const times = await page.evaluate(() => (window as any).melspecDemo.file);
      expect(times.steadyMs).toBeGreaterThan(0);
      expect(times.createMs).toBeGreaterThan(0);
      if (value === 'librosa') saveScreenshot('demo-preset-librosa.png', await page.screenshot());
    }
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
  }
}, 120000);

test('Whisper on a 48 kHz microphone: the context runs at 16 kHz (the browser resamples), the 1 kHz band lights', async () => {
  const browser = await launch(toneWav('tone-1khz-48k.wav', 1000, 4, 48000));
  try {
    const { page, errors } = await openPage(browser, `${server.url}?autostart=mic&preset=whisper`);
    await page.waitForFunction(() => ((window as any).melspecDemo?.frameCount ?? 0) >= 100, undefined, {
      timeout: 30000,
    });
    const state = await page.evaluate(async () => {
      const demo = (window as any).melspecDemo;
      const frame: Float32Array = demo.lastFrame;
      let loudest = 0;
      for (let m = 1; m < frame.length; m++) if (frame[m] > frame[loudest]) loudest = m;
      const mel = await demo.lib.MelSpectrogram.create(demo.options);
      const weights = mel.melWeights();
      mel.dispose();
      const bin = Math.round((1000 * 400) / 16000);
      let expected = 0;
      for (let m = 1; m < frame.length; m++)
        if (weights.data[bin * frame.length + m] > weights.data[bin * frame.length + expected]) expected = m;
      return {
        sampleRate: demo.sampleRate,
        preset: demo.options.preset,
        loudest,
        expected,
        status: document.getElementById('status')!.textContent,
      };
    });
    expect(state.sampleRate).toBe(16000);
    expect(state.preset).toBe('whisper');
    expect(Math.abs(state.loudest - state.expected)).toBeLessThanOrEqual(1);
    expect(state.status).toMatch(/^Listening at 16000 Hz \(resampled by the browser for Whisper\)/);
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
  }
}, 60000);

test('the speed panel runs the browser benchmark here: a bar per system, ratios against ours, outputs checked', async () => {
  const browser = await launch();
  try {
    const { page, errors } = await openPage(browser, `${server.url}?autostart=speed`);
    await page.waitForFunction(() => Boolean((window as any).melspecDemo?.speed), undefined, { timeout: 180000 });
    const { speed, rows, status } = await page.evaluate(() => ({
      speed: (window as any).melspecDemo.speed,
      rows: [...document.querySelectorAll('#speed-bars .speed-row')].map((row) => ({
        name: row.querySelector('.speed-name')!.textContent,
        width: parseFloat((row.querySelector('.speed-bar') as HTMLElement).style.width),
        label: row.querySelector('.speed-label')!.textContent!,
      })),
      status: document.getElementById('speed-status')!.textContent,
    }));
    for (const row of rows) console.log(`speed panel: ${row.name}: ${row.label}`);
    expect(speed.failures).toEqual([]);
    expect(status).toMatch(/^5 s of audio at 16 kHz, fft 2048 \/ hop 512 \/ 128 mels, median of 3 interleaved runs/);
    const table = speed.configs.keras.systems;
    expect(table.map((s: any) => s.name)).toEqual(['melspec-wasm', 'transformers.js', 'meyda']);
    expect(rows.map((r) => r.name)).toEqual(['melspec-wasm', 'transformers.js', 'meyda']);
    for (const s of table) {
      expect(s.times_ms).toHaveLength(3);
      expect(s.ms.median).toBeGreaterThan(0);
      expect(s.vsOurs).toBeCloseTo(s.ms.median / table[0].ms.median, 6);
    }
    expect(table[1].status).toBe('ok');
    expect(table[1].dbVsOurs.max).toBeLessThan(0.02); // transformers.js configured to Keras' numbers
    expect(table[2].dbVsOurs.max).toBeGreaterThan(1); // Meyda's own filterbank: a different spectrogram
    for (const [i, row] of rows.entries()) {
      expect(row.width).toBeGreaterThan(0);
      if (i > 0) {
        const ratio =
          table[i].vsOurs >= 1
            ? `${table[i].vsOurs.toFixed(1)}× slower`
            : `${(1 / table[i].vsOurs).toFixed(1)}× faster`;
        expect(row.label).toContain(`${ratio} than melspec-wasm`);
      }
    }
    // Faster systems get longer bars (log scale of x real time).
    const order = [...table.keys()].sort((a, b) => table[b].xRealTime - table[a].xRealTime);
    for (let k = 1; k < order.length; k++)
      expect(rows[order[k - 1]].width).toBeGreaterThanOrEqual(rows[order[k]].width);
    saveScreenshot('demo-speed.png', await page.screenshot({ fullPage: true }));
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
  }
}, 240000);
