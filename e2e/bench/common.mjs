// What the browser benchmarks share: the page's server, the browser, medians, and the main
// thread's frames and long tasks while something runs.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromium as browserType } from '@playwright/test';
import { chromium } from '../chromium.mjs';

export const backend = process.env.BENCH_BACKEND ?? 'cpu';

/** BENCH_SMOKE=1: one short configuration, so the test command proves each benchmark still runs
 * to its figures (tests/benchmarks.spec.js); its figures are not measurements. */
export const smoke = process.env.BENCH_SMOKE === '1';

/** A setting from the environment, else its full or its smoke value. */
export const setting = (name, full, short) => process.env[name] ?? (smoke ? short : full);

/** Serves `dist/` on `port`, runs `work(browser, origin)` in Chromium, then stops both. */
export async function withPage(port, work) {
  const server = spawn('node', [fileURLToPath(new URL('../serve.mjs', import.meta.url))], {
    env: { ...process.env, PORT: String(port) },
    stdio: 'ignore',
  });
  try {
    await new Promise((r) => setTimeout(r, 500));
    // BENCH_CHROMIUM_ARGS=--enable-unsafe-webgpu for WebGPU.
    const extra = process.env.BENCH_CHROMIUM_ARGS ? process.env.BENCH_CHROMIUM_ARGS.split(' ') : [];
    const browser = await browserType.launch({ ...chromium, args: [...chromium.args, ...extra] });
    await work(browser, `http://127.0.0.1:${port}`);
    await browser.close();
  } finally {
    server.kill();
  }
}

export const quantile = (values, q) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))];
export const median = (values) => quantile(values, 0.5);

/** Starts recording the page's animation frames and long tasks. */
export async function recordFrames(page) {
  await page.evaluate(() => {
    window.__frames = [];
    window.__longTasks = [];
    window.__stopFrames = false;
    new PerformanceObserver((list) => window.__longTasks.push(...list.getEntries().map((e) => e.duration))).observe({ type: 'longtask' });
    const frame = (t) => {
      window.__frames.push(t);
      if (!window.__stopFrames) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
}

/** Stops recording; frames per second, frame gaps (median, p95) and long tasks. */
export async function frameStats(page) {
  const { frames, longTasks } = await page.evaluate(() => {
    window.__stopFrames = true;
    return { frames: window.__frames, longTasks: window.__longTasks };
  });
  const gaps = frames.slice(1).map((t, i) => t - frames[i]);
  return {
    fps: (1000 * gaps.length) / (frames.at(-1) - frames[0]),
    gapMedian: median(gaps),
    gapP95: quantile(gaps, 0.95),
    longTasks,
  };
}

/**
 * Clicks `button`, then waits until `status` (a locator of one element) shows text matching
 * `done`; the milliseconds between, on the page's own clock: from the click event to the DOM
 * change. Playwright's own wait polls, at up to 500 ms between looks once a wait has gone on a
 * while, so timing it from here added up to half a second to each figure (issue 25).
 */
export async function clickUntil(page, button, status, done) {
  const handle = await status.elementHandle();
  await page.evaluate(
    ([element, source]) => {
      const pattern = new RegExp(source);
      const timing = (window.__clickUntil = {});
      document.addEventListener('click', () => (timing.clicked = performance.now()), { capture: true, once: true });
      const observer = new MutationObserver(() => {
        if (timing.clicked !== undefined && pattern.test(element.textContent)) {
          timing.done = performance.now();
          observer.disconnect();
        }
      });
      observer.observe(element, { childList: true, characterData: true, subtree: true });
    },
    [handle, done.source],
  );
  await button.click();
  await page.waitForFunction(() => window.__clickUntil.done !== undefined, null, { timeout: 600_000, polling: 100 });
  return page.evaluate(() => window.__clickUntil.done - window.__clickUntil.clicked);
}

/**
 * Opens the Digits lab at `origin` with `query` in the address and waits for MNIST; the ten-digit
 * model's panel as a benchmark drives it: `set(name, value)` commits a number field.
 */
export async function openDigitsLab(page, origin, query) {
  await page.goto(`${origin}/?${query}`);
  const opened = Date.now();
  await page.getByRole('tab', { name: 'Digits lab' }).click();
  // The lab opens one section at a time; a benchmark drives several, as a learner who shows them all.
  await page.getByRole('checkbox', { name: 'Show every section' }).check();
  await page.locator('.data-loaded').waitFor({ timeout: 300_000 });
  const mlp = page.locator('[data-model="model-alldigits"]');
  return {
    loadSeconds: (Date.now() - opened) / 1000,
    mlp,
    status: mlp.locator('.train-status'),
    train: mlp.getByRole('button', { name: 'Train', exact: true }),
    set: async (name, value) => {
      const box = mlp.getByRole('spinbutton', { name, exact: true });
      await box.fill(String(value));
      await box.press('Enter');
    },
  };
}
