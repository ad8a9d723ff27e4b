// Browser benchmark for the first load (on demand: `cargo xtask bench`; the test command runs its smoke
// mode, BENCH_SMOKE=1).
//
// Opens the page in a fresh browser profile (cold: nothing cached) and then again in the same one
// (warm: the service worker answers), on a machine without WebGPU, and reports as medians over
// runs: the bytes that came over the network (compressed, as sent) until the Quadratic lab showed
// its first loss (the page's own maths), which files they were, and the time from navigation to
// that first loss; then the same until the CPU engine's wasm has come, which the lab needs to
// train.
import { median, setting, withPage } from './common.mjs';

const runs = Number(setting('BENCH_RUNS', 5, 1));

/** When `test` first holds in the page, as wall-clock ms (the clock Playwright's request timings
 * use), checked every frame. */
const shownAt = async (page, test) =>
  (await page.waitForFunction(test, null, { polling: 'raf', timeout: 60_000 })).jsonValue();
const lossShown = (page) =>
  shownAt(page, () => /^MSE \d/.test(document.querySelector('.loss')?.textContent ?? '') && performance.timeOrigin + performance.now());
/** When the CPU engine's wasm had fully come, as wall-clock ms. */
async function engineArrived(page) {
  const response = await page.waitForResponse((r) => r.url().endsWith('/engine_cpu_bg.wasm'), { timeout: 60_000 });
  await response.finished();
  const timing = response.request().timing();
  return timing.startTime + timing.responseEnd;
}

/** The bytes of each file (page and workers) that had fully come over the network by `until`
 * (wall-clock ms). A file the service worker answered is listed with 0 bytes: it came from its
 * cache, or over the network once for the cache, which the page does not see. */
async function bytes(responses, until) {
  const files = {};
  for (const response of responses) {
    await response.finished();
    const timing = response.request().timing();
    if (timing.startTime + timing.responseEnd > until) continue;
    const path = new URL(response.url()).pathname;
    const [file, size] = response.fromServiceWorker()
      ? [`${path} (service worker)`, 0]
      : [path, (await response.request().sizes()).responseBodySize];
    files[file] = (files[file] ?? 0) + size;
  }
  return { total: Object.values(files).reduce((a, b) => a + b, 0), files };
}

/** Loads the page once in `context`: the bytes and time from navigation until the first loss,
 * and until the engine's wasm has come (over the network, or from the service worker). */
async function load(context, origin) {
  const page = await context.newPage();
  const responses = [];
  page.on('response', (response) => responses.push(response));
  const arrived = engineArrived(page);
  await page.goto(`${origin}/`);
  const lossAt = await lossShown(page);
  const readyAt = await arrived;
  const start = await page.evaluate(() => performance.timeOrigin);
  const first = await bytes(responses, lossAt);
  const ready = await bytes(responses, readyAt);
  await page.evaluate(() => navigator.serviceWorker?.ready);
  await page.close();
  return { ms: lossAt - start, ...first, readyMs: readyAt - start, readyTotal: ready.total, readyFiles: ready.files };
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
  const line = (loads, total, ms) =>
    `${kB(median(loads.map(total)))} over the network, ${median(loads.map(ms)).toFixed(0)} ms from navigation (median of ${runs})`;
  console.log('First load, no WebGPU (CPU engine), until the Quadratic lab shows its first loss:');
  console.log(`  cold: ${line(cold, (r) => r.total, (r) => r.ms)}`);
  console.log(`  warm: ${line(warm, (r) => r.total, (r) => r.ms)}`);
  console.log('  cold, per file:');
  for (const [file, n] of Object.entries(example.files).sort((a, b) => b[1] - a[1])) console.log(`    ${file.padEnd(28)} ${kB(n)}`);
  console.log("Until the CPU engine's wasm has come (the lab can train once it has compiled):");
  console.log(`  cold: ${line(cold, (r) => r.readyTotal, (r) => r.readyMs)}`);
  console.log(`  warm: ${line(warm, (r) => r.readyTotal, (r) => r.readyMs)}`);
  console.log('  cold, per file:');
  for (const [file, n] of Object.entries(example.readyFiles).sort((a, b) => b[1] - a[1])) console.log(`    ${file.padEnd(28)} ${kB(n)}`);
});
