// The demo server (demo/serve.mjs) over plain HTTP: it serves the demo, dist/ and the sample
// with the right content types and nothing else of the repository, refuses path traversal
// and Host headers other than 127.0.0.1 / localhost / [::1] (DNS rebinding), and serves the
// browser tests' pages only with --test-pages.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';

const repository = join(__dirname, '..');
const pages = join(repository, 'test', 'browser', 'pages');
const packageJson = readFileSync(join(repository, 'package.json'), 'utf8');

interface Server {
  port: number;
  child: ChildProcess;
}

/** `node demo/serve.mjs 0 [...flags]`; resolves once it prints its address. */
function startServer(...flags: string[]): Promise<Server> {
  const child = spawn(process.execPath, [join(repository, 'demo', 'serve.mjs'), '0', ...flags], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      const port = output.match(/open http:\/\/127\.0\.0\.1:(\d+)\/demo\//)?.[1];
      if (port) resolve({ port: Number(port), child });
    });
    child.on('exit', (code) => reject(new Error(`the demo server exited (${code}): ${output}`)));
  });
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** One request with the path sent exactly as given (no normalisation). */
function get(
  server: Server,
  path: string,
  { host = `127.0.0.1:${server.port}`, method = 'GET', headers = {} } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const call = request(
      { host: '127.0.0.1', port: server.port, path, method, headers: { host, ...headers } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    call.on('error', reject);
    call.end();
  });
}

/** The status line's code for a request written byte for byte (headers the client would fix). */
function rawStatus(server: Server, text: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1', () => socket.end(text));
    let reply = '';
    socket.on('data', (chunk) => (reply += chunk));
    socket.on('end', () => resolve(Number(reply.match(/^HTTP\/1\.[01] (\d{3})/)?.[1])));
    socket.on('error', reject);
  });
}

// Files of the kinds the served folders do not hold today (.json, .svg, .png), and symbolic
// links out of a served folder, made in test/browser/pages (served with --test-pages).
const probes = {
  'demo-server-probe.json': '{"probe":true}',
  'demo-server-probe.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
  'demo-server-probe.png': '\x89PNG\r\n\x1a\n',
};
const links = { 'demo-server-link.json': join(repository, 'package.json'), 'demo-server-link-dir': repository };

let demo: Server;
let withTestPages: Server;
beforeAll(async () => {
  for (const [name, content] of Object.entries(probes)) writeFileSync(join(pages, name), content, 'latin1');
  for (const [name, target] of Object.entries(links)) symlinkSync(target, join(pages, name));
  [demo, withTestPages] = await Promise.all([startServer(), startServer('--test-pages')]);
});
afterAll(() => {
  demo?.child.kill();
  withTestPages?.child.kill();
  for (const name of [...Object.keys(probes), ...Object.keys(links)]) rmSync(join(pages, name), { force: true });
});

test.each([
  ['/demo/', 'text/html; charset=utf-8', join('demo', 'index.html')],
  ['/demo/index.html', 'text/html; charset=utf-8', join('demo', 'index.html')],
  ['/demo/app.js', 'text/javascript; charset=utf-8', join('demo', 'app.js')],
  ['/demo/style.css', 'text/css; charset=utf-8', join('demo', 'style.css')],
  ['/demo/sample-spectrogram.mjs', 'text/javascript; charset=utf-8', join('demo', 'sample-spectrogram.mjs')],
  ['/demo/assets/speech-16k.wav', 'audio/wav', join('demo', 'assets', 'speech-16k.wav')],
  ['/dist/index.js', 'text/javascript; charset=utf-8', join('dist', 'index.js')],
  ['/dist/worklet.js', 'text/javascript; charset=utf-8', join('dist', 'worklet.js')],
  ['/dist/index.js.map', 'application/json; charset=utf-8', join('dist', 'index.js.map')],
  ['/dist/melspec.wasm', 'application/wasm', join('dist', 'melspec.wasm')],
  ['/dist/melspec-scalar.wasm', 'application/wasm', join('dist', 'melspec-scalar.wasm')],
])('%s is served whole as %s', async (path, contentType, file) => {
  const reply = await get(demo, path);
  expect(reply.status).toBe(200);
  expect(reply.headers['content-type']).toBe(contentType);
  expect(reply.headers['x-content-type-options']).toBe('nosniff');
  expect(reply.body.equals(readFileSync(join(repository, file)))).toBe(true);
});

