// Browser benchmark (on demand): does a long session slow the Quadratic lab's frames? Trains to
// the step limit BENCH_TRAINS times (10,000 steps each, at a rate that never converges), then
// records the frames of one more Train for BENCH_SECONDS; the same after the first Train, for
// comparison. The descent path and the loss history are drawn every frame while training.
import { backend, frameStats, recordFrames, setting, withPage } from './common.mjs';

const trains = Number(setting('BENCH_TRAINS', 20, 1));
const seconds = Number(setting('BENCH_SECONDS', 5, 1));

async function trainFrames(page) {
  await recordFrames(page);
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await page.waitForTimeout(seconds * 1000);
  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  await page.locator('.run-message').filter({ hasText: 'Stopped after' }).waitFor();
  return frameStats(page);
}

const describe = ({ fps, gapMedian, gapP95, longTasks }) =>
  `${fps.toFixed(1)} fps, frame gap median ${gapMedian.toFixed(1)} ms, p95 ${gapP95.toFixed(1)} ms, ${longTasks.length} long tasks`;

await withPage(4195, async (browser, origin) => {
  const page = await browser.newPage();
  await page.goto(`${origin}/?backend=${backend}`);
  await page.getByRole('status', { name: 'loss', exact: true }).filter({ hasText: /MSE \d/ }).waitFor();
  const rate = page.getByRole('spinbutton', { name: 'learning rate value', exact: true });
  await rate.fill('0.0001');
  await rate.press('Enter');
  const started = Date.now();
  for (let i = 1; i <= trains; i++) {
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await page.locator('.run-message').filter({ hasText: 'step limit' }).waitFor({ timeout: 300_000 });
    if (i === 1) console.log(`after 1 Train of 10,000 steps: ${describe(await trainFrames(page))}`);
  }
  console.log(`${trains} Trains took ${((Date.now() - started) / 1000).toFixed(0)} s`);
  console.log(`after ${trains} Trains of 10,000 steps: ${describe(await trainFrames(page))}`);
});
