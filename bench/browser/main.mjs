// node bench/run.mjs --browser: the peers that run in browsers, and ours, in one headless
// Chromium page (playwright-core, /usr/bin/chromium), interleaved rounds and output checks
// as in Node (browser/harness.mjs), then cold first calls in fresh pages (browser/cold.mjs).
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { BROWSER_PEERS, buildBrowser } from '../build-browser.mjs';
import { failureLog, machineInfo, printTable, writeResults } from '../lib/report.mjs';
import { browserTargets, printTargets } from '../lib/targets.mjs';
import { makeSignal } from '../lib/signal.mjs';
import { quantile } from '../lib/stats.mjs';
import { OURS, packageVersion } from '../lib/systems.mjs';
import { serveStatic } from './server.mjs';

const BENCH = fileURLToPath(new URL('../', import.meta.url));
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const SCRATCH = `${BENCH}.scratch/`;
const OUT = `${BENCH}build/browser/`;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const COLD_SECONDS = 5;
// As test/browser/browser-harness.ts, plus gc() for the page (a collection before every timed run).
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--no-first-run', '--js-flags=--expose-gc',
];

export const BROWSER_DEFAULT_PEERS = Object.keys(BROWSER_PEERS);

/**
 * A Chromium allowed on every CPU even when this process is pinned (taskset): cold starts
 * run as a visitor's browser would, with V8's background compile threads on other cores.
 */
function unpinnedChromium() {
  if (process.env.MELSPEC_BENCH_CPU === undefined) return CHROMIUM;
  const wrapper = `${SCRATCH}chromium-unpinned.sh`;
  writeFileSync(wrapper, `#!/bin/sh\nexec taskset -c 0-${os.cpus().length - 1} ${CHROMIUM} "$@"\n`);
  chmodSync(wrapper, 0o755);
  return wrapper;
}

function printCold(rows) {
  console.log(`\ncold first call in a fresh page (keras preset, ${COLD_SECONDS} s of audio): page load + import -> setup (create) -> first compute; then warm compute (median of 5)`);
  const header = ['system', 'pages', 'first output ms (median)', 'min-max', 'page ms', 'import ms', 'setup ms', 'first compute ms', 'warm ms'];
  const fixed = (v) => (v === undefined || v === null ? '-' : v.toFixed(1));
  const cells = rows.map((r) => [r.name, r.pages, fixed(r.firstOutputMs.median), `${fixed(r.firstOutputMs.min)}-${fixed(r.firstOutputMs.max)}`,
    fixed(r.pageMs), fixed(r.importMs), fixed(r.setupMs), fixed(r.firstComputeMs), fixed(r.warmMs)]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => String(c[i]).length)));
  const line = (c) => c.map((x, i) => (i === 0 ? String(x).padEnd(widths[i]) : String(x).padStart(widths[i]))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const c of cells) console.log(line(c));
}

async function measureCold(browser, server, systems, options, fail) {
  const rows = [];
  for (const system of systems) {
    const pages = system.name === OURS ? options.coldRuns : options.peerColdRuns;
    if (pages === 0) continue;
    options.log(`cold start: ${system.name} x${pages}`);
    const samples = [];
    for (let i = 0; i < pages; i++) {
      const context = await browser.newContext(); // its own cache and storage: nothing warm
      try {
        const page = await context.newPage();
        await page.goto(`${server.url}cold.html?peer=${system.file}&input=/input/input-${COLD_SECONDS}s.f32`);
        await page.waitForFunction(() => window.coldResult || window.coldError, undefined, { timeout: 120000 });
        const { coldResult, coldError } = await page.evaluate(() => ({ coldResult: window.coldResult, coldError: window.coldError }));
        if (coldError) throw new Error(coldError);
        samples.push(coldResult);
      } catch (error) {
        fail(system.name, 'cold start', error);
        break;
      } finally {
        await context.close();
      }
    }
    if (samples.length === 0) continue;
    const median = (key) => quantile(samples.map((s) => s[key]), 0.5);
    const first = samples.map((s) => s.firstOutputMs);
    rows.push({
      name: system.name,
      pages: samples.length,
      firstOutputMs: { median: median('firstOutputMs'), min: Math.min(...first), max: Math.max(...first) },
      pageMs: median('pageMs'),
      importMs: median('importMs'),
      setupMs: median('setupMs'),
      firstComputeMs: median('firstComputeMs'),
      warmMs: median('warmMs'),
      inputFetchMs: median('inputFetchMs'),
    });
  }
  return rows;
}

