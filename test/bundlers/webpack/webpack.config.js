// webpack 5 with no loader or copy step for the .wasm: asset modules pick up the
// package's `new URL(..., import.meta.url)`. Top-level await needs its experiment flag.
import { fileURLToPath } from 'node:url';

export default {
  mode: 'production',
  entry: '../app.js',
  context: fileURLToPath(new URL('.', import.meta.url)),
  output: { path: fileURLToPath(new URL('./dist', import.meta.url)), publicPath: 'auto', clean: true },
  experiments: { topLevelAwait: true },
  performance: { hints: false },
};
