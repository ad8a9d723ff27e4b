// With WebGPU switched on, where headless Chromium offers only SwiftShader (a software adapter):
// what the page picks by itself, and moving between backends with the picker. Runs once.
import { test, expect, badge, picker } from './lab.js';
import { withWebGpu } from '../chromium.mjs';

test.use({ launchOptions: withWebGpu });

test('the software adapter is not chosen by default, and the page says so', async ({ lab, page }) => {
  await page.goto('/');
  await expect(badge(page)).toHaveText('Backend: CPU (wasm)');
  await expect(badge(page)).toHaveAttribute('title', /software one \(.*swiftshader.*\)/i);
});

test('the picker moves training between backends, keeping the point and its path', async ({ lab, page }) => {
  await page.goto('/');
  await expect(badge(page)).toHaveText('Backend: CPU (wasm)');
  await lab.button('Step').click();
  await expect.poll(async () => (await lab.coefficients()).a).not.toBe(1.5);
  const stepped = await lab.coefficients();
  const loss = await lab.lossValue();

  await picker(page).selectOption('WebGPU');
  await expect(badge(page)).toHaveText(/^Backend: WebGPU \(.*swiftshader.*\)$/i);
  await expect(page).toHaveURL(/[?&]backend=webgpu(&|$)/);
  expect(await lab.coefficients()).toEqual(stepped);
  await expect(lab.loss).toHaveText(`${loss[0]} ${loss[1]}`);
  // One step on WebGPU goes on from where the CPU left off.
  await lab.button('Step').click();
  await expect.poll(async () => (await lab.coefficients()).a).not.toBe(stepped.a);
  expect((await lab.lossValue())[1]).toBeLessThan(loss[1]);

  await picker(page).selectOption('CPU');
  await expect(badge(page)).toHaveText('Backend: CPU (wasm)');
  await expect(page).toHaveURL(/[?&]backend=cpu(&|$)/);
});
