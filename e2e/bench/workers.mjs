// Browser benchmark (on demand): what the page's engine workers cost and buy. Run it on two
// builds to decide between one worker per lab and one for the page (DIST=path/to/dist).
//
// - Memory: the resident memory of all of Chromium's processes with the Quadratic lab alone, then
//   with all four labs opened (MNIST loaded, a playground network built).
// - Responsiveness while the ten-digit model trains in the Digits lab: the Quadratic lab's time
//   from a slider input to the new loss on screen (median, p95), and the playground's training
//   steps per second; each also without the Digits lab training, for comparison.
import { execFileSync } from 'node:child_process';
import { backend, median, quantile, setting, withPage } from './common.mjs';

const inputs = Number(setting('BENCH_INPUTS', 60, 10));
const seconds = Number(setting('BENCH_SECONDS', 5, 1));

/** Resident memory of every Chromium process, in MB. */
const chromiumMemory = () =>
  execFileSync('ps', ['-eo', 'rss=,args='], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => /chrom/.test(line) && !/\bps\b/.test(line))
    .reduce((sum, line) => sum + Number(line.trim().split(/\s+/)[0] || 0), 0) / 1024;

const settle = (page) => page.waitForTimeout(2000);

/** Slider input to new loss readout, `count` times, in ms. */
const sliderLatency = (page, count) =>
  page.evaluate(async (count) => {
    const slider = document.getElementById('slider-c');
    const readout = document.querySelector('output.loss');
    const times = [];
    for (let i = 0; i < count; i++) {
      const changed = new Promise((resolve) => {
        const observer = new MutationObserver(() => {
          observer.disconnect();
          resolve(performance.now());
        });
        observer.observe(readout, { childList: true, characterData: true, subtree: true });
      });
      const start = performance.now();
      slider.value = String(1 + (i % 20) * 0.05);
      slider.dispatchEvent(new Event('input', { bubbles: true }));
      times.push((await changed) - start);
      await new Promise((r) => setTimeout(r, 30));
    }
    return times;
  }, count);

/** Playground training steps per second over `seconds`. */
async function playgroundSpeed(page) {
  await page.getByRole('tab', { name: 'Network playground' }).click();
  const batch = async () => Number((await page.locator('.playground-scores').textContent()).match(/^Batch (\d+)/)[1]);
  await page.locator('button.play').click();
  await page.waitForTimeout(1000);
  const [b0, t0] = [await batch(), Date.now()];
  await page.waitForTimeout(seconds * 1000);
  const [b1, t1] = [await batch(), Date.now()];
  await page.locator('button.play').click();
  await page.waitForTimeout(500);
  return ((b1 - b0) * 1000) / (t1 - t0);
}

const describe = (times) => `median ${median(times).toFixed(1)} ms, p95 ${quantile(times, 0.95).toFixed(1)} ms`;

await withPage(4197, async (browser, origin) => {
  const before = chromiumMemory();
  const page = await browser.newPage();
  await page.goto(`${origin}/?backend=${backend}`);
  await page.getByRole('status', { name: 'loss', exact: true }).filter({ hasText: /MSE \d/ }).waitFor();
  await settle(page);
  const quadraticOnly = chromiumMemory();
  await page.getByRole('tab', { name: 'Digits lab' }).click();
  // The lab opens one section at a time; the benchmark trains a rung, as a learner who shows them all.
  await page.getByRole('checkbox', { name: 'Show every section' }).check();
  await page.locator('.data-loaded').waitFor({ timeout: 120_000 });
  await page.getByRole('tab', { name: 'ReLU lab' }).click();
  await page.getByRole('tab', { name: 'Network playground' }).click();
  await page.locator('.playground-scores').filter({ hasText: /^Batch 0 / }).waitFor({ timeout: 60_000 });
  await settle(page);
  const allLabs = chromiumMemory();
  const workers = page.workers().filter((w) => w.url().includes('worker-loader.js')).length;
  console.log(`engine workers: ${workers}`);
  console.log(`Chromium memory: ${before.toFixed(0)} MB with no page, ${quadraticOnly.toFixed(0)} MB with the Quadratic lab, ${allLabs.toFixed(0)} MB with all four labs open`);

  await page.getByRole('tab', { name: 'Quadratic lab' }).click();
  const quiet = await sliderLatency(page, inputs);
  const quietSteps = await playgroundSpeed(page);

  // The ten-digit model trains for many epochs in the background meanwhile.
  await page.getByRole('tab', { name: 'Digits lab' }).click();
  const mlp = page.locator('[data-model="model-alldigits"]');
  const epochs = mlp.getByRole('spinbutton', { name: 'epochs', exact: true });
  await epochs.fill('100');
  await epochs.press('Enter');
  await mlp.getByRole('button', { name: 'Train', exact: true }).click();
  await mlp.locator('.train-status').filter({ hasText: /batch [1-9]/ }).waitFor();
  await page.getByRole('tab', { name: 'Quadratic lab' }).click();
  const busy = await sliderLatency(page, inputs);
  const busySteps = await playgroundSpeed(page);
  await page.getByRole('tab', { name: 'Digits lab' }).click();
  await mlp.getByRole('button', { name: 'Stop', exact: true }).click();

  console.log(`slider to new loss: ${describe(quiet)} alone; ${describe(busy)} while the Digits lab trains`);
  console.log(`playground: ${quietSteps.toFixed(0)} steps/s alone; ${busySteps.toFixed(0)} steps/s while the Digits lab trains`);
});
