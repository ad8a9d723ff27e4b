// Accessibility: axe-core (through @axe-core/playwright) finds no serious or critical violation
// in any lab, with its content shown (MNIST loaded, a drawing read, a network built).
import AxeBuilder from '@axe-core/playwright';
import { test, expect, DigitsLab } from './lab.js';

const seriousIn = async (page, include) => {
  const { violations } = await new AxeBuilder({ page }).include(include).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.length} × ${v.nodes[0].target.join(' ')}; ${v.help}`);
};

test('axe finds no serious or critical violation in any lab', async ({ page, lab }) => {
  test.setTimeout(120_000);
  expect(await seriousIn(page, 'body'), 'Quadratic lab').toEqual([]);

  await page.getByRole('tab', { name: 'Digits lab' }).click();
  await expect(page.locator('.data-loaded')).toHaveText(/100%/, { timeout: 60_000 });
  const digits = new DigitsLab(page);
  await digits.stroke([[0.5, 0.15], [0.5, 0.85]]);
  await expect(digits.prediction).toHaveText('1');
  expect(await seriousIn(page, '#digits-panel'), 'Digits lab').toEqual([]);

  await page.getByRole('tab', { name: 'ReLU lab' }).click();
  expect(await seriousIn(page, '#relu-panel'), 'ReLU lab').toEqual([]);

  await page.getByRole('tab', { name: 'Network playground' }).click();
  await expect(page.locator('.playground-scores')).toHaveText(/^Batch 0 /);
  expect(await seriousIn(page, '#playground-panel'), 'Network playground').toEqual([]);

  await page.getByRole('tab', { name: 'Titanic lab' }).click();
  await page.getByRole('button', { name: 'Train all three' }).click();
  await expect(page.locator('.titanic-answers li')).toHaveCount(3);
  expect(await seriousIn(page, '#titanic-panel'), 'Titanic lab').toEqual([]);

  await page.getByRole('tab', { name: 'Tensors lab' }).click();
  await expect(page.locator('.stack-shape')).toHaveText('[6131, 28, 28]', { timeout: 60_000 });
  await page.getByRole('button', { name: 'Time both' }).click();
  await expect(page.locator('.timing-result')).toContainText('ms', { timeout: 60_000 });
  expect(await seriousIn(page, '#tensors-panel'), 'Tensors lab').toEqual([]);
});

test('axe finds no serious or critical violation with the missions listed and one set up, its hint and explanation shown', async ({ page, lab }) => {
  await page.getByRole('button', { name: /^Missions \(/ }).click();
  expect(await seriousIn(page, '#missions-panel'), 'the list of missions').toEqual([]);
  await page.locator('li[data-mission="hinge"]').getByRole('button', { name: 'Set up' }).click();
  await page.getByRole('button', { name: 'Hint', exact: true }).click();
  await page.getByRole('slider', { name: 'unit 2 b', exact: true }).fill('-2');
  await expect(page.locator('.mission-card .mission-explanation')).toBeVisible();
  expect(await seriousIn(page, '.mission-card'), 'the mission card').toEqual([]);
  await page.getByRole('button', { name: /^Missions \(/ }).click();
  await page.locator('li[data-mission="gradient-sign"]').getByRole('button', { name: 'Set up' }).click();
  expect(await seriousIn(page, 'body'), 'the Quadratic lab with a question').toEqual([]);
});
