// Browser benchmark for the Quadratic lab (on demand: `cargo xtask bench`; the test command runs its smoke
// mode, BENCH_SMOKE=1).
//
// Reports, as medians and p95 over many trusted keyboard inputs:
//  - main-thread work: the renderer main thread's busy time per input (CDP's TaskDuration), i.e.
//    handler, reactive effects, engine call, canvas redraws, style, layout and paint;
//  - input to curve painted: from the input event to just after the next frame (curve, marker);
//  - input to new loss painted: to just after the first frame showing the engine worker's answer
//    (readout, gradients, arrow, and for c the recomputed surface);
// and, while Train runs: main-thread cost per frame, frames per second, long tasks (> 50 ms) and
// gradient-descent steps per second. (What the page downloads: bench/first-load.mjs.)
//
// BENCH_QUERY adds to the address (`&mission=by-hand`: the slider's cost with a mission checked).
// BENCH_BACKEND=cpu|webgpu|auto picks the backend (`?backend=`); WebGPU needs
// BENCH_CHROMIUM_ARGS=--enable-unsafe-webgpu in headless Chromium.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium as browserType } from '@playwright/test';
import { chromium } from '../chromium.mjs';
import { backend, setting } from './common.mjs';

/** The page's protocol version, read from the Rust source so the requests below follow it. */
const PROTOCOL_VERSION = Number(
  readFileSync(new URL('../../protocol/src/wire.rs', import.meta.url), 'utf8').match(/pub const VERSION: u32 = (\d+);/)[1],
);

const port = 4199;
const inputs = Number(setting('BENCH_INPUTS', 200, 10));
const trainSeconds = Number(setting('BENCH_TRAIN_SECONDS', 5, 1));
const engineSteps = Number(setting('BENCH_ENGINE_STEPS', 100, 10));
const reloads = Number(setting('BENCH_RELOADS', 5, 1));
const query = process.env.BENCH_QUERY ?? '';

const server = spawn('node', [fileURLToPath(new URL('../serve.mjs', import.meta.url))], {
  env: { ...process.env, PORT: String(port) },
  stdio: 'ignore',
});

function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

const summary = (values) =>
  `median ${quantile(values, 0.5).toFixed(2)} ms, p95 ${quantile(values, 0.95).toFixed(2)} ms, max ${Math.max(...values).toFixed(2)} ms (n=${values.length})`;

// Installed in the page: for each input event, the first frame painted after the loss readout
// changed, i.e. with curve, readout and surface all updated (the readout is the last to arrive,
// from the engine worker). A message posted from that frame's requestAnimationFrame runs after
// its paint. An input that leaves the readout unchanged within 1 s is recorded as unchanged.
function installProbe() {
  window.__samples = [];
  // Time from navigation start (performance.now()'s origin) until the readout first shows a
  // loss: the page is drawn, the worker is up and has answered, and the sliders respond.
  new MutationObserver((_, observer) => {
    const readout = document.querySelector('output.loss');
    if (readout && /\d/.test(readout.textContent)) {
      window.__interactiveAt = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, characterData: true, subtree: true });
  document.addEventListener(
    'input',
    (event) => {
      const start = event.timeStamp;
      const readout = document.querySelector('output.loss');
      const sample = { start, changed: false };
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => (sample.firstFrame = performance.now() - start);
        channel.port2.postMessage(0);
      });
      const painted = () =>
        requestAnimationFrame(() => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => {
            sample.frame = performance.now() - start;
            window.__samples.push(sample);
          };
          channel.port2.postMessage(0);
        });
      const observer = new MutationObserver(() => {
        observer.disconnect();
        clearTimeout(timeout);
        sample.changed = true;
        painted();
      });
      observer.observe(readout, { childList: true, characterData: true, subtree: true });
      const timeout = setTimeout(() => {
        observer.disconnect();
        painted();
      }, 1000);
    },
    { capture: true },
  );
}

async function busySeconds(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'TaskDuration').value;
}

