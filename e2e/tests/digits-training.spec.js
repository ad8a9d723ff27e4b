import { test, expect } from './lab.js';

test('the pixel-similarity baseline draws the mean 3 and 7 and beats 0.9', async ({ digits, backend }) => {
  await digits.open(backend);
  await digits.page.getByRole('button', { name: 'Run baseline' }).click();
  await expect(digits.similarity).toHaveText(/L1 0\.\d{4}, RMSE 0\.\d{4}/, { timeout: 30_000 });
  const [, l1, rmse] = (await digits.similarity.textContent()).match(/L1 (\S+), RMSE (\S+) /);
  expect(Number(l1)).toBeGreaterThan(0.9);
  expect(Number(rmse)).toBeGreaterThan(0.9);
  await expect(digits.similarity).toContainText('2038 test 3s and 7s');
});

test('one epoch of the linear model lifts validation accuracy above 0.85', async ({ digits, backend }) => {
  await digits.open(backend);
  const linear = digits.panel('linear');
  await digits.set('linear', 'epochs', 1);
  await linear.button('Train').click();
  await expect(linear.status).toContainText('Finished', { timeout: 60_000 });
  const [[epoch, , trainLoss, , , accuracy]] = await digits.epochs('linear');
  expect(epoch).toBe(1);
  expect(trainLoss).toBeGreaterThan(0);
  expect(accuracy).toBeGreaterThan(0.85);
  await expect(linear.root.getByRole('img', { name: 'weights of unit 1' })).toBeVisible();
});

test('the ten-digit MLP trains one epoch and shows a confusion matrix of all 10,000 test images', async ({ digits, backend }) => {
  test.setTimeout(120_000);
  await digits.open(backend);
  const mlp = digits.panel('alldigits');
  await mlp.button('Train').click();
  await expect(mlp.status).toContainText('Finished', { timeout: 90_000 });
  await expect(mlp.confusion).toBeVisible();
  const counts = await mlp.confusion.locator('tbody tr').evaluateAll((rows) =>
    rows.map((tr) => [...tr.querySelectorAll('td')].map((td) => Number(td.textContent))),
  );
  // Each row holds every test image of that digit: MNIST's published test counts.
  expect(counts.map((row) => row.reduce((a, b) => a + b, 0))).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
  const diagonal = counts.reduce((sum, row, i) => sum + row[i], 0);
  const [[, , , , , accuracy]] = await digits.epochs('alldigits');
  expect(accuracy).toBeGreaterThan(0.85);
  expect(Math.abs(diagonal / 10_000 - accuracy)).toBeLessThan(1e-4);
  await expect(mlp.root.getByRole('img', { name: /^weights of unit/ })).toHaveCount(30);
});

// Software WebGPU takes a while per batch (and compiles its shaders first): a few batches, then Stop.
test('the linear model trains a few batches on the backend, and Stop holds it', { tag: '@webgpu-only' }, async ({ digits, backend }) => {
  test.setTimeout(180_000);
  await digits.open(backend);
  const linear = digits.panel('linear');
  await linear.button('Train').click();
  await expect(linear.status).toContainText(/batch [1-9]\d* of 49 · batch loss \d/, { timeout: 120_000 });
  await linear.button('Stop').click();
  await expect(linear.status).toContainText('Stopped', { timeout: 60_000 });
  const loss = Number((await linear.status.textContent()).match(/batch loss (\S+)/)[1]);
  expect(Number.isFinite(loss) && loss > 0).toBe(true);
  await expect(linear.root.getByRole('img', { name: 'weights of unit 1' })).toBeVisible();
});

test('Stop halts training mid-epoch, and Train carries on from there', async ({ digits, backend }) => {
  test.setTimeout(120_000);
  await digits.open(backend);
  const mlp = digits.panel('alldigits');
  // Where the status says training is, and how many batch losses the chart holds, read at once.
  const progress = () =>
    mlp.root.evaluate((panel) => ({
      batch: Number(panel.querySelector('.train-status').textContent.match(/batch (\d+) of 235/)[1]),
      plotted: Number(panel.querySelector('canvas[aria-label^="training loss of"]').ariaLabel.match(/\d+/)[0]),
    }));
  await mlp.button('Train').click();
  await expect(mlp.status).toContainText(/batch ([1-9]\d*) of 235/, { timeout: 60_000 });
  await mlp.button('Stop').click();
  // "Stopped" once the batches already sent have landed: the shown batch is the model's.
  await expect(mlp.status).toContainText('Stopped');
  await expect(mlp.button('Train')).toBeEnabled();
  const stopped = await progress();
  await digits.page.waitForTimeout(500);
  expect(await progress()).toEqual(stopped);
  expect(stopped.batch).toBeLessThan(235);
  expect(stopped.plotted).toBe(stopped.batch);
  await expect(mlp.epochRows).toHaveCount(0);
  // Resuming goes on from the stopped batch: every batch the model took is plotted, none twice.
  // No Stop at the end: on a fast CPU the rest of the epoch can finish between two polls.
  await mlp.button('Train').click();
  const seen = [];
  await expect
    .poll(
      async () => {
        seen.push(await progress());
        return seen.at(-1).batch;
      },
      { timeout: 60_000, intervals: [50] },
    )
    .toBeGreaterThan(stopped.batch);
  for (const { batch, plotted } of seen) expect(plotted).toBe(batch);
});

