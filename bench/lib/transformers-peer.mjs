// transformers.js' audio utilities, configured for Keras' numbers: HTK mel with
// triangles in mel space and no norm (mel_filter_bank(..., null, 'htk', true)),
// periodic Hann, centred reflect padding, power 2, log_mel 'dB' with db_range 80.
// Its STFT is JS (its own FFT class, Bluestein for 400); the dense mel matmul runs
// through an ONNX Runtime session (onnxruntime-node in Node, onnxruntime-web in
// browsers), pinned to one thread like every other system here. The functions come
// from peers/transformers.mjs (Node) or browser/transformers.mjs (browsers).
export function transformersPeer({ spectrogram, mel_filter_bank, window_function, TensorOpRegistry }) {
  // Read when the matmul session is first created, i.e. on the first spectrogram().
  TensorOpRegistry.session_options = { intraOpNumThreads: 1, interOpNumThreads: 1 };

  let run = null;
  return {
    name: 'transformers.js',
    packageName: '@huggingface/transformers',
    matchesKeras: true,
    notes:
      "spectrogram(power 2, center reflect, log_mel 'dB', db_range 80) + mel_filter_bank(htk, norm null, triangularize_in_mel_space) + periodic hann; ORT matmul on 1 thread",
    unsupported: () => null,
    setup(config) {
      const { fftLength, sequenceStride, numMelBins, samplingRate, minFreq, maxFreq, topDb, minPower } = config;
      const window = window_function(fftLength, 'hann', { periodic: true });
      const melFilters = mel_filter_bank(
        fftLength / 2 + 1,
        numMelBins,
        minFreq,
        maxFreq,
        samplingRate,
        null,
        'htk',
        true,
      );
      const options = {
        power: 2,
        center: true,
        pad_mode: 'reflect',
        mel_filters: melFilters,
        mel_floor: minPower,
        log_mel: 'dB',
        reference: 1,
        min_value: minPower,
        db_range: topDb,
      };
      run = async (signal) => {
        const tensor = await spectrogram(signal, window, fftLength, sequenceStride, options);
        return { data: tensor.data, frames: tensor.dims[1] };
      };
    },
    compute: (signal) => run(signal),
  };
}