// One trusted key press, waiting until its frame is painted; returns the main thread's busy time.
async function press(page, cdp, key) {
  const count = await page.evaluate(() => window.__samples.length);
  const before = await busySeconds(cdp);
  await page.keyboard.press(key);
  await page.waitForFunction((n) => window.__samples.length > n, count, { polling: 'raf' });
  return ((await busySeconds(cdp)) - before) * 1000;
}

async function sliderLatency(page, cdp, name) {
  await page.getByRole('slider', { name, exact: true }).focus();
  await page.evaluate(() => (window.__samples = []));
  const work = [];
  for (let i = 0; i < inputs; i++) {
    work.push(await press(page, cdp, i < inputs / 2 ? 'ArrowRight' : 'ArrowLeft'));
  }
  const samples = await page.evaluate(() => window.__samples);
  const updated = samples.filter((s) => s.changed);
  return {
    work,
    firstFrames: samples.map((s) => s.firstFrame),
    frames: updated.map((s) => s.frame),
    changed: updated.length,
  };
}

// The same measurement on a key press that changes nothing: what the harness itself costs.
async function harnessCost(page, cdp) {
  await page.locator('h1').click();
  const work = [];
  for (let i = 0; i < 50; i++) {
    const before = await busySeconds(cdp);
    await page.keyboard.press('Shift');
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r))));
    work.push(((await busySeconds(cdp)) - before) * 1000);
  }
  return work;
}

async function training(page) {
  await page.getByRole('button', { name: 'Reset', exact: true }).click();
  // A small rate so the run neither converges nor diverges within the measurement.
  const rate = page.getByRole('spinbutton', { name: 'learning rate value', exact: true });
  await rate.fill('0.0001');
  await rate.press('Enter');
  await page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => window.__longTasks.push(...list.getEntries().map((e) => e.duration))).observe({
      type: 'longtask',
    });
    window.__frames = [];
    const frame = () => {
      const start = performance.now();
      const channel = new MessageChannel();
      channel.port1.onmessage = () => window.__frames.push({ start, cost: performance.now() - start });
      channel.port2.postMessage(0);
      if (!window.__stopFrames) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
  const message = page.locator('.run-message');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await page.waitForTimeout(500);
  const stepAt = async () => Number((await message.textContent()).match(/step (\d+)/)?.[1] ?? NaN);
  const [t0, s0] = [Date.now(), await stepAt()];
  await page.waitForTimeout(trainSeconds * 1000);
  const [t1, s1] = [Date.now(), await stepAt()];
  const clickAt = Date.now();
  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  await message.filter({ hasText: 'Stopped' }).waitFor();
  const stopLatency = Date.now() - clickAt;
  const { frames, longTasks } = await page.evaluate(() => {
    window.__stopFrames = true;
    return { frames: window.__frames, longTasks: window.__longTasks };
  });
  const during = frames.filter((f) => f.start >= frames[0].start + 500);
  const seconds = (during.at(-1).start - during[0].start) / 1000;
  return {
    stepsPerSecond: ((s1 - s0) * 1000) / (t1 - t0),
    fps: (during.length - 1) / seconds,
    frameCosts: during.map((f) => f.cost),
    longTasks,
    stopLatency,
  };
}

// Round trips of protocol requests posted straight to the engine worker: its raw speed, without
// the display pacing Train uses. The page's client ignores the answers (their ids are not its).
async function engineSpeed(page) {
  return page.evaluate(async ([steps, version]) => {
    const worker = window.__engineWorker;
    // The protocol (protocol/src/wire.rs, its version read from there): "DSC", '>', the version (u32, little-endian),
    // then postcard: ToWorker::Request (1), the id (varint), Command::Quadratic (0),
    // quadratic::Command::Descend (2), a start (Some: 1) from a, b, c (f32) with the gradient
    // buffer Zeroed (0) and no step limit (None: 0), the rate (f32), steps (varint) and
    // zero_grad (true: 1). Each request starts a run of its own.
    const varint = (n) => {
      const bytes = [];
      for (; n >= 128; n = Math.floor(n / 128)) bytes.push((n % 128) | 128);
      return [...bytes, n];
    };
    const f32 = (v) => [...new Uint8Array(new Float32Array([v]).buffer)];
    const descend = (id) =>
      new Uint8Array([
        ...new TextEncoder().encode('DSC>'),
        ...new Uint8Array(new Uint32Array([version]).buffer),
        1, ...varint(id), 0, 2, 1, ...f32(1.5), ...f32(1.5), ...f32(1.5), 0, 0, ...f32(0.0001), ...varint(steps), 1,
      ]);
    const times = [];
    for (let i = 0; i < 30; i++) {
      const start = performance.now();
      await new Promise((resolve) => {
        const answer = (event) => {
          // The loader's heartbeat is text; answers are bytes.
          if (typeof event.data === 'string') return;
          worker.removeEventListener('message', answer);
          resolve();
        };
        worker.addEventListener('message', answer);
        worker.postMessage(descend(1e12 + i));
      });
      times.push(performance.now() - start);
    }
    return times;
  }, [engineSteps, PROTOCOL_VERSION]);
}

