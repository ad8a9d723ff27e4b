// Browser benchmark for the first load (on demand: `cargo xtask bench`; the test command runs its smoke
// mode, BENCH_SMOKE=1).
//
// Opens the page in a fresh browser profile (cold: nothing cached) and then again in the same one
// (warm: the service worker answers), on a machine without WebGPU, and reports as medians over
// runs: the bytes that came over the network (compressed, as sent) until the Quadratic lab showed
// its first loss, which files they were, and the time from navigation to that first loss.
import { median, setting, withPage } from './common.mjs';

const runs = Number(setting('BENCH_RUNS', 5, 1));

const lossShown = (page) =>
  page.waitForFunction(() => /^MSE \d/.test(document.querySelector('.loss')?.textContent ?? '') && performance.now(), null, { polling: 'raf', timeout: 60_000 });

/** Loads the page once in `context`, counting the bytes of each file (page and workers) that
 * came over the network, not from the service worker, until the first loss. */
async function load(context, origin) {
  const page = await context.newPage();
  const responses = [];
  page.on('response', (response) => responses.push(response));
  await page.goto(`${origin}/`);
  const ms = await (await lossShown(page)).jsonValue();
  const files = {};
  for (const response of responses.filter((r) => !r.fromServiceWorker())) {
    const path = new URL(response.url()).pathname;
    files[path] = (files[path] ?? 0) + (await response.request().sizes()).responseBodySize;
  }
  await page.evaluate(() => navigator.serviceWorker?.ready);
  await page.close();
  return { ms, total: Object.values(files).reduce((a, b) => a + b, 0), files };
}

await withPage(4198, async (browser, origin) => {
  const cold = [];
  const warm = [];
  let example;
  for (let run = 0; run < runs; run++) {
    const context = await browser.newContext({ serviceWorkers: 'allow' });
    cold.push(await load(context, origin));
    // Let the service worker finish precaching before the warm load.
    await new Promise((r) => setTimeout(r, 1500));
    warm.push(await load(context, origin));
    example ??= cold[0];
    await context.close();
  }
  const kB = (n) => `${(n / 1000).toFixed(0)} kB`;
  console.log('First load, no WebGPU (CPU engine), until the Quadratic lab shows its first loss:');
  console.log(`  cold: ${kB(median(cold.map((r) => r.total)))} over the network, ${median(cold.map((r) => r.ms)).toFixed(0)} ms from navigation (median of ${runs})`);
  console.log(`  warm: ${kB(median(warm.map((r) => r.total)))} over the network, ${median(warm.map((r) => r.ms)).toFixed(0)} ms from navigation (median of ${runs})`);
  console.log('  cold, per file:');
  for (const [file, n] of Object.entries(example.files).sort((a, b) => b[1] - a[1])) console.log(`    ${file.padEnd(28)} ${kB(n)}`);
});
