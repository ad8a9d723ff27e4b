// A light first load: a machine without WebGPU gets the CPU engine only, and everything the
// Quadratic lab needs to show its first loss fits in the 1.2 MB budget, compressed as sent.
import { test, expect } from './lab.js';

const BUDGET = 1.2e6;

test('without WebGPU the page never fetches the GPU engine, and its first load is within 1.2 MB', async ({ page }) => {
  const responses = [];
  page.on('response', (response) => responses.push(response));
  await page.goto('/');
  await expect(page.getByRole('status', { name: 'loss', exact: true })).toHaveText(/^MSE \d/);
  // Chromium here has no hardware WebGPU adapter: the automatic choice is the CPU.
  await expect(page.getByRole('status', { name: 'backend', exact: true })).toHaveText('Backend: CPU (wasm)');
  const sizes = await Promise.all(
    responses.map(async (r) => [new URL(r.url()).pathname, (await r.request().sizes()).responseBodySize]),
  );
  const paths = sizes.map(([path]) => path);
  expect(paths).toContain('/engine_cpu_bg.wasm');
  expect(paths).toContain('/app_bg.wasm');
  const total = sizes.reduce((sum, [, bytes]) => sum + bytes, 0);
  expect(total, JSON.stringify(sizes)).toBeLessThan(BUDGET);

  // Every lab opened: still no GPU engine.
  for (const tab of ['Digits lab', 'ReLU lab', 'Network playground']) await page.getByRole('tab', { name: tab }).click();
  await expect(page.locator('.playground-scores')).toHaveText(/^Batch 0 /);
  expect(responses.map((r) => r.url()).filter((url) => url.includes('engine_webgpu'))).toEqual([]);
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
