// A light first load: a machine without WebGPU gets the CPU engine only; the Quadratic lab shows
// its first loss from the page alone (the host's maths) within 0.6 MB, compressed as sent, and
// with the engine it needs to train, everything stays within 1.2 MB. The files worker (programs,
// weights and settings files) is fetched only when a learner first opens one.
import { test, expect } from './lab.js';

const FIRST_LOSS_BUDGET = 0.6e6;
const BUDGET = 1.2e6;

const sizesOf = (responses) =>
  Promise.all(responses.map(async (r) => [new URL(r.url()).pathname, (await r.request().sizes()).responseBodySize]));
const total = (sizes) => sizes.reduce((sum, [, bytes]) => sum + bytes, 0);

test('the first loss shows within 0.6 MB before the engine loads; without WebGPU the page never fetches the GPU engine, nor the files worker until a program is opened', async ({ page }) => {
  const responses = [];
  page.on('response', (response) => responses.push(response));
  // The CPU engine is held back until the first loss has been read: the page must not need it.
  let release;
  const released = new Promise((resolve) => (release = resolve));
  const held = [];
  await page.route(/\/engine_cpu/, async (route) => {
    held.push(new URL(route.request().url()).pathname);
    await released;
    await route.continue();
  });
  await page.goto('/');
  const loss = page.getByRole('status', { name: 'loss', exact: true });
  await expect(loss).toHaveText(/^MSE \d/);
  // The lesson's start and points, on the host: the same number the engine gives below.
  const hostLoss = await loss.textContent();
  const beforeEngine = await sizesOf(responses);
  expect(beforeEngine.map(([path]) => path)).toContain('/app_bg.wasm');
  expect(beforeEngine.map(([path]) => path).filter((path) => path.startsWith('/engine_'))).toEqual([]);
  expect(total(beforeEngine), JSON.stringify(beforeEngine)).toBeLessThan(FIRST_LOSS_BUDGET);

  release();
  // Chromium here has no hardware WebGPU adapter: the automatic choice is the CPU.
  await expect(page.getByRole('status', { name: 'backend', exact: true })).toHaveText('Backend: CPU (wasm)');
  expect(held).toContain('/engine_cpu_bg.wasm');
  await expect(loss).toHaveText(hostLoss);
  const sizes = await sizesOf(responses);
  expect(sizes.map(([path]) => path)).toContain('/engine_cpu_bg.wasm');
  expect(total(sizes), JSON.stringify(sizes)).toBeLessThan(BUDGET);

  // Every lab opened: still no GPU engine.
  for (const tab of ['Digits lab', 'ReLU lab', 'Network playground']) await page.getByRole('tab', { name: tab }).click();
  await expect(page.locator('.playground-scores')).toHaveText(/^Batch 0 /);
  expect(responses.map((r) => r.url()).filter((url) => url.includes('engine_webgpu'))).toEqual([]);
  const files = () => responses.map((r) => new URL(r.url()).pathname).filter((path) => path.startsWith('/files'));
  expect(files()).toEqual([]);
  // The first program asked for brings the files worker.
  const panel = page.locator('#playground-panel details.as-code');
  await panel.locator('summary').click();
  await expect(panel.getByLabel('PyTorch program')).toContainText('import torch');
  expect(files()).toEqual(expect.arrayContaining(['/files-loader.js', '/files.js', '/files_bg.wasm']));
});

test('the server sends the precompressed copies cargo xtask dist made, as a host would', async ({ page }) => {
  for (const [encoding, suffix] of [['br', '.br'], ['gzip', '.gz']]) {
    const response = await page.request.get('/engine_cpu_bg.wasm', { headers: { 'accept-encoding': encoding } });
    expect(response.headers()['content-encoding']).toBe(encoding);
    expect(response.headers()['content-type']).toBe('application/wasm');
    // Decoded, it is the wasm itself (its magic number).
    expect([...(await response.body()).subarray(0, 4)]).toEqual([0, 0x61, 0x73, 0x6d]);
    const copy = await page.request.get(`/engine_cpu_bg.wasm${suffix}`, { headers: { 'accept-encoding': 'identity' } });
    expect(Number(response.headers()['content-length'])).toBe((await copy.body()).length);
  }
});
