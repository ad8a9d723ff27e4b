// The Tensors lab on the real MNIST 3s: what an index picks against the IDX files read here, the
// broadcast difference against the mean computed here, the rule for typed shapes, a layer's cell
// worked out, the loop against the tensor operation, and bad input answered in words.
import { test, expect } from './lab.js';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

/** The training 3s as one array of 28×28 grey levels each, read from the IDX files. */
function threes() {
  const read = (name) => gunzipSync(readFileSync(new URL(`../../assets/mnist/${name}`, import.meta.url)));
  const images = read('train-images-idx3-ubyte.gz').subarray(16);
  const labels = read('train-labels-idx1-ubyte.gz').subarray(8);
  const picked = [];
  labels.forEach((label, i) => {
    if (label === 3) picked.push(images.subarray(i * 784, (i + 1) * 784));
  });
  return picked;
}

/** Opens the lab by its tab, once its stack has come, and returns its panel. */
async function open(tensors) {
  await tensors.open('cpu');
  return tensors.root;
}

/** The grey levels (0–255) a grid canvas shows, one per cell, row by row. */
async function cells(canvas) {
  return canvas.evaluate((c) => {
    const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    return { width: c.width, height: c.height, levels: [...data].filter((_, i) => i % 4 === 0).map((v) => 255 - v) };
  });
}

async function index(lab, text) {
  const box = lab.getByRole('textbox', { name: 'index', exact: true });
  await box.fill(text);
  await box.press('Enter');
}

test('an index picks what the IDX files hold there, with the shape PyTorch gives', async ({ tensors }) => {
  const stack = threes();
  expect(stack.length).toBe(6131);
  const lab = await open(tensors);
  const result = lab.getByRole('status', { name: 'index result' });
  const picture = lab.locator('.slice-picture');

  await index(lab, 'stack[5, 7:21, 10:14]');
  await expect(result).toContainText('has shape [14, 4]: rank 2, 56 numbers.');
  const window = await cells(picture);
  expect([window.width, window.height]).toEqual([4, 14]);
  const expected = [];
  for (let r = 7; r < 21; r++) for (let c = 10; c < 14; c++) expected.push(stack[5][r * 28 + c]);
  expect(window.levels).toEqual(expected);

  // A column across images: stack[:, 14] is [6131, 28]; its first rows are each image's row 14.
  await lab.getByRole('button', { name: 'stack[:, 14]' }).click();
  await expect(result).toContainText('has shape [6131, 28]: rank 2, 171,668 numbers (the first 3,136 drawn; 168,532 more not).');
  const rows = await cells(picture);
  expect(rows.levels.slice(0, 28)).toEqual([...stack[0].subarray(14 * 28, 15 * 28)]);
  expect(rows.levels.slice(3 * 28, 4 * 28)).toEqual([...stack[3].subarray(14 * 28, 15 * 28)]);

  // Negative numbers count from the end, and a step skips.
  await index(lab, 'stack[-1, ::2, 3]');
  await expect(result).toContainText('has shape [14]: rank 1, 14 numbers.');
  const every = await cells(picture);
  expect(every.levels.slice(0, 14)).toEqual([...Array(14)].map((_, k) => stack[6130][2 * k * 28 + 3]));

  // The reshape: where a pixel went in the [n, 784] view.
  await expect(lab.locator('.view-shape')).toHaveText('[6131, 784]');
  await lab.getByRole('spinbutton', { name: 'row' }).first().fill('9');
  await lab.getByRole('spinbutton', { name: 'row' }).first().press('Enter');
  await expect(lab.getByRole('status', { name: 'where the pixel went' })).toHaveText(
    'stack[0, 9, 14] is stack.view(-1, 784)[0, 266]: row 9 × 28 + column 14.',
  );
});

