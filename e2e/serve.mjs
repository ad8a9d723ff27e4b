// Serves the production build (../dist, from `cargo xtask dist`) on loopback, as a static host
// would: the precompressed .br or .gz copy beside each file when the browser takes it, the
// page's Content-Security-Policy as a header, and revalidation on every load (the service worker
// is what keeps the page offline). `cargo xtask serve`, the tests and the benchmarks use it. No
// dependencies.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// DIST serves another build (a benchmark comparing two).
const root = process.env.DIST ? resolve(process.env.DIST) + '/' : fileURLToPath(new URL('../dist/', import.meta.url));
const port = Number(process.env.PORT ?? 4173);
const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.gz': 'application/gzip',
};

// One policy: the one index.html carries in its meta tag.
const policy = async () => {
  const html = await readFile(join(root, 'index.html'), 'utf8');
  return html.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)?.[1];
};

const exists = (file) => readFile(file).then((body) => body, () => null);

/** The file a request path names, or the status to answer instead: 400 for a path that is not
 * valid percent-encoding or holds a NUL, 403 for one that leaves the root. */
function fileFor(url) {
  let path;
  try {
    path = decodeURIComponent(new URL(url, 'http://localhost').pathname);
  } catch {
    return { status: 400 };
  }
  if (path.includes('\0')) return { status: 400 };
  const file = normalize(join(root, path === '/' ? 'index.html' : path));
  return file.startsWith(root) ? { file } : { status: 403 };
}

async function answer(request, response) {
  const { file, status } = fileFor(request.url);
  if (status) {
    response.writeHead(status).end();
    return;
  }
  // A directory, or a file that cannot be read, is not found.
  const body = await exists(file);
  if (!body) {
    response.writeHead(404).end('not found');
    return;
  }
  const headers = {
    'content-type': types[extname(file)] ?? 'application/octet-stream',
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
    vary: 'accept-encoding',
  };
  const csp = await policy();
  if (csp) headers['content-security-policy'] = csp;
  const accepts = request.headers['accept-encoding'] ?? '';
  // MNIST's assets are gzip files already, sent as they are.
  for (const [encoding, suffix] of [['br', '.br'], ['gzip', '.gz']]) {
    if (extname(file) === '.gz' || !new RegExp(`\\b${encoding}\\b`).test(accepts)) continue;
    const compressed = await exists(file + suffix);
    if (compressed) {
      response.writeHead(200, { ...headers, 'content-encoding': encoding, 'content-length': compressed.length });
      response.end(compressed);
      return;
    }
  }
  response.writeHead(200, { ...headers, 'content-length': body.length });
  response.end(body);
}

// Whatever goes wrong answering one request is that request's 500; the server keeps serving.
createServer((request, response) => {
  answer(request, response).catch((error) => {
    console.error(`serve: ${request.url.slice(0, 200)}: ${error}`);
    if (!response.headersSent) response.writeHead(500);
    response.end();
  });
}).listen(port, '127.0.0.1', () => console.log(`serving ${root} on http://127.0.0.1:${port}`));
