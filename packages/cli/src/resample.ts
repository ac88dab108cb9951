// Sample-rate conversion with libsamplerate (Erik de Castro Lopo's, compiled to
// WASM by @alexanderolsen/libsamplerate-js) at its best quality, SRC_SINC_BEST_QUALITY:
// a band-limited sinc interpolator (97 dB SNR, 97% bandwidth), not nearest-neighbour.
import { FileError } from './decode-error.js';

/** The rates libsamplerate-js takes (it throws a bare string outside them) and libsamplerate's ratio limit. */
export const resampleRange = { minRate: 1, maxRate: 192000, maxRatio: 256 };

export async function resample(samples: Float32Array, fromRate: number, toRate: number): Promise<Float32Array> {
  if (fromRate === toRate) return samples;
  const { minRate, maxRate, maxRatio } = resampleRange;
  const supported = `the resampler takes ${minRate} to ${maxRate} Hz, within a factor of ${maxRatio}`;
  if (!(fromRate >= minRate && fromRate <= maxRate))
    throw new FileError(`cannot resample from ${fromRate} Hz to ${toRate} Hz: ${supported}`);
  if (!(toRate >= minRate && toRate <= maxRate)) throw new FileError(`cannot resample to ${toRate} Hz: ${supported}`);
  if (toRate / fromRate > maxRatio || fromRate / toRate > maxRatio)
    throw new FileError(`cannot resample from ${fromRate} Hz to ${toRate} Hz: ${supported}`);
  // A UMD bundle: under Node its API is the default export.
  const module = await import('@alexanderolsen/libsamplerate-js');
  const { create, ConverterType } = module.default ?? module;
  const converter = await create(1, fromRate, toRate, { converterType: ConverterType.SRC_SINC_BEST_QUALITY });
  try {
    return converter.simple(samples);
  } finally {
    converter.destroy();
  }
}
