import { test, expect, lossOf, expectClose } from './lab.js';

test('switching to MAE shows the mean absolute error of the table points, and back', async ({ lab, page }) => {
  const points = await lab.points();
  const start = { a: 1.5, b: 1.5, c: 1.5 };
  await page.getByRole('radio', { name: /MAE/ }).check();
  await expect(lab.loss).toHaveText(/^MAE \d/);
  expectClose((await lab.lossValue())[1], lossOf(points, start, 'MAE'));
  await lab.type('b', -1);
  await expect.poll(async () => (await lab.lossValue())[1]).toBeCloseTo(
    lossOf(points, { ...start, b: -1 }, 'MAE'),
    3,
  );
  await page.getByRole('radio', { name: /MSE/ }).check();
  await expect(lab.loss).toHaveText(/^MSE \d/);
  expectClose((await lab.lossValue())[1], lossOf(points, { ...start, b: -1 }, 'MSE'));
});
