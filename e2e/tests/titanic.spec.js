// The Titanic lab: Kaggle's passengers cleaned step by step (checked against values worked out by
// hand from the file), three models trained, "Would you have survived?", and a missing or bad
// file named with nothing lost.
import { test, expect } from './lab.js';

test('the cleaning steps show each change on the first passengers', async ({ titanic, page, backend }) => {
  await titanic.open(backend);
  await expect(titanic.data).toHaveText("891 passengers from Kaggle's train.csv; 342 of them survived (38.4%).");
  await expect(page.locator('.titanic-step-summary').first()).toHaveText(
    'Age is missing for 177 passengers and the port for 2. The notebook fills each gap with the column\'s most common value (its mode): age 24, port S (Southampton).',
  );
  const raw = await titanic.table('the first passengers as the file has them');
  expect(raw[0]).toEqual(['1', 'Braund', '0', '3', 'male', '22', '1', '0', '7.25', 'S']);
  expect(raw[5].slice(0, 2)).toEqual(['6', 'Moran']);
  expect(raw[5][5]).toBe('—');
  // Step 1: Mr Moran's missing age becomes the mode.
  expect((await titanic.table('step 1: before and after'))[5]).toEqual(['6', '—', '24', 'Q', 'Q']);
  // Step 2: ln(7.25 + 1) = 2.1102.
  expect((await titanic.table('step 2: before and after'))[0]).toEqual(['1', '7.25', String(Math.log(8.25).toFixed(4))]);
  await expect(page.getByRole('img', { name: 'fares before: a histogram' })).toBeVisible();
  await expect(page.getByRole('img', { name: 'fares after: a histogram of log(fare + 1)' })).toBeVisible();
  // Step 3: male, third class, Southampton.
  expect((await titanic.table('step 3: before and after'))[0]).toEqual(['1', 'male', '3', 'S', '1', '0', '0', '0', '1', '0', '0', '1']);
  // Step 4: divided by the maxima, 80 years, 8 siblings, 6 parents, ln(513.3292).
  const maxima = (await titanic.table('step 4: the maxima'))[0].slice(1, 5).map(Number);
  expect(maxima).toEqual([80, 8, 6, Number(Math.log(513.3292).toFixed(3))]);
  const first = (await titanic.table('step 4: after'))[0].slice(1).map(Number);
  const expected = [22 / 80, 1 / 8, 0, Math.log(8.25) / Math.log(513.3292), 1, 0, 0, 0, 1, 0, 0, 1];
  first.forEach((value, i) => expect(value).toBeCloseTo(expected[i], 3));
});

test('the three models train, show their losses and accuracy, and answer the form', async ({ titanic, page, backend }) => {
  await titanic.open(backend);
  await expect(titanic.data).toContainText('891 passengers');
  await expect(page.locator('.titanic-answers')).toHaveText('Train a model first: its answer appears here.');
  await titanic.button('Train all three').click();
  for (const key of ['linear', 'one-hidden', 'deep']) {
    const panel = titanic.panel(key);
    await expect(panel.status).toHaveText(/^Validation accuracy [\d.]+% after 30 epochs/, { timeout: 60_000 });
    const accuracy = Number((await panel.accuracy.textContent()).replace('%', ''));
    // The notebook's range on a random 80/20 split.
    expect(accuracy).toBeGreaterThanOrEqual(78);
    expect(accuracy).toBeLessThanOrEqual(83);
    await expect(panel.root.getByRole('img', { name: /: loss at each epoch$/ })).toBeVisible();
    // The curve's caption: the training loss went down from where it started.
    await expect(panel.root.locator('figcaption')).toContainText('after the last epoch');
  }
  const coefficients = await titanic.table('coefficients');
  expect(coefficients.map(([column]) => column)).toEqual([
    'Age', 'SibSp', 'Parch', 'LogFare', 'Sex_male', 'Sex_female', 'Pclass_1', 'Pclass_2', 'Pclass_3',
    'Embarked_C', 'Embarked_Q', 'Embarked_S', 'constant',
  ]);
  const weight = (name) => Number(coefficients.find(([column]) => column === name)[1]);
  // Being a woman, and travelling first class, raised the chance of surviving.
  expect(weight('Sex_female')).toBeGreaterThan(weight('Sex_male'));
  expect(weight('Pclass_1')).toBeGreaterThan(weight('Pclass_3'));

  // Would you have survived? A woman in first class, then a man of 40 in third.
  const answers = page.locator('.titanic-answers li');
  await page.getByRole('combobox', { name: 'ticket class' }).selectOption('1');
  const fare = page.getByRole('spinbutton', { name: 'fare', exact: true });
  await fare.fill('80');
  await fare.press('Enter');
  await expect(answers).toHaveCount(3);
  await expect.poll(() => answers.allTextContents()).toEqual([
    expect.stringMatching(/^Linear model: [\d.]+% chance of surviving, so survived\.$/),
    expect.stringMatching(/^Neural net: .* so survived\.$/),
    expect.stringMatching(/^Deep net: .* so survived\.$/),
  ]);
  await page.getByRole('combobox', { name: 'sex' }).selectOption('male');
  await page.getByRole('combobox', { name: 'ticket class' }).selectOption('3');
  const age = page.getByRole('spinbutton', { name: 'age', exact: true });
  await age.fill('40');
  await age.press('Enter');
  await fare.fill('8');
  await fare.press('Enter');
  await expect.poll(() => answers.allTextContents()).toEqual([
    expect.stringMatching(/so did not survive\.$/),
    expect.stringMatching(/so did not survive\.$/),
    expect.stringMatching(/so did not survive\.$/),
  ]);
});

