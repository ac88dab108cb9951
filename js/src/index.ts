// Entry point for browsers, Web Workers and bundlers: the .wasm is fetched from
// next to this file, in the `new URL(..., import.meta.url)` form bundlers rewrite.
import { setDefaultWasmSource } from './wasm-loader.js';

setDefaultWasmSource(() => ({ url: new URL('./melspec.wasm', import.meta.url) }));

export * from './public-api.js';