try {
  // BENCH_CHROMIUM_ARGS adds flags, e.g. to compare canvas rasterisers.
  const extra = (process.env.BENCH_CHROMIUM_ARGS ?? '').split(' ').filter(Boolean);
  const browser = await browserType.launch({ ...chromium, args: [...chromium.args, ...extra] });
  const page = await browser.newPage();
  await page.addInitScript(installProbe);
  // Keep a handle on the engine worker to time it directly.
  await page.addInitScript(() => {
    const Base = window.Worker;
    window.Worker = class extends Base {
      constructor(...args) {
        super(...args);
        window.__engineWorker = this;
      }
    };
  });
  for (let attempt = 0; ; attempt++) {
    try {
      await page.goto(`http://127.0.0.1:${port}/?backend=${backend}${query}`);
      break;
    } catch (error) {
      if (attempt > 50) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  await page.getByRole('status', { name: 'loss', exact: true }).filter({ hasText: /MSE \d/ }).waitFor();
  const interactive = [];
  for (let i = 0; i < reloads; i++) {
    await page.reload();
    await page.getByRole('status', { name: 'loss', exact: true }).filter({ hasText: /MSE \d/ }).waitFor();
    interactive.push(await page.evaluate(() => window.__interactiveAt));
  }
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const version = browser.version();
  const badge = await page.getByRole('status', { name: 'backend', exact: true }).textContent();
  console.log(`Quadratic lab benchmark, Chromium ${version}, ${inputs} inputs per slider, extra flags: ${extra.join(' ') || 'none'}`);
  console.log(`${badge} (asked for ?backend=${backend})\n`);
  console.log(`navigation to first interactive slider (loss shown), ${reloads} reloads: ${summary(interactive)}`);
  console.log(`harness alone (key press that changes nothing): main-thread work ${summary(await harnessCost(page, cdp))}`);
  for (const [name, what] of [
    ['a', 'slider a (curve, readout, surface marker)'],
    ['c', 'slider c (curve, readout, whole surface recomputed)'],
  ]) {
    const { work, firstFrames, frames, changed } = await sliderLatency(page, cdp, name);
    console.log(`${what}: loss readout changed on ${changed}/${work.length} inputs`);
    console.log(`  main-thread work                ${summary(work)}`);
    console.log(`  input to curve painted          ${summary(firstFrames)}`);
    console.log(`  input to new loss painted       ${summary(frames)}`);
  }
  const engine = await engineSpeed(page);
  console.log(`\nengine worker, ${engineSteps} SGD steps per command: ${summary(engine)} -> ${((engineSteps * 1000) / quantile(engine, 0.5)).toFixed(0)} steps/s`);
  const train = await training(page);
  console.log(`\nTrain for ${trainSeconds} s:`);
  console.log(`  steps per second       ${train.stepsPerSecond.toFixed(0)}`);
  console.log(`  frames per second      ${train.fps.toFixed(1)}`);
  console.log(`  main-thread per frame  ${summary(train.frameCosts)}`);
  console.log(`  long tasks (> 50 ms)   ${train.longTasks.length}${train.longTasks.length ? ` (longest ${Math.max(...train.longTasks).toFixed(0)} ms)` : ''}`);
  console.log(`  Stop click to stopped  ${train.stopLatency} ms (includes Playwright round trips)`);
  await browser.close();
} finally {
  server.kill();
}
