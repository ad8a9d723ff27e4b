// Optimizers, schedules and early stopping, as a learner uses them: the Quadratic lab's race,
// a schedule read off its chart, the overfitting preset and early stopping in the playground,
// and the optimizer and schedule of a Digits model.
import { test, expect, lossOf, expectClose } from './lab.js';

const RACE_COLOURS = [
  [255, 64, 64],
  [255, 165, 0],
  [255, 0, 255],
];

/** The race results table's rows: name, step, loss, a, b, c and when each reached the minimum. */
const raceRows = (page) =>
  page.locator('table.race-results tbody tr').evaluateAll((rows) =>
    rows.map((tr) => {
      const cell = (name) => tr.querySelector(`.race-${name}`).textContent;
      return {
        name: tr.querySelector('th').textContent.trim(),
        step: Number(cell('step')),
        loss: Number(cell('loss')),
        coefficients: { a: Number(cell('a')), b: Number(cell('b')), c: Number(cell('c')) },
        reached: cell('reached'),
      };
    }),
  );

/** How many pixels of the loss surface's overlay are exactly each colour. */
const colourCounts = (surface, colours) =>
  surface.evaluate((canvas, colours) => {
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    const counts = colours.map(() => 0);
    for (let i = 0; i < data.length; i += 4) {
      colours.forEach(([r, g, b], k) => {
        if (data[i] === r && data[i + 1] === g && data[i + 2] === b && data[i + 3] === 255) counts[k] += 1;
      });
    }
    return counts;
  }, colours);

test('the narrow valley: three paths in their colours, each final loss the loss of its coefficients, momentum first', async ({ lab, page }) => {
  await page.getByRole('button', { name: 'Preset: a narrow valley' }).click();
  const rows = page.locator('table.race-results tbody tr');
  await expect(rows).toHaveCount(3, { timeout: 30_000 });
  const points = await lab.points();
  // The preset stretched x to [−4, 4].
  expect(Math.min(...points.map(([x]) => x))).toBe(-4);
  const results = await raceRows(page);
  expect(results.map((r) => r.name)).toEqual(['SGD 1', 'Momentum 2', 'Adam 3']);
  for (const row of results) {
    expect(row.step).toBe(300);
    expectClose(row.loss, lossOf(points, row.coefficients), 1e-3);
  }
  const reachedAt = (row) => Number(row.reached.match(/^at step (\d+)$/)[1]);
  const [sgd, momentum] = [reachedAt(results[0]), reachedAt(results[1])];
  console.log(`valley: SGD reached the minimum at step ${sgd}, momentum at ${momentum}, Adam ${results[2].reached}`);
  expect(momentum).toBeLessThan(sgd);
  // Each racer's path is drawn in its own colour.
  const counts = await colourCounts(lab.surface, RACE_COLOURS);
  for (const count of counts) expect(count).toBeGreaterThan(30);
  // Replayed step by step: one step back shows step 299 and that step's loss.
  await page.getByRole('button', { name: 'step back' }).click();
  await expect(page.locator('.replay-step')).toHaveText('299 of 300');
  const back = await raceRows(page);
  for (const row of back) {
    expect(row.step).toBe(299);
    expectClose(row.loss, lossOf(points, row.coefficients), 1e-3);
  }
  // Back to the start: every path is its first point, so its colour all but disappears.
  await page.getByRole('slider', { name: 'replay step' }).fill('0');
  await expect(page.locator('.replay-step')).toHaveText('0 of 300');
  const atStart = await colourCounts(lab.surface, RACE_COLOURS);
  atStart.forEach((count, i) => expect(count).toBeLessThan(counts[i]));
});

test('a racer set by hand races with its own optimizer and hyperparameters @webgpu', async ({ lab, page }) => {
  const lane = page.locator('.race-lane[data-lane="2"]');
  await lane.getByRole('combobox', { name: 'Racer 3 optimizer' }).selectOption('nesterov');
  const beta = page.getByRole('spinbutton', { name: 'Racer 3 optimizer momentum β' });
  await expect(beta).toHaveValue('0.9');
  await beta.fill('0.5');
  await beta.press('Enter');
  await expect(lane.locator('.optimizer-about')).toContainText('looks ahead');
  // Racer 2 sits this one out; few steps, so software WebGPU does little work.
  await page.locator('.race-lane[data-lane="1"]').getByRole('checkbox').uncheck();
  const steps = page.getByRole('spinbutton', { name: 'race steps' });
  await steps.fill('3');
  await steps.press('Enter');
  await lab.button('Race').click();
  const rows = page.locator('table.race-results tbody tr');
  await expect(rows).toHaveCount(2, { timeout: 60_000 });
  const results = await raceRows(page);
  expect(results.map((r) => r.name)).toEqual(['SGD 1', 'Nesterov 3']);
  const points = await lab.points();
  for (const row of results) expectClose(row.loss, lossOf(points, row.coefficients), 1e-3);
});

