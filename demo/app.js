// The demo page: a live microphone mel spectrogram through MelSpectrogramNode
// (an AudioWorklet), whole files or the bundled sample through MelSpectrogram.compute(),
// and a speed panel that runs the browser benchmark's quick mode (bench/browser/) here.
// Test hooks: window.melspecDemo; URL parameters
// ?dbMode=none&echo=1&autostart=mic|sample|speed&preset=keras|small|torchaudio|librosa|whisper&scalar=1.
import { MelSpectrogram, MelSpectrogramNode, init, simdSupported, wasmBuild } from '../dist/index.js';
import { startSpeedTest } from './speed.js';

/**
 * The menu: each entry is create()'s options for one library, in that library's names, with
 * dB output; `mels` is the name of its mel-bin count. The sampling rate is the audio's
 * (the file's, or the microphone's context), except Whisper's: 16 kHz, fixed.
 */
const presets = {
  keras: { mels: 'numMelBins', options: { fftLength: 2048, sequenceStride: 512, numMelBins: 128 } },
  small: { mels: 'numMelBins', options: { fftLength: 1024, sequenceStride: 256, numMelBins: 64 } },
  torchaudio: {
    mels: 'n_mels',
    options: { preset: 'torchaudio', n_fft: 2048, hop_length: 512, n_mels: 128, power_to_db: true, top_db: 80 },
  },
  librosa: {
    mels: 'n_mels',
    options: { preset: 'librosa', n_fft: 2048, hop_length: 512, n_mels: 128, power_to_db: true, top_db: 80 },
  },
  whisper: { mels: 'n_mels', options: { preset: 'whisper', n_mels: 80 } },
};
const WHISPER_RATE = 16000;
const params = new URLSearchParams(location.search);
const $ = (id) => document.getElementById(id);
const plot = $('spectrogram');
const context2d = plot.getContext('2d');
const area = { left: 64, top: 4, right: plot.width - 4, bottom: plot.height - 26 }; // heatmap rectangle

const demo = {
  frames: [],
  audio: [],
  errors: [],
  file: null,
  sampleRate: 0,
  options: null,
  live: false,
  lib: { MelSpectrogram },
};
window.melspecDemo = demo;

function setStatus(text, isError = false) {
  $('status').textContent = text;
  $('status').className = isError ? 'error' : '';
  if (isError) demo.errors.push(text);
}

function currentOptions() {
  const { mels, options } = presets[$('preset').value];
  return { ...options, [mels]: Number($('mels').value) || options[mels] };
}

/**
 * The colour scale of a preset's output: dB presets are floored at max - 80 dB; Whisper's
 * log-mel units at max - 2 (its floor, max - 8 in log10, then divided by 4).
 */
const scaleOf = (options) => (options.preset === 'whisper' ? { range: 2, unit: '' } : { range: 80, unit: ' dB' });

/** Centre frequency (Hz) of every mel band, from the filterbank: any preset, any mel scale. */
function bandCentres(mel) {
  const {
    data,
    shape: [bins, bands],
  } = mel.melWeights();
  const { options } = mel;
  const rate = options.samplingRate ?? options.sample_rate ?? options.sr;
  const fft = options.fftLength ?? options.n_fft;
  return Array.from({ length: bands }, (_, m) => {
    let peak = 0;
    for (let k = 1; k < bins; k++) if (data[k * bands + m] > data[peak * bands + m]) peak = k;
    return (peak * rate) / fft;
  });
}

// --- colours and axes ----------------------------------------------------------

const stops = [
  [0.0, [68, 1, 84]],
  [0.25, [59, 82, 139]],
  [0.5, [33, 145, 140]],
  [0.75, [94, 201, 98]],
  [1.0, [253, 231, 37]],
]; // viridis, five stops
function colour(level) {
  const x = Math.min(1, Math.max(0, level));
  let i = 1;
  while (i < stops.length - 1 && stops[i][0] < x) i++;
  const [x0, c0] = stops[i - 1];
  const [x1, c1] = stops[i];
  const t = (x - x0) / (x1 - x0);
  return c0.map((c, k) => Math.round(c + t * (c1[k] - c)));
}

