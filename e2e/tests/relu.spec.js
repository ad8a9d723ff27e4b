import { test, expect, reluMse, sinePoints, QuadraticLab } from './lab.js';

test('the ReLU sum starts on the Quadratic lab\'s points with the MSE computed from them', async ({ relu, page }) => {
  // The points, read from the Quadratic lab's own table.
  await page.goto('/?backend=cpu');
  const quadratic = new QuadraticLab(page);
  await expect(quadratic.loss).toHaveText(/^MSE \d/);
  const points = await quadratic.points();
  expect(points).toHaveLength(20);
  await relu.tab.click();
  await expect(relu.target).toHaveValue('quadratic');
  const sum = await relu.sum();
  // The lesson's double_relu: two hinges facing each other.
  expect(sum).toEqual({ hinges: [{ m: -2, b: -1, a: 1 }, { m: 2, b: -1, a: 1 }], c: 0 });
  await expect.poll(() => relu.mseValue()).toBeCloseTo(reluMse(points, sum), 3);
  await expect(relu.units.nth(0).locator('legend')).toContainText('hinge at x = -0.5000');
});

test('dragging a unit\'s slider moves its hinge and the MSE follows, as computed independently', async ({ relu, page }) => {
  await relu.open('cpu');
  await relu.target.selectOption('sine');
  const before = await relu.mseValue();
  expect(before).toBeCloseTo(reluMse(sinePoints(), await relu.sum()), 3);
  // Drag unit 2's b slider to the left with the mouse, as a person does.
  const slider = relu.slider('unit 2 b');
  const box = await slider.boundingBox();
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * 0.4, y);
  await page.mouse.down();
  for (const f of [0.35, 0.3, 0.25]) await page.mouse.move(box.x + box.width * f, y);
  await page.mouse.up();
  const sum = await relu.sum();
  expect(sum.hinges[1].b).toBeLessThan(-1.5);
  await expect.poll(() => relu.mseValue()).toBeCloseTo(reluMse(sinePoints(), sum), 3);
  expect(await relu.mseValue()).not.toBeCloseTo(before, 3);
  const knee = -sum.hinges[1].b / sum.hinges[1].m;
  await expect(relu.units.nth(1).locator('legend')).toContainText(`hinge at x = ${knee.toFixed(4)}`);
  // Keyboard: the constant moves in fine steps.
  await relu.slider('constant c').focus();
  await page.keyboard.press('ArrowRight');
  expect((await relu.sum()).c).toBeCloseTo(0.01, 5);
  // Adding and removing units.
  await relu.button('Add a unit').click();
  await expect(relu.units).toHaveCount(3);
  await relu.button('remove unit 1').click();
  await expect(relu.units).toHaveCount(2);
  await expect.poll(async () => relu.mseValue()).toBeCloseTo(reluMse(sinePoints(), await relu.sum()), 3);
});

test('Fit moves every hinge by gradient descent, and more units fit closer', async ({ relu }) => {
  await relu.open('cpu');
  await relu.target.selectOption('wiggly');
  await relu.startOver(1);
  const start = await relu.mseValue();
  const one = await relu.fit();
  await relu.startOver(8);
  const legendsBefore = await relu.units.locator('legend').allTextContents();
  const eight = await relu.fit();
  const legendsAfter = await relu.units.locator('legend').allTextContents();
  console.log(`wiggly: MSE from ${start} to ${one} with 1 unit, ${eight} with 8`);
  expect(one).toBeLessThan(start);
  expect(eight).toBeLessThan(one / 4);
  // The hinges landed elsewhere than they started.
  expect(legendsAfter.filter((text, i) => text !== legendsBefore[i]).length).toBeGreaterThanOrEqual(6);
});

test('a slider stops a running fit where it is', async ({ relu }) => {
  await relu.open('cpu');
  await relu.target.selectOption('step');
  await relu.startOver(16);
  await relu.button('Fit').click();
  await expect(relu.status).toHaveText(/^Fitting: step [1-9]/);
  await relu.slider('constant c').fill('0.5');
  await expect(relu.status).toHaveText(/^Fitted: \d+ steps/);
  const mse = await relu.mseValue();
  await relu.page.waitForTimeout(300);
  expect(await relu.mseValue()).toBe(mse);
  expect((await relu.sum()).c).toBe(0.5);
});

test('units go from none, where Fit waits for one, up to 32, and the page says why it stops', async ({ relu, page }) => {
  await relu.open('cpu');
  await relu.target.selectOption('sine');
  await relu.startOver(16);
  const add = relu.button('Add a unit');
  for (let i = 0; i < 16; i++) await add.click();
  await expect(relu.units).toHaveCount(32);
  await expect(add).toBeDisabled();
  const note = page.getByRole('status', { name: 'units', exact: true });
  await expect(note).toHaveText('32 units is the most here.');
  while ((await relu.units.count()) > 0) await relu.button('remove unit 1').click();
  await expect(relu.button('Fit')).toBeDisabled();
  await expect(note).toContainText('Add a unit to fit.');
  // The constant alone: its MSE against the sine, computed independently.
  const sum = await relu.sum();
  expect(sum.hinges).toEqual([]);
  await expect.poll(() => relu.mseValue()).toBeCloseTo(reluMse(sinePoints(), sum), 3);
  await add.click();
  await expect(relu.button('Fit')).toBeEnabled();
  await expect(note).toBeEmpty();
});

