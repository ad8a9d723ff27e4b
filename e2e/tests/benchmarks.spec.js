// Every browser benchmark in bench/ runs here in its smoke mode (BENCH_SMOKE=1: one short
// configuration), so one that breaks fails the test command instead of rotting. Each must exit
// cleanly and print its figures; no timing is asserted (the figures are not measurements).
// Native benchmarks: `cargo test --all-targets` runs criterion's in its test mode.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test, expect } from '@playwright/test';

const e2e = fileURLToPath(new URL('..', import.meta.url));
const number = String.raw`\d+(\.\d+)?`;

/** The figures each benchmark prints, one pattern a line. */
const benchmarks = {
  'first-load.mjs': [
    RegExp(`cold: ${number} kB over the network, ${number} ms`),
    RegExp(`warm: ${number} kB`),
    /app_bg\.wasm/,
    /Until the CPU engine's wasm has come/,
    /engine_cpu_bg\.wasm/,
  ],
  'quadratic.mjs': [
    RegExp(`navigation to first interactive slider .*median ${number} ms`),
    RegExp(`slider a .*: loss readout changed on [1-9]\\d*/`),
    RegExp(`engine worker, 10 SGD steps per command: median ${number} ms.* -> ${number} steps/s`),
    RegExp(`steps per second +${number}`),
  ],
  'digits.mjs': [
    RegExp(`MNIST loaded and checked in the worker: ${number} s`),
    RegExp(`784-30-10, batch 256, 1 worker\\(s\\): ${number} s/epoch`),
    RegExp(`784-30-10, batch 256, 2 worker\\(s\\): ${number} s/epoch`),
    RegExp(`CNN, batch 64, 2 worker\\(s\\): ${number} samples/s`),
    RegExp(`while training from the page, 2 worker\\(s\\) \\(1 s\\): ${number} fps`),
  ],
  'profile-digits.mjs': [RegExp(`784-30-10, batch 256, 1 worker\\(s\\): ${number} s/epoch profiled`), /\| waiting \(idle\) \| \d+ \|/],
  'first-batch.mjs': [RegExp(`first Train to its first batch on screen: median ${number} ms`)],
  'drawing.mjs': [RegExp(`pointer event to probabilities in the DOM: median ${number} ms`)],
  'history.mjs': [RegExp(`after 1 Trains of 10,000 steps: ${number} fps`)],
  'playground.mjs': [RegExp(`largest .* on cpu: ${number} steps/s`), RegExp(`ReLU lab Fit .* on cpu: ${number} s`)],
  'workers.mjs': [/engine workers: [1-9]/, RegExp(`slider to new loss: median ${number} ms`), RegExp(`playground: ${number} steps/s alone`)],
};

/** Runs `node bench/<script>` in smoke mode; its exit code and everything it printed. */
const run = (script) =>
  new Promise((resolve) => {
    const child = spawn('node', [`bench/${script}`], { cwd: e2e, env: { ...process.env, BENCH_SMOKE: '1' } });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => resolve({ code, output }));
  });

for (const [script, figures] of Object.entries(benchmarks)) {
  test(`benchmark ${script} runs to its figures in smoke mode`, async () => {
    test.setTimeout(240_000);
    const { code, output } = await run(script);
    expect(code, output).toBe(0);
    for (const figure of figures) expect(output).toMatch(figure);
  });
}
