// The demo page: a live microphone mel spectrogram through MelSpectrogramNode
// (an AudioWorklet), and whole files or the bundled sample through
// MelSpectrogram.compute(). Test hooks: window.melspecDemo; URL parameters
// ?dbMode=none&echo=1&autostart=mic|sample&preset=whisper&scalar=1.
import { MelSpectrogram, MelSpectrogramNode, init, simdSupported, wasmBuild } from '../dist/index.js';

const presets = {
  keras: { fftLength: 2048, sequenceStride: 512, numMelBins: 128 },
  whisper: { fftLength: 400, sequenceStride: 160, numMelBins: 80 },
  small: { fftLength: 1024, sequenceStride: 256, numMelBins: 64 },
};
const TOP_DB = 80;
const params = new URLSearchParams(location.search);
const $ = (id) => document.getElementById(id);
const plot = $('spectrogram');
const context2d = plot.getContext('2d');
const area = { left: 64, top: 4, right: plot.width - 4, bottom: plot.height - 26 }; // heatmap rectangle

const demo = (window.melspecDemo = { frames: [], audio: [], errors: [], file: null, sampleRate: 0, options: null, live: false, lib: { MelSpectrogram } });

function setStatus(text, isError = false) {
  $('status').textContent = text;
  $('status').className = isError ? 'error' : '';
  if (isError) demo.errors.push(text);
}

function currentOptions() {
  const preset = presets[$('preset').value];
  const numMelBins = Number($('mels').value) || preset.numMelBins;
  return { ...preset, numMelBins };
}

// --- colours and axes ----------------------------------------------------------

