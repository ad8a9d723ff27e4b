// Which backend trains, and why: the probe, the address and the picker. These choose their own
// backend, so they run once (in the CPU project).
import { test, expect, badge, picker } from './lab.js';

test('without WebGPU the page falls back to the CPU by itself and says why', async ({ lab, page }) => {
  await page.goto('/');
  await expect(badge(page)).toHaveText('Backend: CPU (wasm)');
  await expect(badge(page)).toHaveAttribute('title', /offers no WebGPU adapter/);
  await expect(picker(page)).toHaveValue('auto');
});

test('WebGPU asked for where there is none: the CPU trains, and the page says why', async ({ lab, page }) => {
  await page.goto('/?backend=webgpu');
  await expect(badge(page)).toHaveAttribute('title', /offers no WebGPU adapter/);
  await expect(badge(page)).toHaveText('Backend: CPU (wasm)');
  await lab.button('Step').click();
  await expect.poll(async () => (await lab.coefficients()).a).not.toBe(1.5);
});

test('?backend=cpu is honoured and named as the reason', async ({ lab, page }) => {
  await expect(badge(page)).toHaveAttribute('title', /CPU was chosen \(\?backend=cpu\)/);
  await expect(picker(page)).toHaveValue('cpu');
});

test('an unknown backend in the address gives a notice and the page still works', async ({ lab, page }) => {
  await page.goto('/?backend=tpu');
  await expect(page.getByText('Unknown backend "tpu" in the address')).toBeVisible();
  await expect(lab.loss).toHaveText(/^MSE \d/);
  await lab.button('Step').click();
  await expect.poll(async () => (await lab.coefficients()).a).not.toBe(1.5);
});
