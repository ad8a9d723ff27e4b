import { test, expect, badge, badgeText } from './lab.js';

test('the badge names the backend the engine worker runs on', { tag: '@webgpu' }, async ({ lab, page, backend }) => {
  await expect(badge(page)).toHaveText(badgeText(backend));
  await expect(badge(page)).toHaveAttribute('title', /Web Worker/);
});

test('the page stays responsive while the worker trains', { tag: '@webgpu' }, async ({ lab, page }) => {
  await lab.type('learning rate', 0.0001);
  await lab.button('Train').click();
  await expect(lab.message).toContainText(/Training… step [1-9]/);
  // The main thread is free: the surface picker and the data table answer during training.
  await page.getByText(/Data as a table/).click();
  await expect(page.getByRole('table', { name: 'data points' })).toBeVisible();
  await expect(lab.message).toContainText('Training…');
  // Stop lets the batch of steps in flight land, then training really halts.
  await lab.button('Stop').click();
  await expect(lab.message).toContainText('Stopped after', { timeout: 30_000 });
  const stopped = await lab.coefficients();
  await page.waitForTimeout(300);
  expect(await lab.coefficients()).toEqual(stopped);
});

test('moving a slider during training ends the run at the new point', async ({ lab }) => {
  await lab.type('learning rate', 0.0001);
  await lab.button('Train').click();
  await expect(lab.message).toContainText(/Training… step [1-9]/);
  await lab.type('a', -2);
  await expect(lab.button('Train')).toBeEnabled();
  await lab.page.waitForTimeout(300);
  expect((await lab.coefficients()).a).toBe(-2);
});