/**
 * options: { peers: [file], runs, warmupRuns, seconds, coldRuns, peerColdRuns, writeTo, log }.
 * Returns the list of failures.
 */
export async function browserMain(options) {
  const { log } = options;
  const { failures, fail } = failureLog(log);
  await buildBrowser({ outDir: OUT, peers: options.peers, log });
  mkdirSync(SCRATCH, { recursive: true });
  for (const seconds of new Set([options.seconds, COLD_SECONDS])) {
    writeFileSync(`${SCRATCH}input-${seconds}s.f32`, new Uint8Array(makeSignal(seconds).buffer));
  }
  const server = await serveStatic({ '/': OUT, '/dist/': `${REPO}dist`, '/input/': SCRATCH });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  let result;
  let cold;
  let targets;
  try {
    const page = await browser.newPage();
    page.on('console', (message) => {
      if (message.text().startsWith('[bench] ')) log(`(page) ${message.text().slice(8)}`);
      else if (message.type() === 'error') log(`(page error) ${message.text()}`);
    });
    page.on('pageerror', (error) => fail('page', 'uncaught', error));
    await page.goto(`${server.url}bench.html`);
    await page.waitForFunction(() => window.melspecBench);
    result = await page.evaluate((args) => window.melspecBench.run(args), {
      inputUrl: `/input/input-${options.seconds}s.f32`,
      presets: ['keras', 'whisper'],
      peers: options.peers,
      runs: options.runs,
      warmupRuns: options.warmupRuns,
      warmupBudgetMs: 2000,
    });
    failures.push(...result.failures);
    for (const table of Object.values(result.configs)) printTable(table, options.seconds);
    await page.close();

    const coldBrowser = process.env.MELSPEC_BENCH_CPU === undefined ? browser : await chromium.launch({ executablePath: unpinnedChromium(), args: CHROMIUM_ARGS });
    try {
      cold = await measureCold(coldBrowser, server, result.systems, options, fail);
    } finally {
      if (coldBrowser !== browser) await coldBrowser.close();
    }
    printCold(cold);
    targets = browserTargets({ configs: result.configs, coldStart: cold, seconds: options.seconds });
    printTargets(targets, "issue 14's Chromium targets in this run");
  } finally {
    const version = browser.version();
    await browser.close();
    await server.close();
    options.browserVersion = version;
  }

  if (options.writeTo) {
    const results = {
      machine: { ...machineInfo(), browser: `Chromium ${options.browserVersion}`, runtime: `Chromium ${options.browserVersion.split('.')[0]}` },
      method: {
        inputSeconds: options.seconds,
        input: 'demo/assets/speech-16k.wav tiled, plus seeded white noise at about -70 dBFS RMS (bench/lib/signal.mjs), fetched by the page as float32',
        runs: options.runs,
        warmup: `${options.warmupRuns} runs or 2000 ms, at least 1`,
        order: 'one headless Chromium page, every system in it; round-robin, starting one system later every round; gc() and a 50 ms pause before every timed run',
        pinning: process.env.MELSPEC_BENCH_CPU === undefined
          ? 'not pinned'
          : `the browser of the timed rounds pinned to CPU ${process.env.MELSPEC_BENCH_CPU}; the cold pages' browser uses every CPU`,
        cold: `${COLD_SECONDS} s of audio, keras preset; a fresh browser context per page (empty cache); first output = navigation start to the first compute's result, the input's download excluded`,
        toleranceDb: 0.02,
        threads: 'one: onnxruntime-web numThreads 1, tfjs-backend-wasm without cross-origin isolation (no threads)',
      },
      systems: result.systems.map(({ name, file, packageName, matchesKeras, notes }) => ({ name, file, packageName, version: packageVersion(packageName), matchesKeras, notes })),
      configs: result.configs,
      coldStart: cold,
      targets,
      failures,
    };
    writeResults(options.writeTo, results, 'browser');
    log(`wrote ${options.writeTo}browser.json and browser-chart.svg`);
  }
  return failures;
}