/** fastai's one-cycle, from its definition: a cosine rise from max/25 over the first quarter of
 * the run, then a cosine fall to max/100,000. */
const oneCycle = (batch, total, max) => {
  const cosine = (start, end, p) => end + ((start - end) / 2) * (1 + Math.cos(Math.PI * Math.min(Math.max(p, 0), 1)));
  const rise = Math.max(0.25 * total, 1);
  return batch < rise ? cosine(max / 25, max, batch / rise) : cosine(max, max / 1e5, (batch - rise) / Math.max(total - rise, 1));
};

test('a schedule read off its chart matches its formula at three batches', async ({ playground, page }) => {
  await playground.open('cpu');
  const stopAfter = page.getByRole('spinbutton', { name: 'stop after batches' });
  await stopAfter.fill('1000');
  await stopAfter.press('Enter');
  await playground.select('playground schedule').selectOption('One-cycle');
  await expect(playground.region.locator('.schedule-about')).toContainText('one-cycle');
  const chart = page.getByRole('img', { name: 'playground schedule: learning rate at each batch' });
  const reading = playground.region.locator('.schedule-reading');
  await chart.scrollIntoViewIfNeeded();
  const box = await chart.boundingBox();
  const seen = [];
  for (const fx of [0.25, 0.4, 0.8]) {
    await page.mouse.click(box.x + fx * box.width, box.y + 0.5 * box.height);
    await expect(reading).toHaveText(/^Batch \d+ of 1000: rate /);
    const [, batch, rate] = (await reading.textContent()).match(/^Batch (\d+) of 1000: rate ([\d.e+-]+)$/);
    expect(Math.abs(Number(rate) - oneCycle(Number(batch), 1000, 0.03))).toBeLessThanOrEqual(0.005 * oneCycle(Number(batch), 1000, 0.03));
    seen.push(Number(batch));
  }
  // Three different places on the curve: rising, near the peak, falling.
  expect(new Set(seen).size).toBe(3);
  expect(seen[0]).toBeLessThan(250);
  expect(seen[2]).toBeGreaterThan(500);
  // Typed, for the keyboard: the peak.
  const at = page.getByRole('spinbutton', { name: 'playground schedule: read the rate at batch' });
  await at.fill('250');
  await at.press('Enter');
  await expect(reading).toHaveText('Batch 250 of 1000: rate 0.03');
});

test('the overfitting preset ends with the test loss above its own minimum', async ({ playground, page }) => {
  await playground.open('cpu');
  await playground.button('A big network on a few noisy points').click();
  await expect(playground.status).toHaveText('Finished: 1000 batches, as “stop after” asks.', { timeout: 90_000 });
  const summary = await page.locator('.test-loss-summary').textContent();
  const [, now, lowest, at] = summary.match(/^Test loss ([\d.]+) at batch 1000; its lowest was ([\d.]+) at batch (\d+)\.$/);
  console.log(`overfitting: test loss ${now} at batch 1000, lowest ${lowest} at batch ${at}`);
  expect(Number(now)).toBeGreaterThan(1.2 * Number(lowest));
  expect(Number(at)).toBeLessThan(600);
  const scores = await playground.read();
  expect(scores.trainLoss).toBeLessThan(Number(lowest));
});

test('early stopping stops, says at which batch, and goes back to the best network', async ({ playground, page }) => {
  await playground.open('cpu');
  await playground.button('A big network on a few noisy points').click();
  await expect(playground.status).toHaveText(/^Finished/, { timeout: 90_000 });
  await page.getByRole('checkbox', { name: /Early stopping/ }).check();
  await expect(page.getByRole('spinbutton', { name: 'early stopping patience in batches' })).toHaveValue('100');
  await playground.button('Reset').click();
  await expect(playground.scores).toHaveText(/^Batch 0 /);
  await playground.button('Play').click();
  await expect(playground.status).toHaveText(/^Early stopping/, { timeout: 90_000 });
  const message = await playground.status.textContent();
  const [, stoppedAt, bestAt, bestLoss] = message
    .match(/stopped at batch (\d+) and went back to the network of batch (\d+) \(test loss ([\d.]+)\)/)
    .map(Number);
  console.log(`early stopping: stopped at ${stoppedAt}, back to ${bestAt}, test loss ${bestLoss}`);
  expect(stoppedAt - bestAt).toBe(100);
  expect(stoppedAt).toBeLessThan(1000);
  // The network shown is the best one: its test loss is the one recorded.
  const scores = await playground.read();
  expect(scores.batch).toBe(stoppedAt);
  expectClose(scores.testLoss, bestLoss, 1e-3);
});

