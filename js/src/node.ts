// Entry point for Node.js (ESM and CommonJS builds): the .wasm is read from
// disk next to this file and handed to the module, which never uses fetch here.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setDefaultWasmSource } from './wasm-loader.js';

declare const __dirname: string | undefined;

function wasmPath(): string {
  // The CommonJS build has __dirname; the ESM build has import.meta.url.
  if (typeof __dirname === 'string') return join(__dirname, 'melspec.wasm');
  return fileURLToPath(new URL('./melspec.wasm', import.meta.url));
}

setDefaultWasmSource(async () => ({ wasmBinary: await readFile(wasmPath()) }));

export * from './public-api.js';
