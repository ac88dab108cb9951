// Types of the Emscripten glue built from cpp/bindings/embind.cpp (build/wasm/cpp/melspec.mjs),
// which the bundler inlines under the name 'melspec-glue' (see scripts/build-js.mjs).
// Names: the C++ MelSpectrogram<Real> / MelStream<Real> are "the engine"; the embind
// objects wrapping them here are "bindings"; engine-binding.ts makes them.

/** The embind object of one C++ MelSpectrogram<float|double> plus its call buffers. Must be .delete()d. */
export interface SpectrogramBinding {
  valid(): boolean;
  binCount(): number;
  frameCount(signalLength: number): number;
  minimumSignalLength(): number;
  reserve(sampleCount: number, outputCount: number): boolean;
  releaseBuffers(): void;
  inputOffset(): number;
  outputOffset(): number;
  nonFiniteIndex(): number;
  /**
   * Frames [firstFrame, firstFrame + frames) from samples [sliceFirst, sliceFirst + sliceCount)
   * in the input buffer, into the output buffer's values outputFirst + m * rowStride + t.
   */
  computeFrames(
    sliceFirst: number,
    sliceCount: number,
    signalLength: number,
    firstFrame: number,
    frames: number,
    outputFirst: number,
    rowStride: number,
  ): number;
  largest(): number;
  finishLog(first: number, count: number, largest: number): void;
  samplesReadFirst(signalLength: number, firstFrame: number, frames: number): number;
  samplesReadEnd(signalLength: number, firstFrame: number, frames: number): number;
  writeMelWeights(): void;
  /** A stream on this binding's plan (nothing planned again); the caller owns it (.delete()). */
  createStream(db: number): StreamBinding;
  delete(): void;
}

/** The embind object of one C++ MelStream<float|double> plus its call buffers. Must be .delete()d. */
export interface StreamBinding {
  valid(): boolean;
  framesAfterPush(count: number): number;
  flushFrames(): number;
  minimumSignalLength(): number;
  reserve(sampleCount: number, outputCount: number): boolean;
  inputOffset(): number;
  outputOffset(): number;
  push(count: number): number;
  flush(): number;
  reset(): void;
  frames(): number;
  nonFiniteIndex(): number;
  samplesReceived(): number;
  framesEmitted(): number;
  delete(): void;
}

export interface StreamBindingClass {
  /** Heap offsets of the option values (schema order) and of a custom window (or 0). */
  new (optionValues: number, windowValues: number, db: number): StreamBinding;
}

export interface SpectrogramBindingClass {
  new (optionValues: number, windowValues: number): SpectrogramBinding;
}

export interface MelspecModule {
  HEAPU8: Uint8Array;
  HEAPF32: Float32Array;
  HEAPF64: Float64Array;
  /** The number of options the engine reads (the schema it was built from). */
  engineOptionCount: number;
  validateOptions(optionValues: number, windowValues: number): number;
  allocateDoubles(count: number): number;
  freeMemory(offset: number): void;
  heapBytesInUse(): number;
  simdSelfTest(): boolean;
  /** Registers EngineF64, StreamF32 and StreamF64 (once; later calls do nothing): start-up registers EngineF32 only. */
  registerStreamAndFloat64Classes(): void;
  // The class names embind.cpp registers: EngineF32 at start-up, the others once
  // registerStreamAndFloat64Classes() has run (undefined before).
  EngineF32: SpectrogramBindingClass;
  EngineF64: SpectrogramBindingClass;
  StreamF32: StreamBindingClass;
  StreamF64: StreamBindingClass;
}

export interface MelspecModuleArguments {
  wasmBinary?: ArrayBuffer | Uint8Array;
  instantiateWasm?: (
    imports: WebAssembly.Imports,
    receiveInstance: (instance: WebAssembly.Instance, module?: WebAssembly.Module) => void,
  ) => object;
  locateFile?: (path: string, prefix: string) => string;
}

export type CreateMelspecModule = (moduleArguments?: MelspecModuleArguments) => Promise<MelspecModule>;
