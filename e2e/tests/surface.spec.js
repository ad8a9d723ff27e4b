import { test, expect, lossOf, expectClose } from './lab.js';

test('clicking the loss surface moves a and b there and keeps c', async ({ lab }) => {
  const points = await lab.points();
  const box = await lab.surface.boundingBox();
  // Top right of the plot area: both plotted coefficients high.
  await lab.surface.click({ position: { x: box.width * 0.85, y: box.height * 0.15 } });
  await expect.poll(async () => (await lab.coefficients()).a).toBeGreaterThan(2);
  let moved = await lab.coefficients();
  expect(moved.b).toBeGreaterThan(2);
  expect(moved.c).toBe(1.5);
  expectClose((await lab.lossValue())[1], lossOf(points, moved), 2e-3);

  // Bottom left: both low.
  await lab.surface.click({ position: { x: box.width * 0.3, y: box.height * 0.75 } });
  await expect.poll(async () => (await lab.coefficients()).a).toBeLessThan(0);
  moved = await lab.coefficients();
  expect(moved.b).toBeLessThan(0);
  expect(moved.c).toBe(1.5);
});

test('the surface can span a and c instead, holding b', async ({ lab, page }) => {
  await page.getByRole('combobox', { name: 'surface axes' }).selectOption({ label: 'a and c (b held)' });
  await expect(page.locator('figcaption').nth(1)).toContainText('over a and c, with b held at 1.5');
  const box = await lab.surface.boundingBox();
  await lab.surface.click({ position: { x: box.width * 0.85, y: box.height * 0.15 } });
  await expect.poll(async () => (await lab.coefficients()).c).toBeGreaterThan(2);
  expect((await lab.coefficients()).b).toBe(1.5);
});
