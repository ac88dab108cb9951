// The demo page in headless Chromium: the microphone path (a WAV as the fake
// microphone, through MelSpectrogramNode's AudioWorklet), the file path and the
// scalar build. Frames from the worklet are compared with compute() on the very
// audio the worklet received (it echoes it), in the same page.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, openPage, saveScreenshot, serveDemo, toneWav } from './browser-harness';

let server: { url: string; close(): void };
beforeAll(async () => {
  server = await serveDemo();
});
afterAll(() => server?.close());

/** In the page: compare the worklet's frames with compute() on the echoed audio. */
async function compareWithCompute(page: import('playwright-core').Page) {
  return page.evaluate(async () => {
    const demo = (window as any).melspecDemo;
    const { MelSpectrogram } = demo.lib; // the page's own import of the package
    const audioLength = demo.audio.reduce((n: number, a: Float32Array) => n + a.length, 0);
    const audio = new Float32Array(audioLength);
    let offset = 0;
    for (const chunk of demo.audio) {
      audio.set(chunk, offset);
      offset += chunk.length;
    }
    const options = demo.options;
    const mel = await MelSpectrogram.create({ ...options, topDb: null }); // dbMode 'none' = no floor
    const { data, shape } = mel.compute(audio);
    const [bins, frames] = shape;
    const streamed: Float32Array[] = demo.frames;
    const perMessage = streamed[0].length / bins;
    // Frames that do not reach the end of the echoed audio are final in both.
    const comparable = Math.min(
      frames - Math.ceil(options.fftLength / 2 / options.sequenceStride) - 1,
      streamed.length * perMessage,
    );
    let maxDiff = 0;
    let loudest = 0;
    let loudestValue = -Infinity;
    for (let t = 0; t < comparable; t++) {
      const row = streamed[Math.floor(t / perMessage)];
      const f = t % perMessage;
      for (let m = 0; m < bins; m++) {
        maxDiff = Math.max(maxDiff, Math.abs(row[f * bins + m] - data[m * frames + t]));
        if (t === comparable - 1 && row[f * bins + m] > loudestValue) {
          loudestValue = row[f * bins + m];
          loudest = m;
        }
      }
    }
    mel.dispose();
    return {
      comparable,
      maxDiff,
      loudest,
      bins,
      sampleRate: demo.sampleRate,
      minFreq: options.minFreq,
      maxFreq: options.maxFreq,
    };
  });
}

/** Mel band (0-based) whose triangle peaks nearest `hz`. */
function bandOf(hz: number, bins: number, minFreq: number, maxFreq: number): number {
  const mel = (f: number) => 1127 * Math.log(1 + f / 700);
  return Math.round(((mel(hz) - mel(minFreq)) / (mel(maxFreq) - mel(minFreq))) * (bins + 1)) - 1;
}

