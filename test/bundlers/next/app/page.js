'use client';
// A client component: rendered on the server too (where the import resolves to the Node
// entry), computing only in the browser.
import * as melspec from 'melspec-wasm';
import { useEffect, useState } from 'react';
import { toneCheck } from '../../tone-check.js';

export default function Page() {
  const [result, setResult] = useState(null);
  useEffect(() => {
    toneCheck(melspec).then(
      (value) => setResult((window.result = value)),
      (error) => setResult((window.result = { error: String(error?.message ?? error) })),
    );
  }, []);
  // Not id="result": an element with that id would itself be window.result (named access)
  // before the computation sets it.
  return <pre id="tone-result">{result ? JSON.stringify(result) : 'computing'}</pre>;
}
