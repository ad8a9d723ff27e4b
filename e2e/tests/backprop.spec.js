import { test, expect, expectClose, lossOf } from './lab.js';

const table = (page) => page.getByRole('table', { name: 'computational graph' });

/** The graph table as { node: [value, gradient, rule, finite difference] }, keyed by node name. */
async function graphRows(page) {
  const rows = await table(page).locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [tr.querySelector('th').textContent, ...[...tr.querySelectorAll('td')].map((td) => td.textContent)]),
  );
  return Object.fromEntries(rows.map(([head, ...cells]) => [head.split(' = ')[0], cells]));
}

test('the graph has the accessible contract: a table with node, value and gradient columns', async ({ lab }) => {
  const headers = await table(lab.page).getByRole('columnheader').allTextContents();
  expect(headers.slice(0, 3)).toEqual(['node', 'value', 'gradient']);
  const rows = await graphRows(lab.page);
  expect(Object.keys(rows)).toEqual(['x', 'a', 'b', 'c', 'y', 'x²', 'a·x²', 'b·x', 'ŷ', 'r', 'r²', 'L']);
  // Nothing is computed until Forward.
  expect(Object.values(rows).every(([value, gradient]) => value === '?' && gradient === '?')).toBe(true);
});

test("one point's path: Forward fills values node by node, Backward reaches the leaves with the chain rule", async ({ lab }) => {
  const points = await lab.points();
  const n = points.length;
  const i = 3;
  const [x, y] = points[i];
  const { a, b, c } = await lab.coefficients();
  await lab.page.getByRole('combobox', { name: 'point' }).selectOption(String(i));

  await lab.button('Forward').click();
  // Part way through, the first nodes have values and the loss has none yet.
  await expect.poll(async () => (await graphRows(lab.page)).x[0]).not.toBe('?');
  await expect.poll(async () => (await graphRows(lab.page)).L[0], { timeout: 10_000 }).not.toBe('?');
  let rows = await graphRows(lab.page);
  const r = a * x * x + b * x + c - y;
  expectClose(Number(rows.x[0]), x);
  expectClose(Number(rows['a·x²'][0]), a * x * x);
  expectClose(Number(rows['ŷ'][0]), a * x * x + b * x + c);
  expectClose(Number(rows.r[0]), r);
  expectClose(Number(rows['r²'][0]), r * r);
  expectClose(Number(rows.L[0]), lossOf(points, { a, b, c }));
  expect(rows.L[1]).toBe('?');

  // Backward one node at a time: the loss first, then back towards the leaves.
  await lab.button('Next node').click();
  rows = await graphRows(lab.page);
  expect(rows.L[1]).toBe('1.0000');
  expect(rows['r²'][1]).toBe('?');
  await lab.button('Next node').click();
  expectClose(Number((await graphRows(lab.page))['r²'][1]), 1 / n);

  await lab.button('Backward').click();
  await lab.button('Skip animation').click();
  rows = await graphRows(lab.page);
  expect(rows.r[2]).toBe('∂(r²)/∂r = 2r');
  expectClose(Number(rows.r[1]), (2 * r) / n);
  expectClose(Number(rows.a[1]), (2 * r * x * x) / n);
  expectClose(Number(rows.b[1]), (2 * r * x) / n);
  expectClose(Number(rows.c[1]), (2 * r) / n);
  // The leaves: x gets its gradient along two paths (x² and b·x).
  expectClose(Number(rows.x[1]), ((2 * r) / n) * (2 * a * x + b));
  expectClose(Number(rows.a[3]), (2 * r * x * x) / n);
});

test('over the batch the graph sums to the gradients beside the sliders, and editing a coefficient updates it', async ({ lab }) => {
  await lab.button('Backward').click();
  await lab.button('Skip animation').click();
  const check = async () => {
    const points = await lab.points();
    const { a, b, c } = await lab.coefficients();
    const sums = points.reduce(
      (s, [x, y]) => {
        const r = a * x * x + b * x + c - y;
        return [s[0] + (2 * r * x * x) / points.length, s[1] + (2 * r * x) / points.length, s[2] + (2 * r) / points.length];
      },
      [0, 0, 0],
    );
    const rows = await graphRows(lab.page);
    for (const [k, name] of ['a', 'b', 'c'].entries()) {
      expectClose(Number(rows[name][1]), sums[k]);
      expectClose(Number(rows[name][1]), await lab.gradient(name));
      expectClose(Number(rows[name][3]), sums[k]);
    }
    expectClose(Number(rows.L[0]), lossOf(points, { a, b, c }));
    expect(rows.r[0]).toMatch(/^20 values, /);
  };
  await check();
  await lab.type('b', -2);
  await expect.poll(async () => Number((await graphRows(lab.page)).b[0])).toBe(-2);
  await check();
});

