/// <reference lib="esnext.disposable" preserve="true" />
// Everything the package exports, whatever the entry point.
export { MelSpectrogram } from './core/mel-spectrogram.js';
export { MelSpectrogramPool } from './pool/mel-spectrogram-pool.js';
export type { PoolOptions } from './pool/pool-options.js';
export type { BrowserWorker } from './pool/worker-runtime.js';
export { MelSpectrogramStream } from './stream/mel-stream.js';
export type { StreamDbMode, StreamFrames, StreamOptions } from './stream/mel-stream.js';
export type { MelSpectrogramResult, OutputArray, OutputFor } from './core/mel-spectrogram.js';
export type {
  AnyMelSpectrogramOptions,
  DType,
  KerasDTypePolicy,
  KerasMelSpectrogramConfig,
  KerasSerializedLayer,
  LibrosaOptions,
  LibrosaParams,
  LibrosaWindowName,
  MelSpectrogramOptions,
  OptionsFor,
  OptionsInEffect,
  PresetName,
  ResolvedLibrosaOptions,
  ResolvedOptions,
  ResolvedTorchaudioOptions,
  ResolvedWhisperOptions,
  TopDbScope,
  TorchaudioOptions,
  TorchaudioParams,
  WhisperOptions,
  WhisperParams,
  WindowOption,
} from './options/resolve-options.js';
export type { Signal, SignalInput, SignalTensor } from './core/signal-input.js';
export type { CamelCase, WithCamelCase } from './options/naming.js';
export {
  MelSpectrogramError,
  MelSpectrogramRangeError,
  MelSpectrogramTypeError,
  isMelSpectrogramError,
  melSpectrogramErrorCodes,
} from './errors/melspec-error.js';
export type {
  MelSpectrogramErrorCode,
  MelSpectrogramErrorDetails,
  MelSpectrogramErrorFields,
} from './errors/melspec-error.js';
export { init, memoryStats, simdSupported, wasmBuild } from './core/wasm-loader.js';
export type { MemoryStats, WasmSource } from './core/wasm-loader.js';
export { MelSpectrogramNode } from './worklet/node.js';
export type { MelSpectrogramNodeOptions, WorkletFrames, WorkletNodeOptions } from './worklet/node.js';
export type {
  AudioContextLike,
  AudioWorkletNodeLike,
  AudioWorkletNodeType,
  BaseAudioContextType,
  UrlObject,
  WasmModuleObject,
} from './core/platform-types.js';
