// The spectrogram as a PNG picture: a heatmap (magma colormap) with a time axis
// in seconds, a frequency axis in Hz (ticks at the mel positions of round
// frequencies), a colour bar with its unit, and a title. Drawn as SVG around the
// heatmap (an embedded PNG, one pixel per cell, scaled without smoothing) and
// rasterised by resvg with the DejaVu Sans font from npm: the same picture on
// every machine, no system fonts involved.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type MelScaleName, hertzToMel } from './preset-flags.js';

export interface PictureInput {
  /** [bands, frames] values, C order (band 0 = lowest). */
  data: Float32Array | Float64Array;
  bands: number;
  frames: number;
  /** The first line above the plot (the file), and a smaller second line (what it shows). */
  title: string;
  subtitle: string;
  /** Seconds between frames. */
  frameSeconds: number;
  mel: { scale: MelScaleName; minFreq: number; maxFreq: number };
  unit: 'dB' | 'log-mel' | 'power';
}

const require = createRequire(import.meta.url);
let renderer: Promise<{ Resvg: typeof import('@resvg/resvg-wasm').Resvg; font: Uint8Array }> | undefined;

/** resvg's WASM module and the font, loaded once per thread. */
function loadRenderer() {
  renderer ??= (async () => {
    const resvg = await import('@resvg/resvg-wasm');
    await resvg.initWasm(readFileSync(require.resolve('@resvg/resvg-wasm/index_bg.wasm')));
    return { Resvg: resvg.Resvg, font: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')) };
  })();
  return renderer;
}

let magma: [number, number, number][] | undefined;
async function colours(): Promise<[number, number, number][]> {
  if (!magma) {
    const colormap = (await import('colormap')).default;
    magma = (colormap({ colormap: 'magma', nshades: 256, format: 'rgba', alpha: 1 }) as number[][]).map(([r, g, b]) => [
      r,
      g,
      b,
    ]);
  }
  return magma;
}

/** Round steps: 1, 2, 5 times a power of ten, about `count` of them over `span`. */
function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * power).find((step) => step >= raw) ?? 10 * power;
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const format = (value: number) => (Math.abs(value) >= 1000 ? `${+(value / 1000).toFixed(1)}k` : `${+value.toFixed(2)}`);

/** The displayed value of a cell and the colour range: log outputs as they are, power in dB. */
function displayScale(input: PictureInput): { values: Float64Array; low: number; high: number; label: string } {
  const values = Float64Array.from(input.data, (x) =>
    input.unit === 'power' ? 10 * Math.log10(Math.max(x, 1e-10)) : x,
  );
  let high = -Infinity;
  for (const value of values) high = Math.max(high, value);
  // 80 dB of range (Keras' top_db); Whisper clamps at max - 8 log10 = max - 2 units.
  const range = input.unit === 'log-mel' ? 2 : 80;
  const label = input.unit === 'log-mel' ? 'log-mel (Whisper units)' : input.unit === 'dB' ? 'dB' : 'power (dB)';
  return { values, low: high - range, high, label };
}

