// Rollup 4: node-resolve finds the package (browser conditions) and
// @web/rollup-plugin-import-meta-assets emits the files its `new URL('./…', import.meta.url)`
// name (the .wasm, the pool's worker, the worklet). Rollup copies no HTML: index.html is
// committed next to the output folder.
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { importMetaAssets } from '@web/rollup-plugin-import-meta-assets';

export default {
  input: new URL('../app.js', import.meta.url).pathname,
  output: { dir: new URL('./dist', import.meta.url).pathname, format: 'es' },
  plugins: [nodeResolve({ browser: true }), importMetaAssets()],
};
