// The Emscripten glue, aliased at bundle time to build/wasm/cpp/melspec.mjs.
declare module 'melspec-glue' {
  import type { CreateMelspecModule } from './emscripten-module.js';
  const createMelspecModule: CreateMelspecModule;
  export default createMelspecModule;
}