test('a learning rate far too high is caught as divergence, with a clear message', async ({ digits, backend }) => {
  await digits.open(backend);
  const mlp = digits.panel('alldigits');
  const rate = mlp.root.getByRole('slider', { name: 'learning rate' });
  await rate.focus();
  await rate.press('End');
  await expect(digits.rate('alldigits')).toHaveText('10');
  await mlp.button('Train').click();
  await expect(mlp.status).toContainText('The loss blew up', { timeout: 60_000 });
  await expect(mlp.button('Train')).toBeEnabled();
  // The finder would copy weights that blew up: it says so until Reset.
  await mlp.root.getByText('Learning-rate finder').click();
  await expect(mlp.button('Find a learning rate')).toBeDisabled();
  await expect(mlp.root.locator('.finder-blocked')).toHaveText(/^Reset first/);
  await mlp.button('Reset').click();
  await expect(mlp.button('Find a learning rate')).toBeEnabled();
  await expect(mlp.root.locator('.finder-blocked')).toBeEmpty();
});

test('the learning-rate finder plots its curve on a copy of the model; its suggestion and a click set the rate', async ({ digits, backend }) => {
  test.setTimeout(90_000);
  await digits.open(backend);
  const mlp = digits.panel('alldigits');
  const rate = digits.rate('alldigits');
  await mlp.root.getByText('Learning-rate finder').click();
  await mlp.button('Find a learning rate').click();
  const summary = mlp.root.locator('.rate-suggestion');
  await expect(summary).toContainText('Suggested:', { timeout: 60_000 });
  const suggested = (await summary.textContent()).match(/Suggested: (\S+) /)[1];
  // Below where the loss blew up, and within the range the slider offers.
  const blewUp = Number((await summary.textContent()).match(/blew up at (\S+)\./)[1]);
  expect(Number(suggested)).toBeLessThan(blewUp);
  expect(Number(suggested)).toBeGreaterThanOrEqual(0.001);
  expect(Number(suggested)).toBeLessThanOrEqual(10);
  await mlp.button('Use the suggested rate').click();
  await expect(rate).toHaveText(suggested);
  // A click near the plot's left edge picks a far smaller rate (clamped to the slider's 0.001).
  const plot = mlp.root.locator('canvas[aria-label="loss against learning rate"]');
  const box = await plot.boundingBox();
  await plot.click({ position: { x: box.width * 0.2, y: box.height / 2 } });
  await expect(rate).toHaveText('0.001');
  // The finder trained a copy: the learner's model has not taken a step.
  await expect(mlp.status).toHaveText(/^Ready: press Train\./);
});

test('hidden units and seed reshape the model; the batch size sets the batches per epoch', async ({ digits, backend }) => {
  await digits.open(backend);
  const mlp = digits.panel('alldigits');
  // The controls are drawn from the lab's table of settings: its help is their description.
  await expect(mlp.root.getByRole('spinbutton', { name: 'hidden units' })).toHaveAccessibleDescription(/a new width starts a fresh model/);
  await expect(mlp.root.getByRole('spinbutton', { name: 'seed' })).toHaveAccessibleDescription(/a new seed starts a fresh model/);
  await expect(mlp.root.getByRole('slider', { name: 'learning rate' })).toHaveAccessibleDescription(/the highest rate it reaches/);
  // A width that is not a whole number in range is refused with a message, and nothing changes.
  await digits.set('alldigits', 'hidden units', 2.5);
  await expect(mlp.root.getByRole('alert').filter({ hasText: 'Enter a whole number from 1 to 512.' })).toBeVisible();
  await expect(mlp.root).toContainText('Model: 784→30→ReLU→10.');
  await digits.set('alldigits', 'hidden units', 12);
  await expect(mlp.root).toContainText('Model: 784→12→ReLU→10.');
  await expect(mlp.root.getByRole('img', { name: /^weights of unit/ })).toHaveCount(12);
  const first = await mlp.root.getByRole('img', { name: 'weights of unit 1', exact: true }).evaluate((c) => c.toDataURL());
  await digits.set('alldigits', 'seed', 7);
  // A new seed starts other weights.
  await expect
    .poll(() => mlp.root.getByRole('img', { name: 'weights of unit 1', exact: true }).evaluate((c) => c.toDataURL()))
    .not.toBe(first);
  await mlp.root.getByRole('combobox', { name: 'batch size' }).selectOption('64');
  await mlp.button('Train').click();
  // 60,000 images in batches of 64.
  await expect(mlp.status).toContainText(/batch \d+ of 938/);
  await mlp.button('Stop').click();
});
