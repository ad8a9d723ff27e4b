import fs from 'node:fs';
import { test, expect, DigitsLab } from './lab.js';

// Strokes as a person would draw them, in fractions of the canvas.
const ONE = [[0.5, 0.15], [0.5, 0.5], [0.5, 0.85]];
const ZERO = Array.from({ length: 41 }, (_, i) => {
  const angle = (i / 40) * 2 * Math.PI;
  return [0.5 + 0.22 * Math.sin(angle), 0.5 - 0.33 * Math.cos(angle)];
});
const SEVEN = [[0.25, 0.2], [0.75, 0.2], [0.6, 0.5], [0.45, 0.85]];

test('an empty canvas asks for a digit; a vertical stroke reads as 1', async ({ digits, backend }) => {
  await digits.open(backend, { waitForData: false });
  await expect(digits.page.locator('.draw-prompt')).toHaveText('Draw a digit (0–9) in the box.');
  await digits.stroke(ONE);
  await expect(digits.prediction).toHaveText('1');
  await expect(digits.bars).toHaveCount(10);
  const values = (await digits.bars.locator('.value').allTextContents()).map(Number);
  expect(Math.abs(values.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(0.01);
  expect(values[1]).toBe(Math.max(...values));
});

test('a closed loop reads as 0, with a thin pen and a thick one', async ({ digits, backend }) => {
  await digits.open(backend, { waitForData: false });
  const pen = digits.page.getByRole('slider', { name: 'pen width' });
  for (const key of ['Home', 'End']) {
    await pen.focus();
    await pen.press(key);
    await digits.stroke(ZERO);
    await expect(digits.prediction).toHaveText('0');
    await digits.page.getByRole('button', { name: 'Clear' }).click();
  }
});

test('a 7 drawn as a top bar and a diagonal reads as 7; Clear empties canvas and chart', async ({ digits, backend }) => {
  await digits.open(backend, { waitForData: false });
  await digits.stroke(SEVEN);
  await expect(digits.prediction).toHaveText('7');
  await expect(digits.page.getByRole('img', { name: 'what the model sees' })).toBeVisible();
  await digits.page.getByRole('button', { name: 'Clear' }).click();
  await expect(digits.prediction).toHaveCount(0);
  await expect(digits.bars).toHaveCount(0);
  await expect(digits.page.locator('.draw-prompt')).toBeVisible();
  const ink = await digits.canvas.evaluate((canvas) =>
    canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data.filter((_, i) => i % 4 === 3).reduce((a, b) => a + b, 0),
  );
  expect(ink).toBe(0);
});

// Handwriting styles MNIST under-represents, shared with the engine's test of the ready model.
const STYLES = JSON.parse(fs.readFileSync(new URL('../../engine/tests/data/handwriting-styles.json', import.meta.url), 'utf8'));

test('the ready model reads handwriting styles MNIST under-represents, large and small', async ({ digits, backend }) => {
  await digits.open(backend, { waitForData: false });
  for (const { style, label, strokes } of STYLES.styles) {
    for (const { name, scale, left, top } of STYLES.placements) {
      for (const stroke of strokes) await digits.stroke(stroke.map(([x, y]) => [left + scale * x, top + scale * y]));
      await expect(digits.prediction, `${style}, ${name}`).toHaveText(String(label));
      await digits.page.getByRole('button', { name: 'Clear' }).click();
    }
  }
});

test('after training, the learner\'s own model answers the drawing', async ({ digits, backend }) => {
  await digits.open(backend);
  const picker = digits.page.getByRole('combobox', { name: 'model answering' });
  await expect(picker.locator('option:checked')).toHaveText(/^Ready model \(28×28→conv 5×5×16/);
  const linear = digits.panel('linear');
  await digits.set('linear', 'epochs', 1);
  await linear.button('Train').click();
  await expect(linear.status).toContainText('Finished', { timeout: 60_000 });
  await expect(picker.locator('option:checked')).toHaveText('Your linear model (3 or 7)');
  await digits.stroke(SEVEN);
  // The 3-or-7 model answers with two classes.
  await expect(digits.bars.locator('.digit')).toHaveText(['3', '7']);
  await expect(digits.prediction).toHaveText('7');
  await picker.selectOption('ready');
  await expect(digits.bars).toHaveCount(10);
});

test('a finger draws too, and the page does not scroll while it does', async ({ browser, backend }) => {
  const context = await browser.newContext({ hasTouch: true, viewport: { width: 800, height: 600 } });
  await context.addInitScript(() => localStorage.setItem('descent.sections', 'all'));
  const page = await context.newPage();
  const digits = new DigitsLab(page);
  await digits.open(backend, { waitForData: false });
  await digits.canvas.scrollIntoViewIfNeeded();
  const scrolled = await page.evaluate(() => window.scrollY);
  const box = await digits.canvas.boundingBox();
  const at = (x, y) => [{ x: box.x + x * box.width, y: box.y + y * box.height }];
  const touch = await context.newCDPSession(page);
  // Drawn upwards: the same swipe outside the canvas would scroll the page down.
  await touch.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(0.5, 0.85) });
  for (let i = 1; i <= 14; i++) {
    await touch.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(0.5, 0.85 - 0.05 * i) });
  }
  await touch.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await expect(digits.prediction).toHaveText('1');
  expect(await page.evaluate(() => window.scrollY)).toBe(scrolled);
  await context.close();
});
