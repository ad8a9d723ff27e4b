// Browser benchmark for "Draw a digit" (on demand: `cargo xtask bench`; the test command runs its smoke
// mode, BENCH_SMOKE=1).
//
// Draws loops on the digit canvas with trusted mouse events and measures, per pointer move, the
// time from the event to its dispatch, from dispatch to the probabilities updated in the DOM (the
// page's own work), and from the event to the next frame painted after the update. Median and p95 over BENCH_MOVES moves. Prediction runs on the page's main thread (the
// ready model or the learner's exported one), so the backend does not enter; BENCH_BACKEND still
// picks it, to show that.
import { backend, quantile, setting, withPage } from './common.mjs';

const moves = Number(setting('BENCH_MOVES', 400, 20));

const summary = (values) => `median ${quantile(values, 0.5).toFixed(2)} ms, p95 ${quantile(values, 0.95).toFixed(2)} ms (n=${values.length})`;

await withPage(4197, async (browser, origin) => {
  const page = await browser.newPage();
  await page.goto(`${origin}/?backend=${backend}&lab=digits`);
  // The drawing is one section of the lab's path, opened as a learner opens it.
  await page.locator('details.path-section[data-section="draw"] > summary').click();
  const picker = page.getByRole('combobox', { name: 'model answering' });
  await picker.locator('option', { hasText: 'conv 5×5×16' }).waitFor({ state: 'attached' });
  const canvas = page.getByRole('img', { name: 'digit canvas' });
  await canvas.scrollIntoViewIfNeeded();
  await page.evaluate(() => {
    window.__latency = [];
    const canvas = document.querySelector('.digit-canvas');
    let pending = null;
    const moves = 'onpointerrawupdate' in window ? 'pointerrawupdate' : 'pointermove';
    canvas.addEventListener(
      moves,
      (event) => (pending = event.buttons ? { start: event.timeStamp, dispatched: performance.now() } : null),
      { capture: true },
    );
    new MutationObserver(() => {
      if (pending === null) return;
      const { start, dispatched } = pending;
      pending = null;
      const now = performance.now();
      const sample = { dispatch: dispatched - start, work: now - dispatched, dom: now - start };
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          sample.frame = performance.now() - start;
          window.__latency.push(sample);
        };
        channel.port2.postMessage(0);
      });
    }).observe(document.querySelector('.answer'), { subtree: true, childList: true, characterData: true, attributes: true });
  });
  const box = await canvas.boundingBox();
  const at = (x, y) => [box.x + x * box.width, box.y + y * box.height];
  while ((await page.evaluate(() => window.__latency.length)) < moves) {
    await page.mouse.move(...at(0.5, 0.17));
    await page.mouse.down();
    for (let i = 1; i <= 40; i++) {
      const angle = (i / 40) * 2 * Math.PI;
      await page.mouse.move(...at(0.5 + 0.22 * Math.sin(angle), 0.5 - 0.33 * Math.cos(angle)));
      // One move per frame, as a hand gives them.
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r))));
    }
    await page.mouse.up();
    await page.getByRole('button', { name: 'Clear' }).click();
  }
  const samples = await page.evaluate(() => window.__latency);
  console.log(`backend: ${backend}; model: ${await picker.locator('option:checked').textContent()}`);
  console.log(`pointer event to its dispatch: ${summary(samples.map((s) => s.dispatch))}`);
  console.log(`dispatch to probabilities in the DOM (stroke, read-back, preprocessing, model, DOM): ${summary(samples.map((s) => s.work))}`);
  console.log(`pointer event to probabilities in the DOM: ${summary(samples.map((s) => s.dom))}`);
  console.log(`pointer move to the next frame painted: ${summary(samples.map((s) => s.frame))}`);
});
