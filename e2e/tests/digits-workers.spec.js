// Two workers train one model (data-parallel: each computes the gradient of half of every batch,
// and both keep the same weights), on any machine with a second core; the page says how many
// train, and when the second one dies the first trains on with the run kept. `?workers=2` makes
// the pair share every batch (by default they share only while it is measured faster, which
// depends on the model and the machine); `?workers=1` keeps one worker.
import { test, expect, engineNotice, helperWorker, DigitsLab } from './lab.js';

/** Makes the page see `cores` cores (before it loads), whatever this machine has. */
const cores = (page, count) =>
  page.addInitScript((count) => Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => count }), count);

/** Opens the Digits lab with `workers` in the address, once MNIST has loaded. */
async function open(digits, workers) {
  await digits.page.goto(`/?backend=cpu&workers=${workers}`);
  await digits.tab.click();
  await expect(digits.loaded).toHaveText(/100%/, { timeout: 60_000 });
}

/** One epoch of the 784-30-10 model, seed 3, batch 256; the epoch table's row. */
async function oneEpoch(digits, workers) {
  await open(digits, workers);
  const mlp = digits.panel('alldigits');
  await digits.set('alldigits', 'seed', 3);
  await digits.set('alldigits', 'epochs', 1);
  await mlp.root.getByRole('combobox', { name: 'batch size' }).selectOption('256');
  await mlp.button('Train').click();
  await expect(mlp.status).toContainText('Finished', { timeout: 90_000 });
  const [row] = await digits.epochs('alldigits');
  return row;
}

test('two workers train the ten-digit model to the one-worker model, and the page says so', async ({ digits, backend, page, browser }) => {
  test.skip(backend !== 'cpu', 'the second worker shares batches on the CPU');
  test.setTimeout(120_000);
  await cores(page, 2);
  const [epoch, , trainLoss, trainAccuracy, validLoss, validAccuracy] = await oneEpoch(digits, 2);
  await expect(digits.page.locator('#digits-panel .engine-backend')).toHaveText(
    'Training runs on the CPU (wasm), in 2 Web Workers: each takes half of every batch.',
  );
  expect(helperWorker(page)).toBeTruthy();
  expect(epoch).toBe(1);
  expect(validAccuracy).toBeGreaterThan(0.85);

  // The same seed in a page that sees one core: one worker, the same model up to float sums.
  const context = await browser.newContext({ baseURL: new URL(page.url()).origin });
  await context.addInitScript(() => localStorage.setItem('descent.sections', 'all'));
  const alone = await context.newPage();
  await cores(alone, 1);
  const [, , oneTrainLoss, oneTrainAccuracy, oneValidLoss, oneValidAccuracy] = await oneEpoch(new DigitsLab(alone), 2);
  await expect(alone.locator('#digits-panel .engine-backend')).toHaveText('Training runs on the CPU (wasm), in a Web Worker.');
  expect(helperWorker(alone)).toBeUndefined();
  expect(Math.abs(trainLoss - oneTrainLoss)).toBeLessThan(2e-3);
  expect(Math.abs(validLoss - oneValidLoss)).toBeLessThan(2e-3);
  expect(Math.abs(trainAccuracy - oneTrainAccuracy)).toBeLessThan(2e-3);
  expect(Math.abs(validAccuracy - oneValidAccuracy)).toBeLessThan(2e-3);
  await context.close();
});

test('the second worker dying mid-run leaves one worker training on, the run kept', async ({ digits, backend, page }) => {
  test.skip(backend !== 'cpu', 'the second worker shares batches on the CPU');
  test.setTimeout(120_000);
  await cores(page, 2);
  await open(digits, 2);
  const mlp = digits.panel('alldigits');
  const line = page.locator('#digits-panel .engine-backend');
  await digits.set('alldigits', 'epochs', 100);
  await mlp.button('Train').click();
  await expect(line).toContainText('in 2 Web Workers');
  await expect(mlp.epochRows.first()).toBeVisible({ timeout: 60_000 });

  // Closed mid-run, wherever the run is: epochs take well under a second here.
  await helperWorker(page).evaluate(() => self.close());
  const before = await digits.epochs('alldigits');
  await expect(engineNotice(page.locator('#digits-panel'))).toContainText(
    'The second worker stopped (it stopped answering), so one worker trains on.',
    { timeout: 30_000 },
  );
  await expect(line).toHaveText('Training runs on the CPU (wasm), in a Web Worker.');
  // The run goes on from where it was: two more epochs, the earlier rows as they were.
  await expect.poll(async () => (await digits.epochs('alldigits')).length, { timeout: 60_000 }).toBeGreaterThanOrEqual(before.length + 2);
  await mlp.button('Stop').click();
  await expect(mlp.status).toContainText('Stopped', { timeout: 30_000 });
  const rows = await digits.epochs('alldigits');
  expect(rows.slice(0, before.length)).toEqual(before);
  expect(rows.map((row) => row[0])).toEqual(rows.map((_, i) => i + 1));
  // Still learning: the last epoch's validation accuracy is no worse than the first's.
  expect(rows.at(-1)[5]).toBeGreaterThanOrEqual(rows[0][5] - 0.01);
});

test.describe('the second worker cannot start', () => {
  test.use({ expectedErrors: [/404|worker-loader|Failed to load/] });

  test('one worker trains, and the lab says why', async ({ digits, backend, page }) => {
    test.skip(backend !== 'cpu', 'the second worker shares batches on the CPU');
    test.setTimeout(120_000);
    await cores(page, 2);
    await page.route((url) => url.pathname.endsWith('/worker-loader.js') && url.searchParams.get('role') === 'helper', (route) => route.fulfill({ status: 404, body: 'not found' }));
    const [epoch, , , , , accuracy] = await oneEpoch(digits, 2);
    expect(epoch).toBe(1);
    expect(accuracy).toBeGreaterThan(0.85);
    await expect(engineNotice(page.locator('#digits-panel'))).toContainText(/The second worker stopped \(it failed: .+\), so one worker trains on\./);
    await expect(page.locator('#digits-panel .engine-backend')).toHaveText('Training runs on the CPU (wasm), in a Web Worker.');
  });
});

test('by default the pair shares batches only while that is faster, and the page says which', async ({ digits, backend, page }) => {
  test.skip(backend !== 'cpu', 'the second worker shares batches on the CPU');
  test.setTimeout(120_000);
  await cores(page, 2);
  await digits.open(backend);
  await digits.set('alldigits', 'epochs', 1);
  await digits.panel('alldigits').button('Train').click();
  await expect(digits.panel('alldigits').status).toContainText('Finished', { timeout: 90_000 });
  expect(helperWorker(page)).toBeTruthy();
  // Which way is faster depends on this machine: either line is right, and says so in words.
  await expect(page.locator('#digits-panel .engine-backend')).toHaveText(
    /^Training runs on the CPU \(wasm\), in (2 Web Workers: each takes half of every batch\.|a Web Worker\. A second one stands by: sharing each batch with it measured slower for this model\.)$/,
  );
  // One worker, whatever the machine, with ?workers=1.
  await page.goto('/?backend=cpu&workers=1');
  await digits.tab.click();
  await expect(digits.loaded).toHaveText(/100%/, { timeout: 60_000 });
  await digits.set('alldigits', 'epochs', 1);
  await digits.panel('alldigits').button('Train').click();
  await expect(digits.panel('alldigits').status).toContainText('Finished', { timeout: 90_000 });
  await expect(page.locator('#digits-panel .engine-backend')).toHaveText('Training runs on the CPU (wasm), in a Web Worker.');
  expect(helperWorker(page)).toBeUndefined();
});
