// Missions: each one done as a learner does it, and each one stopped short or done wrong, with
// the card's status, the live region, the hint and the explanation; progress kept in the browser
// and an unreadable store moved aside; `?mission=` links; one mission by keyboard alone.
import { test, expect, largestStableRate, leastSquares, lossOf, ReluLab } from './lab.js';

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
