// Parameter counts on every model: each count and its sum (shown on hover or keyboard focus)
// against the formula worked out here from the model's shape, as the model changes.
import { test, expect } from './lab.js';

/** A fully connected stack's count and sum, each layer's weights and biases: [784, 30, 1] is
 * "784·30 + 30 + 30·1 + 1 = 23,581". */
function dense(widths) {
  const terms = [];
  let total = 0;
  for (let i = 1; i < widths.length; i++) {
    terms.push(`${widths[i - 1]}·${widths[i]}`, `${widths[i]}`);
    total += widths[i - 1] * widths[i] + widths[i];
  }
  return { total, formula: `${terms.join(' + ')} = ${total.toLocaleString('en-US')}` };
}

/** Checks a count as shown, and that its sum appears on focus. */
async function expectCount(scope, { total, formula }) {
  const count = scope.getByRole('status', { name: 'parameters', exact: true });
  await expect(count).toHaveText(`${total.toLocaleString('en-US')} parameters`);
  await expect(count).toHaveAttribute('title', formula);
  const sum = scope.locator('.parameter-formula');
  await expect(sum).toBeHidden();
  await count.focus();
  await expect(sum).toBeVisible();
  await expect(sum).toHaveText(formula);
  await count.blur();
}

test('the Digits rungs count as the book does: simple_net 23,581, the CNN 46,730, and a new width follows', async ({ digits }) => {
  await digits.open('cpu', { waitForData: false });
  await expectCount(digits.panel('linear').root, dense([784, 1]));
  const simple = digits.panel('simplenet').root;
  await expectCount(simple, { total: 23_581, formula: '784·30 + 30 + 30·1 + 1 = 23,581' });
  await digits.set('simplenet', 'hidden units', 64);
  await expectCount(simple, dense([784, 64, 1]));
  await expectCount(digits.panel('alldigits').root, dense([784, 30, 10]));
  // Two 5×5 convolutions (16 then 32 filters), then 32·4·4 → 64 → 10.
  await expectCount(digits.panel('convolutional').root, {
    total: 46_730,
    formula: '5·5·1·16 + 16 + 5·5·16·32 + 32 + 512·64 + 64 + 64·10 + 10 = 46,730',
  });
  // The sum shows where the pointer rests, too.
  await simple.getByRole('status', { name: 'parameters', exact: true }).hover();
  await expect(simple.locator('.parameter-formula')).toBeVisible();
});

test('the playground counts its network as layers and units change', async ({ playground }) => {
  await playground.open('cpu');
  const figure = playground.page.locator('.network-diagram');
  await expectCount(figure, dense([2, 4, 2, 1]));
  await playground.button('add a layer').click();
  await expect(playground.diagram('2 inputs, hidden layers [4, 2, 4]')).toBeVisible();
  await expectCount(figure, dense([2, 4, 2, 4, 1]));
  await playground.button('more units in layer 3').click();
  await expectCount(figure, dense([2, 4, 2, 5, 1]));
});

test('the Titanic models and the ReLU sum count theirs', async ({ titanic, relu, page }) => {
  await titanic.open('cpu');
  await expectCount(titanic.panel('linear').root, dense([12, 1]));
  await expectCount(titanic.panel('one-hidden').root, dense([12, 20, 1]));
  await expectCount(titanic.panel('deep').root, dense([12, 10, 10, 1]));
  await relu.open('cpu');
  const line = page.locator('.loss-line', { has: relu.mse });
  const units = await relu.units.count();
  const sum = (n) => ({ total: 3 * n + 1, formula: `${n} + ${n} + ${n} + 1 = ${3 * n + 1}` });
  await expectCount(line, sum(units));
  await relu.button('Add a unit').click();
  await expect(relu.units).toHaveCount(units + 1);
  await expectCount(line, sum(units + 1));
});