describe.each([
  ['SIMD build', ''],
  ['scalar build', '&scalar=1'],
])('microphone → AudioWorklet (%s)', (_name, extra) => {
  test('speech: frames equal compute() on the same audio', async () => {
    const browser = await launch(join(__dirname, '..', '..', 'demo', 'assets', 'speech-16k.wav'));
    try {
      const { page, errors } = await openPage(browser, `${server.url}?autostart=mic&echo=1&dbMode=none${extra}`);
      await page.waitForFunction(() => ((window as any).melspecDemo?.frameCount ?? 0) >= 100, undefined, {
        timeout: 20000,
      });
      // The build under test computes (the worklet gets the page's compiled module).
      const status = await page.evaluate(() => document.getElementById('status')!.textContent);
      expect(status).toContain(extra ? '(scalar WASM;' : '(WASM SIMD;');
      const result = await compareWithCompute(page);
      expect(result.comparable).toBeGreaterThan(80);
      expect(result.maxDiff).toBe(0);
      const readout = await page.evaluate(() => document.getElementById('readout')!.textContent);
      console.log(`worklet, Keras default preset, ${extra ? 'scalar' : 'SIMD'}: ${readout}`);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60000);

  test('a 1 kHz tone: frames equal compute() on the same audio, the canvas lights the 1 kHz row', async () => {
    const browser = await launch(toneWav('tone-1khz.wav', 1000, 4));
    try {
      const { page, errors } = await openPage(
        browser,
        `${server.url}?autostart=mic&echo=1&dbMode=none&preset=small${extra}`,
      );
      await page.waitForFunction(() => ((window as any).melspecDemo?.frameCount ?? 0) >= 60, undefined, {
        timeout: 20000,
      });
      const result = await compareWithCompute(page);
      expect(result.comparable).toBeGreaterThan(40);
      expect(result.maxDiff).toBe(0); // same engine, same arithmetic: bit for bit
      expect(Math.abs(result.loudest - bandOf(1000, result.bins, result.minFreq, result.maxFreq))).toBeLessThanOrEqual(
        1,
      );
      // Pixels: near the right edge, the row of the 1 kHz band is bright (yellow-green), far rows dark.
      const pixels = await page.evaluate((band: number) => {
        const canvas = document.getElementById('spectrogram') as HTMLCanvasElement;
        const context = canvas.getContext('2d')!;
        const left = 64,
          top = 4,
          bottom = canvas.height - 26,
          x = canvas.width - 10;
        const height = bottom - top;
        const bins = (window as any).melspecDemo.options.numMelBins;
        const rowOf = (m: number) => top + Math.floor(height - 1 - ((m + 0.5) / bins) * height);
        const pick = (y: number) => Array.from(context.getImageData(x, y, 1, 1).data.slice(0, 3));
        return { tone: pick(rowOf(band)), high: pick(rowOf(bins - 3)), left };
      }, result.loudest);
      const brightness = ([r, g, b]: number[]) => r + g + b;
      expect(brightness(pixels.tone)).toBeGreaterThan(brightness(pixels.high) + 200);
      saveScreenshot(`demo-microphone${extra ? '-scalar' : ''}.png`, await page.screenshot());
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60000);
});

test('a file dropped on the plot renders whole: a 2 kHz tone lights the 2 kHz band', async () => {
  const wav = toneWav('tone-2khz.wav', 2000, 2, 16000);
  const browser = await launch();
  try {
    const { page, errors } = await openPage(browser, `${server.url}?preset=small`);
    await page.waitForFunction(() => (window as any).melspecDemo?.ready === true);
    const bytes = [...readFileSync(wav)];
    await page.evaluate((content: number[]) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(content)], 'tone-2khz.wav', { type: 'audio/wav' }));
      document
        .getElementById('drop')!
        .dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, bytes);
    await page.waitForFunction(() => Boolean((window as any).melspecDemo?.file), undefined, { timeout: 20000 });
    const { loudest, bins, minFreq, maxFreq, status } = await page.evaluate(() => {
      const { data, shape, options } = (window as any).melspecDemo.file;
      const [bins, frames] = shape;
      const t = Math.floor(frames / 2);
      let loudest = 0;
      for (let m = 1; m < bins; m++) if (data[m * frames + t] > data[loudest * frames + t]) loudest = m;
      return {
        loudest,
        bins,
        minFreq: options.minFreq,
        maxFreq: options.maxFreq,
        status: document.getElementById('status')!.textContent,
      };
    });
    expect(status).toMatch(/^tone-2khz\.wav: 2\.00 s at \d+ Hz\.$/);
    expect(Math.abs(loudest - bandOf(2000, bins, minFreq, maxFreq))).toBeLessThanOrEqual(1);
    saveScreenshot('demo-file-drop.png', await page.screenshot());
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
  }
}, 60000);

test('the bundled sample renders whole, without errors', async () => {
  const browser = await launch();
  try {
    const { page, errors } = await openPage(browser, `${server.url}?autostart=sample`);
    await page.waitForFunction(() => Boolean((window as any).melspecDemo?.file), undefined, { timeout: 20000 });
    const file = await page.evaluate(() => {
      const { shape, data } = (window as any).melspecDemo.file;
      let finite = true;
      for (const value of data) finite &&= Number.isFinite(value);
      return { shape, finite, status: document.getElementById('status')!.textContent };
    });
    expect(file.shape[0]).toBe(128);
    expect(file.shape[1]).toBeGreaterThan(100);
    expect(file.finite).toBe(true);
    expect(file.status).toMatch(/^bundled sample: 4\.39 s at \d+ Hz\.$/);
    saveScreenshot('demo-sample.png', await page.screenshot());
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
  }
}, 60000);

test('offline in a module Web Worker: the same numbers as the main thread', async () => {
  const browser = await launch();
  try {
    const { page, errors } = await openPage(browser, server.url.replace('/demo/', '/test/browser/pages/worker.html'));
    await page.waitForFunction(() => Boolean((window as any).result), undefined, { timeout: 20000 });
    const result = await page.evaluate(() => (window as any).result);
    expect(result.workerShape).toEqual(result.shape);
    expect(result.maxDiff).toBe(0);
    expect(result.workerStreamFrames).toBe(result.frames);
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
  }
}, 60000);

test('a cross-origin isolated page: frames come through the SharedArrayBuffer ring', async () => {
  const browser = await launch(toneWav('tone-1khz.wav', 1000, 4));
  try {
    const { page, errors } = await openPage(browser, `${server.url}?autostart=mic&isolated=1&preset=small`);
    await page.waitForFunction(() => ((window as any).melspecDemo?.frameCount ?? 0) >= 60, undefined, {
      timeout: 20000,
    });
    const state = await page.evaluate(() => {
      const demo = (window as any).melspecDemo;
      const frame: Float32Array = demo.lastFrame;
      let loudest = 0;
      for (let m = 1; m < frame.length; m++) if (frame[m] > frame[loudest]) loudest = m;
      return {
        isolated: crossOriginIsolated,
        transport: demo.transport,
        loudest,
        bins: frame.length,
        options: demo.options,
      };
    });
    expect(state.isolated).toBe(true);
    expect(state.transport).toBe('shared');
    expect(
      Math.abs(state.loudest - bandOf(1000, state.bins, state.options.minFreq, state.options.maxFreq)),
    ).toBeLessThanOrEqual(1);
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
  }
}, 60000);

test('no microphone (or no permission): a clear message, and files still work', async () => {
  const browser = await launch(); // no fake device: getUserMedia is refused
  try {
    const { page, errors } = await openPage(browser, `${server.url}?autostart=mic`);
    await page.waitForFunction(
      () => /Microphone unavailable/.test(document.getElementById('status')!.textContent ?? ''),
      undefined,
      { timeout: 20000 },
    );
    const status = await page.evaluate(() => document.getElementById('status')!.textContent);
    expect(status).toMatch(
      /^Microphone unavailable: (permission was denied|no microphone was found|.+)\. Try a file or the bundled sample instead\.$/,
    );
    await page.click('#sample');
    await page.waitForFunction(() => Boolean((window as any).melspecDemo?.file), undefined, { timeout: 20000 });
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
  }
}, 60000);
