// A small hand-written SVG: x real-time per system (log scale), one bar per preset.
import { OURS } from './systems.mjs';

const COLORS = { keras: '#3b6fb6', whisper: '#e08a2c' };
const escapeXml = (text) => String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;');

export function chartSvg({ configs, method, machine }) {
  const presets = Object.keys(configs);
  const names = [...new Set(presets.flatMap((p) => configs[p].systems.map((s) => s.name)))];
  const speed = (preset, name) => configs[preset].systems.find((s) => s.name === name)?.xRealTime;
  // Fastest first, by the first preset where the system ran.
  const key = (name) => speed(presets[0], name) ?? speed(presets[1], name) ?? 0;
  names.sort((a, b) => key(b) - key(a));

  const values = names.flatMap((n) => presets.map((p) => speed(p, n))).filter((v) => v > 0);
  const lo = Math.floor(Math.log10(Math.min(...values)));
  const hi = Math.max(lo + 1, Math.ceil(Math.log10(Math.max(...values))));
  const left = 130;
  const plotWidth = 520;
  const bar = 11;
  const rowHeight = presets.length * bar + 12;
  const top = 58;
  const height = top + names.length * rowHeight + 34;
  const x = (value) => left + ((Math.log10(value) - lo) / (hi - lo)) * plotWidth;

  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${left + plotWidth + 90}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${left}" y="18" font-size="14" font-weight="bold">Mel spectrogram speed: times faster than real time (log scale)</text>`,
    `<text x="${left}" y="34" fill="#555">${escapeXml(`${method.inputSeconds} s of 16 kHz audio, one thread, median of ${method.runs} runs; ${machine.cpu}, ${machine.runtime ?? `Node ${machine.node}`}`)}</text>`,
  ];
  presets.forEach((preset, i) => {
    const { fftLength, sequenceStride, numMelBins } = configs[preset].config;
    const lx = left + i * 240;
    out.push(`<rect x="${lx}" y="42" width="10" height="10" fill="${COLORS[preset]}"/>`);
    out.push(`<text x="${lx + 14}" y="51">${preset} (${fftLength} / ${sequenceStride} / ${numMelBins} mels)</text>`);
  });
  for (let p = lo; p <= hi; p++) {
    out.push(`<line x1="${x(10 ** p)}" y1="${top - 2}" x2="${x(10 ** p)}" y2="${height - 28}" stroke="#ddd"/>`);
    out.push(
      `<text x="${x(10 ** p)}" y="${height - 14}" text-anchor="middle" fill="#555">${(10 ** p).toLocaleString('en-US')}×</text>`,
    );
  }
  names.forEach((name, row) => {
    const y0 = top + row * rowHeight;
    const weight = name === OURS ? ' font-weight="bold"' : '';
    out.push(
      `<text x="${left - 8}" y="${y0 + (presets.length * bar) / 2 + 4}" text-anchor="end"${weight}>${escapeXml(name)}</text>`,
    );
    presets.forEach((preset, i) => {
      const y = y0 + i * bar;
      const value = speed(preset, name);
      if (!value) {
        out.push(`<text x="${left + 4}" y="${y + bar - 2}" font-size="10" fill="#888">n/a</text>`);
        return;
      }
      const label = value >= 10 ? Math.round(value).toLocaleString('en-US') : value.toPrecision(2);
      out.push(
        `<rect x="${left}" y="${y}" width="${Math.max(1, x(value) - left).toFixed(1)}" height="${bar - 1}" fill="${COLORS[preset]}"/>`,
      );
      out.push(`<text x="${(x(value) + 4).toFixed(1)}" y="${y + bar - 2}" font-size="10">${label}×</text>`);
    });
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
