// Every lab's setup in its link: a lab changed by hand, its "Copy link" opened in a fresh page,
// shows the same settings and the same numbers; hostile values in the address fall back to their
// defaults with a notice naming the key, and no page error.
import { test, expect, QuadraticLab } from './lab.js';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

/** Values an address may carry that no setting takes. */
const HOSTILE = ['<img src=x onerror=alert(1)>', 'javascript:alert(1)', '1e309', 'NaN', '١٢٣', '9'.repeat(10_000)];

/** What the Quadratic lab shows of its setup. */
async function quadraticSetup(lab) {
  const page = lab.page;
  return {
    coefficients: await lab.coefficients(),
    rate: await lab.box('learning rate').inputValue(),
    loss: await lab.loss.textContent(),
    seed: await page.getByRole('spinbutton', { name: 'seed', exact: true }).inputValue(),
    noise: await lab.slider('noise').inputValue(),
    axes: await page.getByRole('combobox', { name: 'surface axes' }).inputValue(),
    forgetZeroGrad: await page.getByRole('checkbox', { name: 'forget to zero the gradients' }).isChecked(),
    points: await lab.points(),
  };
}

test('Quadratic lab: its copied link opens the same setup, with the same points and loss', async ({ lab, page }) => {
  await lab.type('a', 2.5);
  await lab.type('learning rate', 0.05);
  await page.getByRole('radio', { name: /MAE/ }).check();
  const seed = page.getByRole('spinbutton', { name: 'seed', exact: true });
  await seed.fill('7');
  await seed.press('Enter');
  await lab.slider('noise').fill('0.5');
  await page.getByRole('combobox', { name: 'surface axes' }).selectOption({ label: 'a and c (b held)' });
  await page.getByRole('checkbox', { name: 'forget to zero the gradients' }).check();
  await expect(lab.loss).toHaveText(/^MAE \d/);
  await lab.expectLossOfTable('MAE');
  const setup = await quadraticSetup(lab);
  expect(setup.coefficients.a).toBe(2.5);
  expect(setup.seed).toBe('7');

  const panel = page.locator('#quadratic-panel');
  await panel.getByRole('button', { name: 'Copy link', exact: true }).click();
  await expect(panel.getByRole('status', { name: 'link', exact: true })).toHaveText(/Link copied/);
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toContain('q_a=2.5');

  const fresh = new QuadraticLab(await page.context().newPage());
  await fresh.page.goto(link);
  await expect(fresh.loss).toHaveText(setup.loss);
  expect(await quadraticSetup(fresh)).toEqual(setup);
  await expect(fresh.page.locator('#quadratic-panel .address-notice')).toHaveText('');
});

for (const key of ['q_a', 'q_b', 'q_c', 'q_lr', 'q_loss', 'q_seed', 'q_noise', 'q_surface', 'q_zero_grad']) {
  test(`Quadratic lab: hostile values of ${key} take its default, and the notice names it`, async ({ lab, page }) => {
    const defaults = await quadraticSetup(lab);
    for (const value of HOSTILE) {
      await page.goto(`/?backend=cpu&${key}=${encodeURIComponent(value)}`);
      await expect(page.locator('#quadratic-panel .address-notice')).toContainText(`(${key}=`);
      await expect(lab.loss).toHaveText(defaults.loss);
      expect(await quadraticSetup(lab)).toEqual(defaults);
    }
  });
}

test('Network playground: its copied link opens the same setup and the same first scores', async ({ playground, page }) => {
  await playground.open('cpu');
  await playground.select('dataset').selectOption('xor');
  await playground.select('activation').selectOption('relu');
  await page.getByRole('slider', { name: 'batch size' }).fill('25');
  await expect(playground.scores).toHaveText(/^Batch 0 /);
  const scores = await playground.scores.textContent();
  await playground.region.getByRole('button', { name: 'Copy link', exact: true }).click();
  await expect(playground.region.getByRole('status', { name: 'link', exact: true })).toHaveText(/Link copied/);
  const link = await page.evaluate(() => navigator.clipboard.readText());

  const fresh = await page.context().newPage();
  await fresh.goto(link);
  await expect(fresh.locator('.playground-scores')).toHaveText(scores);
  await expect(fresh.getByRole('combobox', { name: 'dataset', exact: true })).toHaveValue('xor');
  await expect(fresh.getByRole('combobox', { name: 'activation', exact: true })).toHaveValue('relu');
  await expect(fresh.getByRole('slider', { name: 'batch size' })).toHaveValue('25');
});

test('a browser that refuses the clipboard gets the link shown, to copy by hand', async ({ page }) => {
  await page.addInitScript(() => {
    navigator.clipboard.writeText = () => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError'));
  });
  const lab = new QuadraticLab(page);
  await lab.open('cpu');
  await lab.type('a', 2.5);
  const panel = page.locator('#quadratic-panel');
  await panel.getByRole('button', { name: 'Copy link', exact: true }).click();
  const said = panel.getByRole('status', { name: 'link', exact: true });
  await expect(said).toHaveText(/^Copy this link: http:\/\/\S+q_a=2\.5/);
  // The link shown opens the same lab.
  const link = (await said.textContent()).replace('Copy this link: ', '');
  await page.goto(link);
  await expect(lab.box('a')).toHaveValue('2.5');
});
