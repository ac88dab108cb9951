// transformers.js in Node (the peer itself: lib/transformers-peer.mjs). v4 no longer
// re-exports spectrogram/mel_filter_bank/window_function from the package entry, so they
// are imported from the package's shipped src/ (the same code).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { transformersPeer } from '../lib/transformers-peer.mjs';

// The package's exports hide package.json; its main entry lives in <root>/dist/.
const root = dirname(dirname(createRequire(import.meta.url).resolve('@huggingface/transformers')));
const load = (file) => import(pathToFileURL(join(root, 'src', file)).href);
const { spectrogram, mel_filter_bank, window_function } = await load('utils/audio.js');
const { TensorOpRegistry } = await load('ops/registry.js');

export default transformersPeer({ spectrogram, mel_filter_bank, window_function, TensorOpRegistry });
