import { test, expect, leastSquares, lossOf, expectClose } from './lab.js';

test('Train converges to within 5% of the least-squares loss and draws the loss curve', async ({ lab }) => {
  const points = await lab.points();
  const optimum = lossOf(points, leastSquares(points));
  await lab.type('learning rate', 0.1);
  await lab.button('Train').click();
  await expect(lab.message).toContainText('Converged', { timeout: 30_000 });
  const [, reached] = await lab.lossValue();
  expect(reached).toBeLessThanOrEqual(optimum * 1.05);
  expectClose(reached, lossOf(points, await lab.coefficients()), 2e-3);
  await expect(lab.button('Train')).toBeEnabled();
});

test('Train at the lesson rate animates step by step and Stop halts it', { tag: '@webgpu' }, async ({ lab }) => {
  await lab.type('learning rate', 0.0001);
  await lab.button('Train').click();
  await expect(lab.message).toContainText(/Training… step [1-9]/);
  await expect(lab.button('Step')).toBeDisabled();
  await lab.button('Stop').click();
  // The batch of steps in flight lands first, then nothing moves.
  await expect(lab.message).toContainText('Stopped after', { timeout: 30_000 });
  const stopped = await lab.coefficients();
  await lab.page.waitForTimeout(300);
  expect(await lab.coefficients()).toEqual(stopped);
  await expect(lab.button('Train')).toBeEnabled();
});

test('Reset returns to the start values', async ({ lab }) => {
  await lab.button('Step').click();
  await expect.poll(async () => (await lab.coefficients()).a).not.toBe(1.5);
  await lab.button('Reset').click();
  expect(await lab.coefficients()).toEqual({ a: 1.5, b: 1.5, c: 1.5 });
  expectClose((await lab.lossValue())[1], lossOf(await lab.points(), { a: 1.5, b: 1.5, c: 1.5 }));
});