// On SwiftShader a step takes about half a second, after its shaders compile: a few, then Stop.
test('Fit runs on the backend and lowers the MSE @webgpu', async ({ relu, backend }) => {
  test.setTimeout(240_000);
  await relu.open(backend);
  await relu.target.selectOption('sine');
  await relu.startOver(2);
  const start = await relu.mseValue();
  await relu.button('Fit').click();
  await expect(relu.status).toHaveText(/^Fitting: step [1-9]\d* of 2000/, { timeout: 150_000 });
  await relu.button('Stop').click();
  await expect(relu.status).toHaveText(/^Fitted: \d+ steps/, { timeout: 60_000 });
  expect(await relu.mseValue()).toBeLessThan(start);
});

test('the address opens the ReLU lab, and the arrow, Home and End keys move between the labs', async ({ relu, page }) => {
  await page.goto('/?backend=cpu&lab=relu');
  await expect(relu.tab).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('heading', { name: 'ReLU lab: any function from ReLUs' })).toBeVisible();
  await relu.tab.press('ArrowRight');
  const playground = page.getByRole('tab', { name: 'Network playground' });
  await expect(playground).toBeFocused();
  await expect(page).toHaveURL(/lab=playground/);
  await expect(page.getByRole('heading', { name: 'Network playground' })).toBeVisible();
  await playground.press('ArrowRight');
  const titanic = page.getByRole('tab', { name: 'Titanic lab' });
  await expect(titanic).toBeFocused();
  await titanic.press('ArrowRight');
  const tensors = page.getByRole('tab', { name: 'Tensors lab' });
  await expect(tensors).toBeFocused();
  await tensors.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Quadratic lab' })).toBeFocused();
  await page.keyboard.press('End');
  await expect(tensors).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Home');
  await expect(page).toHaveURL(/lab=quadratic/);
});

test('a fit that blows up says so, and the units stay as they were', async ({ relu }) => {
  await relu.open('cpu');
  await relu.page.getByRole('combobox', { name: 'ReLU optimizer' }).selectOption('sgd');
  const rate = relu.page.getByRole('spinbutton', { name: 'ReLU learning rate' });
  // Drawn from the lab's table: its help is the box's description, its range the refusal's.
  await expect(rate).toHaveAccessibleDescription(/each of the fit's steps moves every m, b, weight/);
  await expect(relu.page.getByRole('slider', { name: 'unit 1 m', exact: true })).toHaveAccessibleDescription(/how steep the unit rises/);
  await expect(relu.page.getByRole('slider', { name: 'constant c', exact: true })).toHaveAccessibleDescription(/lifts or lowers the whole curve/);
  await rate.fill('11');
  await rate.press('Enter');
  await expect(relu.page.locator('.number-box', { has: rate }).locator('.refusal')).toHaveText('Enter a number from 1e-5 to 10.');
  await rate.fill('10');
  await rate.press('Enter');
  const before = await relu.sum();
  const mse = await relu.mse.textContent();
  await relu.button('Fit').click();
  await expect(relu.status).toHaveText(/^The fit blew up after \d+ steps at rate 10: lower the learning rate and fit again\.$/, { timeout: 60_000 });
  await expect(relu.status).toHaveClass(/alarm/);
  expect(await relu.sum()).toEqual(before);
  await expect(relu.mse).toHaveText(mse);
  await expect(relu.button('Fit')).toBeEnabled();
});

test('the activations on their own: each value and derivative at a typed x, as computed here', async ({ relu, page }) => {
  await relu.open('cpu');
  await expect(page.getByRole('img', { name: 'sigmoid, tanh and ReLU with their derivatives' })).toBeVisible();
  const rows = page.getByRole('table', { name: 'activations at x' }).locator('tbody tr');
  const box = page.getByRole('spinbutton', { name: 'activation x value', exact: true });
  for (const x of [0.5, -2, 0, 3.25]) {
    await box.fill(String(x));
    await box.press('Enter');
    const s = 1 / (1 + Math.exp(-x));
    const t = Math.tanh(x);
    const expected = [
      ['sigmoid', s, s * (1 - s)],
      ['tanh', t, 1 - t * t],
      // ReLU's derivative at its hinge is taken as 0, as PyTorch takes it.
      ['ReLU', Math.max(0, x), x > 0 ? 1 : 0],
    ];
    await expect(rows.locator('th')).toHaveText(expected.map(([name]) => name));
    for (const [i, [, value, slope]] of expected.entries()) {
      await expect.poll(async () => (await rows.nth(i).locator('td').allTextContents()).map(Number)).toEqual([
        expect.closeTo(value, 3),
        expect.closeTo(slope, 3),
      ]);
    }
  }
  // Out of range is refused in words, and the table keeps its x.
  await box.fill('9');
  await box.press('Enter');
  await expect(page.locator('.activations .refusal')).toHaveText(/^Enter a number from .4 to 4\.$/);
  await expect(rows.nth(2).locator('td').first()).toHaveText('3.2500');
  // The keyboard moves it too.
  await page.getByRole('slider', { name: 'activation x', exact: true }).press('Home');
  await expect(rows.nth(0).locator('td').first()).toHaveText((1 / (1 + Math.exp(4))).toFixed(4));
});
