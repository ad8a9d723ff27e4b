// Browser benchmark for the Digits lab (on demand: `cargo xtask bench`, not in CI).
//
// Opens the lab in headless Chromium, waits for MNIST, then drives the lab's engine worker with
// protocol commands (as the page does, without the page's drawing): for each model and batch
// size, the wall time of one epoch over the 60,000 training images (the epoch's last answer
// includes one pass over the 10,000 test images), median of BENCH_RUNS runs, as samples/s.
// Also: MNIST load time (download, gunzip, SHA-256, parse), and the page's frame rate and long
// tasks while the ten-digit model trains from the Train button.
//
// BENCH_BACKEND=cpu|webgpu picks the backend; WebGPU needs BENCH_CHROMIUM_ARGS=--enable-unsafe-webgpu.
import { backend, frameStats, median, recordFrames, withPage } from './common.mjs';

const runs = Number(process.env.BENCH_RUNS ?? 3);
const configs = (process.env.BENCH_CONFIGS ?? '30x256,30x64,128x256,128x64')
  .split(',')
  .filter(Boolean)
  .map((c) => c.split('x').map(Number));

await withPage(4198, async (browser, origin) => {
  const page = await browser.newPage();
  await page.addInitScript(() => {
    window.__workers = [];
    const Base = window.Worker;
    window.Worker = class extends Base {
      constructor(...args) {
        super(...args);
        window.__workers.push(this);
      }
    };
  });
  await page.goto(`${origin}/?backend=${backend}`);
  const opened = Date.now();
  await page.getByRole('tab', { name: 'Digits lab' }).click();
  await page.locator('.data-loaded').waitFor({ timeout: 120_000 });
  console.log(`MNIST loaded and checked in the worker: ${((Date.now() - opened) / 1000).toFixed(2)} s`);
  console.log(`backend: ${await page.locator('.digits-backend').textContent()}`);
  for (const [hidden, batch] of configs) {
    const seconds = [];
    for (let run = 0; run < runs; run++) {
      seconds.push(
        await page.evaluate(
          async ({ hidden, batch, run }) => {
            const worker = window.__workers.at(-1);
            // Protocol version 5 (protocol/src/lib.rs): `{ variant: fields }`.
            const send = (body) => worker.postMessage(JSON.stringify({ version: 5, body }));
            const next = (event) =>
              new Promise((resolve) => {
                const listen = (message) => {
                  const { body } = JSON.parse(message.data);
                  if (body[event]) {
                    worker.removeEventListener('message', listen);
                    resolve(body[event]);
                  }
                };
                worker.addEventListener('message', listen);
              });
            const spec = { kind: 'all_digits', hidden, seed: run };
            send({ reset_model: { spec } });
            await next('model_ready');
            const start = performance.now();
            for (let id = 1e12; ; id++) {
              send({ train: { run: id, kind: 'all_digits', learning_rate: 0.1, batch_size: batch, weights: false } });
              const answer = await next('trained');
              if (answer.chunk.epoch_complete) return (performance.now() - start) / 1000;
            }
          },
          { hidden, batch, run },
        ),
      );
    }
    const s = median(seconds);
    console.log(`784-${hidden}-10, batch ${batch}: ${s.toFixed(2)} s/epoch, ${(60_000 / s).toFixed(0)} samples/s (median of ${runs}: ${seconds.map((x) => x.toFixed(2)).join(', ')})`);
  }
  // Responsiveness: the ten-digit model trained from the page's Train button for a few seconds,
  // with the main thread's frames and long tasks recorded meanwhile.
  await recordFrames(page);
  const mlp = page.locator('[data-model="model-alldigits"]');
  await mlp.getByRole('spinbutton', { name: 'epochs' }).fill('100');
  await mlp.getByRole('spinbutton', { name: 'epochs' }).press('Enter');
  await mlp.getByRole('button', { name: 'Train', exact: true }).click();
  await page.waitForTimeout(5000);
  await mlp.getByRole('button', { name: 'Stop', exact: true }).click();
  const { fps, gapMedian, gapP95, longTasks } = await frameStats(page);
  console.log(
    `while training from the page (5 s): ${fps.toFixed(1)} fps, frame gap median ${gapMedian.toFixed(1)} ms, p95 ${gapP95.toFixed(1)} ms, long tasks: ${longTasks.length}${longTasks.length ? ` (max ${Math.max(...longTasks).toFixed(0)} ms)` : ''}`,
  );
});
