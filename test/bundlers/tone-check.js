// What every app computes, in the browser or (Next.js route handler) in Node: the mel
// spectrogram of a 1 kHz tone, and which band is loudest in frame 10. No imports: each app
// passes in the library as its bundler resolved it.
export async function toneCheck({ MelSpectrogram, wasmBuild }) {
  const tone = Float32Array.from({ length: 16000 }, (_, i) => Math.sin((2 * Math.PI * 1000 * i) / 16000));
  const mel = await MelSpectrogram.create({ numMelBins: 64 });
  const { data, shape } = mel.compute(tone);
  const [bins, frames] = shape;
  let loudest = 0;
  for (let m = 0; m < bins; m++) if (data[m * frames + 10] > data[loudest * frames + 10]) loudest = m;
  return { shape, loudest, build: await wasmBuild(), finite: data.every(Number.isFinite) };
}
