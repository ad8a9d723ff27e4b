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

  /** The points, read from the data table the page shows (its boxes edit them). */
  async points() {
    return this.page
      .locator('.data-table tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('input')].map((input) => Number(input.value))));
  }

  /** Waits until the loss readout equals the loss of the table's points, computed here. */
  async expectLossOfTable(kind = 'MSE') {
    await expect
      .poll(async () => {
        const [shown, value] = await this.lossValue();
        const expected = lossOf(await this.points(), await this.coefficients(), kind);
        return shown === kind && Math.abs(value - expected) <= 5e-4 * Math.max(1, Math.abs(expected));
      })
      .toBe(true);
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

/** 2/λmax of the MSE's Hessian (2/n)·Σ φφᵀ, φ = (x², x, 1), by power iteration: the largest
 * rate full-batch gradient descent survives. */
export function largestStableRate(points) {
  const h = [0, 1, 2].map(() => [0, 0, 0]);
  for (const [x] of points) {
    const phi = [x * x, x, 1];
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) h[i][j] += (2 / points.length) * phi[i] * phi[j];
  }
  let v = [1, 1, 1];
  let lambda = 0;
  for (let k = 0; k < 2000; k++) {
    const w = h.map((row) => row[0] * v[0] + row[1] * v[1] + row[2] * v[2]);
    lambda = Math.hypot(...w);
    v = w.map((x) => x / lambda);
  }
  return 2 / lambda;
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

  /** A model panel's learning rate, as its readout shows it. */
  rate(model) {
    return this.panel(model).root.locator('.rate output');
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

  /** Picks the two digits the binary rungs tell apart, in the picker of `section` (a model's
   * key, or 'similarity'). */
  async pick(section, first, second) {
    const root = section === 'similarity' ? this.page.locator('[aria-labelledby="similarity-title"]') : this.panel(section).root;
    await root.getByRole('combobox', { name: 'first digit', exact: true }).selectOption(String(first));
    await root.getByRole('combobox', { name: 'second digit', exact: true }).selectOption(String(second));
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

/** Page object for the ReLU lab. */
export class ReluLab {
  constructor(page) {
    this.page = page;
    this.tab = page.getByRole('tab', { name: 'ReLU lab' });
    this.mse = page.getByRole('status', { name: 'ReLU MSE', exact: true });
    this.status = page.locator('.relu-status');
    this.units = page.locator('.relu-unit');
    this.target = page.getByRole('combobox', { name: 'target curve' });
  }

  async open(backend) {
    await this.page.goto(`/?backend=${backend}`);
    await this.tab.click();
    await expect(this.mse).toHaveText(/^\d/);
  }

  button(name) {
    return this.page.getByRole('button', { name, exact: true });
  }

  slider(name) {
    return this.page.getByRole('slider', { name, exact: true });
  }

  async mseValue() {
    return Number(await this.mse.textContent());
  }

  /** Every unit's m, b and weight, and the constant, as the sliders hold them. */
  async sum() {
    const count = await this.units.count();
    const value = async (name) => Number(await this.slider(name).inputValue());
    const hinges = [];
    for (let i = 1; i <= count; i++) {
      hinges.push({
        m: await value(`unit ${i} m`),
        b: await value(`unit ${i} b`),
        a: await value(`unit ${i} weight`),
      });
    }
    return { hinges, c: await value('constant c') };
  }

  async startOver(units) {
    await this.page.getByRole('combobox', { name: 'units to start with' }).selectOption(String(units));
    await this.button('Start over with').click();
    await expect(this.units).toHaveCount(units);
  }

  /** Fits to the end and returns the MSE reached. */
  async fit() {
    await this.button('Fit').click();
    await expect(this.status).toHaveText(/^Fitted: 2000 steps/, { timeout: 60_000 });
    return this.mseValue();
  }
}

/** The sum of ReLUs, and its MSE to points, computed independently. */
export function reluMse(points, { hinges, c }) {
  const at = (x) => c + hinges.reduce((s, { m, b, a }) => s + a * Math.max(0, m * x + b), 0);
  return points.reduce((s, [x, y]) => s + (at(x) - y) ** 2, 0) / points.length;
}

/** The ReLU lab's sine target: 50 points of sin(1.5x) on [-2, 2]. */
export const sinePoints = () =>
  Array.from({ length: 50 }, (_, i) => {
    const x = -2 + (4 * i) / 49;
    return [x, Math.sin(1.5 * x)];
  });

/** Page object for the Titanic lab. */
export class TitanicLab {
  constructor(page) {
    this.page = page;
    this.tab = page.getByRole('tab', { name: 'Titanic lab' });
    this.data = page.locator('.titanic-data');
  }

  async open(backend) {
    await this.page.goto(`/?backend=${backend}`);
    await this.tab.click();
  }

  button(name) {
    return this.page.getByRole('button', { name, exact: true });
  }

  /** The panel of a model: 'linear', 'one-hidden' or 'deep'. */
  panel(key) {
    const root = this.page.locator(`.titanic-model[data-model="${key}"]`);
    return { root, status: root.locator('.train-status'), accuracy: root.locator('.titanic-accuracy output') };
  }

  /** A table's cells as text, by its accessible name. */
  async table(name) {
    return this.page
      .getByRole('table', { name, exact: true })
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
  }
}

/** Page object for the Network playground. */
export class Playground {
  constructor(page) {
    this.page = page;
    this.tab = page.getByRole('tab', { name: 'Network playground' });
    this.region = page.getByRole('region', { name: 'Network playground' });
    this.scores = page.locator('.playground-scores');
    this.status = page.locator('.playground-status');
    this.notice = page.locator('#playground-panel .address-notice');
    this.map = page.getByRole('img', { name: 'decision map' });
  }

  /** Opens the page on `backend` with extra address parameters, on the playground's tab. A
   * first network on software WebGPU waits for its shaders to compile. */
  async open(backend, query = '') {
    await this.page.goto(`/?backend=${backend}&lab=playground${query}`);
    await expect(this.scores).toHaveText(/^Batch 0 /, { timeout: backend === 'webgpu' ? 90_000 : 15_000 });
  }

  button(name) {
    return this.page.getByRole('button', { name, exact: true });
  }

  /** The network diagram, named by its shape ("2 inputs, hidden layers [4, 2]"). */
  diagram(shape) {
    return this.page.getByRole('img', { name: `network: ${shape}, 1 output`, exact: true });
  }

  select(name) {
    return this.page.getByRole('combobox', { name, exact: true });
  }

  /** The numbers of the scores line: batch, losses and accuracies (as fractions). */
  async read() {
    const text = await this.scores.textContent();
    const number = (pattern) => {
      const match = text.match(pattern);
      return match ? Number(match[1]) : undefined;
    };
    return {
      batch: number(/^Batch (\d+)/),
      trainLoss: number(/train loss ([\d.e+-]+)/),
      testLoss: number(/test loss ([\d.e+-]+)/),
      trainAccuracy: number(/train accuracy ([\d.]+)%/) / 100,
      testAccuracy: number(/test accuracy ([\d.]+)%/) / 100,
    };
  }

  /** Plays until `done(scores)` holds, then pauses; returns the scores once the slice that was
   * in flight has landed. */
  async playUntil(done, timeout = 90_000) {
    // Wait for the network to be built first: a preset then plays by itself, and its one
    // Play/Pause button would take a click aimed at "Play" as Pause.
    await expect(this.page.locator('button.play')).toBeEnabled();
    if ((await this.button('Play').count()) > 0) await this.button('Play').click();
    await expect.poll(async () => done(await this.read()), { timeout, intervals: [250] }).toBe(true);
    await this.button('Pause').click();
    await expect(this.button('Play')).toBeEnabled();
    await this.page.waitForTimeout(200);
    return this.read();
  }

  /** The colour of the decision map at a fraction of its width and height. */
  async mapColour(fx, fy) {
    return this.map.evaluate((canvas, [fx, fy]) => {
      const x = Math.floor(fx * canvas.width);
      const y = Math.floor(fy * canvas.height);
      return [...canvas.getContext('2d').getImageData(x, y, 1, 1).data.slice(0, 3)];
    }, [fx, fy]);
  }
}

// Every test gets a lab on the project's backend, and fails if the page logged an error or a
// Rust panic, or broke its Content-Security-Policy, except errors a fault test injects on purpose
// (`expectedErrors`).
const watchErrors = async (page) => {
  await page.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (event) =>
      console.error(`Content-Security-Policy violation: ${event.violatedDirective} blocked ${event.blockedURI || 'inline code'}`),
    ),
  );
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return errors;
};

/** Page object for the Tensors lab. */
export class TensorsLab {
  constructor(page) {
    this.page = page;
    this.tab = page.getByRole('tab', { name: 'Tensors lab' });
    this.root = page.locator('#tensors-panel');
  }

  /** Opens the page on `backend`, then the lab by its tab, once its stack of 3s has come. */
  async open(backend) {
    await this.page.goto(`/?backend=${backend}`);
    await this.tab.click();
    await expect(this.root.locator('.stack-shape')).toHaveText('[6131, 28, 28]', { timeout: 60_000 });
  }
}

const labFixture = (Lab, open) => async ({ page, backend, expectedErrors }, use) => {
  const errors = await watchErrors(page);
  const lab = new Lab(page);
  if (open) await lab.open(backend);
  await use(lab);
  const unexpected = errors.filter((e) => !expectedErrors.some((pattern) => pattern.test(e)));
  expect(unexpected, 'errors in the page').toEqual([]);
};

export const test = base.extend({
  backend: ['cpu', { option: true }],
  expectedErrors: [[], { option: true }],
  // The Digits lab opens one section at a time; tests of what is inside the sections reach
  // every one, as a learner who ticked "Show every section" does. The path's own tests turn
  // this off.
  everySection: [true, { option: true }],
  page: async ({ page, everySection }, use) => {
    if (everySection) await page.addInitScript(() => localStorage.setItem('descent.sections', 'all'));
    await use(page);
  },
  lab: labFixture(QuadraticLab, true),
  digits: labFixture(DigitsLab, false),
  relu: labFixture(ReluLab, false),
  playground: labFixture(Playground, false),
  titanic: labFixture(TitanicLab, false),
  tensors: labFixture(TensorsLab, false),
});

/** The labs' tabs, in the page's order. */
export const LAB_TABS = ['Quadratic lab', 'Digits lab', 'ReLU lab', 'Network playground', 'Titanic lab', 'Tensors lab'];

/** The engine workers the page runs, oldest first: the Quadratic lab's starts with the page. */
export const engineWorkers = (page) =>
  page.workers().filter((w) => w.url().includes('worker-loader.js') && !w.url().includes('role=helper'));
/** The engine worker of a slot ('quadratic', 'digits', or 'networks': the ReLU lab, the playground
 * and the Titanic lab share one), not its helper. */
export const labWorker = (page, slot) => engineWorkers(page).find((w) => w.url().includes(`slot=${slot}`));
/** The second CPU engine worker that shares the Digits lab's batches, once there is one. */
export const helperWorker = (page) => page.workers().find((w) => w.url().includes('role=helper'));

/** The line where a lab says what happened to its engine worker. */
export const engineNotice = (scope) => scope.locator('.engine-notice');

/** The badge naming the backend that trains. */
export const badge = (page) => page.getByRole('status', { name: 'backend', exact: true });

/** What the badge says for a project's backend. */
export const badgeText = (backend) =>
  backend === 'webgpu' ? /^Backend: WebGPU \(.*swiftshader.*\)$/i : /^Backend: CPU \(wasm\)$/;

/** The setting that forces a backend. */
export const picker = (page) => page.getByRole('combobox', { name: 'Train on' });