test('the wasm and the sample are what they claim; HEAD gives the length without a body', async () => {
  expect((await get(demo, '/dist/melspec.wasm')).body.subarray(0, 4)).toEqual(Buffer.from('\0asm', 'latin1'));
  expect((await get(demo, '/demo/assets/speech-16k.wav')).body.subarray(0, 4).toString('latin1')).toBe('RIFF');
  const head = await get(demo, '/dist/melspec.wasm', { method: 'HEAD' });
  expect(head.status).toBe(200);
  expect(Number(head.headers['content-length'])).toBe(statSync(join(repository, 'dist', 'melspec.wasm')).size);
  expect(head.body.length).toBe(0);
});

test.each([
  ['/demo-server-probe.json', 'application/json; charset=utf-8'],
  ['/demo-server-probe.svg', 'image/svg+xml'],
  ['/demo-server-probe.png', 'image/png'],
  ['/worker.html', 'text/html; charset=utf-8'],
  ['/worker.js', 'text/javascript; charset=utf-8'],
])('with --test-pages, /test/browser/pages%s is served as %s', async (name, contentType) => {
  const reply = await get(withTestPages, `/test/browser/pages${name}`);
  expect(reply.status).toBe(200);
  expect(reply.headers['content-type']).toBe(contentType);
  expect((await get(demo, `/test/browser/pages${name}`)).status).toBe(404); // not without the flag
});

test('/ and /demo redirect to /demo/, with their query', async () => {
  for (const [path, location] of [
    ['/', '/demo/'],
    ['/demo', '/demo/'],
    ['/?autostart=sample', '/demo/?autostart=sample'],
    ['/demo?a=1?b', '/demo/?a=1?b'],
  ]) {
    const reply = await get(demo, path);
    expect({ path, status: reply.status, location: reply.headers.location }).toEqual({ path, status: 302, location });
  }
});

test.each([
  '/.git',
  '/.git/HEAD',
  '/.git/config',
  '/.gitignore',
  '/node_modules/sirv/package.json',
  '/node_modules/.package-lock.json',
  '/package.json',
  '/package-lock.json',
  '/README.md',
  '/js/src/index.ts',
  '/js/src/core/mel-spectrogram.ts',
  '/cpp/CMakeLists.txt',
  '/scripts/stress.mjs',
  '/test/demo-server.test.ts',
  '/dist/types/public-api.d.ts', // no .ts at all
  '/dist/node.cjs', // nor kinds the browser does not load
  '/dist/', // no listings
  '/dist',
  '/demo/assets/',
  '/demo/assets',
  '/test/browser/pages/', // test pages only with --test-pages
  '/test/browser/pages/worker.html',
  '/demo/.hidden.js',
])('%s is not served', async (path) => {
  const reply = await get(demo, path);
  expect(reply.status).toBe(404);
  expect(reply.body.toString()).toBe('not found\n');
});

