import { test, expect } from './lab.js';

// Every digit as a person writes it: strokes through points in a unit box (x right, y down).
const ellipse = (cx, cy, rx, ry, from = 0, turns = 1, n = 16) =>
  Array.from({ length: n + 1 }, (_, i) => {
    const angle = from + (i / n) * turns * 2 * Math.PI;
    return [cx + rx * Math.sin(angle), cy - ry * Math.cos(angle)];
  });
const DIGITS = {
  0: [ellipse(0.5, 0.5, 0.4, 0.5)],
  1: [[[0.35, 0.15], [0.55, 0], [0.55, 1]]],
  2: [[[0.1, 0.25], [0.3, 0.03], [0.7, 0.03], [0.9, 0.25], [0.82, 0.5], [0.1, 1], [0.95, 1]]],
  3: [[[0.1, 0.1], [0.5, 0], [0.85, 0.12], [0.85, 0.35], [0.45, 0.5], [0.9, 0.65], [0.9, 0.88], [0.5, 1], [0.1, 0.9]]],
  4: [[[0.35, 0], [0.08, 0.62], [0.95, 0.62]], [[0.72, 0.15], [0.72, 1]]],
  5: [[[0.85, 0], [0.22, 0], [0.17, 0.45], [0.5, 0.38], [0.85, 0.55], [0.85, 0.85], [0.5, 1], [0.1, 0.9]]],
  6: [[[0.75, 0], [0.35, 0.25], [0.15, 0.6], [0.2, 0.9], [0.5, 1], [0.8, 0.85], [0.8, 0.62], [0.5, 0.5], [0.2, 0.65]]],
  7: [[[0.05, 0], [0.95, 0], [0.4, 1]]],
  8: [Array.from({ length: 25 }, (_, i) => {
    const t = (i / 24) * 2 * Math.PI;
    return [0.5 + 0.38 * Math.sin(2 * t), 0.5 - 0.5 * Math.cos(t)];
  })],
  9: [[...ellipse(0.5, 0.3, 0.35, 0.3, Math.PI / 2, 1), [0.82, 1]]],
};

/** `strokes` turned by `angle` (radians) about the box's centre. */
const turned = (strokes, angle) =>
  strokes.map((stroke) =>
    stroke.map(([x, y]) => [
      0.5 + (x - 0.5) * Math.cos(angle) - (y - 0.5) * Math.sin(angle),
      0.5 + (x - 0.5) * Math.sin(angle) + (y - 0.5) * Math.cos(angle),
    ]),
  );

/** `strokes` placed in a box `size` wide (and 1.4 times as tall) centred at `at`. */
const placed = (strokes, size, [cx, cy]) =>
  strokes.map((stroke) => stroke.map(([x, y]) => [cx + (x - 0.5) * size, cy + (y - 0.5) * size * 1.4]));

/** A hurried 7: a short, rising bar. Tilted either way, the old 784→128→10 MLP read it as a 1. */
const HURRIED_SEVEN = [[[0.3, 0.05], [0.75, 0], [0.55, 0.5], [0.45, 1]]];

