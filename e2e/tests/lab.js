// Page object for the Quadratic lab, and the independent maths the tests check the page against.
import { test as base, expect } from '@playwright/test';

export { expect };

export class QuadraticLab {
  constructor(page) {
    this.page = page;
    this.loss = page.getByRole('status', { name: 'loss', exact: true });
    this.message = page.locator('.run-message');
    this.surface = page.getByRole('img', { name: 'loss surface' });
  }

  slider(name) {
    return this.page.getByRole('slider', { name, exact: true });
  }

  box(name) {
    return this.page.getByRole('spinbutton', { name: `${name} value`, exact: true });
  }

  button(name) {
    return this.page.getByRole('button', { name, exact: true });
  }

  /** Opens the page on `backend` ('cpu', 'webgpu' or 'auto'). */
  async open(backend) {
    await this.page.goto(`/?backend=${backend}`);
    await expect(this.loss).toHaveText(/^MSE \d/);
  }

  /** Types a value into a number box and commits it, as a person does. */
  async type(name, value) {
    const box = this.box(name);
    await box.fill(String(value));
    await box.press('Enter');
  }

  async coefficients() {
    const read = async (name) => Number(await this.box(name).inputValue());
    return { a: await read('a'), b: await read('b'), c: await read('c') };
  }

  async gradient(name) {
    const text = await this.page.getByRole('status', { name: `gradient ${name}`, exact: true }).textContent();
    return Number(text.split('=')[1]);
  }

  /** The loss readout as [kind, value]. */
  async lossValue() {
    const [kind, value] = (await this.loss.textContent()).trim().split(/\s+/);
    return [kind, Number(value)];
  }

  /** The points, read from the data table the page shows. */
  async points() {
    const rows = this.page.locator('.data-table tbody tr');
    return (await rows.allTextContents()).length === 0
      ? []
      : await rows.evaluateAll((trs) =>
          trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => Number(td.textContent))),
        );
  }
}

/** The loss computed independently from the table's points. */
export function lossOf(points, { a, b, c }, kind = 'MSE') {
  const residuals = points.map(([x, y]) => a * x * x + b * x + c - y);
  const terms = residuals.map((r) => (kind === 'MSE' ? r * r : Math.abs(r)));
  return terms.reduce((s, t) => s + t, 0) / points.length;
}

/** Least squares by the normal equations, solved by Gaussian elimination. */
export function leastSquares(points) {
  const m = [0, 1, 2].map(() => [0, 0, 0, 0]);
  for (const [x, y] of points) {
    const row = [x * x, x, 1];
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) m[i][j] += row[i] * row[j];
      m[i][3] += row[i] * y;
    }
  }
  for (let col = 0; col < 3; col++) {
    for (let row = 0; row < 3; row++) {
      if (row === col) continue;
      const f = m[row][col] / m[col][col];
      for (let k = col; k < 4; k++) m[row][k] -= f * m[col][k];
    }
  }
  const [a, b, c] = [0, 1, 2].map((i) => m[i][3] / m[i][i]);
  return { a, b, c };
}

export function expectClose(actual, expected, relative = 5e-4) {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.max(1, Math.abs(expected)));
}

/** Page object for the Digits lab. */
export class DigitsLab {
  constructor(page) {
    this.page = page;
    this.tab = page.getByRole('tab', { name: 'Digits lab' });
    this.progress = page.getByRole('progressbar', { name: 'MNIST download' });
    this.loaded = page.locator('.data-loaded');
    this.dataError = page.locator('.data-error');
    this.similarity = page.locator('.similarity-result');
  }

  /** Opens the page on `backend`, then the lab by its tab, as a person does. */
  async open(backend, { waitForData = true } = {}) {
    await this.page.goto(`/?backend=${backend}`);
    await this.tab.click();
    if (waitForData) await expect(this.loaded).toHaveText(/100%/, { timeout: 60_000 });
  }

  /** The panel of one model: 'linear', 'simplenet' or 'alldigits'. */
  panel(model) {
    const panel = this.page.locator(`[data-model="model-${model}"]`);
    return {
      root: panel,
      button: (name) => panel.getByRole('button', { name, exact: true }),
      field: (name) => panel.getByRole('spinbutton', { name, exact: true }),
      status: panel.locator('.train-status'),
      epochRows: panel.locator('table.epochs tbody tr'),
      confusion: panel.getByRole('table', { name: 'confusion matrix' }),
    };
  }

  /** Sets a number field of a model panel and commits it. */
  async set(model, name, value) {
    const field = this.panel(model).field(name);
    await field.fill(String(value));
    await field.press('Enter');
  }

  get canvas() {
    return this.page.getByRole('img', { name: 'digit canvas' });
  }

  get prediction() {
    return this.page.getByRole('status', { name: 'prediction' });
  }

  get bars() {
    return this.page.getByRole('list', { name: 'class probabilities' }).locator('li');
  }

  /** Draws one stroke through `points` given as fractions of the canvas, with the mouse. */
  async stroke(points) {
    await this.canvas.scrollIntoViewIfNeeded();
    const box = await this.canvas.boundingBox();
    const at = ([x, y]) => [box.x + x * box.width, box.y + y * box.height];
    await this.page.mouse.move(...at(points[0]));
    await this.page.mouse.down();
    for (const point of points.slice(1)) await this.page.mouse.move(...at(point), { steps: 4 });
    await this.page.mouse.up();
  }

  /** The epoch table's rows as numbers. */
  async epochs(model) {
    return this.panel(model).epochRows.evaluateAll((rows) =>
      rows.map((tr) => [...tr.querySelectorAll('td')].map((td) => Number(td.textContent))),
    );
  }
}

// Every test gets a lab on the project's backend, and fails if the page logged an error or a
// Rust panic.
const watchErrors = (page) => {
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return errors;
};

export const test = base.extend({
  backend: ['cpu', { option: true }],
  lab: async ({ page, backend }, use) => {
    const errors = watchErrors(page);
    const lab = new QuadraticLab(page);
    await lab.open(backend);
    await use(lab);
    expect(errors, 'errors in the page').toEqual([]);
  },
  digits: async ({ page }, use) => {
    const errors = watchErrors(page);
    await use(new DigitsLab(page));
    expect(errors, 'errors in the page').toEqual([]);
  },
});

/** The badge naming the backend that trains. */
export const badge = (page) => page.getByRole('status', { name: 'backend', exact: true });

/** What the badge says for a project's backend. */
export const badgeText = (backend) =>
  backend === 'webgpu' ? /^Backend: WebGPU \(.*swiftshader.*\)$/i : /^Backend: CPU \(wasm\)$/;

/** The setting that forces a backend. */
export const picker = (page) => page.getByRole('combobox', { name: 'Train on' });
