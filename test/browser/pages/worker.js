// A module Web Worker using the package offline: compute() and a stream.
import { MelSpectrogram } from '/dist/index.js';

self.onmessage = async (event) => {
  const signal = event.data;
  const mel = await MelSpectrogram.create({ numMelBins: 64 });
  const { data, shape } = mel.compute(signal);
  const stream = mel.createStream();
  let streamFrames = 0;
  for (let start = 0; start < signal.length; start += 1000)
    streamFrames += stream.push(signal.subarray(start, start + 1000)).shape[1];
  streamFrames += stream.flush().shape[1];
  self.postMessage({ compute: data, shape, streamFrames }, [data.buffer]);
};
