// 'essentia.js' for browsers: its package entry is CommonJS that loads every add-on
// (models, plots); the peer needs only the WASM backend and the core API, shipped as ES modules.
import { EssentiaWASM } from 'essentia.js/dist/essentia-wasm.es.js';
import Essentia from 'essentia.js/dist/essentia.js-core.es.js';

export default { EssentiaWASM, Essentia };
