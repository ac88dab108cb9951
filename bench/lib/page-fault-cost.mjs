// What one first touch of fresh memory (a minor page fault) costs on this machine, in µs:
// 64 MiB of new ArrayBuffer (calloc'd, so mapped but not yet touched) written one byte per
// 4 KiB page, against a second pass over the same, now mapped, pages. Run as a child
// (`node lib/page-fault-cost.mjs` prints the figure) so that its memory is not the runner's.
const PAGE = 4096;
const bytes = new Uint8Array(new ArrayBuffer(64 * 2 ** 20));

function touchEveryPage(value) {
  const start = performance.now();
  for (let i = 0; i < bytes.length; i += PAGE) bytes[i] = value;
  return performance.now() - start;
}

const faultsBefore = process.resourceUsage().minorPageFault;
const firstMs = touchEveryPage(1);
const faults = process.resourceUsage().minorPageFault - faultsBefore;
const againMs = touchEveryPage(2);
console.log(JSON.stringify({ microsPerFault: faults > 0 ? ((firstMs - againMs) * 1000) / faults : null, faults }));
