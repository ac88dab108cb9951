// Top-level await in the app: target browsers that have it. Nothing else is configured:
// the package's `new URL('./melspec.wasm', import.meta.url)` is enough for Vite.
export default { base: './', build: { target: 'es2022' } };
