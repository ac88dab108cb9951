// The browser benchmark's static server on 127.0.0.1 (a free port): the bundles at /,
// the package's dist/ at /dist/ (ours, as it ships), the inputs at /input/. GET only,
// no listing, nothing outside those folders, no caching (a cold page loads everything).
// No cross-origin isolation: every peer runs on one thread (ORT numThreads 1, tfjs-wasm's
// non-threaded SIMD build), so none needs SharedArrayBuffer. The pool's scaling page
// (scaling-page.mjs) passes extra headers (COOP/COEP) to make its page isolated.
import { createReadStream, realpathSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.f32': 'application/octet-stream',
};

/** folders: { '/prefix/': absolute folder }, longest prefix first; headers: sent with every file. Resolves { url, close }. */
export function serveStatic(folders, headers = {}) {
  const prefixes = Object.keys(folders).sort((a, b) => b.length - a.length);
  const server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url, 'http://localhost').pathname);
    const prefix = prefixes.find((p) => pathname.startsWith(p));
    const segments = prefix === undefined ? [] : pathname.slice(prefix.length).split('/');
    const type = TYPES[extname(pathname)];
    let path;
    if (request.method === 'GET' && type && segments.length && !segments.some((s) => s === '' || s.startsWith('.'))) {
      try {
        const folder = realpathSync(folders[prefix]);
        path = realpathSync(join(folder, ...segments));
        if (!path.startsWith(folder + sep) || !statSync(path).isFile()) path = undefined;
      } catch {
        path = undefined;
      }
    }
    if (!path) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    response.writeHead(200, {
      ...headers,
      'content-type': type,
      'content-length': statSync(path).size,
      'cache-control': 'no-store',
    });
    createReadStream(path).on('error', () => response.destroy()).pipe(response);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      resolve({ url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((done) => server.close(done)) });
    });
  });
}
