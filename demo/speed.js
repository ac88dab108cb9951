// The speed panel: the browser benchmark's quick mode (bench/browser/harness.mjs) on the
// visitor's own machine: ours against transformers.js and Meyda on 5 s of the bundled
// sample, interleaved rounds, outputs checked against ours, drawn as bars of x real time.
// The peers' bundles live in demo/peers/ (node bench/build-browser.mjs --demo).
const SECONDS = 5;
const RUNS = 3;
const PEERS = ['melspec-wasm', 'transformers', 'meyda'];
const $ = (id) => document.getElementById(id);

function say(text, isError = false) {
  $('speed-status').textContent = text;
  $('speed-status').className = isError ? 'error' : '';
}

/** The sample at 16 kHz (the benchmark's rate), mono. */
async function sampleAt16k() {
  const bytes = await (await fetch('assets/speech-16k.wav')).arrayBuffer();
  const audio = await new OfflineAudioContext(1, 1, 16000).decodeAudioData(bytes);
  return audio.getChannelData(0);
}

const decibels = (value) => (value < 0.01 ? value.toExponential(1) : value.toFixed(2));

function drawBars(table) {
  const rows = table.systems.filter((s) => s.ms);
  const best = Math.max(...rows.map((s) => s.xRealTime));
  const scale = (x) => Math.max(0.02, Math.log10(Math.max(1, x)) / Math.log10(Math.max(10, best))); // log scale, 1x at 0
  $('speed-bars').replaceChildren(
    ...rows.map((s) => {
      const row = document.createElement('div');
      row.className = `speed-row${s.name === 'melspec-wasm' ? ' ours' : ''}`;
      const name = document.createElement('span');
      name.className = 'speed-name';
      name.textContent = s.name;
      const bar = document.createElement('span');
      bar.className = 'speed-bar';
      bar.style.width = `${(scale(s.xRealTime) * 60).toFixed(1)}%`;
      const label = document.createElement('span');
      label.className = 'speed-label';
      const ratio =
        s.name === 'melspec-wasm'
          ? ''
          : s.vsOurs >= 1
            ? `, ${s.vsOurs.toFixed(1)}× slower than melspec-wasm`
            : `, ${(1 / s.vsOurs).toFixed(1)}× faster than melspec-wasm`;
      const agreement =
        s.name === 'melspec-wasm'
          ? ''
          : ` (max |ΔdB| vs ours ${decibels(s.dbVsOurs.max)}${s.status === 'ok' ? '' : `: ${s.status}`})`;
      label.textContent = `${s.ms.median.toFixed(1)} ms: ${Math.round(s.xRealTime).toLocaleString('en-US')}× real time${ratio}${agreement}`;
      row.append(name, bar, label);
      return row;
    }),
  );
}

export async function startSpeedTest(demo) {
  $('speed-run').disabled = true;
  try {
    let bench;
    try {
      bench = await import('./peers/page.js');
    } catch {
      say(
        "The speed test needs the peers' browser bundles in demo/peers/: run node bench/build-browser.mjs --demo.",
        true,
      );
      return;
    }
    say('Loading the sample and the libraries…');
    const signal = bench.tileWithNoise(await sampleAt16k(), SECONDS);
    const config = bench.PRESETS.keras;
    const result = await bench.runBenchmark({
      peers: PEERS,
      base: new URL('./peers/page.js', import.meta.url).href,
      signal,
      configs: [config],
      runs: RUNS,
      warmupRuns: 1,
      warmupBudgetMs: 1000,
      log: () => {},
      onRun: ({ name, round }) => say(`Round ${round + 1} of ${RUNS}: ${name}…`),
    });
    demo.speed = result;
    drawBars(result.configs[config.preset]);
    const failed = result.failures.map((f) => `${f.name} (${f.where}): ${f.message}`).join('; ');
    say(
      failed
        ? `Done, with failures: ${failed}`
        : `${SECONDS} s of audio at 16 kHz, fft ${config.fftLength} / hop ${config.sequenceStride} / ${config.numMelBins} mels, median of ${RUNS} interleaved runs, one thread each.`,
      Boolean(failed),
    );
  } catch (error) {
    say(`The speed test failed: ${error.message}`, true);
  } finally {
    $('speed-run').disabled = false;
  }
}
