// A TypeScript user's code against the installed package, compiled (not run) by
// test/installed/typescript.test.ts as an ES module (consumer.mts) and as CommonJS
// (consumer.cts), under every lib and module resolution it tests. Misuse and
// internals are @ts-expect-error lines, which fail the compile if they stop being errors.
import {
  MelSpectrogram,
  MelSpectrogramNode,
  MelSpectrogramPool,
  MelSpectrogramStream,
  MelSpectrogramRangeError,
  init,
  isMelSpectrogramError,
  memoryStats,
  type MelSpectrogramErrorCode,
  type BaseAudioContextType,
  type DType,
  type MelSpectrogramNodeOptions,
  type OptionsFor,
  type OutputFor,
  type SignalInput,
  type WorkletFrames,
} from 'melspec-wasm';
import type { MelSpectrogramProcessorName } from 'melspec-wasm/worklet';

export async function dtypes(signal: Float32Array, dtype: DType): Promise<number> {
  // No dtype, or a literal one: the precise array type.
  using floats = await MelSpectrogram.create({ numMelBins: 64, samplingRate: 8000 });
  const float32: Float32Array = floats.compute(signal).data;
  using doubles = await MelSpectrogram.create({ dtype: 'float64', numMelBins: 40 });
  const float64: Float64Array = doubles.compute(signal).data;
  // @ts-expect-error a float32 instance returns Float32Array
  const notFloat64: Float64Array = floats.compute(signal).data;
  // A dtype only run time knows: either array.
  using either = await MelSpectrogram.create({ dtype });
  const float32or64: Float32Array | Float64Array = either.compute(signal).data;
  // @ts-expect-error a union dtype may give a Float64Array
  const onlyFloat32: Float32Array = either.compute(signal).data;
  // A Keras dtype policy, as get_config() writes it.
  using policy = await MelSpectrogram.create({ dtype: { class_name: 'DTypePolicy', config: { name: 'float64' } } });
  const fromPolicy: Float64Array = policy.compute(signal).data;
  // Streams and pools keep the instance's type.
  using stream = doubles.createStream({ dbMode: 'running-max' });
  const frames: Float64Array = stream.push(new Float64Array(4000)).data;
  const pool = await MelSpectrogramPool.create({ dtype }, { threads: 1 });
  const pooled: Float32Array | Float64Array = (await pool.compute(signal)).data;
  await pool.dispose();
  // The helper types are nameable.
  const named: OutputFor<{ dtype: 'float64' }> = float64;
  const namedUnion: OutputFor<{ dtype: DType }> = float32or64;
  return (
    float32.length +
    notFloat64.length +
    onlyFloat32.length +
    fromPolicy.length +
    frames.length +
    pooled.length +
    named.length +
    namedUnion.length
  );
}

export async function presets(signal: SignalInput, preset: 'torchaudio' | 'librosa'): Promise<number> {
  using whisper = await MelSpectrogram.create({ preset: 'whisper', n_mels: 128, pad_or_trim: true });
  const whisperOptions: OptionsFor<{ preset: 'whisper' }> = whisper.options;
  const bins: 80 | 128 = whisperOptions.n_mels;
  using torch = await MelSpectrogram.create({ preset: 'torchaudio', n_fft: 512, hop_length: 128 });
  const sampleRate: number = torch.options.sample_rate;
  using someLibrary = await MelSpectrogram.create({ preset });
  const options: OptionsFor<{ preset: 'torchaudio' | 'librosa' }> = someLibrary.options;
  // @ts-expect-error a preset union may resolve to librosa's options
  const onlyTorch: OptionsFor<{ preset: 'torchaudio' }> = someLibrary.options;
  // @ts-expect-error whisper ships 80 and 128 mel filters only
  await MelSpectrogram.create({ preset: 'whisper', n_mels: 64 });
  // @ts-expect-error windows are named 'hann' | 'hamming'
  await MelSpectrogram.create({ window: 'blackman' });
  await init({ url: 'https://example.invalid/melspec.wasm' });
  const { heapBytesInUse } = await memoryStats();
  return bins + sampleRate + heapBytesInUse + whisper.compute(signal).shape[0] + Number(options === onlyTorch);
}

export async function worklet(
  context: BaseAudioContextType,
  options: MelSpectrogramNodeOptions,
): Promise<MelSpectrogramProcessorName> {
  const mel = await MelSpectrogramNode.create(context, { ...options, framesPerMessage: 2, transport: 'message' });
  mel.onframes = (frames: WorkletFrames) => {
    const [count, bins]: [number, number] = frames.shape;
    void (count * bins + frames.firstFrame);
  };
  mel.node.disconnect();
  mel.dispose();
  // @ts-expect-error transport is 'auto' | 'message' | 'shared'
  await MelSpectrogramNode.create(context, { transport: 'pipe' });
  // @ts-expect-error the worklet module registers one name
  const other: MelSpectrogramProcessorName = 'another-processor';
  return other;
}

export async function errors(signal: Float32Array, context: BaseAudioContextType): Promise<string> {
  try {
    using mel = await MelSpectrogram.create({ preset: 'torchaudio', n_fft: 0 });
    mel.compute(signal);
  } catch (error) {
    if (isMelSpectrogramError(error)) {
      const code: MelSpectrogramErrorCode = error.code;
      // @ts-expect-error codes are a closed union
      if (code === 'ERR_MELSPEC_TYPO') return '';
      return `${code} ${error.option ?? ''} ${error.message}`;
    }
    // The family keeps the built-in classes.
    if (error instanceof MelSpectrogramRangeError) return error.code satisfies MelSpectrogramErrorCode;
  }
  const node = await MelSpectrogramNode.create(context, {});
  node.onerror = (error) => void (error.code satisfies MelSpectrogramErrorCode);
  return '';
}

// Internals are not part of the published types.
export function internals(): void {
  // @ts-expect-error streams come from MelSpectrogram.createStream()
  new MelSpectrogramStream();
  // @ts-expect-error instances come from MelSpectrogram.create()
  new MelSpectrogram();
}
type Package = typeof import('melspec-wasm');
// @ts-expect-error internal
export type CopyOut = Package['copyOut'];
// @ts-expect-error internal
export type LoadModule = Package['loadModule'];
// @ts-expect-error internal
export type ResolveOptions = Package['resolveOptions'];
// @ts-expect-error internal
export type SetDefaultWasmSource = Package['setDefaultWasmSource'];
// @ts-expect-error internal: the Emscripten module
export type EmscriptenModule = import('melspec-wasm').MelspecModule;
// @ts-expect-error internal: the C++ engine
export type EngineInterface = import('melspec-wasm').Engine;
// @ts-expect-error internal
export type SetOption = Package['setOption'];
// @ts-expect-error internal: the engine's settings
export type Settings = import('melspec-wasm').EngineSettings;
