// Platform types (URL, WebAssembly, Web Audio) in the package's public signatures.
// The published .d.ts must compile in any project, `lib: ["es2023"]` without DOM
// included: each type is the project's own where its libs declare it (DOM lib,
// @types/node), found through `typeof globalThis`, and a structural stand-in
// holding what this package uses where they do not (`typeof globalThis` has a
// property for each global class the libs declare). Not `/// <reference lib="dom" />`,
// which would impose the DOM's globals on Node projects.

/** A `URL` object, where the project's libs know URL (DOM, @types/node); without them, URLs are given as strings. */
export type UrlObject = typeof globalThis extends { URL: { prototype: infer Url } } ? Url : never;

/**
 * A compiled `WebAssembly.Module` (from WebAssembly.compile(), or sent to a worker).
 * WebAssembly.Module has no members, so `object` is what the type system can check.
 */
export type WasmModuleObject = object;

/** What MelSpectrogramNode uses of a BaseAudioContext (an AudioContext or OfflineAudioContext). */
export interface AudioContextLike {
  readonly sampleRate: number;
  readonly audioWorklet: { addModule(moduleURL: string): Promise<void> };
}

/** The AudioContext MelSpectrogramNode.create() takes: the DOM lib's BaseAudioContext, or a structural stand-in without DOM. */
export type BaseAudioContextType = typeof globalThis extends { BaseAudioContext: { prototype: infer Context } }
  ? Context
  : AudioContextLike;

/** The members of an AudioWorkletNode that exist in every implementation; used where the DOM lib is absent. */
export interface AudioWorkletNodeLike {
  readonly numberOfInputs: number;
  readonly numberOfOutputs: number;
  disconnect(): void;
}

/** MelSpectrogramNode's `node`: the DOM lib's AudioWorkletNode (connect sources to it), or a structural stand-in without DOM. */
export type AudioWorkletNodeType = typeof globalThis extends { AudioWorkletNode: { prototype: infer Node } }
  ? Node
  : AudioWorkletNodeLike;
