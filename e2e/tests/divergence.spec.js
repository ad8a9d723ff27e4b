import { test, expect, leastSquares, lossOf } from './lab.js';

test('a learning rate of 10 diverges with a plain message, no NaN, and Reset recovers', async ({ lab, page }) => {
  const points = await lab.points();
  await lab.type('learning rate', 10);
  await lab.button('Train').click();
  const alert = page.getByRole('alert').filter({ hasText: 'The loss blew up' });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('learning rate is too high');
  await expect(lab.button('Train')).toBeEnabled();
  const text = await page.locator('body').innerText();
  expect(text).not.toMatch(/NaN|Infinity|inf\b/i);
  const [, loss] = await lab.lossValue();
  expect(Number.isFinite(loss)).toBe(true);

  await lab.button('Reset').click();
  await expect(alert).toHaveCount(0);
  expect(await lab.coefficients()).toEqual({ a: 1.5, b: 1.5, c: 1.5 });

  // Lowering the rate then trains normally again.
  await lab.type('learning rate', 0.1);
  await lab.button('Train').click();
  await expect(lab.message).toContainText('Converged', { timeout: 30_000 });
  expect((await lab.lossValue())[1]).toBeLessThanOrEqual(lossOf(points, leastSquares(points)) * 1.05);
});
