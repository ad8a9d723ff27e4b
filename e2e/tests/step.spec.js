import { test, expect, lossOf, expectClose } from './lab.js';

test('Step moves every coefficient opposite to its shown gradient and lowers the loss', { tag: '@webgpu' }, async ({ lab }) => {
  const points = await lab.points();
  const before = await lab.coefficients();
  const gradient = {
    a: await lab.gradient('a'),
    b: await lab.gradient('b'),
    c: await lab.gradient('c'),
  };
  const lossBefore = (await lab.lossValue())[1];
  await lab.button('Step').click();
  await expect.poll(async () => (await lab.coefficients()).a).not.toBe(before.a);
  const after = await lab.coefficients();
  for (const name of ['a', 'b', 'c']) {
    expect(Math.sign(after[name] - before[name])).toBe(-Math.sign(gradient[name]));
    // p − lr·∇L with the default rate 0.01 (the box rounds to 4 decimals).
    expect(after[name]).toBeCloseTo(before[name] - 0.01 * gradient[name], 3);
  }
  const [, lossAfter] = await lab.lossValue();
  expect(lossAfter).toBeLessThan(lossBefore);
  expectClose(lossAfter, lossOf(points, after), 2e-3);
});

test('the learning rate slider is logarithmic and typed rates apply', async ({ lab, page }) => {
  const rate = lab.slider('learning rate');
  await expect(rate).toHaveValue('-2');
  await expect(rate).toHaveAttribute('aria-valuetext', '0.01');
  await lab.type('learning rate', 0.1);
  await expect(rate).toHaveValue('-1');
  await rate.focus();
  await rate.press('End');
  await expect(lab.box('learning rate')).toHaveValue('10');
  await rate.press('Home');
  await expect(lab.box('learning rate')).toHaveValue('0.0001');
  await expect(page.getByText('NaN')).toHaveCount(0);
});
