// With the DOM lib (compiled as dom.mts by test/installed/typescript.test.ts): the
// package's platform types are the DOM's own, so Web Audio and URL code type-checks as usual.
import { MelSpectrogramNode, init } from 'melspec-wasm';

export async function liveDisplay(context: AudioContext, stream: MediaStream): Promise<void> {
  const mel = await MelSpectrogramNode.create(context, { numMelBins: 64 });
  context.createMediaStreamSource(stream).connect(mel.node);
  const node: AudioWorkletNode = mel.node;
  node.port.close();
  await init({ url: new URL('https://example.invalid/melspec.wasm') });
  await init({ wasmModule: await WebAssembly.compile(new Uint8Array(8)) });
}
