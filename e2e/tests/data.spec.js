import { test, expect } from './lab.js';

test('the data table is collapsed by default and lists the points under x and y', async ({ lab, page }) => {
  const table = page.getByRole('table', { name: 'data points' });
  await expect(table).toBeHidden();
  await page.getByText(/Data as a table/).click();
  await expect(table).toBeVisible();
  await expect(page.getByRole('columnheader', { name: 'x', exact: true })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: 'y', exact: true })).toBeVisible();
  const points = await lab.points();
  expect(points.map(([x]) => x)[0]).toBe(-2);
  expect(points.map(([x]) => x)[19]).toBe(2);
});

test('New data draws other points, and the seed brings the first ones back', async ({ lab, page }) => {
  const first = await lab.points();
  const seed = page.getByRole('spinbutton', { name: 'seed', exact: true });
  await expect(seed).toHaveValue('42');
  await lab.button('New data').click();
  await expect(seed).not.toHaveValue('42');
  const other = await lab.points();
  expect(other).not.toEqual(first);
  expect(other.map(([x]) => x)).toEqual(first.map(([x]) => x));
  await seed.fill('42');
  await seed.press('Enter');
  await expect.poll(() => lab.points()).toEqual(first);
});

test('noise 0 puts the points on the hidden curve 3x² + 2x + 1', async ({ lab, page }) => {
  const noise = page.getByRole('slider', { name: 'noise', exact: true });
  await noise.focus();
  await noise.press('Home');
  await expect.poll(async () => {
    const points = await lab.points();
    return Math.max(...points.map(([x, y]) => Math.abs(3 * x * x + 2 * x + 1 - y)));
  }).toBeLessThan(1e-3);
});