test('every digit drawn by hand, large and centred or small and off-centre, and a hurried 7 tilted either way, is read right', async ({ digits, backend }) => {
  // 22 drawings of a few dozen pointer moves each: about 30 s here, so room for a slower machine.
  test.setTimeout(120_000);
  await digits.open(backend, { waitForData: false });
  const picker = digits.page.getByRole('combobox', { name: 'model answering' });
  await expect(picker.locator('option:checked')).toHaveText(/^Ready model \(28×28→conv 5×5×16→conv 5×5×32→64→10/);
  const clear = digits.page.getByRole('button', { name: 'Clear' });
  const read = [];
  for (const [size, at] of [[0.5, [0.5, 0.5]], [0.3, [0.32, 0.36]]]) {
    for (const digit of Object.keys(DIGITS)) {
      for (const stroke of placed(DIGITS[digit], size, at)) await digits.stroke(stroke);
      await expect(digits.prediction).toHaveCount(1);
      read.push(`${digit}→${await digits.prediction.textContent()}`);
      await clear.click();
    }
  }
  for (const angle of [0.25, -0.25]) {
    for (const stroke of placed(turned(HURRIED_SEVEN, angle), 0.45, [0.5, 0.5])) await digits.stroke(stroke);
    await expect(digits.prediction).toHaveCount(1);
    read.push(`7→${await digits.prediction.textContent()}`);
    await clear.click();
  }
  const expected = [...Object.keys(DIGITS), ...Object.keys(DIGITS), '7', '7'];
  expect(read).toEqual(expected.map((d) => `${d}→${d}`));
});

/** The ready model's first convolution, read from the file the page loads (`DESCENT2`). */
async function firstConvolution(page) {
  const bytes = await (await page.request.get('/digits-model.bin')).body();
  // DESCENT2, the task byte, the convolution count, then the first convolution.
  expect(bytes.subarray(0, 8).toString()).toBe("DESCENT2");
  const [inputs, outputs, kernel] = [10, 14, 18].map((at) => bytes.readUInt32LE(at));
  const floats = (at, n) => Array.from({ length: n }, (_, i) => bytes.readFloatLE(at + 4 * i));
  const weights = floats(22, outputs * inputs * kernel * kernel);
  return { outputs, kernel, weights, bias: floats(22 + 4 * weights.length, outputs) };
}

test('the filters\' maps of a drawing are the convolution of what the model sees', async ({ digits, page, backend }) => {
  await digits.open(backend, { waitForData: false });
  await digits.stroke(DIGITS[7][0].map(([x, y]) => [0.2 + 0.6 * x, 0.15 + 0.7 * y]));
  const first = page.getByRole('img', { name: 'feature maps of convolution 1' });
  await expect(first).toBeVisible();
  await expect(page.getByRole('img', { name: 'feature maps of convolution 2' })).toBeVisible();
  await expect(page.locator('.feature-maps figcaption')).toHaveText(['Convolution 1: 16 maps of 24×24', 'Convolution 2: 32 maps of 8×8']);
  const grey = (name) =>
    page.getByRole('img', { name }).evaluate((canvas) => {
      const { data, width } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
      return { width, levels: Array.from({ length: data.length / 4 }, (_, i) => data[4 * i]) };
    });
  // What the model sees is drawn as ink on paper: level = 255 - red.
  const seen = (await grey('what the model sees')).levels.map((v) => (255 - v) / 255);
  const maps = await grey('feature maps of convolution 1');
  const conv = await firstConvolution(page);
  const side = 28 - conv.kernel + 1;
  const found = [];
  for (let f = 0; f < conv.outputs; f++) {
    for (let y = 0; y < side; y++) {
      for (let x = 0; x < side; x++) {
        let sum = conv.bias[f];
        for (let i = 0; i < conv.kernel * conv.kernel; i++) {
          sum += conv.weights[f * 25 + i] * seen[(y + Math.floor(i / 5)) * 28 + x + (i % 5)];
        }
        found.push(Math.max(0, sum));
      }
    }
  }
  // Tiled four by four, a pixel of grey between maps; each shaded against the strongest.
  const strongest = Math.max(...found);
  let worst = 0;
  for (let f = 0; f < conv.outputs; f++) {
    const [left, top] = [(f % 4) * (side + 1), Math.floor(f / 4) * (side + 1)];
    for (let i = 0; i < side * side; i++) {
      const shown = maps.levels[(top + Math.floor(i / side)) * maps.width + left + (i % side)];
      worst = Math.max(worst, Math.abs(shown - (found[f * side * side + i] / strongest) * 255));
    }
  }
  // The page convolves the unrounded image; the canvas gives it back rounded to 1/255.
  expect(worst).toBeLessThan(6);
});

test('the convolutional net says how long an epoch takes, trains part of one on the CPU, and shows its filters', async ({ digits, page }) => {
  await digits.open('cpu');
  const cnn = digits.panel('convolutional');
  await expect(cnn.root.getByRole('img', { name: /^weights of filter/ })).toHaveCount(16);
  await cnn.root.hover();
  const time = cnn.root.locator('.epoch-time');
  await expect(time).toContainText(/a batch of 64 takes \d+ ms, so an epoch \(938 batches, then the 10,000 test digits\) takes about \d/, { timeout: 30_000 });
  const filter = cnn.root.getByRole('img', { name: 'weights of filter 1', exact: true });
  const before = await filter.evaluate((c) => c.toDataURL());
  await cnn.button('Train').click();
  await expect(cnn.status).toContainText(/batch (1[0-9]|[2-9]\d|\d{3,}) of 938/, { timeout: 45_000 });
  await cnn.button('Stop').click();
  await expect(cnn.status).toContainText('Stopped.');
  const batch = Number((await cnn.status.textContent()).match(/batch (\d+) of 938/)[1]);
  await expect(cnn.root.getByRole('img', { name: /^training loss of \d+ batches/ })).toHaveAccessibleName(`training loss of ${batch} batches`);
  await expect.poll(() => filter.evaluate((c) => c.toDataURL())).not.toBe(before);
  // Where Stop left it, the learner's net answers drawings, with its own maps.
  const picker = page.getByRole('combobox', { name: 'model answering' });
  await expect(picker.locator('option:checked')).toHaveText('Your convolutional net');
  await digits.stroke(DIGITS[1][0].map(([x, y]) => [0.3 + 0.4 * x, 0.15 + 0.7 * y]));
  await expect(page.getByRole('img', { name: 'feature maps of convolution 1' })).toBeVisible();
  await expect(digits.bars).toHaveCount(10);
});

test('the convolutional net takes a batch on the backend, forward and backward, to time an epoch', { tag: '@webgpu' }, async ({ digits, backend }) => {
  // SwiftShader compiles the convolution's shaders on the first batch: 16 s here.
  test.setTimeout(150_000);
  await digits.open(backend);
  const cnn = digits.panel('convolutional');
  await cnn.root.hover();
  await expect(cnn.root.locator('.epoch-time')).toContainText(/a batch of 64 takes \d+ ms/, { timeout: 120_000 });
});