test('bad indexes and shapes are answered in words, and nothing else changes', async ({ tensors }) => {
  const lab = await open(tensors);
  const result = lab.getByRole('status', { name: 'index result' });
  await index(lab, 'stack[0:8]');
  await expect(result).toContainText('has shape [8, 28, 28]');
  const before = await cells(lab.locator('.slice-picture'));
  const alert = lab.locator('.index-box + .refusal');
  for (const [bad, said] of [
    ['stack[6131]', 'Index 6131 is out of range for axis 0, whose size is 6131 (from -6131 to 6130).'],
    ['stack[::-1]', 'A step of -1 on axis 0: PyTorch steps forwards only (step 1 or more); torch.flip reverses an axis.'],
    ['stack[0, 0, 0, 0]', 'The stack has 3 axes; this index names 4.'],
    [`stack[${'7'.repeat(10_000)}]`, 'That index is 10007 characters long; one here is at most 100, so it was not read.'],
  ]) {
    await index(lab, bad);
    await expect(alert).toHaveText(said);
    await expect(result).toContainText('stack[0:8] has shape [8, 28, 28]');
    expect(await cells(lab.locator('.slice-picture'))).toEqual(before);
  }
  await index(lab, 'stack[1]');
  await expect(alert).toHaveText('');

  const verdict = lab.getByRole('status', { name: 'broadcast' });
  await expect(verdict).toHaveText('They broadcast to [6131, 28, 28].');
  const right = lab.getByRole('textbox', { name: 'right shape' });
  await right.fill('[27, 28]');
  await expect(verdict).toHaveText('[6131, 28, 28] and [27, 28] cannot broadcast: 28 and 27 differ and neither is 1.');
  await expect(lab.getByRole('table', { name: 'the shapes lined up' }).locator('tbody tr').nth(1)).toContainText(
    'differ, and neither is 1: cannot broadcast',
  );
  await right.fill('[6131, 1, 28]');
  await expect(verdict).toHaveText('They broadcast to [6131, 28, 28].');
  await right.fill('9'.repeat(10_000));
  await expect(lab.locator('.shape-rule .refusal')).toHaveText(
    'That shape is 10000 characters long; one here is at most 100, so it was not read.',
  );
  await right.fill('[28, x]');
  await expect(lab.locator('.shape-rule .refusal')).toHaveText('"x" is not a size: a shape lists whole numbers, as in [28, 28].');
});

test('stack − mean3 at one pixel of one image is what the IDX files give, and the distances follow', async ({ tensors }) => {
  const stack = threes();
  const mean = new Float64Array(784);
  for (const image of stack) image.forEach((v, i) => (mean[i] += v / 255 / stack.length));
  const lab = await open(tensors);
  const pick = lab.locator('.pixel-pick').nth(1);
  for (const [name, value] of [['image', 42], ['row', 12], ['column', 15]]) {
    await pick.getByRole('spinbutton', { name }).fill(String(value));
    await pick.getByRole('spinbutton', { name }).press('Enter');
  }
  const x = stack[42][12 * 28 + 15] / 255;
  const m = mean[12 * 28 + 15];
  await expect(lab.getByRole('status', { name: 'difference at the pixel' })).toHaveText(
    `At row 12, column 15: ${x.toFixed(4)} − ${m.toFixed(4)} = ${(x - m).toFixed(4)}`,
  );
  // The first distances, each image's mean absolute difference from the mean.
  const distance = (image) => image.reduce((sum, v, i) => sum + Math.abs(v / 255 - mean[i]), 0) / 784;
  const first = stack.slice(0, 6).map((image) => distance(image).toFixed(4));
  await expect(lab.getByRole('status', { name: 'distances' })).toContainText(`[${first.join(', ')}, …]`);
  await expect(lab.locator('.distances-shape')).toHaveText('[6131]');
});