test.each([
  '/demo/../package.json',
  '/demo/../.git/HEAD',
  '/dist/../../../../etc/passwd',
  '/demo/%2e%2e/package.json',
  '/demo/%2E%2E/%2E%2E/%2E%2E/etc/passwd',
  '/dist/..%2fpackage.json',
  '/dist/%2e%2e%2fpackage.json',
  '/demo/..%252fpackage.json', // double-encoded
  '/demo/..\\package.json',
  '/demo/%5c..%5cpackage.json',
  '/demo/./../package.json',
  '//etc/passwd',
  '/demo//etc/passwd',
  '/demo/%2fetc%2fpasswd',
  '/demo/%00index.html',
  '/demo/index.html%00.js',
  '/demo/%E0%A4%A.js', // malformed percent-encoding
  'http://127.0.0.1/package.json', // absolute-form request target
  '/test/browser/pages/demo-server-link.json', // symbolic links out of the folder
  '/test/browser/pages/demo-server-link-dir/package.json',
  '/test/browser/pages/demo-server-link-dir/demo/index.html',
])('traversal %s fails, with or without --test-pages', async (path) => {
  for (const server of [demo, withTestPages]) {
    const reply = await get(server, path);
    expect(reply.status).toBe(404);
    expect(reply.body.toString()).not.toContain('"name": "melspec-wasm"');
    expect(reply.body.toString()).not.toContain('root:');
  }
});

test.each([
  'evil.example',
  'evil.example:{port}',
  '127.0.0.1.nip.io:{port}',
  'localhost.evil.example:{port}',
  'localhost:{port}@evil.example',
  '192.168.1.1:{port}',
  '0.0.0.0:{port}',
])('Host: %s is refused with 421', async (host) => {
  const reply = await get(demo, '/dist/index.js', { host: host.replace('{port}', String(demo.port)) });
  expect(reply.status).toBe(421);
  expect(reply.body.toString()).toBe('this server answers only Host: 127.0.0.1, localhost or [::1]\n');
});

test('an empty or missing Host header is refused', async () => {
  expect(await rawStatus(demo, 'GET /dist/index.js HTTP/1.1\r\nHost: \r\nConnection: close\r\n\r\n')).toBe(421);
  expect(await rawStatus(demo, 'GET /dist/index.js HTTP/1.0\r\n\r\n')).toBe(421); // HTTP/1.0 may omit it
  expect(await rawStatus(demo, 'GET /dist/index.js HTTP/1.1\r\nConnection: close\r\n\r\n')).toBe(400); // Node requires it in 1.1
});

test.each(['127.0.0.1:{port}', 'localhost:{port}', 'LOCALHOST:{port}', '[::1]:{port}', '127.0.0.1', 'localhost'])(
  'Host: %s is answered',
  async (host) => {
    const reply = await get(demo, '/demo/', { host: host.replace('{port}', String(demo.port)) });
    expect(reply.status).toBe(200);
    expect(reply.body.toString()).toContain('<title>melspec-wasm: live mel spectrogram</title>');
  },
);

test('cross-origin isolation headers as before: for ?isolated=1 pages and for everything pages load', async () => {
  const isolation = (reply: Reply) => [
    reply.headers['cross-origin-opener-policy'],
    reply.headers['cross-origin-embedder-policy'],
  ];
  const page = { 'sec-fetch-dest': 'document' };
  expect(isolation(await get(demo, '/demo/?isolated=1', { headers: page }))).toEqual(['same-origin', 'require-corp']);
  expect(isolation(await get(demo, '/demo/', { headers: page }))).toEqual([undefined, undefined]);
  expect(isolation(await get(demo, '/dist/index.js', { headers: { 'sec-fetch-dest': 'script' } }))).toEqual([
    'same-origin',
    'require-corp',
  ]);
  expect(isolation(await get(demo, '/dist/melspec.wasm'))).toEqual(['same-origin', 'require-corp']);
});

test('only GET and HEAD', async () => {
  const reply = await get(demo, '/demo/', { method: 'POST' });
  expect(reply.status).toBe(405);
  expect(reply.headers.allow).toBe('GET, HEAD');
});

test('a bad port is refused with a message', () => {
  const child = spawn(process.execPath, [join(repository, 'demo', 'serve.mjs'), 'eighty'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  return new Promise<void>((resolve) =>
    child.on('exit', (code) => {
      expect(code).toBe(2);
      expect(stderr).toBe('serve: the port must be an integer from 0 to 65535, got eighty\n');
      resolve();
    }),
  );
});

test('package.json is never in a reply body', () => {
  expect(packageJson).toContain('"name": "melspec-wasm"'); // the marker the traversal tests look for
});
