// "As code": each lab's PyTorch program follows the lab, downloads and compiles; the Quadratic
// lab's, re-done in numpy, ends where the page's Steps did; and trained models download as
// safetensors named as the programs name their parameters.
import { test, expect, expectClose } from './lab.js';
import { download, pythonCheck, readSafetensors } from './files.js';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

/** Tensors by name. */
const byName = (tensors) => Object.fromEntries(tensors.map((t) => [t.name, t]));
/** Each tensor as `name[shape]`, sorted. */
const shapes = (tensors) => Object.values(tensors).map((t) => `${t.name}${JSON.stringify(t.shape)}`).sort();

/** Opens a lab's "As code" panel (the `index`-th in its lab) and returns the program shown. */
function asCode(scope, index = 0) {
  const panel = scope.locator('details.as-code').nth(index);
  return {
    panel,
    async open() {
      await panel.locator('summary').click();
      await expect(panel.getByLabel('PyTorch program')).toContainText('import torch');
    },
    program: panel.getByLabel('PyTorch program'),
    button: (name) => panel.getByRole('button', { name, exact: true }),
  };
}

test('the Quadratic lab as code follows its settings and steps, and numpy ends where the page does', async ({ lab, page }) => {
  await lab.open('cpu');
  const code = asCode(page.locator('#quadratic-panel'));
  await code.open();
  await expect(code.program).toContainText('\nlr = 0.01\n');
  await expect(code.program).toContainText('\nsteps = 30\n');
  await expect(code.program).toContainText('params = torch.tensor([1.5, 1.5, 1.5], requires_grad=True)');
  await lab.type('learning rate', 0.02);
  await expect(code.program).toContainText('\nlr = 0.02\n');
  for (let i = 0; i < 5; i++) await lab.button('Step').click();
  await expect(code.program).toContainText('\nsteps = 5\n');
  // The page's coefficients at full precision, from its address (written a moment after a change).
  const shown = await lab.coefficients();
  const exact = () => {
    const params = new URL(page.url()).searchParams;
    return ['q_a', 'q_b', 'q_c'].map((k) => Number(params.get(k)));
  };
  await expect.poll(() => exact().every((v, i) => Math.abs(v - Object.values(shown)[i]) < 1e-3)).toBe(true);
  await code.button('Copy').click();
  await expect(code.panel.getByRole('status', { name: 'program' })).toHaveText('Program copied.');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(await code.program.textContent());
  const file = await download(page, code.button('Download .py'));
  expect(file.name).toBe('descent_quadratic.py');
  expect(file.bytes.toString()).toBe(copied);
  pythonCheck('compile', file.path);
  const [a, b, c] = exact();
  const said = pythonCheck('numpy', file.path, String(a), String(b), String(c));
  expect(said).toContain('numpy agrees');
  // Moving a coefficient by hand starts a new run: the program starts there.
  await lab.type('a', 2);
  await expect(code.program).toContainText('\nsteps = 30\n');
  await expect(code.program).toContainText(`params = torch.tensor([2.0, `);
});

test('the ReLU lab as code holds its units, and its weights download under the program\'s names', async ({ relu, page }) => {
  await relu.open('cpu');
  const code = asCode(page.locator('#relu-panel'));
  await code.open();
  await expect(code.program).toContainText('self.m = torch.nn.Parameter(torch.tensor([-2.0, 2.0]))');
  await relu.startOver(4);
  await expect(code.program).not.toContainText('torch.tensor([-2.0, 2.0])');
  const sum = await relu.sum();
  const program = await download(page, code.button('Download .py'));
  pythonCheck('compile', program.path);
  const weights = await download(page, code.button('Download weights (.safetensors)'));
  expect(weights.name).toBe('descent_relu.safetensors');
  const tensors = byName(readSafetensors(weights.bytes));
  expect(shapes(tensors)).toEqual(['a[4]', 'b[4]', 'c[1]', 'm[4]']);
  tensors.m.values.forEach((m, i) => expectClose(m, sum.hinges[i].m, 1e-3));
  tensors.a.values.forEach((a, i) => expectClose(a, sum.hinges[i].a, 1e-3));
  expectClose(tensors.c.values[0], sum.c, 1e-3);
});

