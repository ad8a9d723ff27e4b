// Browser benchmark for the Digits lab (on demand: `cargo xtask bench`; the test command runs its
// smoke mode, BENCH_SMOKE=1).
//
// Opens the lab in headless Chromium, waits for MNIST, then trains the ten-digit model from its
// Train button, as a learner does (the page's loss chart and weight pictures update as it goes):
// for each hidden width and batch size, the wall time of one epoch over the 60,000 training
// images (the epoch's last answer includes one pass over the 10,000 test images), median of
// BENCH_RUNS runs, as samples/s.
// Also: MNIST load time (download, gunzip, SHA-256, parse), and the page's frame rate and long
// tasks while the ten-digit model trains from the Train button.
//
// BENCH_BACKEND=cpu|webgpu picks the backend; WebGPU needs BENCH_CHROMIUM_ARGS=--enable-unsafe-webgpu.
import { backend, frameStats, median, recordFrames, setting, withPage } from './common.mjs';

const runs = Number(setting('BENCH_RUNS', 3, 1));
const seconds = Number(setting('BENCH_SECONDS', 5, 1));
const configs = setting('BENCH_CONFIGS', '30x256,30x64,128x256,128x64', '30x256')
  .split(',')
  .filter(Boolean)
  .map((c) => c.split('x').map(Number));

await withPage(4198, async (browser, origin) => {
  const page = await browser.newPage();
  await page.goto(`${origin}/?backend=${backend}`);
  const opened = Date.now();
  await page.getByRole('tab', { name: 'Digits lab' }).click();
  await page.locator('.data-loaded').waitFor({ timeout: 120_000 });
  console.log(`MNIST loaded and checked in the worker: ${((Date.now() - opened) / 1000).toFixed(2)} s`);
  console.log(`backend: ${await page.locator('#digits-panel .engine-backend').textContent()}`);
  const mlp = page.locator('[data-model="model-alldigits"]');
  const set = async (name, value) => {
    const box = mlp.getByRole('spinbutton', { name, exact: true });
    await box.fill(String(value));
    await box.press('Enter');
  };
  for (const [hidden, batch] of configs) {
    const seconds = [];
    for (let run = 0; run < runs; run++) {
      // A fresh model each run (a new seed resets it), trained for one epoch from its Train button.
      await set('hidden units', hidden);
      await set('seed', run);
      await set('epochs', 1);
      await mlp.getByRole('combobox', { name: 'batch size' }).selectOption(String(batch));
      await mlp.locator('.train-status').filter({ hasText: /^Ready: press Train/ }).waitFor();
      const start = Date.now();
      await mlp.getByRole('button', { name: 'Train', exact: true }).click();
      await mlp.locator('.train-status').filter({ hasText: /^Finished/ }).waitFor({ timeout: 600_000 });
      seconds.push((Date.now() - start) / 1000);
    }
    const s = median(seconds);
    console.log(`784-${hidden}-10, batch ${batch}: ${s.toFixed(2)} s/epoch, ${(60_000 / s).toFixed(0)} samples/s (median of ${runs}: ${seconds.map((x) => x.toFixed(2)).join(', ')})`);
  }
  // Responsiveness: the ten-digit model trained from the page's Train button for a few seconds,
  // with the main thread's frames and long tasks recorded meanwhile.
  await recordFrames(page);
  await set('epochs', 100);
  await mlp.getByRole('button', { name: 'Train', exact: true }).click();
  await page.waitForTimeout(seconds * 1000);
  await mlp.getByRole('button', { name: 'Stop', exact: true }).click();
  const { fps, gapMedian, gapP95, longTasks } = await frameStats(page);
  console.log(
    `while training from the page (${seconds} s): ${fps.toFixed(1)} fps, frame gap median ${gapMedian.toFixed(1)} ms, p95 ${gapP95.toFixed(1)} ms, long tasks: ${longTasks.length}${longTasks.length ? ` (max ${Math.max(...longTasks).toFixed(0)} ms)` : ''}`,
  );
});
