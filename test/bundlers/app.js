// The app the browser bundler fixtures build: import the package by name, compute the mel
// spectrogram of a 1 kHz tone, and publish the result (or the error) for the browser test.
import * as melspec from 'melspec-wasm';
import { toneCheck } from './tone-check.js';

try {
  window.result = await toneCheck(melspec);
} catch (error) {
  window.result = { error: String(error?.message ?? error) };
}
document.body.textContent = JSON.stringify(window.result);
