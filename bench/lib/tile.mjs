// The benchmark signal from decoded speech, without file access: shared by lib/signal.mjs
// (Node) and the browser harness (the demo's speed panel decodes the sample itself).

/** speech tiled to `seconds`, plus seeded white noise at about -70 dBFS RMS; deterministic. */
export function tileWithNoise(speech, seconds, sampleRate = 16000) {
  const out = new Float32Array(Math.round(seconds * sampleRate));
  let state = 0x9e3779b9; // xorshift32: tiny, seeded, reproducible
  for (let i = 0; i < out.length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    const noise = ((state >>> 0) / 2 ** 32 - 0.5) * 1e-3;
    out[i] = speech[i % speech.length] + noise;
  }
  return out;
}
