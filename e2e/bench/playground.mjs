// Browser benchmark for the Network playground (on demand: `cargo xtask bench`; the test command runs its smoke
// mode, BENCH_SMOKE=1).
//
// Opens the playground in headless Chromium at its largest network (6 hidden layers of 16, all
// seven inputs), presses Play, and for BENCH_SECONDS records: training steps (batches) per
// second from the page's own counter, the main thread's frame rate and long tasks, and the time
// of each redraw of the decision map and of the network diagram (User Timing measures the page
// records). Repeated BENCH_RUNS times; medians reported. Then the ReLU lab's Fit, click to done.
//
// BENCH_BACKEND=cpu|webgpu picks the backend; WebGPU needs BENCH_CHROMIUM_ARGS=--enable-unsafe-webgpu.
import { backend, frameStats, median, quantile, recordFrames, setting, withPage } from './common.mjs';

const runs = Number(setting('BENCH_RUNS', 3, 1));
const seconds = Number(setting('BENCH_SECONDS', 8, 1));
const setups = {
  'largest (6×16, 7 inputs, batch 10)':
    '&dataset=spiral&features=x1,x2,x1sq,x2sq,x1x2,sinx1,sinx2&layers=16,16,16,16,16,16&activation=tanh&batch=10&lr=0.03',
  'default (4-2, 2 inputs, batch 10)': '',
};

await withPage(4196, async (browser, origin) => {
  for (const [name, query] of Object.entries(setups)) {
    const results = [];
    for (let run = 0; run < runs; run++) {
      const page = await browser.newPage();
      await page.goto(`${origin}/?backend=${backend}&lab=playground${query}`);
      const scores = page.locator('.playground-scores');
      await scores.filter({ hasText: /^Batch 0 / }).waitFor({ timeout: 60_000 });
      const batch = async () => Number((await scores.textContent()).match(/^Batch (\d+)/)[1]);
      await page.evaluate(() => performance.clearMeasures());
      await recordFrames(page);
      await page.getByRole('button', { name: 'Play', exact: true }).click();
      // The first slice settles the worker; count from a second in.
      await page.waitForTimeout(1000);
      const [b0, t0] = [await batch(), Date.now()];
      await page.waitForTimeout(seconds * 1000);
      const [b1, t1] = [await batch(), Date.now()];
      await page.getByRole('button', { name: 'Pause', exact: true }).click();
      const frames = await frameStats(page);
      const durations = (name) =>
        page.evaluate((name) => performance.getEntriesByName(name).map((e) => e.duration), name);
      const diagram = await durations('network-diagram-draw');
      results.push({
        steps: ((b1 - b0) * 1000) / (t1 - t0),
        fps: frames.fps,
        gapP95: frames.gapP95,
        longTasks: frames.longTasks.length,
        map: median(await durations('decision-map-draw')),
        diagram: median(diagram),
        diagramP95: quantile(diagram, 0.95),
        redraws: diagram.length / (seconds + 1),
      });
      await page.close();
    }
    const m = (key) => median(results.map((r) => r[key]));
    console.log(
      `${name} on ${backend}: ${m('steps').toFixed(0)} steps/s; main thread ${m('fps').toFixed(1)} fps (frame gap p95 ${m('gapP95').toFixed(1)} ms), ${m('longTasks')} long tasks; redraw median: decision map ${m('map').toFixed(2)} ms, network diagram ${m('diagram').toFixed(2)} ms (p95 ${m('diagramP95').toFixed(2)} ms), ${m('redraws').toFixed(1)} redraws/s (median of ${runs} runs: ${results.map((r) => r.steps.toFixed(0)).join(', ')} steps/s)`,
    );
  }
  // The ReLU lab's Fit: 2000 Adam steps on 16 units, in slices of 100, from click to "Fitted".
  const fits = [];
  for (let run = 0; run < runs; run++) {
    const page = await browser.newPage();
    await page.goto(`${origin}/?backend=${backend}&lab=relu`);
    await page.getByRole('combobox', { name: 'target curve' }).selectOption('wiggly');
    await page.getByRole('combobox', { name: 'units to start with' }).selectOption('16');
    await page.getByRole('button', { name: 'Start over with', exact: true }).click();
    const start = Date.now();
    await page.getByRole('button', { name: 'Fit', exact: true }).click();
    await page.locator('.relu-status').filter({ hasText: /^Fitted: 2000/ }).waitFor({ timeout: 300_000 });
    fits.push((Date.now() - start) / 1000);
    await page.close();
  }
  console.log(`ReLU lab Fit (16 units, 2000 steps) on ${backend}: ${median(fits).toFixed(2)} s (median of ${runs}: ${fits.map((s) => s.toFixed(2)).join(', ')})`);
});
