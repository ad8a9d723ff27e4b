// Any two digits: the baseline, the linear model and simple_net tell apart the pair the learner
// picks (3 and 7 by default, as in the book); the data, the means, the baseline, the models and
// their program follow.
import { test, expect } from './lab.js';

// MNIST's test set holds 1,032 2s and 982 4s; its training set 5,958 2s and 5,842 4s.
const TEST_TWOS_AND_FOURS = 1032 + 982;
const BATCHES_OF_TWOS_AND_FOURS = Math.ceil((5958 + 5842) / 256);

test('2 versus 4: the baseline averages 2s and 4s, and the linear model learns them above 0.9', async ({ digits, page }) => {
  test.setTimeout(120_000);
  await digits.open('cpu');
  const similarity = page.locator('[aria-labelledby="similarity-title"]');
  const linear = digits.panel('linear');
  const title = (key) => page.locator(`details[data-section="${key}"] > summary`);
  await expect(title('linear')).toHaveText('3. A linear model: 3 or 7?');
  await digits.pick('similarity', 2, 4);
  // One pair for the three rungs: each picker and title says it.
  for (const root of [similarity, linear.root, digits.panel('simplenet').root]) {
    await expect(root.getByRole('combobox', { name: 'first digit', exact: true })).toHaveValue('2');
    await expect(root.getByRole('combobox', { name: 'second digit', exact: true })).toHaveValue('4');
  }
  await expect(title('similarity')).toHaveText('2. Pixel similarity: 2 or 4?');
  await expect(title('linear')).toHaveText('3. A linear model: 2 or 4?');
  await expect(page).toHaveURL(/d_pair=2(,|%2C)4/);

  await similarity.getByRole('button', { name: 'Run baseline' }).click();
  await expect(digits.similarity).toHaveText(
    new RegExp(`^Accuracy on ${TEST_TWOS_AND_FOURS} test 2s and 4s: L1 0\\.\\d{4}, RMSE 0\\.\\d{4}\\.$`),
    { timeout: 30_000 },
  );
  const [, l1] = (await digits.similarity.textContent()).match(/L1 (\S+),/);
  expect(Number(l1)).toBeGreaterThan(0.8);
  await expect(similarity.getByRole('img', { name: 'the mean 2' })).toBeVisible();
  await expect(similarity.getByRole('img', { name: 'the mean 4' })).toBeVisible();

  await digits.set('linear', 'epochs', 1);
  await linear.button('Train').click();
  await expect(linear.status).toContainText(`of ${BATCHES_OF_TWOS_AND_FOURS}`, { timeout: 60_000 });
  await expect(linear.status).toContainText('Finished', { timeout: 60_000 });
  const [[epoch, , , , , accuracy]] = await digits.epochs('linear');
  expect(epoch).toBe(1);
  expect(accuracy).toBeGreaterThan(0.9);
  // The trained model answers drawings as a 2-or-4 model.
  await expect(page.getByRole('combobox', { name: 'model answering' }).locator('option:checked')).toHaveText(
    'Your linear model (2 or 4)',
  );
  // Its program keeps 2s and 4s, the 2s the ones it says yes to.
  const code = linear.root.locator('details.as-code');
  await code.locator('summary').click();
  await expect(code.getByLabel('PyTorch program')).toContainText('keep = (labels == 2) | (labels == 4)');
  await expect(code.getByLabel('PyTorch program')).toContainText('(labels[keep] == 2).float()');
});

test('a new pair starts the two-digit models afresh and redoes a baseline shown; picking the other digit swaps them', async ({ digits, page }) => {
  await digits.open('cpu');
  const similarity = page.locator('[aria-labelledby="similarity-title"]');
  await similarity.getByRole('button', { name: 'Run baseline' }).click();
  await expect(digits.similarity).toContainText('2038 test 3s and 7s', { timeout: 30_000 });
  const linear = digits.panel('linear');
  await digits.set('linear', 'epochs', 1);
  await linear.button('Train').click();
  await expect(linear.epochRows).toHaveCount(1, { timeout: 60_000 });
  // Not while a two-digit model trains.
  const simple = digits.panel('simplenet');
  await simple.button('Train').click();
  await expect(simple.root.getByRole('combobox', { name: 'first digit', exact: true })).toBeDisabled();
  await simple.button('Stop').click();
  await expect(simple.root.getByRole('combobox', { name: 'first digit', exact: true })).toBeEnabled({ timeout: 30_000 });

  // 7 in the first box, where the second holds 7: the two swap.
  await linear.root.getByRole('combobox', { name: 'first digit', exact: true }).selectOption('7');
  await expect(linear.root.getByRole('combobox', { name: 'second digit', exact: true })).toHaveValue('3');
  await expect(page.locator('details[data-section="similarity"] > summary')).toHaveText('2. Pixel similarity: 7 or 3?');
  await expect(linear.epochRows).toHaveCount(0);
  await expect(linear.status).not.toContainText('Finished');
  await expect(digits.similarity).toHaveText(/^Accuracy on 2038 test 7s and 3s: L1 0\.\d{4}, RMSE 0\.\d{4}\.$/, { timeout: 30_000 });
  // The ten-digit rungs do not follow a pair.
  await expect(digits.panel('alldigits').root.getByRole('combobox', { name: 'first digit' })).toHaveCount(0);
});

test('a link with a pair opens it; one that is not a pair keeps 3 and 7 and the notice names it', async ({ digits, page }) => {
  await page.goto('/?backend=cpu&lab=digits&d_pair=9,0');
  await expect(digits.loaded).toHaveText(/100%/, { timeout: 60_000 });
  const linear = digits.panel('linear').root;
  await expect(linear.getByRole('combobox', { name: 'first digit', exact: true })).toHaveValue('9');
  await expect(linear.getByRole('combobox', { name: 'second digit', exact: true })).toHaveValue('0');
  for (const bad of ['5,5', '3,10', '3']) {
    await page.goto(`/?backend=cpu&lab=digits&d_pair=${bad}`);
    await expect(page.locator('#digits-panel .address-notice')).toContainText('d_pair=');
    await expect(linear.getByRole('combobox', { name: 'first digit', exact: true })).toHaveValue('3');
    await expect(linear.getByRole('combobox', { name: 'second digit', exact: true })).toHaveValue('7');
  }
});
