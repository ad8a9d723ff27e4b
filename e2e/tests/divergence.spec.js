import { test, expect, largestStableRate, leastSquares, lossOf } from './lab.js';

test('a learning rate of 10 diverges with a plain message, no NaN, and Reset recovers', async ({ lab, page }) => {
  const points = await lab.points();
  await lab.type('learning rate', 10);
  await lab.button('Train').click();
  const alert = page.getByRole('alert').filter({ hasText: 'The loss blew up' });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('the learning rate 10 is above the largest stable rate here (≈ 0.22');
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

/** The rate the page shows as the largest stable one. */
const shownStableRate = async (page) => Number((await page.locator('.stable-rate').textContent()).match(/≈ (\S+):/)[1]);

test('the largest stable rate is shown, is 2/λmax of the Hessian, and is where Train turns from converging to blowing up', async ({ lab, page }) => {
  const points = await lab.points();
  const stable = await shownStableRate(page);
  expect(Math.abs(stable / largestStableRate(points) - 1)).toBeLessThan(1e-3);
  expect(stable).toBeGreaterThan(0.2);
  expect(stable).toBeLessThan(0.24);
  await expect(page.locator('.steep-data')).toHaveCount(0);

  await lab.type('learning rate', (stable * 1.05).toPrecision(4));
  await lab.button('Train').click();
  await expect(page.getByRole('alert').filter({ hasText: 'The loss blew up' })).toContainText('is above the largest stable rate here');
  await lab.button('Reset').click();
  await lab.type('learning rate', (stable * 0.95).toPrecision(4));
  await lab.button('Train').click();
  await expect(lab.message).toContainText('Converged', { timeout: 30_000 });
});

test('on data at x = ±1000 the rate reaches low enough, the message names the data\'s scale, and scaling the data fixes it', async ({ lab, page }) => {
  const pasted = [[-1000, 1000], [-400, 170], [0, 3], [500, 240], [1000, -1000]];
  await page.getByText('Paste data', { exact: true }).click();
  await page.getByRole('textbox', { name: /x,y pairs/ }).fill(pasted.map((p) => p.join(',')).join('\n'));
  await lab.button('Use these points').click();
  await expect(page.locator('.points-message')).toHaveText('Using your 5 points.');
  const stable = await shownStableRate(page);
  expect(Math.abs(stable / largestStableRate(pasted) - 1)).toBeLessThan(1e-3);
  expect(stable).toBeLessThan(1e-11);
  await expect(page.locator('.steep-data')).toContainText('x reaches 1000, so x² reaches 1e6');

  // The lesson's rate blows up, and the message says why and what to do.
  await lab.button('Train').click();
  const alert = page.getByRole('alert').filter({ hasText: 'The loss blew up' });
  await expect(alert).toContainText("The points' scale is the cause (x reaches 1000): Scale the data to ±1");
  await expect(alert).toContainText(`Lower it below ${stable}`);

  // A rate below the stable one can be set, and trains without blowing up.
  await lab.button('Reset').click();
  await lab.type('learning rate', (stable / 2).toPrecision(3));
  expect(Math.abs(Number(await lab.box('learning rate').inputValue()) / (stable / 2) - 1)).toBeLessThan(1e-2);
  const [, before] = await lab.lossValue();
  await lab.button('Train').click();
  await expect(lab.message).toContainText(/step [1-9]\d{2}|Converged/);
  // It may converge on its own before Stop is pressed.
  await lab.button('Stop').click({ timeout: 2000 }).catch(() => {});
  await expect(lab.message).toContainText(/Stopped after|Converged after/);
  await expect(page.getByRole('alert').filter({ hasText: 'The loss blew up' })).toHaveCount(0);
  expect((await lab.lossValue())[1]).toBeLessThan(before);

  // Scaling the data brings the stable rate back to everyday values.
  await page.locator('.steep-data').getByRole('button', { name: 'Scale the data to ±1' }).click();
  await expect(page.locator('.points-message')).toContainText('Divided x by 1000 and y by 1000: the points now lie within ±1, and the largest stable rate is now ≈');
  expect(await lab.points()).toEqual(pasted.map(([x, y]) => [x / 1000, y / 1000]));
  const scaled = await shownStableRate(page);
  expect(Math.abs(scaled / largestStableRate(await lab.points()) - 1)).toBeLessThan(1e-3);
  expect(scaled).toBeGreaterThan(0.1);
  await expect(page.locator('.steep-data')).toHaveCount(0);
});