test('forgetting to zero the gradients turns the loss curve back up, and unticking it fixes it', async ({ lab }) => {
  const caption = lab.page.locator('.history-caption');
  const curve = async () => {
    const text = await caption.textContent();
    const m = text.match(/: ([\d.e+-]+) at step 0, lowest ([\d.e+-]+) at step (\d+), ([\d.e+-]+) now at step (\d+)/);
    return m && { low: Number(m[2]), lowStep: Number(m[3]), now: Number(m[4]), step: Number(m[5]) };
  };
  const toggle = lab.page.getByRole('checkbox', { name: 'forget to zero the gradients' });
  await expect(toggle).not.toBeChecked();
  await toggle.check();
  await expect(lab.page.locator('.zero-grad')).toContainText('climbs back up');
  for (let i = 0; i < 30; i++) await lab.button('Step').click();
  await expect.poll(async () => (await curve())?.step).toBe(30);
  const buggy = await curve();
  expect(buggy.lowStep).toBeLessThan(30);
  expect(buggy.now).toBeGreaterThan(buggy.low * 1.5);

  await toggle.uncheck();
  await lab.button('Reset').click();
  for (let i = 0; i < 30; i++) await lab.button('Step').click();
  await expect.poll(async () => (await curve())?.step).toBe(30);
  const fixed = await curve();
  expect(fixed.lowStep).toBe(30);
});

test("the playground's Gradients view: one line per layer, and HOML's vanishing gradients in the sigmoid preset", async ({ playground, page }) => {
  await playground.open('cpu');
  const legend = page.getByRole('list', { name: 'gradient size of each layer' }).locator('li');
  // The default network [4, 2] has three layers of weights.
  await expect(legend).toHaveCount(3);
  await expect(legend.first()).toHaveText(/^input → hidden layer 1: \d/);
  await expect(legend.last()).toHaveText(/^hidden layer 2 → output: \d/);

  const sizes = async () =>
    (await legend.allTextContents()).map((text) => Number(text.split(': ').pop()));
  await playground.button('Six sigmoid layers on the spiral').click();
  await expect(playground.diagram('2 inputs, hidden layers [8, 8, 8, 8, 8, 8]')).toBeVisible();
  await expect(legend).toHaveCount(7);
  await playground.playUntil((s) => s.batch >= 50);
  const sigmoid = await sizes();
  // From the output back, each hidden layer's gradient is smaller than the next one's, and the
  // first layer's is far below the last's. (The first layer's ∂L/∂w is scaled by the inputs,
  // up to 6, not by sigmoids below 1, so it need not be below the second's.)
  for (let i = 1; i < 6; i++) expect(sigmoid[i]).toBeLessThan(sigmoid[i + 1]);
  expect(sigmoid[0]).toBeLessThan(sigmoid[6] / 100);

  await playground.button('The same depth with ReLU').click();
  await expect(page.getByRole('combobox', { name: 'activation', exact: true })).toHaveValue('relu');
  await playground.playUntil((s) => s.batch >= 50);
  const relu = await sizes();
  expect(relu[0]).toBeGreaterThan(10 * sigmoid[0]);
});

