// Same-window anchor (on demand, not in the test command): TensorFlow.js `model.fit` on the
// Digits lab's models, in the same headless Chromium as the page's benchmark, on MNIST from
// assets/mnist. Installs @tensorflow/tfjs and its wasm backend here on first use (npm).
//
// For each hidden width and batch size: one epoch of SGD at 0.1 over the 60,000 training images
// (shuffled), then an evaluation on the 10,000 test images, as the page's epoch does; the wall
// time of both, median of ANCHOR_RUNS, after one warm-up epoch.
// ANCHOR_CONFIGS=30x256,128x64   ANCHOR_RUNS=3   ANCHOR_BACKEND=wasm (or cpu, webgl)
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium as browserType } from '@playwright/test';
import { chromium } from '../../chromium.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const mnist = fileURLToPath(new URL('../../../assets/mnist/', import.meta.url));
const runs = Number(process.env.ANCHOR_RUNS ?? 3);
const tfBackend = process.env.ANCHOR_BACKEND ?? 'wasm';
const configs = (process.env.ANCHOR_CONFIGS ?? '30x256,30x64,128x256,128x64').split(',').map((c) => c.split('x').map(Number));

if (!existsSync(join(here, 'node_modules/@tensorflow/tfjs'))) {
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--no-save'], { cwd: here, stdio: 'inherit' });
}

const files = {
  '/': [null, 'text/html', '<!doctype html><meta charset="utf-8"><script src="/tf.min.js"></script><script src="/wasm/tf-backend-wasm.min.js"></script>'],
  '/tf.min.js': [join(here, 'node_modules/@tensorflow/tfjs/dist/tf.min.js'), 'text/javascript'],
};
const server = createServer(async (request, response) => {
  const path = new URL(request.url, 'http://x').pathname;
  let [file, type, body] = files[path] ?? [];
  if (path.startsWith('/wasm/')) [file, type] = [join(here, 'node_modules/@tensorflow/tfjs-backend-wasm/dist', path.slice(6)), extname(path) === '.wasm' ? 'application/wasm' : 'text/javascript'];
  if (path.startsWith('/mnist/')) [file, type] = [join(mnist, path.slice(7)), 'application/gzip'];
  try {
    response.writeHead(200, { 'content-type': type }).end(body ?? (await readFile(file)));
  } catch {
    response.writeHead(404).end();
  }
}).listen(4195, '127.0.0.1');

const browser = await browserType.launch(chromium);
try {
  const page = await browser.newPage();
  await page.goto('http://127.0.0.1:4195/');
  const version = await page.evaluate(async (backend) => {
    tf.wasm?.setWasmPaths('/wasm/');
    await tf.setBackend(backend);
    await tf.ready();
    const gunzip = async (name) => new Uint8Array(await new Response((await fetch(`/mnist/${name}`)).body.pipeThrough(new DecompressionStream('gzip'))).arrayBuffer());
    const set = async (images, labels) => {
      const [pixels, digits] = [(await gunzip(images)).subarray(16), (await gunzip(labels)).subarray(8)];
      const xs = tf.tensor2d(Float32Array.from(pixels, (p) => p / 255), [digits.length, 784]);
      const ys = tf.oneHot(tf.tensor1d(Int32Array.from(digits), 'int32'), 10).toFloat();
      return [xs, ys];
    };
    window.train = await set('train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz');
    window.test = await set('t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz');
    return `${tf.version.tfjs}, backend ${tf.getBackend()}, ${tf.wasm ? `wasm threads ${tf.wasm.getThreadsCount?.() ?? '?'}` : ''}`;
  }, tfBackend);
  console.log(`TensorFlow.js ${version}`);
  for (const [hidden, batch] of configs) {
    const seconds = await page.evaluate(
      async ({ hidden, batch, runs }) => {
        const epoch = async () => {
          const model = tf.sequential({
            layers: [tf.layers.dense({ units: hidden, activation: 'relu', inputShape: [784] }), tf.layers.dense({ units: 10, activation: 'softmax' })],
          });
          model.compile({ optimizer: tf.train.sgd(0.1), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
          const start = performance.now();
          await model.fit(window.train[0], window.train[1], { batchSize: batch, epochs: 1, shuffle: true, verbose: 0 });
          const [, accuracy] = model.evaluate(window.test[0], window.test[1], { batchSize: 2000 });
          const accuracyValue = (await accuracy.data())[0];
          const time = (performance.now() - start) / 1000;
          model.dispose();
          return [time, accuracyValue];
        };
        await epoch();
        const times = [];
        let accuracy = 0;
        for (let run = 0; run < runs; run++) [times[run], accuracy] = await epoch();
        return { times, accuracy };
      },
      { hidden, batch, runs },
    );
    const sorted = [...seconds.times].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    console.log(`TF.js model.fit 784-${hidden}-10, batch ${batch}: ${median.toFixed(2)} s/epoch, ${(60_000 / median).toFixed(0)} samples/s (median of ${runs}: ${seconds.times.map((t) => t.toFixed(2)).join(', ')}; test accuracy ${seconds.accuracy.toFixed(3)})`);
  }
} finally {
  await browser.close();
  server.close();
}
