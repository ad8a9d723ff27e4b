// Browser benchmark for the Digits lab (on demand: `cargo xtask bench`; the test command runs its
// smoke mode, BENCH_SMOKE=1).
//
// Opens the lab in headless Chromium, waits for MNIST, then trains the ten-digit model from its
// Train button, as a learner does (the page's loss chart and weight pictures update as it goes):
// for each hidden width and batch size, the time of one epoch over the 60,000 training images
// (the epoch's last answer includes one pass over the 10,000 test images), median of BENCH_RUNS
// runs, as samples/s. Timed on the page's clock, from the click to "Finished" in the DOM
// (common.mjs, clickUntil). Each configuration runs in one worker (`?workers=1`), in two
// sharing every batch (`?workers=2`), and as the page chooses by itself (`auto`: two workers,
// sharing while that is measured faster): BENCH_WORKERS=1,2,auto.
// Also: MNIST load time (download, gunzip, SHA-256, parse), and the page's frame rate and long
// tasks while the ten-digit model trains from the Train button.
//
// BENCH_BACKEND=cpu|webgpu picks the backend; WebGPU needs BENCH_CHROMIUM_ARGS=--enable-unsafe-webgpu.
import { backend, clickUntil, frameStats, median, openDigitsLab, recordFrames, setting, withPage } from './common.mjs';

const runs = Number(setting('BENCH_RUNS', 3, 1));
const seconds = Number(setting('BENCH_SECONDS', 5, 1));
const configs = setting('BENCH_CONFIGS', '30x256,30x64,128x256,128x64', '30x256')
  .split(',')
  .filter(Boolean)
  .map((c) => c.split('x').map(Number));
const cnnBatch = Number(setting('BENCH_CNN_BATCH', 256, 64));
const workerModes = setting('BENCH_WORKERS', '1,2,auto', '1,2').split(',');

await withPage(4198, async (browser, origin) => {
  for (const workers of workerModes) {
    const page = await browser.newPage();
    const query = `backend=${backend}${workers === 'auto' ? '' : `&workers=${workers}`}`;
    const { loadSeconds, mlp, set, status, train } = await openDigitsLab(page, origin, query);
    console.log(`\nMNIST loaded and checked in the worker: ${loadSeconds.toFixed(2)} s`);
    // A first epoch warms the engine up (V8 compiles the hot wasm functions again, optimised).
    await set('epochs', 1);
    await status.filter({ hasText: /^Ready: press Train/ }).waitFor();
    await clickUntil(page, train, status, /^Finished/);
    console.log(`${workers} worker(s): ${await page.locator('#digits-panel .engine-backend').textContent()}`);
    for (const [hidden, batch] of configs) {
      const times = [];
      for (let run = 0; run < runs; run++) {
        // A fresh model each run (a new seed resets it), trained for one epoch from its Train button.
        await set('hidden units', hidden);
        await set('seed', run + 1);
        await mlp.getByRole('combobox', { name: 'batch size' }).selectOption(String(batch));
        await status.filter({ hasText: /^Ready: press Train/ }).waitFor();
        times.push((await clickUntil(page, train, status, /^Finished/)) / 1000);
      }
      const s = median(times);
      console.log(`784-${hidden}-10, batch ${batch}, ${workers} worker(s): ${s.toFixed(3)} s/epoch, ${(60_000 / s).toFixed(0)} samples/s (median of ${runs}: ${times.map((x) => x.toFixed(3)).join(', ')})`);
    }
    // The convolutional net: too slow for whole epochs here, so images per second over
    // BENCH_SECONDS of its Train (the status counts its batches), at batch BENCH_CNN_BATCH.
    const cnn = page.locator('[data-model="model-convolutional"]');
    await cnn.getByRole('combobox', { name: 'batch size' }).selectOption(String(cnnBatch));
    const cnnStatus = cnn.locator('.train-status');
    const batchOf = async () => Number((await cnnStatus.textContent()).match(/batch (\d+) of/)?.[1] ?? 0);
    await cnnStatus.filter({ hasText: /^Ready: press Train/ }).waitFor();
    await cnn.getByRole('button', { name: 'Train', exact: true }).click();
    await cnnStatus.filter({ hasText: /batch [1-9]\d* of/ }).waitFor({ timeout: 60_000 });
    const [from, started] = [await batchOf(), Date.now()];
    // (counted from the first batch shown, so the start of the run is not in the figure)
    await page.waitForTimeout(seconds * 1000);
    const [to, ended] = [await batchOf(), Date.now()];
    await cnn.getByRole('button', { name: 'Stop', exact: true }).click();
    await cnnStatus.filter({ hasText: /^Stopped/ }).waitFor({ timeout: 60_000 });
    console.log(`CNN, batch ${cnnBatch}, ${workers} worker(s): ${((cnnBatch * (to - from)) / ((ended - started) / 1000)).toFixed(0)} samples/s over ${seconds} s`);
    // Responsiveness: the ten-digit model trained from the page's Train button for a few
    // seconds, with the main thread's frames and long tasks recorded meanwhile.
    await recordFrames(page);
    await set('epochs', 100);
    await train.click();
    await page.waitForTimeout(seconds * 1000);
    await mlp.getByRole('button', { name: 'Stop', exact: true }).click();
    const { fps, gapMedian, gapP95, longTasks } = await frameStats(page);
    console.log(
      `while training from the page, ${workers} worker(s) (${seconds} s): ${fps.toFixed(1)} fps, frame gap median ${gapMedian.toFixed(1)} ms, p95 ${gapP95.toFixed(1)} ms, long tasks: ${longTasks.length}${longTasks.length ? ` (max ${Math.max(...longTasks).toFixed(0)} ms)` : ''}`,
    );
    await page.close();
  }
});