function drawAxes(centres, timeLabels) {
  const { left, top, right, bottom } = area;
  context2d.fillStyle = '#fff';
  context2d.fillRect(0, 0, left, plot.height);
  context2d.fillRect(0, bottom, plot.width, plot.height - bottom);
  context2d.fillStyle = '#333';
  context2d.font = '11px sans-serif';
  // Label a few bands with the frequency where their filter peaks.
  const n = centres.length;
  context2d.textAlign = 'right';
  for (let tick = 0; tick <= 5; tick++) {
    const band = Math.round((tick / 5) * (n - 1));
    const hz = centres[band];
    const y = bottom - ((band + 0.5) / n) * (bottom - top);
    context2d.fillText(hz >= 1000 ? `${(hz / 1000).toFixed(1)} kHz` : `${Math.round(hz)} Hz`, left - 6, y + 4);
    context2d.fillRect(left - 4, y, 4, 1);
  }
  context2d.textAlign = 'center';
  for (const { x, text } of timeLabels) {
    context2d.textAlign = x >= right - 1 ? 'right' : x <= left + 1 ? 'left' : 'center';
    context2d.fillText(text, x, bottom + 16);
    context2d.fillRect(x, bottom, 1, 4);
  }
}

function drawColourBar(maxDb, { range, unit }) {
  const bar = $('colorbar');
  const c = bar.getContext('2d');
  c.fillStyle = '#fff';
  c.fillRect(0, 0, bar.width, bar.height);
  for (let y = area.top; y < area.bottom; y++) {
    const [r, g, b] = colour(1 - (y - area.top) / (area.bottom - area.top));
    c.fillStyle = `rgb(${r},${g},${b})`;
    c.fillRect(0, y, 16, 1);
  }
  c.fillStyle = '#333';
  c.font = '11px sans-serif';
  for (let tick = 0; tick <= 4; tick++) {
    const y = area.top + (tick / 4) * (area.bottom - area.top);
    c.fillText(
      `${(maxDb - (tick / 4) * range).toFixed(range < 10 ? 1 : 0)}${unit}`,
      20,
      Math.min(y + 4, bar.height - 2),
    );
  }
}

/** Paints frame-major rows (one mel frame each) as columns at x = from, from+1, ... */
function paintColumns(frames, bins, count, from, maxDb, range) {
  const height = area.bottom - area.top;
  const image = context2d.createImageData(count, height);
  for (let f = 0; f < count; f++) {
    for (let y = 0; y < height; y++) {
      const band = Math.min(bins - 1, Math.floor(((height - 1 - y) / height) * bins));
      const [r, g, b] = colour((frames[f * bins + band] - (maxDb - range)) / range);
      const p = 4 * (y * count + f);
      image.data[p] = r;
      image.data[p + 1] = g;
      image.data[p + 2] = b;
      image.data[p + 3] = 255;
    }
  }
  context2d.putImageData(image, from, area.top);
}

// --- whole files ---------------------------------------------------------------

/** The options for audio at `sampleRate`, under the preset's own name for it (Whisper's is fixed). */
function optionsAt(sampleRate) {
  const options = currentOptions();
  if (options.preset === 'whisper') return options;
  return { ...options, [{ torchaudio: 'sample_rate', librosa: 'sr' }[options.preset] ?? 'samplingRate']: sampleRate };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function renderWhole(samples, sampleRate, label, note = '') {
  // First call: create (the WASM module is already loaded) and the first compute; then the
  // steady state: the median of 5 more computes of the same audio with the same instance.
  const created = performance.now();
  const mel = await MelSpectrogram.create(optionsAt(sampleRate));
  const started = performance.now();
  const { data, shape } = mel.compute(samples);
  const elapsed = performance.now() - started;
  const steadyRuns = [];
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    mel.compute(samples);
    steadyRuns.push(performance.now() - start);
  }
  const steady = median(steadyRuns);
  const createMs = started - created;
  const [bins, frames] = shape;
  demo.file = { shape, data, options: mel.options, elapsedMs: elapsed, createMs, steadyMs: steady };
  const scale = scaleOf(mel.options);
  let maxDb = -Infinity;
  for (const value of data) maxDb = Math.max(maxDb, value);
  // Frame-major copy, resampled to the plot width (nearest frame per column).
  const width = area.right - area.left;
  const columns = new Float32Array(width * bins);
  for (let x = 0; x < width; x++) {
    const t = Math.min(frames - 1, Math.floor((x / width) * frames));
    for (let m = 0; m < bins; m++) columns[x * bins + m] = data[m * frames + t];
  }
  context2d.clearRect(0, 0, plot.width, plot.height);
  paintColumns(columns, bins, width, area.left, maxDb, scale.range);
  const seconds = samples.length / sampleRate;
  drawAxes(
    bandCentres(mel),
    [0, 0.25, 0.5, 0.75, 1].map((f) => ({ x: area.left + f * width, text: `${(f * seconds).toFixed(1)} s` })),
  );
  drawColourBar(maxDb, scale);
  const ms = (value) => (value < 10 ? value.toFixed(2) : value.toFixed(1));
  $('readout').textContent =
    `${label}: ${frames} frames × ${bins} mel bins. First call ${ms(createMs + elapsed)} ms ` +
    `(create ${ms(createMs)} ms + compute ${ms(elapsed)} ms); steady state ${ms(steady)} ms per compute ` +
    `(median of 5): ${((steady / frames) * 1000).toFixed(1)} µs per frame, ${((seconds * 1000) / steady).toFixed(0)}× real time`;
  setStatus(`${label}: ${seconds.toFixed(2)} s at ${sampleRate} Hz${note}.`);
  mel.dispose();
}