test('hovering or focusing a neuron or a weight shows its value and gradient for the traced training point', async ({ playground, page }) => {
  await playground.open('cpu');
  const inspect = page.locator('.network-inspect');
  const about = page.locator('.traced-about');
  const box = page.getByRole('spinbutton', { name: 'traced training point' });
  await box.fill('5');
  await box.press('Enter');
  await expect(about).toHaveText(/^ at \(x₁, x₂\) = \(/);
  const [, x1, x2, target] = (await about.textContent()).match(/\(([-\d.]+), ([-\d.]+)\), target ([\d.]+)/).map(Number);

  // The first input neuron's value is the point's x₁.
  const targets = page.locator('.diagram-targets');
  await targets.getByRole('button', { name: 'neuron 1 of column 1', exact: true }).hover();
  await expect(inspect).toHaveText(/^input, neuron 1: value [-\d.]+, ∂L\/∂value [-\d.e]+ for training point 5\.$/);
  const value = Number((await inspect.textContent()).match(/value ([-\d.]+),/)[1]);
  expect(Math.abs(value - x1)).toBeLessThan(1e-3);

  // The output, by keyboard: cross-entropy on a logit z has ∂L/∂z = σ(z) − target.
  await targets.getByRole('button', { name: 'neuron 1 of column 4', exact: true }).focus();
  await expect(inspect).toHaveText(/^output, neuron 1: value/);
  const [, z, dz] = (await inspect.textContent()).match(/value ([-\d.e]+), ∂L\/∂value ([-\d.e]+)/).map(Number);
  expect(Math.abs(dz - (1 / (1 + Math.exp(-z)) - target))).toBeLessThan(1e-3);

  // An edge: its weight and ∂L/∂w. The last layer's ∂L/∂w is the hidden neuron's value × ∂L/∂z.
  await targets.getByRole('button', { name: 'neuron 1 of column 3', exact: true }).focus();
  const h = Number((await inspect.textContent()).match(/value ([-\d.e]+),/)[1]);
  await targets.getByRole('button', { name: 'weight from neuron 1 of column 3 to neuron 1 of column 4', exact: true }).focus();
  await expect(inspect).toHaveText(/^Weight from hidden layer 2 neuron 1 to output neuron 1: w = [-\d.e]+, ∂L\/∂w [-\d.e]+ for training point 5\.$/);
  const dw = Number((await inspect.textContent()).match(/∂L\/∂w ([-\d.e]+)/)[1]);
  expect(Math.abs(dw - h * dz)).toBeLessThan(1e-3);
  expect(x2).not.toBeNaN();
});

test('the seven steps: the strip lights each stage of one batch, and shows what it produced', async ({ digits, backend }) => {
  await digits.open(backend);
  const linear = digits.panel('linear');
  const strip = linear.root.getByRole('list', { name: 'the seven steps' });
  const current = strip.locator('[aria-current="step"]');
  await expect(current).toHaveText('1 Initialise');
  const view = linear.root.locator('.stage-view');

  await linear.button('One batch, stage by stage').click();
  await expect(current).toHaveText('2 Predict');
  await expect(view).toContainText("the batch's 256 images");
  const captions = await view.locator('figcaption').allTextContents();
  expect(captions).toHaveLength(8);
  for (const caption of captions) expect(caption).toMatch(/^[37] → [37]$/);
  await expect(linear.status).toContainText('batch 1 of');

  await linear.button('Next stage').click();
  await expect(current).toHaveText('3 Loss');
  await expect(view).toContainText(/Loss: one number that scores all 256 predictions: 0\.\d+/);

  await linear.button('Next stage').click();
  await expect(current).toHaveText('4 Gradient');
  await expect(view.getByRole('list', { name: 'gradient size of each layer' }).locator('li')).toHaveText([/^layer 1: mean \|∂L\/∂w\| \d/]);
  await expect(view.getByRole('img', { name: "first layer's gradient, unit 1" })).toBeVisible();

  await linear.button('Next stage').click();
  await expect(current).toHaveText('5 Step');
  await expect(view.getByRole('img', { name: 'weights before the step' })).toBeVisible();
  await expect(view.getByRole('img', { name: 'weights after the step' })).toBeVisible();
  await expect(view.getByRole('img', { name: 'change of the weights' })).toBeVisible();

  await linear.button('Next stage').click();
  await expect(current).toHaveText('6 Repeat');
  await expect(linear.button('Next stage')).toBeDisabled();

  // The next batch starts the walk again; Train lights the loop, and Stop the last stage.
  await linear.button('One batch, stage by stage').click();
  await expect(current).toHaveText('2 Predict');
  await expect(linear.status).toContainText('batch 2 of');
  await linear.button('Train').click();
  await linear.button('Stop').click();
  await expect(current).toHaveText('7 Stop', { timeout: 30_000 });
});

test('a traced point out of range is refused or taken as the last training point, and the trace follows', async ({ playground, page }) => {
  await playground.open('cpu');
  const box = page.getByRole('spinbutton', { name: 'traced training point' });
  const about = page.locator('.traced-about');
  await box.fill('0');
  await box.press('Enter');
  await expect(box).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('.traced-point .refusal')).not.toBeEmpty();
  // Past the last training point: the last one, which the page then traces.
  await box.fill('9999');
  await box.press('Enter');
  await box.blur();
  await expect(box).toHaveAttribute('aria-invalid', 'false');
  const last = Number(await box.inputValue());
  expect(last).toBeGreaterThan(1);
  expect(last).toBeLessThan(9999);
  await expect(about).toHaveText(/^ at \(x₁, x₂\) = \(/);
  await page.locator('.diagram-targets').getByRole('button', { name: 'neuron 1 of column 4', exact: true }).focus();
  await expect(page.locator('.network-inspect')).toHaveText(new RegExp(`for training point ${last}\\.$`));
});
