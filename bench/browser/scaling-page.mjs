// node bench/scaling.mjs --browser: serves scaling.html (with COOP/COEP unless told not to,
// so that the page is cross-origin isolated and the pool shares memory), the package's
// dist/, lib/scaling-curve.mjs and the speech sample, and runs the curve in headless Chromium.
import { mkdirSync, writeFileSync } from 'node:fs';
import { readMonoWav, SPEECH_WAV } from '../lib/signal.mjs';
import { runInPage } from './run-page.mjs';

const ISOLATION = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };

export async function browserCurve({ seconds, runs, transfer, isolated, repo, log }) {
  const scratch = `${repo}bench/.scratch/scaling/`;
  mkdirSync(scratch, { recursive: true });
  writeFileSync(`${scratch}speech.f32`, new Uint8Array(readMonoWav(SPEECH_WAV).samples.buffer));
  return runInPage({
    repo,
    page: 'scaling.html',
    folders: { '/input/': scratch },
    headers: isolated ? ISOLATION : {},
    tag: '[scaling] ',
    log,
    run: (page) => page.evaluate((args) => window.runCurve(args), { seconds, runs, transfer }),
  });
}
