// Missions: each one done as a learner does it, and each one stopped short or done wrong, with
// the card's status, the live region, the hint and the explanation; progress kept in the browser
// and an unreadable store moved aside; `?mission=` links; one mission by keyboard alone.
import { test, expect, largestStableRate, leastSquares, lossOf, ReluLab, DigitsLab } from './lab.js';

/** The mission card and the live region that says each change of status. */
const card = (page) => {
  const root = page.locator('.mission-card');
  return {
    root,
    status: root.locator('.mission-status'),
    explanation: root.locator('.mission-explanation'),
    hint: root.locator('.mission-hint'),
    said: page.locator('p[role="status"][aria-live="polite"]'),
  };
};

/** Opens the list of missions and sets one up, as a person does. */
async function setUp(page, key) {
  await page.getByRole('button', { name: /^Missions \(/ }).click();
  await page.locator(`li[data-mission="${key}"]`).getByRole('button', { name: 'Set up' }).click();
  await expect(card(page).root).toHaveAttribute('data-mission', key);
  await expect(card(page).status).toHaveText(/in progress|done/);
}

/** The card says done, the live region said so, and the explanation is there. */
async function expectDone(page) {
  const { status, said, explanation } = card(page);
  await expect(status).toHaveText('done', { timeout: 60_000 });
  await expect(said).toContainText('Mission done');
  await expect(explanation).toBeVisible();
}

/** The card still says in progress, with no explanation given away. */
async function expectNotDone(page) {
  const { status, explanation } = card(page);
  await expect(status).toHaveText('in progress');
  await expect(explanation).toHaveCount(0);
}

/** ∂L/∂(a, b, c) of the MSE at `at`, computed here from the table's points. */
function mseGradient(points, { a, b, c }) {
  const g = { a: 0, b: 0, c: 0 };
  for (const [x, y] of points) {
    const r = (2 / points.length) * (a * x * x + b * x + c - y);
    g.a += r * x * x;
    g.b += r * x;
    g.c += r;
  }
  return g;
}

const round = (v) => Number(v.toFixed(3));

test.describe('Quadratic lab', () => {
  test('by-hand: the least-squares fit typed into the sliders\' boxes is done, with its explanation; the hint never gives it away', async ({ lab, page }) => {
    await setUp(page, 'by-hand');
    await expectNotDone(page);
    await page.getByRole('button', { name: 'Hint', exact: true }).click();
    await expect(card(page).hint).toContainText('one coefficient at a time');
    const best = leastSquares(await lab.points());
    for (const name of ['a', 'b', 'c']) await lab.type(name, round(best[name]));
    await expectDone(page);
    // Done is kept: after a reload the list still says so.
    await page.reload();
    await page.getByRole('button', { name: /^Missions \(1 of \d+ done\)/ }).click();
    await expect(page.locator('li[data-mission="by-hand"] .mission-status')).toHaveText('done');
    await page.getByRole('button', { name: 'Start over' }).click();
    // Still set up (the address names it), no longer done.
    await expect(page.locator('li[data-mission="by-hand"] .mission-status')).toHaveText('in progress');
    await expect(page.locator('li[data-mission="one-step"] .mission-status')).toHaveText('not started');
    await expect(page.getByRole('button', { name: /^Missions \(0 of/ })).toBeVisible();
  });

  test('by-hand: a Step on the way makes the same fit not by hand', async ({ lab, page }) => {
    await setUp(page, 'by-hand');
    await lab.button('Step').click();
    await expect(page.locator('.history-caption')).toContainText('step 1');
    const best = leastSquares(await lab.points());
    for (const name of ['a', 'b', 'c']) await lab.type(name, round(best[name]));
    await lab.expectLossOfTable();
    await expectNotDone(page);
  });

  test('gradient-sign: the way ∂L/∂c says, then c moved alone to where its slope is flat', async ({ lab, page }) => {
    await setUp(page, 'gradient-sign');
    const points = await lab.points();
    const start = await lab.coefficients();
    const slope = mseGradient(points, start).c;
    await page.getByRole('button', { name: slope > 0 ? 'c should go down' : 'c should go up' }).click();
    // The MSE is a parabola in c with curvature 2: flat at c − slope / 2.
    await lab.type('c', round(start.c - slope / 2));
    await expectDone(page);
  });

  test('gradient-sign: the wrong way is not done, and cannot be changed once c has moved', async ({ lab, page }) => {
    await setUp(page, 'gradient-sign');
    const points = await lab.points();
    const start = await lab.coefficients();
    const slope = mseGradient(points, start).c;
    const wrong = page.getByRole('button', { name: slope > 0 ? 'c should go up' : 'c should go down' });
    await wrong.click();
    await expect(wrong).toHaveAttribute('aria-pressed', 'true');
    await lab.type('c', round(start.c - slope / 2));
    await lab.expectLossOfTable();
    await expectNotDone(page);
    await expect(wrong).toBeDisabled();
  });

  test('one-step: a typed prediction of a after one Step, worked out from the rate and ∂L/∂a, is done', async ({ lab, page }) => {
    await setUp(page, 'one-step');
    const points = await lab.points();
    const rate = Number(await lab.box('learning rate').inputValue());
    const at = await lab.coefficients();
    const next = at.a - rate * mseGradient(points, at).a;
    const box = page.getByRole('spinbutton', { name: 'a after one Step' });
    await box.fill(String(round(next)));
    await box.press('Enter');
    await lab.button('Step').click();
    await expectDone(page);
  });

  test('one-step: typing a as it is, then Step, is not done', async ({ lab, page }) => {
    await setUp(page, 'one-step');
    const box = page.getByRole('spinbutton', { name: 'a after one Step' });
    await box.fill(String((await lab.coefficients()).a));
    await box.press('Enter');
    await lab.button('Step').click();
    await expect(page.locator('.history-caption')).toContainText('step 1');
    await expectNotDone(page);
    // A Step with no prediction typed is not done either.
    await lab.button('Step').click();
    await expect(page.locator('.history-caption')).toContainText('step 2');
    await expectNotDone(page);
  });

  test('blow-up: a rate far past the stable one blows up; then just under it converges, done', async ({ lab, page }) => {
    await setUp(page, 'blow-up');
    const stable = largestStableRate(await lab.points());
    await lab.type('learning rate', (stable * 3).toPrecision(3));
    await lab.button('Train').click();
    await expect(page.getByRole('alert').filter({ hasText: 'The loss blew up' })).toBeVisible();
    await expectNotDone(page);
    await lab.button('Reset').click();
    await lab.type('learning rate', (stable * 0.9).toPrecision(3));
    await lab.button('Train').click();
    await expect(lab.message).toContainText('Converged', { timeout: 60_000 });
    await expectDone(page);
  });

  test('blow-up: converging without a blow-up first, or far under the stable rate, is not done', async ({ lab, page }) => {
    await setUp(page, 'blow-up');
    const stable = largestStableRate(await lab.points());
    await lab.type('learning rate', (stable * 0.9).toPrecision(3));
    await lab.button('Train').click();
    await expect(lab.message).toContainText('Converged', { timeout: 60_000 });
    await expectNotDone(page);
    await lab.type('learning rate', (stable * 3).toPrecision(3));
    await lab.button('Reset').click();
    await lab.button('Train').click();
    await expect(page.getByRole('alert').filter({ hasText: 'The loss blew up' })).toBeVisible();
    await lab.button('Reset').click();
    await lab.type('learning rate', (stable * 0.5).toPrecision(3));
    await lab.button('Train').click();
    await expect(lab.message).toContainText('Converged', { timeout: 60_000 });
    await expectNotDone(page);
  });

  /** Drags the first point to the top of the fit chart. */
  async function dragFirstPointUp(page) {
    const handle = page.getByRole('button', { name: /^point 1: / });
    const box = await handle.boundingBox();
    const chart = await page.locator('.point-editor').boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, chart.y + chart.height * 0.03, { steps: 8 });
    await page.mouse.up();
  }

  /** Trains under the MSE to convergence, then under the MAE for 600 steps and stops. */
  async function fitBoth(lab, page) {
    await lab.button('Train').click();
    await expect(lab.message).toContainText('Converged', { timeout: 60_000 });
    await page.getByRole('radio', { name: /MAE/ }).check();
    await expect(lab.loss).toHaveText(/^MAE \d/);
    await lab.button('Train').click();
    await expect.poll(async () => Number((await page.locator('.history-caption').textContent()).match(/now at step (\d+)/)?.[1] ?? 0), { timeout: 60_000 }).toBeGreaterThan(600);
    await lab.button('Stop').click();
    await expect(lab.button('Train')).toBeEnabled();
  }

  test('mae-vs-mse: one point dragged far, fitted with the MSE then the MAE, is done', async ({ lab, page }) => {
    await setUp(page, 'mae-vs-mse');
    const before = await lab.points();
    await dragFirstPointUp(page);
    const after = await lab.points();
    expect(after[0][1]).toBeGreaterThan(before[0][1] + 3);
    await fitBoth(lab, page);
    await expectDone(page);
  });

  test('mae-vs-mse: both fits without moving a point are not done', async ({ lab, page }) => {
    await setUp(page, 'mae-vs-mse');
    await fitBoth(lab, page);
    await expectNotDone(page);
  });

  test('zero-grad: with the bug the loss climbs; unticked, Train reaches the minimum, done', async ({ lab, page }) => {
    await setUp(page, 'zero-grad');
    const toggle = page.getByRole('checkbox', { name: 'forget to zero the gradients' });
    await expect(toggle).toBeChecked();
    for (let i = 0; i < 30; i++) await lab.button('Step').click();
    await expect(page.locator('.history-caption')).toContainText('now at step 30');
    await expectNotDone(page);
    await toggle.uncheck();
    await lab.button('Reset').click();
    await lab.button('Train').click();
    await expect(lab.message).toContainText('Converged', { timeout: 60_000 });
    await expectDone(page);
  });

  test('zero-grad: reaching the minimum without the climb first is not done', async ({ lab, page }) => {
    await setUp(page, 'zero-grad');
    const toggle = page.getByRole('checkbox', { name: 'forget to zero the gradients' });
    await toggle.uncheck();
    await lab.button('Train').click();
    await expect(lab.message).toContainText('Converged', { timeout: 60_000 });
    await expectNotDone(page);
  });
});

test.describe('Quadratic lab, the graph', () => {
  /** Runs Backward to its end and returns the picked point's residual r, computed here. */
  async function backwardAndResidual(lab, page) {
    const box = page.getByRole('spinbutton', { name: 'local gradient at the picked point' });
    await expect(box).toBeDisabled();
    await page.getByRole('button', { name: 'Backward', exact: true }).click();
    await page.getByRole('button', { name: 'Skip animation' }).click();
    await expect(box).toBeEnabled();
    const k = Number((await page.locator('.graph-panel .mission-question').textContent()).match(/Point (\d+) is the farthest/)[1]);
    const points = await lab.points();
    const { a, b, c } = await lab.coefficients();
    const residual = ([x, y]) => a * x * x + b * x + c - y;
    // The page picks the point farthest from the curve.
    const farthest = points.reduce((best, p, i) => (Math.abs(residual(p)) > Math.abs(residual(points[best])) ? i : best), 0);
    expect(k).toBe(farthest + 1);
    return { box, r: residual(points[k - 1]) };
  }

  test('backward: after Backward, 2r at the picked point is its local gradient, done', async ({ lab, page }) => {
    await setUp(page, 'backward');
    const { box, r } = await backwardAndResidual(lab, page);
    await box.fill(String(2 * r));
    await box.press('Enter');
    await expectDone(page);
  });

  test('backward: r itself, not 2r, is not done; before Backward the box is closed', async ({ lab, page }) => {
    await setUp(page, 'backward');
    const { box, r } = await backwardAndResidual(lab, page);
    await box.fill(String(r));
    await box.press('Enter');
    await expectNotDone(page);
  });
});

test.describe('ReLU lab', () => {
  /** Sets a unit's slider (its readout is text, not a box). */
  const type = async (page, name, value) => {
    await page.getByRole('slider', { name, exact: true }).fill(String(value));
  };

  test('hinge: unit 2\'s b moved so that −b/m = 1 is done', async ({ page, lab }) => {
    await setUp(page, 'hinge');
    await expect(page.getByRole('tab', { name: 'ReLU lab' })).toHaveAttribute('aria-selected', 'true');
    // Unit 2 is max(0, 2x − 1): its hinge is at 0.5 until b is −2.
    await type(page, 'unit 2 b', -2);
    await expectDone(page);
  });

  test('hinge: a hinge at 0.75 is not done', async ({ page, lab }) => {
    await setUp(page, 'hinge');
    await type(page, 'unit 2 b', -1.5);
    const relu = new ReluLab(page);
    await expect(relu.units.nth(1).locator('legend')).toContainText('hinge at x = 0.7500');
    await expectNotDone(page);
  });

  test('relu-itself: one unit with m = 1, b = 0 and weight 1 is max(0, x), done; the target is there', async ({ page, lab }) => {
    await setUp(page, 'relu-itself');
    const relu = new ReluLab(page);
    await expect(relu.target).toHaveValue('relu');
    await expect(relu.units).toHaveCount(1);
    await type(page, 'unit 1 m', 1);
    await type(page, 'unit 1 b', 0);
    await expectNotDone(page);
    await type(page, 'unit 1 weight', 1);
    await expectDone(page);
    await expect(relu.mse).toHaveText(/^0(\.0+)?$/);
  });

  test('relu-itself: a weight of 0.9 is not done', async ({ page, lab }) => {
    await setUp(page, 'relu-itself');
    await type(page, 'unit 1 m', 1);
    await type(page, 'unit 1 b', 0);
    await type(page, 'unit 1 weight', 0.9);
    await expectNotDone(page);
  });
});

test.describe('Digits lab', () => {
  const STEPS = ['Initialise', 'Predict', 'Loss', 'Gradient', 'Step', 'Repeat', 'Stop'];
  const order = (page) => page.locator('.steps-to-order li span').allTextContents();

  /** Sorts the steps with their ↑ buttons, as a person does. */
  async function sortSteps(page) {
    for (let i = 0; i < STEPS.length; i++) {
      let at = (await order(page)).indexOf(STEPS[i]);
      for (; at > i; at--) await page.getByRole('button', { name: `move ${STEPS[i]} up` }).click();
    }
    expect(await order(page)).toEqual(STEPS);
    await expect(page.getByRole('group', { name: 'the seven steps to order' })).toContainText('In order.');
  }

  /** One batch of the linear model walked stage by stage to the Step. */
  async function walkToStep(page) {
    const digits = new DigitsLab(page);
    await expect(digits.loaded).toHaveText(/100%/, { timeout: 60_000 });
    const linear = digits.panel('linear');
    await linear.button('One batch, stage by stage').click();
    const current = linear.root.getByRole('list', { name: 'the seven steps' }).locator('[aria-current="step"]');
    await expect(current).toHaveText('2 Predict');
    for (const stage of ['3 Loss', '4 Gradient', '5 Step']) {
      await linear.button('Next stage').click();
      await expect(current).toHaveText(stage);
    }
  }

  test('seven-steps: the steps sorted, then one batch walked to the Step, done', async ({ page, lab }) => {
    await setUp(page, 'seven-steps');
    await expect(page.getByRole('tab', { name: 'Digits lab' })).toHaveAttribute('aria-selected', 'true');
    expect(await order(page)).not.toEqual(STEPS);
    await sortSteps(page);
    await expectNotDone(page);
    await walkToStep(page);
    await expectDone(page);
  });

  test('seven-steps: walked before the steps are sorted is not done, nor is sorting them afterwards', async ({ page, lab }) => {
    await setUp(page, 'seven-steps');
    await walkToStep(page);
    await expectNotDone(page);
    await sortSteps(page);
    await expectNotDone(page);
  });

  /** The linear model trained for one epoch from a fresh start at `size`. */
  async function trainAt(digits, size) {
    const linear = digits.panel('linear');
    await linear.root.getByRole('combobox', { name: 'batch size' }).selectOption(String(size));
    await linear.button('Reset').click();
    await linear.button('Train').click();
    await expect(linear.status).toContainText('Finished', { timeout: 90_000 });
  }

  test('batch-size: one epoch at 16 and at 1024, both drawn, the noisier named, done', async ({ page, lab }) => {
    test.setTimeout(240_000);
    await setUp(page, 'batch-size');
    const digits = new DigitsLab(page);
    await expect(digits.loaded).toHaveText(/100%/, { timeout: 60_000 });
    await digits.set('linear', 'epochs', 1);
    const question = page.getByRole('group', { name: 'which curve is noisier' });
    await expect(question).toContainText('at a batch of 16 and at 1024');
    await trainAt(digits, 16);
    await trainAt(digits, 1024);
    await expect(digits.panel('linear').root.locator('figcaption').filter({ hasText: 'Training loss of every mini-batch' })).toContainText('grey: the run before, at a batch of 16');
    await question.getByRole('button', { name: 'the batch of 16' }).click();
    await expectDone(page);
  });

  test('batch-size: the large batch named noisier is not done', async ({ page, lab }) => {
    test.setTimeout(240_000);
    await setUp(page, 'batch-size');
    const digits = new DigitsLab(page);
    await expect(digits.loaded).toHaveText(/100%/, { timeout: 60_000 });
    await digits.set('linear', 'epochs', 1);
    await trainAt(digits, 1024);
    await trainAt(digits, 16);
    const question = page.getByRole('group', { name: 'which curve is noisier' });
    await question.getByRole('button', { name: 'the batch of 1024' }).click();
    await expectNotDone(page);
  });
});

test.describe('Network playground', () => {
  test('loss-not-accuracy: Steps until the loss moved and the accuracy did not, done', async ({ page, lab, playground }) => {
    await setUp(page, 'loss-not-accuracy');
    await expect(playground.scores).toHaveText(/^Batch 0 /, { timeout: 15_000 });
    await expectNotDone(page);
    for (let i = 0; i < 20 && (await card(page).status.textContent()) !== 'done'; i++) {
      await playground.button('Step').click();
      await expect(playground.scores).toHaveText(new RegExp(`^Batch ${i + 1} `));
    }
    await expectDone(page);
  });

  test('loss-not-accuracy: a fresh network, no Step, is not done; Reset starts it afresh', async ({ page, lab, playground }) => {
    await setUp(page, 'loss-not-accuracy');
    await expect(playground.scores).toHaveText(/^Batch 0 /, { timeout: 15_000 });
    await playground.button('Reset').click();
    await expect(playground.scores).toHaveText(/^Batch 0 /);
    await expectNotDone(page);
  });
});

test.describe('Network playground, long runs', () => {
  test('overfit: the preset run past its best test loss, then early stopping brings the best network back, done', async ({ page, lab, playground }) => {
    test.setTimeout(180_000);
    await setUp(page, 'overfit');
    await expect(playground.scores).toHaveText(/^Batch 0 /, { timeout: 15_000 });
    await playground.button('Play').click();
    await expect(playground.status).toHaveText(/^Finished/, { timeout: 90_000 });
    await expectNotDone(page);
    await page.getByRole('checkbox', { name: /Early stopping/ }).check();
    await playground.button('Reset').click();
    await expect(playground.scores).toHaveText(/^Batch 0 /);
    await playground.button('Play').click();
    await expect(playground.status).toHaveText(/^Early stopping/, { timeout: 90_000 });
    await expectDone(page);
  });

  test('overfit: the preset run to its end without early stopping is not done', async ({ page, lab, playground }) => {
    test.setTimeout(120_000);
    await setUp(page, 'overfit');
    await expect(playground.scores).toHaveText(/^Batch 0 /, { timeout: 15_000 });
    await playground.button('Play').click();
    await expect(playground.status).toHaveText(/^Finished/, { timeout: 90_000 });
    await expectNotDone(page);
  });

  /** Plays 300 batches and more of the current network, then pauses. */
  const train300 = (playground) => playground.playUntil((s) => s.batch >= 300);

  /** ReLU in one hidden layer of 8, trained past 95% test accuracy. */
  async function reluOfEight(playground) {
    await playground.select('activation').selectOption('relu');
    while ((await playground.button('remove a layer').isEnabled()) && !(await playground.diagram('2 inputs, hidden layers [2]').isVisible())) {
      await playground.button('remove a layer').click();
    }
    for (let i = 0; i < 6; i++) await playground.button('more units in layer 1').click();
    await expect(playground.diagram('2 inputs, hidden layers [8]')).toBeVisible();
    await expect(playground.scores).toHaveText(/^Batch 0 /);
    return playground.playUntil((s) => s.batch >= 300 && s.testAccuracy > 0.95);
  }

  test('xor-needs-nonlinearity: linear at two depths stays under 80%, ReLU passes 95%, done', async ({ page, lab, playground }) => {
    test.setTimeout(180_000);
    await setUp(page, 'xor-needs-nonlinearity');
    await expect(playground.diagram('2 inputs, hidden layers [2]')).toBeVisible();
    await expect(playground.select('activation')).toHaveValue('linear');
    const one = await train300(playground);
    await playground.button('add a layer').click();
    await expect(playground.scores).toHaveText(/^Batch 0 /);
    const two = await train300(playground);
    console.log(`XOR, linear: ${one.testAccuracy} with one layer, ${two.testAccuracy} with two`);
    await expectNotDone(page);
    await reluOfEight(playground);
    await expectDone(page);
  });

  test('xor-needs-nonlinearity: one linear depth and then ReLU is not done', async ({ page, lab, playground }) => {
    test.setTimeout(120_000);
    await setUp(page, 'xor-needs-nonlinearity');
    await train300(playground);
    await reluOfEight(playground);
    await expectNotDone(page);
  });

  test('deeper-not-wider: three layers of 8 reach 90% on the spiral with fewer weights than one of 64, done', async ({ page, lab, playground }) => {
    test.setTimeout(180_000);
    await setUp(page, 'deeper-not-wider');
    const compared = page.getByRole('status', { name: 'networks compared' });
    await expect(compared).toContainText('257 weights and biases. Yours: 257');
    await playground.button('remove a layer').click();
    for (let i = 0; i < 3; i++) await playground.button('add a layer').click();
    for (const layer of [1, 2, 3]) {
      while (Number(await page.getByRole('status', { name: `units in layer ${layer}` }).or(page.locator(`output[aria-label="units in layer ${layer}"]`)).first().textContent()) < 8) {
        await playground.button(`more units in layer ${layer}`).click();
      }
    }
    await expect(playground.diagram('2 inputs, hidden layers [8, 8, 8]')).toBeVisible();
    // 2·8 + 8 + 8·8 + 8 + 8·8 + 8 + 8 + 1, counted here.
    await expect(compared).toContainText('Yours: 177 weights');
    await expect(page.locator('.network-diagram').getByRole('status', { name: 'parameters', exact: true })).toHaveText('177 parameters');
    await playground.playUntil((s) => s.testAccuracy >= 0.9, 150_000);
    await expectDone(page);
  });

  test('deeper-not-wider: the wide network itself is not done, however it scores', async ({ page, lab, playground }) => {
    test.setTimeout(120_000);
    await setUp(page, 'deeper-not-wider');
    await expect(playground.diagram('2 inputs, hidden layers [64]')).toBeVisible();
    await playground.playUntil((s) => s.batch >= 500);
    await expectNotDone(page);
  });
});

test('?mission= opens the mission\'s lab set up; a mission the page does not have is named', async ({ page, lab }) => {
  await page.goto('/?backend=cpu&mission=relu-itself');
  await expect(page.getByRole('tab', { name: 'ReLU lab' })).toHaveAttribute('aria-selected', 'true');
  await expect(card(page).root).toHaveAttribute('data-mission', 'relu-itself');
  await expect(card(page).status).toHaveText('in progress');
  await expect(new ReluLab(page).target).toHaveValue('relu');
  await page.getByRole('button', { name: 'Leave mission' }).click();
  await expect(card(page).root).toHaveCount(0);
  await expect.poll(() => new URL(page.url()).searchParams.get('mission')).toBe(null);

  await page.goto('/?backend=cpu&mission=<b>nope</b>');
  await expect(page.locator('.page-header .address-notice')).toContainText('The address names a mission this page does not have (mission=<b>nope</b>)');
  await expect(card(page).root).toHaveCount(0);
});

test('an unreadable progress store is moved aside and said; progress starts empty and is kept again', async ({ page, lab }) => {
  await page.addInitScript(() => {
    if (!sessionStorage.getItem('seeded')) {
      sessionStorage.setItem('seeded', '1');
      localStorage.setItem('descent.missions', 'hinge,<script>');
    }
  });
  await page.goto('/?backend=cpu');
  await page.getByRole('button', { name: /^Missions \(0 of/ }).click();
  await expect(page.locator('#missions-panel [role="alert"]')).toContainText('Your kept missions could not be read');
  await expect(page.locator('#missions-panel [role="alert"]')).toContainText('under "descent.missions.unreadable"');
  expect(await page.evaluate(() => localStorage.getItem('descent.missions.unreadable'))).toBe('hinge,<script>');
  await expect(page.locator('li[data-mission="hinge"] .mission-status')).toHaveText('not started');

  await page.locator('li[data-mission="hinge"]').getByRole('button', { name: 'Set up' }).click();
  await page.getByRole('slider', { name: 'unit 2 b', exact: true }).fill('-2');
  await expectDone(page);
  expect(await page.evaluate(() => localStorage.getItem('descent.missions'))).toBe('hinge');
  // The copy moved aside is still there, untouched.
  expect(await page.evaluate(() => localStorage.getItem('descent.missions.unreadable'))).toBe('hinge,<script>');
});

test('a browser that will not store progress is said, and the mission done stays done in the page', async ({ page, lab }) => {
  await page.addInitScript(() => {
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key, value) {
      if (key === 'descent.missions') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return setItem.call(this, key, value);
    };
  });
  await page.goto('/?backend=cpu&mission=hinge');
  await page.getByRole('slider', { name: 'unit 2 b', exact: true }).fill('-2');
  await expectDone(page);
  await page.getByRole('button', { name: /^Missions \(1 of/ }).click();
  await expect(page.locator('#missions-panel [role="alert"]')).toHaveText('This browser would not keep your progress: it lasts until you leave the page.');
  await expect(page.locator('li[data-mission="hinge"] .mission-status')).toHaveText('done');
});

test('a mission done with the keyboard alone: Tab to Missions, Set up, the boxes, Enter', async ({ page, lab }) => {
  const points = await lab.points();
  const best = leastSquares(points);
  /** Presses Tab until `locator` has the focus. */
  const tabTo = async (locator) => {
    for (let i = 0; i < 200; i++) {
      if (await locator.evaluate((el) => el === document.activeElement)) return;
      await page.keyboard.press('Tab');
    }
    throw new Error('never reached by Tab');
  };
  await tabTo(page.getByRole('button', { name: /^Missions \(/ }));
  await page.keyboard.press('Enter');
  await tabTo(page.locator('li[data-mission="by-hand"]').getByRole('button', { name: 'Set up' }));
  await page.keyboard.press('Enter');
  await expect(card(page).status).toHaveText('in progress');
  for (const name of ['a', 'b', 'c']) {
    await tabTo(lab.box(name));
    await page.keyboard.press('Control+A');
    await page.keyboard.type(String(round(best[name])));
    await page.keyboard.press('Enter');
  }
  await expect.poll(async () => lossOf(points, await lab.coefficients())).toBeLessThan(lossOf(points, best) * 1.1);
  await expectDone(page);
});

test.describe('the labs as paths', () => {
  test.use({ everySection: false });
  const section = (page, key) => page.locator(`details.path-section[data-section="${key}"]`);
  const title = (page, key) => section(page, key).locator(':scope > summary');
  const open = (page) => page.locator('#digits-panel details.path-section[open]');

  test('one section open at a time, the data first; the rest one click away, keeping their state; "Show every section" is remembered', async ({ page, lab }) => {
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.getByRole('tab', { name: 'Digits lab' }).click();
    await expect(open(page)).toHaveCount(1);
    await expect(section(page, 'data')).toHaveAttribute('open', '');
    const digits = new DigitsLab(page);
    await expect(digits.panel('linear').button('Train')).toBeHidden();
    const pathHeight = await page.locator('#digits-panel').evaluate((el) => el.getBoundingClientRect().height);

    // A click on a rung's title opens it and closes the data.
    await title(page, 'linear').click();
    await expect(open(page)).toHaveCount(1);
    await expect(section(page, 'data')).not.toHaveAttribute('open', '');
    await digits.set('linear', 'epochs', 3);
    await title(page, 'draw').click();
    await expect(section(page, 'linear')).not.toHaveAttribute('open', '');
    await title(page, 'linear').click();
    await expect(digits.panel('linear').field('epochs')).toHaveValue('3');

    // Every section at once, remembered in this browser.
    await page.getByRole('checkbox', { name: 'Show every section' }).check();
    await expect(open(page)).toHaveCount(8);
    const everyHeight = await page.locator('#digits-panel').evaluate((el) => el.getBoundingClientRect().height);
    console.log(`Digits lab at 1366 px: ${Math.round(pathHeight)} px as a path, ${Math.round(everyHeight)} px with every section open`);
    expect(pathHeight).toBeLessThan(everyHeight / 2);
    await page.reload();
    await page.getByRole('tab', { name: 'Digits lab' }).click();
    await expect(open(page)).toHaveCount(8);
    await page.getByRole('checkbox', { name: 'Show every section' }).uncheck();
    await expect(open(page)).toHaveCount(1);
  });

  test('the Quadratic lab shows the fit and its sliders first, the race and the graph one click away; backward opens the graph', async ({ page, lab }) => {
    const opened = page.locator('#quadratic-panel details.path-section[open]');
    await expect(page.locator('#quadratic-panel details.path-section')).toHaveCount(2);
    await expect(opened).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Backward', exact: true })).toBeHidden();
    await title(page, 'graph').click();
    await expect(page.getByRole('button', { name: 'Backward', exact: true })).toBeVisible();
    await title(page, 'race').click();
    await expect(opened).toHaveCount(1);
    await expect(section(page, 'race')).toHaveAttribute('open', '');
    await setUp(page, 'backward');
    await expect(section(page, 'graph')).toHaveAttribute('open', '');
    await expect(page.getByRole('spinbutton', { name: 'local gradient at the picked point' })).toBeVisible();
  });

  test('the Titanic lab opens at its cleaning, the models and the form one click away', async ({ page, lab }) => {
    await page.getByRole('tab', { name: 'Titanic lab' }).click();
    const opened = page.locator('#titanic-panel details.path-section[open]');
    await expect(opened).toHaveCount(1);
    await expect(section(page, 'cleaning')).toHaveAttribute('open', '');
    await expect(page.getByRole('button', { name: 'Train all three' })).toBeHidden();
    await title(page, 'models').click();
    await expect(page.getByRole('button', { name: 'Train all three' })).toBeVisible();
    await expect(opened).toHaveCount(1);
  });

  test('a Digits mission opens the section it is done in', async ({ page, lab }) => {
    await setUp(page, 'seven-steps');
    await expect(open(page)).toHaveCount(1);
    await expect(section(page, 'linear')).toHaveAttribute('open', '');
    await expect(new DigitsLab(page).panel('linear').button('One batch, stage by stage')).toBeVisible();
  });
});
