// `npm start`: serves the demo over HTTP on 127.0.0.1 and prints its address. Only what the
// page needs is served: demo/ (page, script, style, sample) and the built package (dist/);
// with --test-pages also the pages of the browser tests (test/browser/*.test.ts). Requests
// whose Host is not 127.0.0.1, localhost or [::1] are refused (421), so a page on another
// site cannot read it through DNS rebinding.
//   node demo/serve.mjs [port] [--test-pages]    (default 8080; 0 picks a free one)
import { createReadStream, realpathSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const repository = fileURLToPath(new URL('..', import.meta.url));

/** URL prefix → folder of the repository. */
const demoFolders = { '/demo/': 'demo', '/dist/': 'dist' };
const testFolders = {
  '/test/browser/pages/': 'test/browser/pages', // the browser tests' pages (workers, isolation, Firefox)
};

/** The only kinds of file served; anything else (.ts, .cjs, .d.ts, no extension) is a 404. */
const contentTypes = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.wav': 'audio/wav',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

const localHost = /^(127\.0\.0\.1|localhost|\[::1\])(:\d{1,5})?$/i;

/**
 * The served file for a URL path, or undefined. Dot segments (`..`, `.git`), backslashes and
 * NULs are refused after percent-decoding, and the real path (symbolic links followed) must
 * lie inside the folder's real path.
 */
function fileFor(pathname, folders) {
  const prefix = Object.keys(folders).find((candidate) => pathname.startsWith(candidate));
  if (!prefix) return undefined;
  let relative = pathname.slice(prefix.length);
  if (relative === '' || relative.endsWith('/')) relative += 'index.html'; // never a listing
  const segments = relative.split('/');
  if (segments.some((segment) => segment === '' || segment.startsWith('.') || /[\\\0]/.test(segment))) return undefined;
  const contentType = contentTypes[extname(relative).toLowerCase()];
  if (!contentType) return undefined;
  try {
    const folder = realpathSync(join(repository, folders[prefix]));
    const path = realpathSync(join(folder, ...segments));
    if (!path.startsWith(folder + sep) || !statSync(path).isFile()) return undefined;
    return { path, contentType };
  } catch {
    return undefined; // missing
  }
}

function answer(response, status, text, headers = {}) {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
  response.end(text);
}

/** Starts the server; resolves with its base URL and a close() function. */
export function serveDemo(port = 8080, { host = '127.0.0.1', testPages = false } = {}) {
  const folders = testPages ? { ...demoFolders, ...testFolders } : demoFolders;
  const server = createServer((request, response) => {
    if (!localHost.test(request.headers.host ?? '')) {
      answer(response, 421, 'this server answers only Host: 127.0.0.1, localhost or [::1]\n');
      return;
    }
    // Cross-origin isolation (SharedArrayBuffer; the worklet then uses its shared ring)
    // for pages asked with ?isolated=1, and for everything they load (same origin).
    if (request.url.includes('isolated=1') || request.headers['sec-fetch-dest'] !== 'document') {
      response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
      response.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      answer(response, 405, 'GET or HEAD only\n', { allow: 'GET, HEAD' });
      return;
    }
    const queryStart = request.url.includes('?') ? request.url.indexOf('?') : request.url.length;
    const rawPath = request.url.slice(0, queryStart);
    if (rawPath === '/' || rawPath === '/demo') {
      answer(response, 302, '', { location: `/demo/${request.url.slice(queryStart)}` });
      return;
    }
    let pathname;
    try {
      pathname = rawPath.startsWith('/') ? decodeURIComponent(rawPath) : undefined;
    } catch {
      // malformed percent-encoding: pathname stays undefined
    }
    const file = pathname === undefined ? undefined : fileFor(pathname, folders);
    if (!file) {
      answer(response, 404, 'not found\n');
      return;
    }
    const { size } = statSync(file.path);
    response.writeHead(200, {
      'content-type': file.contentType,
      'content-length': size,
      'cache-control': 'no-store', // a rebuilt dist/ is picked up on reload
      'x-content-type-options': 'nosniff',
    });
    if (request.method === 'HEAD') response.end();
    else
      createReadStream(file.path)
        .on('error', () => response.destroy())
        .pipe(response);
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
  const args = process.argv.slice(2);
  const testPages = args.includes('--test-pages');
  const [portArgument] = args.filter((arg) => arg !== '--test-pages');
  const port = Number(portArgument ?? process.env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`serve: the port must be an integer from 0 to 65535, got ${portArgument ?? process.env.PORT}`);
    process.exit(2);
  }
  const { url } = await serveDemo(port, { testPages });
  console.log(
    `melspec-wasm demo: open ${url}  (Ctrl+C stops the server)${testPages ? ", with the browser tests' pages" : ''}`,
  );
}
