// Nothing for melspec-wasm here: the root is the fixture folder (test/bundlers), whose
// node_modules holds Next.js and the unpacked package, instead of the repository above it.
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export default { turbopack: { root }, outputFileTracingRoot: root };
