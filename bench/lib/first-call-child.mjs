// Child of compare-first-calls.mjs: one fresh process, one build. Imports <dist>/node.js,
// creates the Keras default instance, computes 10 s of audio twice; prints one JSON line
// with the times (ms) and the minor page faults of each step.
//   node lib/first-call-child.mjs <dist dir>
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const signal = new Float32Array(160000);
for (let i = 0; i < signal.length; i++) signal[i] = 0.5 * Math.sin(i * 0.01) + 0.1 * Math.sin(i * 0.37);
const faults = () => process.resourceUsage().minorPageFault;

const marks = [[performance.now(), faults()]];
const mark = () => marks.push([performance.now(), faults()]);
const { MelSpectrogram } = await import(pathToFileURL(resolve(process.argv[2], 'node.js')).href);
mark();
const mel = await MelSpectrogram.create({});
mark();
mel.compute(signal);
mark();
mel.compute(signal);
mark();
const step = (i) => marks[i + 1][0] - marks[i][0];
console.log(
  JSON.stringify({
    importMs: step(0),
    createMs: step(1),
    coldStartMs: marks[2][0] - marks[0][0],
    firstComputeMs: step(2),
    firstResultMs: marks[3][0] - marks[0][0],
    secondComputeMs: step(3),
    coldStartFaults: marks[2][1] - marks[0][1],
  }),
);