test('the playground as code follows its network, and its weights download with every layer', async ({ playground, page }) => {
  await playground.open('cpu');
  const code = asCode(page.locator('#playground-panel'));
  await code.open();
  await expect(code.program).toContainText('    nn.Linear(2, 4),\n    nn.Tanh(),');
  await playground.select('activation').selectOption('relu');
  await expect(code.program).toContainText('    nn.Linear(2, 4),\n    nn.ReLU(),');
  await playground.select('regularisation').selectOption('l2');
  await expect(code.program).toContainText('return 0.');
  const program = await download(page, code.button('Download .py'));
  pythonCheck('compile', program.path);
  await expect(playground.scores).toHaveText(/^Batch 0 /);
  const weights = byName(readSafetensors((await download(page, code.button('Download weights (.safetensors)'))).bytes));
  expect(shapes(weights)).toEqual(['0.bias[4]', '0.weight[4,2]', '2.bias[2]', '2.weight[2,4]', '4.bias[1]', '4.weight[1,2]']);
  expect(Object.values(weights).every((t) => t.values.every(Number.isFinite))).toBe(true);
});

test('each Digits rung as code is the book\'s model with the rung\'s settings', async ({ digits, page }) => {
  await digits.open('cpu', { waitForData: false });
  const code = asCode(digits.panel('linear').root);
  await code.open();
  await expect(code.program).toContainText('\nmodel = nn.Linear(28 * 28, 1)\n');
  await expect(code.program).toContainText('torch.optim.SGD(model.parameters(), lr=1.0)');
  await digits.set('linear', 'epochs', 3);
  await expect(code.program).toContainText('parser.add_argument("--epochs", type=int, default=3)');
  const program = await download(page, code.button('Download .py'));
  expect(program.name).toBe('descent_digits_linear.py');
  pythonCheck('compile', program.path);
  const cnn = asCode(digits.panel('convolutional').root);
  await cnn.open();
  await expect(cnn.program).toContainText('    nn.Conv2d(1, 16, 5),');
  pythonCheck('compile', (await download(page, cnn.button('Download .py'))).path);
  // No rung trained yet: no weights to save, and the page says so.
  await code.button('Download weights (.safetensors)').click();
  await expect(code.panel.getByRole('status', { name: 'program' })).toHaveText('There are no trained weights yet: train the model first.');
});

test('the Titanic models as code, and a trained model\'s weights as its coefficients', async ({ titanic, page }) => {
  await titanic.open('cpu');
  await expect(titanic.data).toContainText('891 passengers');
  const linear = titanic.panel('linear').root;
  const code = asCode(linear);
  await code.open();
  await expect(code.program).toContainText('optimizer = torch.optim.SGD(model.parameters(), lr=100.0)');
  await page.getByRole('spinbutton', { name: 'Linear model epochs' }).fill('12');
  await page.getByRole('spinbutton', { name: 'Linear model epochs' }).press('Enter');
  await expect(code.program).toContainText('default=12)');
  pythonCheck('compile', (await download(page, code.button('Download .py'))).path);
  await linear.getByRole('button', { name: 'Train the linear model' }).click();
  await expect(titanic.panel('linear').status).toHaveText(/^Validation accuracy/, { timeout: 60_000 });
  const weights = byName(readSafetensors((await download(page, code.button('Download weights (.safetensors)'))).bytes));
  expect(shapes(weights)).toEqual(['0.bias[1]', '0.weight[1,12]']);
  const table = await titanic.table('coefficients');
  table.slice(0, 12).forEach(([, shown], i) => expect(weights['0.weight'].values[i]).toBeCloseTo(Number(shown), 2));
  expect(weights['0.bias'].values[0]).toBeCloseTo(Number(table[12][1]), 2);
});
