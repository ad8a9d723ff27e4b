import { test, expect, lossOf, expectClose } from './lab.js';

test('the lab opens at the lesson start with the loss of the table points', async ({ lab }) => {
  const points = await lab.points();
  expect(points).toHaveLength(20);
  expect(await lab.coefficients()).toEqual({ a: 1.5, b: 1.5, c: 1.5 });
  const [kind, value] = await lab.lossValue();
  expect(kind).toBe('MSE');
  expectClose(value, lossOf(points, { a: 1.5, b: 1.5, c: 1.5 }));
});

test('typing a coefficient updates the loss to the value computed from the table', async ({ lab }) => {
  const points = await lab.points();
  const before = (await lab.lossValue())[1];
  await lab.type('a', 2.75);
  await expect(lab.slider('a')).toHaveValue('2.75');
  const expected = lossOf(points, { a: 2.75, b: 1.5, c: 1.5 });
  await expect.poll(async () => (await lab.lossValue())[1]).not.toBe(before);
  expectClose((await lab.lossValue())[1], expected);
});

test('dragging a slider with the mouse moves the curve and the loss', async ({ lab, page }) => {
  const points = await lab.points();
  const slider = lab.slider('b');
  await slider.scrollIntoViewIfNeeded();
  const box = await slider.boundingBox();
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * 0.65, y);
  await page.mouse.down();
  // Several moves, as a real drag sends several input events.
  for (const f of [0.7, 0.75, 0.8, 0.85]) await page.mouse.move(box.x + box.width * f, y);
  await page.mouse.up();
  const { a, b, c } = await lab.coefficients();
  expect(b).toBeGreaterThan(2.5);
  expect(Number(await slider.inputValue())).toBeCloseTo(b, 5);
  await expect.poll(async () => (await lab.lossValue())[1]).toBeCloseTo(lossOf(points, { a, b, c }), 2);
  expectClose((await lab.lossValue())[1], lossOf(points, { a, b, c }));
  await expect(page.locator('figcaption').first()).toContainText(`${b}·x`);
});

test('the keyboard moves a slider in fine steps', async ({ lab }) => {
  const points = await lab.points();
  await lab.slider('c').focus();
  await lab.slider('c').press('ArrowRight');
  await lab.slider('c').press('ArrowRight');
  await expect(lab.box('c')).toHaveValue('1.52');
  await expect.poll(async () => (await lab.lossValue())[1]).toBeCloseTo(
    lossOf(points, { a: 1.5, b: 1.5, c: 1.52 }),
    3,
  );
});

test('a typed value that is not a number is refused with a message, not applied', async ({ lab, page }) => {
  await lab.box('a').fill('1e9');
  await lab.box('a').press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: 'Enter a number from -1000 to 1000.' })).toBeVisible();
  await expect(lab.box('a')).toHaveAttribute('aria-invalid', 'true');
  expect((await lab.coefficients()).b).toBe(1.5);
  await expect(lab.slider('a')).toHaveValue('1.5');
});

test('each number is set by a control drawn from the lab\'s table: its help, its range, and the link follows', async ({ lab, page }) => {
  await expect(lab.slider('a')).toHaveAccessibleDescription(/the parabola's width/);
  await expect(lab.slider('learning rate')).toHaveAccessibleDescription(/along the negative gradient/);
  await expect(page.getByRole('spinbutton', { name: 'seed', exact: true })).toHaveAccessibleDescription(/a seed always gives the same points/);
  const steps = page.getByRole('spinbutton', { name: 'race steps' });
  await expect(steps).toHaveAccessibleDescription(/every racer takes/);
  // Out of the table's range: refused, said, and kept out of the link, which reads by the same range.
  await steps.fill('1001');
  await steps.press('Enter');
  await expect(page.locator('.number-box', { has: steps }).locator('.refusal')).toHaveText('Enter a whole number from 1 to 1000.');
  await page.waitForTimeout(400); // past the address's 250 ms debounce
  expect(page.url()).not.toContain('q_race_steps=1001');
  await steps.fill('250');
  await steps.press('Enter');
  await expect.poll(() => new URL(page.url()).searchParams.get('q_race_steps')).toBe('250');
  const rate = page.getByRole('spinbutton', { name: 'Racer 2 learning rate' });
  await rate.fill('20');
  await rate.press('Enter');
  await expect(page.locator('.number-box', { has: rate }).locator('.refusal')).toHaveText('Enter a number from 0.0001 to 10.');
  await rate.fill('0.05');
  await rate.press('Enter');
  await expect.poll(() => new URL(page.url()).searchParams.get('q_lanes')).toContain('on_momentum:0.9_0.05');
  // A coefficient typed past its slider's travel is taken (the table's range reaches ±1000).
  await lab.box('a').fill('12');
  await lab.box('a').press('Enter');
  await expect.poll(() => new URL(page.url()).searchParams.get('q_a')).toBe('12');
  await expect(lab.slider('a')).toHaveValue('5');
});
