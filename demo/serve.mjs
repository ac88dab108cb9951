// `npm start`: serves the repository over HTTP on localhost and prints the demo's
// address. The demo page loads the package from ../dist (built by npm start).
//   node demo/serve.mjs [port]        (default 8080; 0 picks a free one)
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import sirv from 'sirv';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Starts the server; resolves with its base URL and a close() function. */
export function serveDemo(port = 8080, host = '127.0.0.1') {
  const files = sirv(root, { dev: true });
  const server = createServer((request, response) => {
    // Cross-origin isolation (SharedArrayBuffer; the worklet then uses its shared ring)
    // for pages asked with ?isolated=1, and for everything they load (same origin).
    if (request.url.includes('isolated=1') || request.headers['sec-fetch-dest'] !== 'document') {
      response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
      response.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
    }
    if (request.url === '/' || request.url === '/demo') {
      response.writeHead(302, { location: '/demo/' });
      response.end();
      return;
    }
    files(request, response, () => {
      response.writeHead(404);
      response.end('not found');
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: actual } = server.address();
      resolve({ url: `http://${host}:${actual}/demo/`, close: () => new Promise((done) => server.close(done)) });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const port = Number(process.argv[2] ?? process.env.PORT ?? 8080);
  const { url } = await serveDemo(port);
  console.log(`melspec-wasm demo: open ${url}  (Ctrl+C stops the server)`);
}
