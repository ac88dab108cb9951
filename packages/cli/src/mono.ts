// One signal from a file's channels: the mean of all of them (summed in float64, in
// channel order, then rounded to float32), or the one that --channel picks.
import { FileError } from './decode-error.js';

/** Fails the file when `channel` (0 = the first) is not one of its `count` channels. */
export function checkChannel(channel: number | null, count: number): void {
  if (channel !== null && channel >= count) {
    const which = count === 1 ? 'channel 0 only' : `channels 0 to ${count - 1}`;
    throw new FileError(`--channel ${channel}: the file has ${which}`);
  }
}

/**
 * Mixes `frames` interleaved frames of `channels` samples each (already float32) into
 * `out` from index `at`: the mean, or channel `channel` alone.
 */
export function mixInterleaved(
  block: Float32Array,
  channels: number,
  channel: number | null,
  frames: number,
  out: Float32Array,
  at: number,
): void {
  if (channels === 1) {
    out.set(block.subarray(0, frames), at);
  } else if (channel !== null) {
    for (let i = 0, j = channel; i < frames; i++, j += channels) out[at + i] = block[j];
  } else if (channels === 2) {
    // The common case in one pass; halving is exact, so it equals the general loop's mean.
    for (let i = 0, j = 0; i < frames; i++, j += 2) out[at + i] = (block[j] + block[j + 1]) * 0.5;
  } else {
    for (let i = 0, j = 0; i < frames; i++) {
      let sum = 0;
      for (let c = 0; c < channels; c++) sum += block[j++];
      out[at + i] = sum / channels;
    }
  }
}

/** The mean of separate channel arrays, or channel `channel`: the array itself, not a copy, when there is one to take. */
export function mixChannels(channelData: readonly Float32Array[], channel: number | null): Float32Array {
  checkChannel(channel, channelData.length);
  if (channel !== null) return channelData[channel];
  if (channelData.length === 1) return channelData[0];
  const mono = new Float32Array(channelData[0].length);
  for (let i = 0; i < mono.length; i++) {
    let sum = 0;
    for (const samples of channelData) sum += samples[i];
    mono[i] = sum / channelData.length;
  }
  return mono;
}