/** Decodes to mono at `sampleRate` (the browser resamples), or at the AudioContext's rate. */
async function decodeMono(arrayBuffer, sampleRate) {
  // An OfflineAudioContext decodes (and resamples) to its own rate and needs no closing.
  const context = sampleRate ? new OfflineAudioContext(1, 1, sampleRate) : new AudioContext();
  try {
    const audio = await context.decodeAudioData(arrayBuffer);
    const mono = new Float32Array(audio.length);
    for (let c = 0; c < audio.numberOfChannels; c++) {
      const channel = audio.getChannelData(c);
      for (let i = 0; i < mono.length; i++) mono[i] += channel[i] / audio.numberOfChannels;
    }
    return { mono, sampleRate: audio.sampleRate };
  } finally {
    if (!sampleRate) await context.close();
  }
}

async function decodeAndRender(arrayBuffer, label) {
  // Whisper takes 16 kHz only: the file is decoded straight to 16 kHz (resampled by the browser).
  const whisper = currentOptions().preset === 'whisper';
  let decoded;
  try {
    decoded = await decodeMono(arrayBuffer, whisper ? WHISPER_RATE : undefined);
  } catch (error) {
    setStatus(`Could not decode ${label}: ${error.message}`, true);
    return;
  }
  await renderWhole(decoded.mono, decoded.sampleRate, label, whisper ? ', decoded at 16 kHz for Whisper' : '');
}

// --- microphone ------------------------------------------------------------------

let live = null;

async function startMicrophone() {
  if (!navigator.mediaDevices?.getUserMedia) {
    setStatus('This browser gives no microphone access here (it needs https or localhost).', true);
    return;
  }
  let media;
  try {
    media = await navigator.mediaDevices.getUserMedia({
      audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false },
    });
  } catch (error) {
    const reason =
      error.name === 'NotAllowedError'
        ? 'permission was denied'
        : error.name === 'NotFoundError'
          ? 'no microphone was found'
          : error.message;
    setStatus(`Microphone unavailable: ${reason}. Try a file or the bundled sample instead.`, true);
    return;
  }
  // Whisper takes 16 kHz only: its context runs at 16 kHz and the browser resamples the
  // microphone into it (Chromium does; a browser that cannot says so here).
  const options = currentOptions();
  const whisper = options.preset === 'whisper';
  const context = whisper ? new AudioContext({ sampleRate: WHISPER_RATE }) : new AudioContext();
  await context.resume(); // a context made outside a click may start suspended
  let source;
  try {
    source = context.createMediaStreamSource(media);
  } catch (error) {
    for (const track of media.getTracks()) track.stop();
    await context.close();
    setStatus(
      `Whisper needs 16 kHz audio and this browser cannot resample the microphone (${error.message}). Try a file or the bundled sample: they are decoded at 16 kHz.`,
      true,
    );
    return;
  }
  const node = await MelSpectrogramNode.create(context, {
    ...options,
    dbMode: params.get('dbMode') ?? $('dbMode').value,
    echoAudio: params.get('echo') === '1',
  });
  source.connect(node.node);
  const probe = await MelSpectrogram.create(node.options); // the node's filterbank, for the axis labels
  const centres = bandCentres(probe);
  probe.dispose();
  const scale = scaleOf(node.options);
  const hop = node.options.sequenceStride ?? node.options.hop_length;
  demo.sampleRate = context.sampleRate;
  demo.options = node.options;
  demo.live = true;
  const width = area.right - area.left;
  let maxDb = -Infinity;
  let computeMs = 0;
  let frameTotal = 0;
  const budget = (hop / context.sampleRate) * 1000;
  context2d.clearRect(0, 0, plot.width, plot.height);
  const [r0, g0, b0] = colour(0); // start from the floor colour, not white
  context2d.fillStyle = `rgb(${r0},${g0},${b0})`;
  context2d.fillRect(area.left, area.top, width, area.bottom - area.top);
  const seconds = (width * hop) / context.sampleRate;
  drawAxes(
    centres,
    [0, 0.5, 1].map((f) => ({
      x: area.left + f * width,
      text: f === 1 ? 'now' : `−${((1 - f) * seconds).toFixed(1)} s`,
    })),
  );
  node.onframes = ({ data, shape, audio, computeMs: ms }) => {
    const [frames, bins] = shape;
    if (params.get('echo') === '1') {
      demo.frames.push(data);
      if (audio) demo.audio.push(audio);
    }
    demo.lastFrame = data.slice((frames - 1) * bins, frames * bins);
    for (const value of data.subarray(0, frames * bins)) maxDb = Math.max(maxDb, value);
    // Scroll left by `frames` pixels, then paint the new columns at the right edge.
    context2d.drawImage(
      plot,
      area.left + frames,
      area.top,
      width - frames,
      area.bottom - area.top,
      area.left,
      area.top,
      width - frames,
      area.bottom - area.top,
    );
    paintColumns(data, bins, frames, area.right - frames, maxDb, scale.range);
    drawColourBar(maxDb, scale);
    computeMs += ms;
    frameTotal += frames;
    demo.frameCount = frameTotal;
    $('readout').textContent =
      `live at ${context.sampleRate} Hz: ${frameTotal} frames; worklet compute ` +
      `${((computeMs / frameTotal) * 1000).toFixed(0)} µs per frame (1 ms clock), budget ${budget.toFixed(1)} ms per frame`;
  };
  node.onerror = (error) => setStatus(`Worklet error: ${error.message}`, true);
  live = { context, media, node };
  $('mic').disabled = true;
  $('stop').disabled = false;
  demo.transport = node.transport;
  setStatus(
    `Listening at ${context.sampleRate} Hz${whisper ? ' (resampled by the browser for Whisper)' : ''} (${(await wasmBuild()) === 'simd' ? 'WASM SIMD' : 'scalar WASM'}; ` +
      `frames via ${node.transport === 'shared' ? 'a SharedArrayBuffer ring' : 'messages'}).`,
  );
}