const stops = [
  [0.0, [68, 1, 84]], [0.25, [59, 82, 139]], [0.5, [33, 145, 140]], [0.75, [94, 201, 98]], [1.0, [253, 231, 37]],
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

const hzToMel = (hz) => 1127 * Math.log(1 + hz / 700);
const melToHz = (mel) => 700 * (Math.exp(mel / 1127) - 1);

function drawAxes(options, timeLabels) {
  const { left, top, right, bottom } = area;
  context2d.fillStyle = '#fff';
  context2d.fillRect(0, 0, left, plot.height);
  context2d.fillRect(0, bottom, plot.width, plot.height - bottom);
  context2d.fillStyle = '#333';
  context2d.font = '11px sans-serif';
  // Mel bands are spaced evenly in mel between minFreq and maxFreq: label a few in Hz.
  const lowMel = hzToMel(options.minFreq);
  const highMel = hzToMel(options.maxFreq);
  const n = options.numMelBins;
  context2d.textAlign = 'right';
  for (let tick = 0; tick <= 5; tick++) {
    const band = Math.round((tick / 5) * (n - 1));
    const hz = melToHz(lowMel + ((band + 1) * (highMel - lowMel)) / (n + 1));
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

function drawColourBar(maxDb) {
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
    c.fillText(`${(maxDb - (tick / 4) * TOP_DB).toFixed(0)} dB`, 20, Math.min(y + 4, bar.height - 2));
  }
}

/** Paints frame-major rows (one mel frame each) as columns at x = from, from+1, ... */
function paintColumns(frames, bins, count, from, maxDb) {
  const height = area.bottom - area.top;
  const image = context2d.createImageData(count, height);
  for (let f = 0; f < count; f++) {
    for (let y = 0; y < height; y++) {
      const band = Math.min(bins - 1, Math.floor(((height - 1 - y) / height) * bins));
      const [r, g, b] = colour((frames[f * bins + band] - (maxDb - TOP_DB)) / TOP_DB);
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

async function renderWhole(samples, sampleRate, label) {
  const options = { ...currentOptions(), samplingRate: sampleRate };
  const mel = await MelSpectrogram.create(options);
  const started = performance.now();
  const { data, shape } = mel.compute(samples);
  const elapsed = performance.now() - started;
  const [bins, frames] = shape;
  demo.file = { shape, data, options: mel.options, elapsedMs: elapsed };
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
  paintColumns(columns, bins, width, area.left, maxDb);
  const seconds = samples.length / sampleRate;
  drawAxes(mel.options, [0, 0.25, 0.5, 0.75, 1].map((f) => ({ x: area.left + f * width, text: `${(f * seconds).toFixed(1)} s` })));
  drawColourBar(maxDb);
  const budget = (mel.options.sequenceStride / sampleRate) * 1000;
  $('readout').textContent = `${label}: ${frames} frames × ${bins} mel bins in ${elapsed.toFixed(1)} ms: ` +
    `${((elapsed / frames) * 1000).toFixed(1)} µs per frame, budget ${budget.toFixed(1)} ms (${((seconds * 1000) / elapsed).toFixed(0)}× real time)`;
  setStatus(`${label}: ${seconds.toFixed(2)} s at ${sampleRate} Hz.`);
  mel.dispose();
}

async function decodeAndRender(arrayBuffer, label) {
  const context = new AudioContext();
  try {
    const audio = await context.decodeAudioData(arrayBuffer);
    const mono = new Float32Array(audio.length);
    for (let c = 0; c < audio.numberOfChannels; c++) {
      const channel = audio.getChannelData(c);
      for (let i = 0; i < mono.length; i++) mono[i] += channel[i] / audio.numberOfChannels;
    }
    await renderWhole(mono, audio.sampleRate, label);
  } catch (error) {
    setStatus(`Could not decode ${label}: ${error.message}`, true);
  } finally {
    await context.close();
  }
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
    media = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false } });
  } catch (error) {
    const reason = error.name === 'NotAllowedError' ? 'permission was denied' : error.name === 'NotFoundError' ? 'no microphone was found' : error.message;
    setStatus(`Microphone unavailable: ${reason}. Try a file or the bundled sample instead.`, true);
    return;
  }
  const context = new AudioContext();
  await context.resume(); // a context made outside a click may start suspended
  const source = context.createMediaStreamSource(media);
  const options = currentOptions();
  const node = await MelSpectrogramNode.create(context, {
    ...options,
    dbMode: params.get('dbMode') ?? $('dbMode').value,
    echoAudio: params.get('echo') === '1',
  });
  source.connect(node.node);
  demo.sampleRate = context.sampleRate;
  demo.options = node.options;
  demo.live = true;
  const width = area.right - area.left;
  let maxDb = -Infinity;
  let computeMs = 0;
  let frameTotal = 0;
  const budget = (node.options.sequenceStride / context.sampleRate) * 1000;
  context2d.clearRect(0, 0, plot.width, plot.height);
  const [r0, g0, b0] = colour(0); // start from the floor colour, not white
  context2d.fillStyle = `rgb(${r0},${g0},${b0})`;
  context2d.fillRect(area.left, area.top, width, area.bottom - area.top);
  const seconds = (width * node.options.sequenceStride) / context.sampleRate;
  drawAxes(node.options, [0, 0.5, 1].map((f) => ({ x: area.left + f * width, text: f === 1 ? 'now' : `−${((1 - f) * seconds).toFixed(1)} s` })));
  node.onframes = ({ data, shape, audio, computeMs: ms }) => {
    const [frames, bins] = shape;
    if (params.get('echo') === '1') {
      demo.frames.push(data);
      if (audio) demo.audio.push(audio);
    }
    demo.lastFrame = data.slice((frames - 1) * bins, frames * bins);
    for (const value of data.subarray(0, frames * bins)) maxDb = Math.max(maxDb, value);
    // Scroll left by `frames` pixels, then paint the new columns at the right edge.
    context2d.drawImage(plot, area.left + frames, area.top, width - frames, area.bottom - area.top, area.left, area.top, width - frames, area.bottom - area.top);
    paintColumns(data, bins, frames, area.right - frames, maxDb);
    drawColourBar(maxDb);
    computeMs += ms;
    frameTotal += frames;
    demo.frameCount = frameTotal;
    $('readout').textContent = `live at ${context.sampleRate} Hz: ${frameTotal} frames; worklet compute ` +
      `${((computeMs / frameTotal) * 1000).toFixed(0)} µs per frame (1 ms clock), budget ${budget.toFixed(1)} ms per frame`;
  };
  node.onerror = (message) => setStatus(`Worklet error: ${message}`, true);
  live = { context, media, node };
  $('mic').disabled = true;
  $('stop').disabled = false;
  demo.transport = node.transport;
  setStatus(`Listening at ${context.sampleRate} Hz (${(await wasmBuild()) === 'simd' ? 'WASM SIMD' : 'scalar WASM'}; ` +
    `frames via ${node.transport === 'shared' ? 'a SharedArrayBuffer ring' : 'messages'}).`);
}

async function stopMicrophone() {
  if (!live) return;
  live.node.dispose();
  live.media.getTracks().forEach((track) => track.stop());
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
  $('mels').value = presets[preset].numMelBins;
  if (params.get('dbMode')) $('dbMode').value = params.get('dbMode');
  $('preset').onchange = () => ($('mels').value = presets[$('preset').value].numMelBins);
  await init({ simd: simdSupported() && params.get('scalar') !== '1' });
  const build = await wasmBuild();
  setStatus(build === 'simd' ? 'Ready (WASM SIMD).' : 'Ready. WASM SIMD is not available here (or not reliable): using the scalar build (same numbers, slower).');
  $('mic').onclick = () => startMicrophone().catch((error) => setStatus(error.message, true));
  $('stop').onclick = () => stopMicrophone();
  $('sample').onclick = async () => decodeAndRender(await (await fetch('assets/speech-16k.wav')).arrayBuffer(), 'bundled sample');
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
  demo.ready = true;
  if (params.get('autostart') === 'mic') await startMicrophone();
  if (params.get('autostart') === 'sample') await $('sample').onclick();
}

main().catch((error) => setStatus(`Could not start: ${error.message}`, true));
