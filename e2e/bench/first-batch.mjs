// Browser benchmark (on demand; the test command runs its smoke mode): how long the Digits lab's
// first Train takes to show its first batch, from the click, once MNIST has loaded. On WebGPU
// (BENCH_BACKEND=webgpu BENCH_CHROMIUM_ARGS=--enable-unsafe-webgpu) the first run of each
// kernel compiles its shader; the worker compiles them with a throwaway step while MNIST loads,
// so this is the wait a learner sees. Also the second Train's first batch (shaders compiled),
// for comparison; medians of BENCH_RUNS fresh pages.
import { backend, clickUntil, median, openDigitsLab, setting, withPage } from './common.mjs';

const runs = Number(setting('BENCH_RUNS', 3, 1));

await withPage(4194, async (browser, origin) => {
  const first = [];
  const again = [];
  for (let run = 0; run < runs; run++) {
    const page = await browser.newPage();
    const { mlp, set, status, train } = await openDigitsLab(page, origin, `backend=${backend}`);
    const batchShown = /batch [1-9]\d* of/;
    await status.filter({ hasText: /^Ready: press Train/ }).waitFor({ timeout: 300_000 });
    console.log(await page.locator('#digits-panel .engine-backend').textContent(), await page.locator('#digits-panel .engine-notice').textContent());
    first.push(await clickUntil(page, train, status, batchShown));
    await mlp.getByRole('button', { name: 'Stop', exact: true }).click();
    await status.filter({ hasText: /^Stopped/ }).waitFor({ timeout: 300_000 });
    await set('seed', 7);
    await status.filter({ hasText: /^Ready: press Train/ }).waitFor({ timeout: 300_000 });
    again.push(await clickUntil(page, train, status, batchShown));
    await page.close();
  }
  const line = (times) => `median ${median(times).toFixed(0)} ms (${times.map((t) => t.toFixed(0)).join(', ')})`;
  console.log(`${backend}: first Train to its first batch on screen: ${line(first)}`);
  console.log(`${backend}: a later Train to its first batch: ${line(again)}`);
});