async function stopMicrophone() {
  if (!live) return;
  live.node.dispose();
  for (const track of live.media.getTracks()) track.stop();
  await live.context.close();
  live = null;
  demo.live = false;
  $('mic').disabled = false;
  $('stop').disabled = true;
  setStatus('Stopped.');
}

// --- wiring ----------------------------------------------------------------------

async function main() {
  const preset = params.get('preset') ?? 'keras';
  $('preset').value = preset;
  const melsOf = (name) => presets[name].options[presets[name].mels];
  $('mels').value = melsOf(preset);
  if (params.get('dbMode')) $('dbMode').value = params.get('dbMode');
  $('preset').onchange = () => ($('mels').value = melsOf($('preset').value));
  await init({ simd: simdSupported() && params.get('scalar') !== '1' });
  const build = await wasmBuild();
  setStatus(
    build === 'simd'
      ? 'Ready (WASM SIMD).'
      : 'Ready. WASM SIMD is not available here (or not reliable): using the scalar build (same numbers, slower).',
  );
  $('mic').onclick = () => startMicrophone().catch((error) => setStatus(error.message, true));
  $('stop').onclick = () => stopMicrophone();
  $('sample').onclick = async () =>
    decodeAndRender(await (await fetch('assets/speech-16k.wav')).arrayBuffer(), 'bundled sample');
  $('file').onchange = async () => {
    const file = $('file').files[0];
    if (file) await decodeAndRender(await file.arrayBuffer(), file.name);
  };
  const drop = $('drop');
  drop.ondragover = (event) => {
    event.preventDefault();
    drop.classList.add('dragging');
  };
  drop.ondragleave = () => drop.classList.remove('dragging');
  drop.ondrop = async (event) => {
    event.preventDefault();
    drop.classList.remove('dragging');
    const file = event.dataTransfer.files[0];
    if (file) await decodeAndRender(await file.arrayBuffer(), file.name);
  };
  $('speed-run').onclick = () => startSpeedTest(demo);
  demo.ready = true;
  if (params.get('autostart') === 'mic') await startMicrophone();
  if (params.get('autostart') === 'sample') await $('sample').onclick();
  if (params.get('autostart') === 'speed') await startSpeedTest(demo);
}

main().catch((error) => setStatus(`Could not start: ${error.message}`, true));
