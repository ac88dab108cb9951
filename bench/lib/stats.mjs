// Order statistics for timings and differences (linear interpolation between ranks).

export function quantile(values, q) {
  const sorted = Float64Array.from(values).sort();
  if (sorted.length === 0) return NaN;
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

export function summarize(times) {
  return {
    median: quantile(times, 0.5),
    q1: quantile(times, 0.25),
    q3: quantile(times, 0.75),
    min: Math.min(...times),
    max: Math.max(...times),
  };
}

/**
 * |a - b| over two [numMelBins, frames] outputs, on the first min(framesA, framesB)
 * frames of every band (frame counts only differ for peers with other framing rules).
 */
export function dbDifference(a, framesA, b, framesB, numMelBins) {
  const frames = Math.min(framesA, framesB);
  const diffs = new Float64Array(numMelBins * frames);
  for (let m = 0; m < numMelBins; m++) {
    for (let t = 0; t < frames; t++) diffs[m * frames + t] = Math.abs(a[m * framesA + t] - b[m * framesB + t]);
  }
  diffs.sort();
  return { median: quantile(diffs, 0.5), p99: quantile(diffs, 0.99), max: diffs[diffs.length - 1], frames };
}

export function allFinite(data) {
  for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i])) return false;
  return true;
}
