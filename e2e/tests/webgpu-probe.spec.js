import { test, expect } from './lab.js';
import { chromium } from '../chromium.mjs';

// WebGPU switched on: here the only adapter is SwiftShader, a software fallback.
test.use({ launchOptions: { ...chromium, args: [...chromium.args, '--enable-unsafe-webgpu'] } });

test('a software-only WebGPU adapter is not chosen by default, and the page says so', async ({ lab, page }) => {
  const badge = page.getByRole('status', { name: 'backend', exact: true });
  await expect(badge).toHaveText('Backend: CPU (wasm)');
  await expect(badge).toHaveAttribute('title', /software one \(.*swiftshader.*\)/i);
  await lab.button('Step').click();
  await expect.poll(async () => (await lab.coefficients()).a).not.toBe(1.5);
});
