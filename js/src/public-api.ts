/// <reference lib="esnext.disposable" preserve="true" />
// Everything the package exports, whatever the entry point.
export { MelSpectrogram } from './mel-spectrogram.js';
export { MelSpectrogramPool } from './mel-spectrogram-pool.js';
export type { PoolOptions } from './mel-spectrogram-pool.js';
export type { BrowserWorker } from './pool-workers.js';
export { MelSpectrogramStream } from './mel-stream.js';
export type { StreamDbMode, StreamFrames, StreamOptions } from './mel-stream.js';
export type { MelSpectrogramResult, OutputArray, OutputFor } from './mel-spectrogram.js';
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
} from './options.js';
export type { Signal, SignalInput, SignalTensor } from './signal-input.js';
export type { CamelCase, WithCamelCase } from './presets/naming.js';
export { init, memoryStats, simdSupported, wasmBuild } from './wasm-loader.js';
export type { MemoryStats, WasmSource } from './wasm-loader.js';
export { MelSpectrogramNode } from './worklet/node.js';
export type { MelSpectrogramNodeOptions, WorkletFrames, WorkletNodeOptions } from './worklet/node.js';
export type {
  AudioContextLike,
  AudioWorkletNodeLike,
  AudioWorkletNodeType,
  BaseAudioContextType,
  UrlObject,
  WasmModuleObject,
} from './platform-types.js';