export async function renderPicture(input: PictureInput): Promise<Uint8Array> {
  const [{ Resvg, font }, palette, { encode }] = await Promise.all([loadRenderer(), colours(), import('fast-png')]);
  const { bands, frames } = input;
  // The plot: about one pixel per frame (400 to 1400 wide), 3 pixels per band (240 to 480 high).
  const width = Math.min(1400, Math.max(400, frames));
  const height = Math.min(480, Math.max(240, bands * 3));
  const margin = { left: 72, right: 110, top: 64, bottom: 52 };
  const totalWidth = margin.left + width + margin.right;
  const totalHeight = margin.top + height + margin.bottom;

  const { values, low, high, label } = displayScale(input);
  const pixels = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    const band = Math.min(bands - 1, Math.floor(((height - 1 - y) / height) * bands)); // low bands at the bottom
    for (let x = 0; x < width; x++) {
      const frame = Math.min(frames - 1, Math.floor((x / width) * frames));
      const level = high > low ? (values[band * frames + frame] - low) / (high - low) : 0;
      const [r, g, b] = palette[Math.round(Math.min(1, Math.max(0, level)) * 255)];
      pixels.set([r, g, b, 255], 4 * (y * width + x));
    }
  }
  const heatmap = Buffer.from(encode({ width, height, data: pixels, channels: 4 })).toString('base64');
  const bar = new Uint8Array(16 * 256 * 4);
  for (let y = 0; y < 256; y++) for (let x = 0; x < 16; x++) bar.set([...palette[255 - y], 255], 4 * (y * 16 + x));
  const barImage = Buffer.from(encode({ width: 16, height: 256, data: bar, channels: 4 })).toString('base64');

  const parts: string[] = [];
  const text = (x: number, y: number, content: string, anchor = 'middle', extra = '') =>
    parts.push(`<text x="${x}" y="${y}" text-anchor="${anchor}" ${extra}>${escapeXml(content)}</text>`);
  const line = (x1: number, y1: number, x2: number, y2: number) =>
    parts.push(`<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="#222"/>`);

  // Time axis: frame t is centred on t * hop seconds.
  const duration = frames * input.frameSeconds;
  const timeStep = niceStep(duration, 8);
  for (let t = 0; t <= duration + 1e-9; t += timeStep) {
    const x = margin.left + (t / duration) * width;
    line(x, margin.top + height, x, margin.top + height + 5);
    text(x, margin.top + height + 18, `${+t.toFixed(3)}`);
  }
  text(margin.left + width / 2, totalHeight - 10, 'Time (s)');

  // Frequency axis: band m is centred on mel point m + 1 of linspace(mel(min), mel(max), bands + 2).
  const { scale, minFreq, maxFreq } = input.mel;
  const lowMel = hertzToMel(minFreq, scale);
  const melStep = (hertzToMel(maxFreq, scale) - lowMel) / (bands + 1);
  const bandOf = (hertz: number) => (hertzToMel(hertz, scale) - lowMel) / melStep - 1; // fractional band index
  const ticks = [0, 100, 200, 500, 1000, 2000, 3000, 4000, 6000, 8000, 11000, 16000, 22000].filter(
    (f) => f >= minFreq && f <= maxFreq,
  );
  let lastY = Infinity;
  for (const hertz of ticks) {
    const y = margin.top + height - ((bandOf(hertz) + 0.5) / bands) * height;
    if (y < margin.top - 0.5 || y > margin.top + height + 0.5 || lastY - y < 14) continue;
    lastY = y;
    line(margin.left - 5, y, margin.left, y);
    text(margin.left - 8, y + 4, format(hertz), 'end');
  }
  text(
    18,
    margin.top + height / 2,
    `Frequency (Hz, ${scale === 'htk' ? 'HTK' : 'Slaney'} mel scale)`,
    'middle',
    `transform="rotate(-90 18 ${margin.top + height / 2})"`,
  );

  // Colour bar.
  const barX = margin.left + width + 24;
  parts.push(
    `<image x="${barX}" y="${margin.top}" width="16" height="${height}" preserveAspectRatio="none" href="data:image/png;base64,${barImage}"/>`,
  );
  parts.push(`<rect x="${barX}" y="${margin.top}" width="16" height="${height}" fill="none" stroke="#222"/>`);
  const valueStep = niceStep(high - low, 5);
  for (let v = Math.ceil(low / valueStep) * valueStep; v <= high + 1e-9; v += valueStep) {
    const y = margin.top + ((high - v) / (high - low)) * height;
    line(barX + 16, y, barX + 20, y);
    text(barX + 23, y + 4, `${+v.toFixed(2)}`, 'start');
  }
  text(totalWidth - 6, margin.top - 8, label, 'end'); // right-aligned: long labels stay inside the picture

  text(totalWidth / 2, 22, input.title, 'middle', 'font-size="15"');
  text(totalWidth / 2, 42, input.subtitle, 'middle', 'font-size="12" fill="#555"');
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${totalWidth}" height="${totalHeight}" font-family="DejaVu Sans" font-size="12" fill="#222">` +
    `<rect width="100%" height="100%" fill="#fff"/>` +
    `<image x="${margin.left}" y="${margin.top}" width="${width}" height="${height}" href="data:image/png;base64,${heatmap}"/>` +
    `<rect x="${margin.left}" y="${margin.top}" width="${width}" height="${height}" fill="none" stroke="#222"/>` +
    `${parts.join('')}</svg>`;
  const image = new Resvg(svg, {
    font: { fontBuffers: [font], defaultFontFamily: 'DejaVu Sans', loadSystemFonts: false },
  });
  return image.render().asPng();
}