test('a layer is xb @ w1 + b1: a cell is its row times its column plus the bias, then ReLU, with 23,550 parameters', async ({ tensors }) => {
  const lab = await open(tensors);
  const count = lab.locator('.layer-shape').locator('..').getByRole('status', { name: 'parameters', exact: true });
  await expect(count).toHaveText('23,550 parameters');
  await expect(count).toHaveAttribute('title', '784·30 + 30 = 23,550');
  await expect(lab.locator('.layer-shape')).toHaveText('[64, 30]');
  const cell = lab.getByRole('status', { name: 'the cell worked out' });
  const read = async () => {
    const [, r, u, sum, b, z, relu] = (await cell.textContent()).match(
      /^\(xb @ w1 \+ b1\)\[(\d+), (\d+)\] = sum of the 784 products (\S+) \+ b1\[\d+\] (\S+) = (\S+); ReLU: max\(0, \S+\) = (\S+)\.$/,
    );
    return { r: Number(r), u: Number(u), sum: Number(sum), b: Number(b), z: Number(z), relu: Number(relu) };
  };
  const seen = new Set();
  for (const [row, unit] of [[0, 0], [5, 7], [63, 29]]) {
    const pick = lab.locator('.layer-pictures').locator('xpath=preceding-sibling::div[1]');
    await pick.getByRole('spinbutton', { name: 'batch row' }).fill(String(row));
    await pick.getByRole('spinbutton', { name: 'batch row' }).press('Enter');
    await pick.getByRole('spinbutton', { name: 'unit' }).fill(String(unit));
    await pick.getByRole('spinbutton', { name: 'unit' }).press('Enter');
    await expect(cell).toContainText(`[${row}, ${unit}]`);
    const { sum, b, z, relu } = await read();
    expect(Math.abs(sum + b - z)).toBeLessThanOrEqual(2e-4);
    expect(relu).toBe(Math.max(0, z));
    seen.add(z);
  }
  expect(seen.size).toBe(3);
  // Out of the batch: refused, and the cell stays.
  const pick = lab.locator('.layer-pictures').locator('xpath=preceding-sibling::div[1]');
  await pick.getByRole('spinbutton', { name: 'batch row' }).fill('64');
  await pick.getByRole('spinbutton', { name: 'batch row' }).press('Enter');
  await expect(pick.getByRole('alert').filter({ hasText: 'Enter' })).toHaveText('Enter a whole number from 0 to 63.');
  await expect(cell).toContainText('[63, 29]');
});

test('the loop and the tensor operation are both timed in the worker, and agree', async ({ tensors }) => {
  const lab = await open(tensors);
  await lab.getByRole('button', { name: 'Time both' }).click();
  const timing = lab.getByRole('status', { name: 'timing' });
  await expect(timing).toContainText('6,131 distances: the loop took', { timeout: 60_000 });
  const [, looped, vectorised] = (await timing.textContent()).match(/loop took (\S+) ms, one tensor operation (\S+) ms/);
  expect(Number(looped)).toBeGreaterThan(0);
  expect(Number(vectorised)).toBeGreaterThan(0);
  expect(Number((await timing.textContent()).match(/within (\S+)\./)[1])).toBeLessThan(1e-4);
});

test.describe('a missing MNIST file', () => {
  // The browser logs the 404 itself.
  test.use({ expectedErrors: [/404|Failed to load/] });

  test('says why in the Tensors lab, and Retry brings the stack', async ({ tensors, page }) => {
  test.setTimeout(120_000);
  await page.context().route('**/mnist/train-labels-idx1-ubyte.gz', (route) => route.fulfill({ status: 404, body: '' }));
  await page.goto('/?backend=cpu&lab=tensors');
  const lab = tensors.root;
  await expect(lab.getByRole('alert').filter({ hasText: 'MNIST could not be loaded' })).toContainText('404', { timeout: 60_000 });
  await page.context().unroute('**/mnist/train-labels-idx1-ubyte.gz');
  await lab.getByRole('button', { name: 'Retry' }).click();
  await expect(lab.locator('.stack-shape')).toHaveText('[6131, 28, 28]', { timeout: 60_000 });
  });
});