test('the ReLU lab fits with the optimizer and rate chosen', async ({ relu }) => {
  await relu.open('cpu');
  await relu.page.getByRole('combobox', { name: 'ReLU optimizer' }).selectOption('rmsprop');
  const rate = relu.page.getByRole('spinbutton', { name: 'ReLU learning rate' });
  await rate.fill('0.01');
  await rate.press('Enter');
  await expect(relu.page.locator('.relu-lab-fit-about, .hint').filter({ hasText: 'Fit: 2000 steps of RMSProp at rate 0.01' })).toHaveCount(1);
  const before = await relu.mseValue();
  await relu.button('Fit').click();
  await expect(relu.status).toHaveText('Fitted: 2000 steps of gradient descent (RMSProp).', { timeout: 60_000 });
  expect(await relu.mseValue()).toBeLessThan(before / 2);
});

/** Sets a Digits model's rate slider by keyboard: its step is a hundredth of a decade. */
async function setRate(digits, model, decadesDown) {
  const rate = digits.panel(model).root.getByRole('slider', { name: 'learning rate' });
  await rate.focus();
  for (let i = 0; i < decadesDown * 100; i++) await rate.press('ArrowLeft');
}

test('a Digits model trains on a schedule, and the epoch table gives each epoch\'s rate', async ({ digits }) => {
  await digits.open('cpu');
  const linear = digits.panel('linear');
  await digits.set('linear', 'epochs', 2);
  await linear.root.getByRole('combobox', { name: 'linear schedule' }).selectOption('Step decay');
  await expect(linear.root.locator('.schedule-about')).toHaveText(/multiplied by 0.5 every (\d+) batches/);
  const every = Number((await linear.root.locator('.schedule-about').textContent()).match(/every (\d+) batches/)[1]);
  await linear.button('Train').click();
  await expect(linear.status).toHaveText(/^Finished\./, { timeout: 60_000 });
  const perEpoch = Number((await linear.status.textContent()).match(/batch (\d+) of (\d+)/)[2]);
  // The schedule spans both epochs: a quarter of them between halvings.
  expect(every).toBe(Math.floor((2 * perEpoch) / 4));
  const rows = await digits.epochs('linear');
  expect(rows.map((r) => r[0])).toEqual([1, 2]);
  // The rate of each epoch's last batch, from the formula: 1 × 0.5^⌊batch / every⌋.
  rows.forEach((row, i) => {
    const lastBatch = (i + 1) * perEpoch - 1;
    expectClose(row[1], 0.5 ** Math.floor(lastBatch / every), 1e-4);
  });
});

test('Adam with early stopping: the Digits model stops when validation stops improving and goes back', async ({ digits }) => {
  await digits.open('cpu');
  const linear = digits.panel('linear');
  await linear.root.getByRole('combobox', { name: 'linear optimizer' }).selectOption('adam');
  await setRate(digits, 'linear', 1);
  await expect(digits.rate('linear')).toHaveText('0.1');
  await digits.set('linear', 'epochs', 10);
  await linear.root.getByRole('checkbox', { name: /Early stopping/ }).check();
  await digits.set('linear', 'linear early stopping patience in epochs', 1);
  await linear.button('Train').click();
  await expect(linear.status).toHaveText(/^Early stopping/, { timeout: 90_000 });
  const [, stopped, best] = (await linear.status.textContent())
    .match(/stopped after epoch (\d+) and went back to the weights of epoch (\d+)/)
    .map(Number);
  console.log(`digits early stopping: stopped after epoch ${stopped}, back to epoch ${best}`);
  expect(stopped).toBe(best + 1);
  expect(stopped).toBeLessThan(10);
  const rows = await digits.epochs('linear');
  expect(rows).toHaveLength(stopped);
  // Column 4 is the validation loss: the best epoch's is the lowest, and the last one above it.
  const losses = rows.map((r) => r[4]);
  expect(losses[best - 1]).toBe(Math.min(...losses));
  expect(losses[stopped - 1]).toBeGreaterThan(losses[best - 1]);
});

test('the large-batch preset trains twice, without and with warm-up, and overlays the curves', async ({ digits, page }) => {
  await digits.open('cpu');
  const mlp = digits.panel('alldigits');
  await mlp.button('Preset: a large batch, without and with warm-up').click();
  await expect(mlp.root.locator('figcaption').filter({ hasText: 'grey: the run before, at a constant rate 1' })).toHaveCount(1, { timeout: 120_000 });
  await expect(mlp.status).toHaveText(/^Finished\./, { timeout: 120_000 });
  await expect(mlp.root.getByRole('combobox', { name: 'alldigits schedule' })).toHaveValue('Warm-up, then cosine');
  // The second run's one epoch ends near the bottom of its cosine.
  const rows = await digits.epochs('alldigits');
  expect(rows).toHaveLength(1);
  expect(rows[0][1]).toBeLessThan(0.01);
  await expect(mlp.root.getByRole('combobox', { name: 'batch size' })).toHaveValue('1024');
});
