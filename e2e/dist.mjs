// Finishes a fresh trunk build in ../dist (or $DIST) for any static host; `cargo xtask dist` runs
// it after `trunk build --release`:
// - writes the service worker's precache list into sw.js (workbox-build's injectManifest: each
//   file of the app shell with a revision, so a changed file makes a changed service worker);
// - puts a Brotli (.br) and a gzip (.gz) copy beside each file that compresses, so a host (and
//   e2e/serve.mjs) can send them as they are.
import { injectManifest } from 'workbox-build';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = process.env.DIST ? resolve(process.env.DIST) : fileURLToPath(new URL('../dist', import.meta.url));

const files = async (dir) =>
  (await readdir(dir, { withFileTypes: true, recursive: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));

const { count, size, warnings } = await injectManifest({
  swSrc: join(dist, 'sw.js'),
  swDest: join(dist, 'sw.js'),
  globDirectory: dist,
  // The app shell, with the Titanic lab's passengers (60 kB). Not the WebGPU engine (only machines that train on WebGPU fetch it), MNIST or
  // the ready model: the service worker keeps those once they have been fetched.
  globPatterns: ['**/*.{html,js,css,wasm,webmanifest,png,svg,csv}'],
  globIgnores: ['sw.js', 'engine_webgpu*', 'mnist/**'],
  maximumFileSizeToCacheInBytes: 32 * 1024 * 1024,
});
for (const warning of warnings) console.warn(`dist: ${warning}`);
console.log(`dist: precache list of ${count} files, ${(size / 1e6).toFixed(2)} MB`);

// Formats that are compressed already gain nothing.
const compressible = (file) => !/\.(gz|br|png)$/.test(file);
let raw = 0;
let brotli = 0;
for (const file of (await files(dist)).filter(compressible)) {
  const body = await readFile(file);
  const br = brotliCompressSync(body, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
  });
  await writeFile(`${file}.br`, br);
  await writeFile(`${file}.gz`, gzipSync(body, { level: 9 }));
  raw += (await stat(file)).size;
  brotli += br.length;
}
console.log(`dist: ${(raw / 1e6).toFixed(2)} MB compressed to ${(brotli / 1e6).toFixed(2)} MB (Brotli), .br and .gz beside each file`);