test('each number is set by a control drawn from the lab\'s table: its label, range and help, and the link follows', async ({ titanic, page, backend }) => {
  await titanic.open(backend);
  const epochs = page.getByRole('spinbutton', { name: 'Linear model epochs' });
  await expect(epochs).toHaveValue('30');
  await expect(epochs).toHaveAccessibleDescription(/one epoch is one step here/);
  await expect(page.getByRole('spinbutton', { name: 'Deep net learning rate' })).toHaveValue('4');
  await expect(page.getByRole('spinbutton', { name: 'age', exact: true })).toHaveAccessibleDescription(/oldest passenger/);
  // Out of the table's range: refused, said, and kept out of the link.
  await epochs.fill('1001');
  await epochs.press('Enter');
  await expect(titanic.panel('linear').root.locator('.refusal').first()).toHaveText('Enter a whole number from 1 to 1000.');
  await page.waitForTimeout(400); // past the address's 250 ms debounce
  expect(page.url()).not.toContain('t_linear_epochs=1001');
  await epochs.fill('12');
  await epochs.press('Enter');
  await expect.poll(() => new URL(page.url()).searchParams.get('t_linear_epochs')).toBe('12');
  await expect(titanic.panel('linear').root.locator('.refusal').first()).toHaveText('');
});

test.describe('faults', () => {
  // One pattern: a second item would be read as the option's settings.
  test.use({ expectedErrors: [/titanic\/train\.csv|404/] });

  test('a missing file says so and Retry loads it; a corrupt one names its problem', async ({ titanic, page, backend }) => {
    await page.route('**/titanic/train.csv', (route) => route.fulfill({ status: 404, body: 'not found' }));
    await titanic.open(backend);
    await expect(titanic.data).toHaveText('The passengers could not be loaded: titanic/train.csv: the server answered 404 Retry');
    await expect(titanic.button('Train all three')).toBeDisabled();
    await page.unroute('**/titanic/train.csv');
    await titanic.button('Retry').click();
    await expect(titanic.data).toContainText('891 passengers');

    await page.route('**/titanic/train.csv', (route) =>
      route.fulfill({ status: 200, contentType: 'text/csv', body: 'PassengerId,Survived,Pclass\n1,0,3\n' }),
    );
    await page.reload();
    await titanic.tab.click();
    await expect(titanic.data).toHaveText('The passengers could not be loaded: Line 1: there is no column “Name”. Retry');
  });
});

test('the linear model trains on this backend @webgpu', async ({ titanic, backend }) => {
  await titanic.open(backend);
  await expect(titanic.data).toContainText('891 passengers', { timeout: 90_000 });
  await titanic.button('Train the linear model').click();
  const panel = titanic.panel('linear');
  await expect(panel.status).toHaveText(/^Validation accuracy [\d.]+% after 30 epochs/, { timeout: 90_000 });
  const accuracy = Number((await panel.accuracy.textContent()).replace('%', ''));
  expect(accuracy).toBeGreaterThanOrEqual(78);
  expect(accuracy).toBeLessThanOrEqual(83);
});
