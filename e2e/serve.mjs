// Serves the trunk build (../dist) on loopback for the tests and benchmarks, gzip-compressed as a
// production server would (the page's size budget is for the compressed download); no
// dependencies.
import { createServer } from 'node:http';
import { gzipSync } from 'node:zlib';
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
  '.json': 'application/json',
  '.gz': 'application/gzip',
};

// Files are built once per test run: compress each once.
const compressed = new Map();
const gzipped = (file, body) => {
  if (!compressed.has(file)) compressed.set(file, gzipSync(body, { level: 9 }));
  return compressed.get(file);
};

createServer(async (request, response) => {
  const path = decodeURIComponent(new URL(request.url, 'http://localhost').pathname);
  const file = normalize(join(root, path === '/' ? 'index.html' : path));
  if (!file.startsWith(root)) {
    response.writeHead(403).end();
    return;
  }
  try {
    const body = await readFile(file);
    const headers = { 'content-type': types[extname(file)] ?? 'application/octet-stream', vary: 'accept-encoding' };
    // MNIST's assets are gzip files already: sent as they are.
    if (extname(file) !== '.gz' && /\bgzip\b/.test(request.headers['accept-encoding'] ?? '')) {
      response.writeHead(200, { ...headers, 'content-encoding': 'gzip' });
      response.end(gzipped(file, body));
    } else {
      response.writeHead(200, headers);
      response.end(body);
    }
  } catch {
    response.writeHead(404).end('not found');
  }
}).listen(port, '127.0.0.1', () => console.log(`serving ${root} on http://127.0.0.1:${port}`));
