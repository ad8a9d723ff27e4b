import { test, expect } from './lab.js';

const badge = (page) => page.getByRole('status', { name: 'backend', exact: true });

test('without a WebGPU adapter the page trains on the CPU and says why', async ({ lab, page }) => {
  await expect(badge(page)).toHaveText('Backend: CPU (wasm)');
  await expect(badge(page)).toHaveAttribute('title', /offers no WebGPU adapter/);
});

test('?backend=cpu is honoured and named as the reason', async ({ lab, page }) => {
  await page.goto('/?backend=cpu');
  await expect(lab.loss).toHaveText(/^MSE \d/);
  await expect(badge(page)).toHaveAttribute('title', /chosen in the address \(\?backend=cpu\)/);
});

test('an unknown backend in the address gives a notice and the page still works', async ({ lab, page }) => {
  await page.goto('/?backend=tpu');
  await expect(page.getByText('Unknown backend "tpu" in the address')).toBeVisible();
  await expect(lab.loss).toHaveText(/^MSE \d/);
  await lab.button('Step').click();
  await expect.poll(async () => (await lab.coefficients()).a).not.toBe(1.5);
});
