// Every lab's setup in its link: a lab changed by hand, its "Copy link" opened in a fresh page,
// shows the same settings and the same numbers; hostile values in the address fall back to their
// defaults with a notice naming the key, and no page error.
import { test, expect, QuadraticLab, ReluLab, TitanicLab, DigitsLab, reluMse, sinePoints } from './lab.js';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

/** Values an address may carry that no setting takes. */
const HOSTILE = ['<img src=x onerror=alert(1)>', 'javascript:alert(1)', '1e309', 'NaN', '١٢٣', '9'.repeat(10_000)];

/** Types into a number box by its name and commits it. */
async function typeInto(scope, name, value) {
  const box = scope.getByRole('spinbutton', { name, exact: true });
  await box.fill(String(value));
  await box.press('Enter');
}

/** Presses a lab's "Copy link" and returns the link the clipboard got. */
async function copyLink(panel) {
  await panel.getByRole('button', { name: 'Copy link', exact: true }).click();
  await expect(panel.getByRole('status', { name: 'link', exact: true })).toHaveText(/Link copied/);
  return panel.page().evaluate(() => navigator.clipboard.readText());
}

/**
 * Opens the page with every one of lab `key`'s `keys` set to each hostile value (the 10 kB one a
 * key at a time, which keeps the address under the server's header limit), and checks that the
 * lab's notice names each key and that it shows its defaults (`read`). `longKeys`, where given,
 * are the keys the 10 kB value goes to.
 */
async function fuzz(page, key, keys, read, longKeys = keys) {
  const notice = page.locator(`#${key}-panel .address-notice`);
  const base = `/?backend=cpu&lab=${key}`;
  await page.goto(base);
  const defaults = await read();
  const open = async (pairs) => {
    await page.goto(`${base}&${new URLSearchParams(pairs)}`);
    for (const [name] of pairs) await expect(notice).toContainText(`${name}=`);
    expect(await read()).toEqual(defaults);
  };
  for (const value of HOSTILE.filter((v) => v.length < 100)) await open(keys.map((name) => [name, value]));
  const long = HOSTILE.find((v) => v.length >= 100);
  for (const name of longKeys) await open([[name, long]]);
}

/** What the Quadratic lab shows of its setup. */
async function quadraticSetup(lab) {
  const page = lab.page;
  return {
    coefficients: await lab.coefficients(),
    rate: await lab.box('learning rate').inputValue(),
    loss: await lab.loss.textContent(),
    seed: await page.getByRole('spinbutton', { name: 'seed', exact: true }).inputValue(),
    noise: await lab.slider('noise').inputValue(),
    axes: await page.getByRole('combobox', { name: 'surface axes' }).inputValue(),
    forgetZeroGrad: await page.getByRole('checkbox', { name: 'forget to zero the gradients' }).isChecked(),
    points: await lab.points(),
    racers: await page.locator('.race-lane').evaluateAll((lanes) =>
      lanes.map((lane) => [...lane.querySelectorAll('input, select')].map((e) => (e.type === 'checkbox' ? e.checked : e.value))),
    ),
    raceSteps: await page.getByRole('spinbutton', { name: 'race steps', exact: true }).inputValue(),
  };
}

/** Pastes x,y points into the Quadratic lab. */
async function pastePoints(page, points) {
  const details = page.locator('details.paste-data');
  if (!(await details.evaluate((d) => d.open))) await page.getByText('Paste data', { exact: true }).click();
  await page.getByRole('textbox', { name: /x,y pairs/ }).fill(points.map((p) => p.join(',')).join('\n'));
  await page.getByRole('button', { name: 'Use these points', exact: true }).click();
  await expect(page.locator('.points-message')).toHaveText(`Using your ${points.length} points.`);
}

test('Quadratic lab: its copied link opens the same setup, with the same points and loss', async ({ lab, page }) => {
  await page.getByRole('combobox', { name: 'Racer 3 optimizer', exact: true }).selectOption('nesterov');
  await typeInto(page, 'Racer 1 learning rate', 0.02);
  await page.locator('.race-lane[data-lane="1"]').getByRole('checkbox').uncheck();
  await typeInto(page, 'race steps', 40);
  await lab.type('a', 2.5);
  await lab.type('learning rate', 0.05);
  await page.getByRole('radio', { name: /MAE/ }).check();
  const seed = page.getByRole('spinbutton', { name: 'seed', exact: true });
  await seed.fill('7');
  await seed.press('Enter');
  await lab.slider('noise').fill('0.5');
  await page.getByRole('combobox', { name: 'surface axes' }).selectOption({ label: 'a and c (b held)' });
  await page.getByRole('checkbox', { name: 'forget to zero the gradients' }).check();
  // After the seed and noise, which draw the recipe's points afresh.
  await pastePoints(page, [[-1.5, 6.25], [-0.3, 1.1], [0, 0.9], [1 / 3, 2], [2, 14.8]]);
  await expect(lab.loss).toHaveText(/^MAE \d/);
  await lab.expectLossOfTable('MAE');
  const setup = await quadraticSetup(lab);
  expect(setup.coefficients.a).toBe(2.5);
  expect(setup.seed).toBe('7');
  expect(setup.points).toHaveLength(5);
  expect(setup.racers[1][0]).toBe(false);

  const panel = page.locator('#quadratic-panel');
  await panel.getByRole('button', { name: 'Copy link', exact: true }).click();
  await expect(panel.getByRole('status', { name: 'link', exact: true })).toHaveText(/Link copied/);
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toContain('q_a=2.5');
  expect(link).toContain('q_points=');

  const fresh = new QuadraticLab(await page.context().newPage());
  await fresh.page.goto(link);
  await expect(fresh.loss).toHaveText(setup.loss);
  expect(await quadraticSetup(fresh)).toEqual(setup);
  await expect(fresh.page.locator('#quadratic-panel .address-notice')).toHaveText('');
});

test('Quadratic lab: own points too many for the link are said, and left out of it', async ({ lab, page }) => {
  const many = Array.from({ length: 300 }, (_, i) => [i / 7, (i % 13) / 3]);
  await pastePoints(page, many);
  await expect(page.locator('.points-link')).toHaveText(
    'Your 300 points are too many for the lab\'s link: paste them as text to share them.',
  );
  await expect.poll(() => new URL(page.url()).searchParams.has('q_points')).toBe(false);
  await pastePoints(page, many.slice(0, 5));
  await expect(page.locator('.points-link')).toHaveText('');
  await expect.poll(() => new URL(page.url()).searchParams.has('q_points')).toBe(true);
  await page.getByRole('button', { name: "Back to the lesson's data", exact: true }).click();
  await expect.poll(() => new URL(page.url()).searchParams.has('q_points')).toBe(false);
});

for (const key of ['q_a', 'q_b', 'q_c', 'q_lr', 'q_loss', 'q_seed', 'q_noise', 'q_surface', 'q_zero_grad', 'q_lanes', 'q_race_steps', 'q_points']) {
  test(`Quadratic lab: hostile values of ${key} take its default, and the notice names it`, async ({ lab, page }) => {
    const defaults = await quadraticSetup(lab);
    for (const value of HOSTILE) {
      await page.goto(`/?backend=cpu&${key}=${encodeURIComponent(value)}`);
      await expect(page.locator('#quadratic-panel .address-notice')).toContainText(`(${key}=`);
      await expect(lab.loss).toHaveText(defaults.loss);
      expect(await quadraticSetup(lab)).toEqual(defaults);
    }
  });
}

test('Network playground: its copied link opens the same setup and the same first scores', async ({ playground, page }) => {
  await playground.open('cpu');
  await playground.select('dataset').selectOption('xor');
  await playground.select('activation').selectOption('relu');
  await page.getByRole('slider', { name: 'batch size' }).fill('25');
  await expect(playground.scores).toHaveText(/^Batch 0 /);
  const scores = await playground.scores.textContent();
  await playground.region.getByRole('button', { name: 'Copy link', exact: true }).click();
  await expect(playground.region.getByRole('status', { name: 'link', exact: true })).toHaveText(/Link copied/);
  const link = await page.evaluate(() => navigator.clipboard.readText());

  const fresh = await page.context().newPage();
  await fresh.goto(link);
  await expect(fresh.locator('.playground-scores')).toHaveText(scores);
  await expect(fresh.getByRole('combobox', { name: 'dataset', exact: true })).toHaveValue('xor');
  await expect(fresh.getByRole('combobox', { name: 'activation', exact: true })).toHaveValue('relu');
  await expect(fresh.getByRole('slider', { name: 'batch size' })).toHaveValue('25');
});

/** What the playground shows of its setup: every choice, slider, box and switch, and the network. */
async function playgroundSetup(page) {
  const panel = page.locator('#playground-panel');
  await expect(panel.getByRole('spinbutton', { name: 'seed', exact: true })).not.toHaveValue('');
  const values = (selector) => panel.locator(selector).evaluateAll((inputs) => inputs.map((e) => (e.type === 'checkbox' ? e.checked : e.value)));
  return {
    choices: await values('select'),
    sliders: await values('input[type=range]'),
    boxes: await values('input[type=number]'),
    switches: await values('input[type=checkbox]'),
    network: await panel.getByRole('img', { name: /^network: / }).getAttribute('aria-label'),
  };
}

test('Network playground: hostile values of each key take its default, and the notice names it', async ({ page }) => {
  test.setTimeout(120_000);
  const keys = ['dataset', 'noise', 'train', 'seed', 'features', 'layers', 'activation', 'loss', 'reg', 'reg_rate', 'lr', 'batch', 'optimizer', 'schedule', 'stop_after', 'patience', 'points'];
  await fuzz(page, 'playground', keys, () => playgroundSetup(page));
});

test('a browser that refuses the clipboard gets the link shown, to copy by hand', async ({ page }) => {
  await page.addInitScript(() => {
    navigator.clipboard.writeText = () => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError'));
  });
  const lab = new QuadraticLab(page);
  await lab.open('cpu');
  await lab.type('a', 2.5);
  const panel = page.locator('#quadratic-panel');
  await panel.getByRole('button', { name: 'Copy link', exact: true }).click();
  const said = panel.getByRole('status', { name: 'link', exact: true });
  await expect(said).toHaveText(/^Copy this link: http:\/\/\S+q_a=2\.5/);
  // The link shown opens the same lab.
  const link = (await said.textContent()).replace('Copy this link: ', '');
  await page.goto(link);
  await expect(lab.box('a')).toHaveValue('2.5');
});

/** What the ReLU lab shows of its setup. */
async function reluSetup(relu) {
  const page = relu.page;
  return {
    sum: await relu.sum(),
    target: await relu.target.inputValue(),
    optimizer: await page.getByRole('combobox', { name: 'ReLU optimizer', exact: true }).inputValue(),
    rate: await page.getByRole('spinbutton', { name: 'ReLU learning rate', exact: true }).inputValue(),
    mse: await relu.mse.textContent(),
  };
}

test('ReLU lab: its copied link opens the same units, target, optimizer and rate, with the same MSE', async ({ relu, page }) => {
  await relu.open('cpu');
  await relu.target.selectOption('sine');
  await relu.startOver(4);
  await relu.slider('unit 2 m').fill('1.5');
  await relu.slider('constant c').fill('0.25');
  await page.getByRole('combobox', { name: 'ReLU optimizer', exact: true }).selectOption('momentum');
  const rate = page.getByRole('spinbutton', { name: 'ReLU learning rate', exact: true });
  await rate.fill('0.05');
  await rate.press('Enter');
  const setup = await reluSetup(relu);
  expect(setup.sum.hinges).toHaveLength(4);
  expect(setup.sum.hinges[1].m).toBe(1.5);
  expect(Number(setup.mse)).toBeCloseTo(reluMse(sinePoints(), setup.sum), 3);

  const link = await copyLink(page.locator('#relu-panel'));
  expect(link).toContain('lab=relu');
  expect(link).toContain('r_target=sine');
  const fresh = new ReluLab(await page.context().newPage());
  await fresh.page.goto(link);
  await expect(fresh.mse).toHaveText(setup.mse);
  expect(await reluSetup(fresh)).toEqual(setup);
  await expect(fresh.page.locator('#relu-panel .address-notice')).toHaveText('');
});

test('ReLU lab: hostile values of each key take its default, and the notice names it', async ({ page }) => {
  await fuzz(page, 'relu', ['r_units', 'r_c', 'r_target', 'r_optimizer', 'r_lr'], () => reluSetup(new ReluLab(page)));
});

const TITANIC_MODELS = ['Linear model', 'Neural net', 'Deep net'];
const PASSENGER_NUMBERS = ['age', 'siblings and spouses aboard', 'parents and children aboard', 'fare'];
const PASSENGER_CHOICES = ['sex', 'ticket class', 'port of embarkation'];

/** What the Titanic lab shows of its setup. */
async function titanicSetup(page) {
  const number = (name) => page.getByRole('spinbutton', { name, exact: true }).inputValue();
  const setup = {};
  for (const model of TITANIC_MODELS) {
    setup[model] = [await number(`${model} epochs`), await number(`${model} learning rate`)];
  }
  for (const name of PASSENGER_NUMBERS) setup[name] = await number(name);
  for (const name of PASSENGER_CHOICES) {
    setup[name] = await page.getByRole('combobox', { name, exact: true }).inputValue();
  }
  return setup;
}

test('Titanic lab: its copied link opens the same models and passenger, which train to the same numbers', async ({ titanic, page }) => {
  await titanic.open('cpu');
  await expect(titanic.data).toContainText('891 passengers');
  await typeInto(page, 'Linear model epochs', 12);
  await typeInto(page, 'Linear model learning rate', 50);
  await typeInto(page, 'Deep net epochs', 5);
  await page.getByRole('combobox', { name: 'sex', exact: true }).selectOption('male');
  await page.getByRole('combobox', { name: 'ticket class', exact: true }).selectOption('1');
  await page.getByRole('combobox', { name: 'port of embarkation', exact: true }).selectOption('C');
  await typeInto(page, 'age', 4);
  await typeInto(page, 'fare', 100);
  const setup = await titanicSetup(page);
  expect(setup['Linear model']).toEqual(['12', '50']);
  expect(setup.sex).toBe('male');

  /** Trains the linear model; its status and its answer for the passenger. */
  const train = async (lab) => {
    await lab.button('Train the linear model').click();
    await expect(lab.panel('linear').status).toHaveText(/^Validation accuracy [\d.]+% after 12 epochs/, { timeout: 60_000 });
    const answer = lab.page.locator('.titanic-answers li[data-model="linear"]');
    await expect(answer).toHaveText(/chance of surviving/);
    return [await lab.panel('linear').status.textContent(), await answer.textContent()];
  };
  const numbers = await train(titanic);
  const link = await copyLink(page.locator('#titanic-panel'));
  expect(link).toContain('lab=titanic');
  expect(link).toContain('t_port=C');

  const fresh = new TitanicLab(await page.context().newPage());
  await fresh.page.goto(link);
  await expect(fresh.data).toContainText('891 passengers');
  expect(await titanicSetup(fresh.page)).toEqual(setup);
  expect(await train(fresh)).toEqual(numbers);
  await expect(fresh.page.locator('#titanic-panel .address-notice')).toHaveText('');
});

test('Titanic lab: hostile values of each key take its default, and the notice names it', async ({ page }) => {
  const keys = ['linear', 'one_hidden', 'deep'].flatMap((m) => [`t_${m}_epochs`, `t_${m}_lr`]);
  keys.push('t_sex', 't_class', 't_age', 't_sibsp', 't_parch', 't_fare', 't_port');
  await fuzz(page, 'titanic', keys, () => titanicSetup(page));
});

const RUNGS = ['linear', 'simplenet', 'alldigits', 'convolutional'];

/** What the Digits lab shows of a rung's setup. */
async function rungSetup(digits, model) {
  const panel = digits.panel(model);
  const choice = (name) => panel.root.getByRole('combobox', { name, exact: true }).inputValue();
  const number = (name) => panel.field(name).inputValue();
  return {
    rate: await digits.rate(model).textContent(),
    batch: await choice('batch size'),
    epochs: await number('epochs'),
    hidden: model === 'linear' ? null : await number('hidden units'),
    seed: await number('seed'),
    optimizer: await choice(`${model} optimizer`),
    schedule: await choice(`${model} schedule`),
    patience: await number(`${model} early stopping patience in epochs`),
    shape: await panel.root.locator('.hint').first().textContent(),
  };
}

async function digitsSetup(digits) {
  const picker = digits.panel('linear').root;
  const digit = (name) => picker.getByRole('combobox', { name, exact: true }).inputValue();
  const setup = { pair: [await digit('first digit'), await digit('second digit')] };
  for (const model of RUNGS) setup[model] = await rungSetup(digits, model);
  return setup;
}

test('Digits lab: its copied link opens every rung as set, at the rung last changed, and trains to the same numbers', async ({ digits, page }) => {
  // One worker: a pair shares batches only while that measures faster, which changes the sums.
  await page.goto('/?backend=cpu&workers=1');
  await digits.tab.click();
  await expect(digits.loaded).toHaveText(/100%/, { timeout: 60_000 });
  await digits.pick('linear', 1, 8);
  await digits.set('linear', 'epochs', 1);
  await digits.set('linear', 'seed', 7);
  await digits.panel('linear').button('Train').click();
  await expect(digits.panel('linear').epochRows).toHaveCount(1, { timeout: 60_000 });
  const rows = await digits.epochs('linear');

  const mlp = digits.panel('simplenet');
  await digits.set('simplenet', 'hidden units', 20);
  await digits.set('simplenet', 'epochs', 3);
  await mlp.root.getByRole('combobox', { name: 'batch size', exact: true }).selectOption('128');
  await mlp.root.getByRole('combobox', { name: 'simplenet optimizer', exact: true }).selectOption('adam');
  await mlp.root.getByRole('combobox', { name: 'simplenet schedule', exact: true }).selectOption('Step decay');
  await digits.set('simplenet', 'simplenet early stopping patience in epochs', 3);
  const setup = await digitsSetup(digits);
  expect(setup.simplenet.shape).toContain('784→20→ReLU→1');

  const link = await copyLink(page.locator('#digits-panel'));
  expect(link).toContain('lab=digits');
  expect(link).toContain('d_rung=simplenet');
  expect(link).toMatch(/d_pair=1(,|%2C)8/);
  expect(link).toContain('d_simplenet_hidden=20');
  expect(link).not.toContain('d_alldigits');

  const fresh = new DigitsLab(await page.context().newPage());
  await fresh.page.goto(link);
  await expect(fresh.loaded).toHaveText(/100%/, { timeout: 60_000 });
  expect(await digitsSetup(fresh)).toEqual(setup);
  await expect(fresh.page.locator('[data-model="model-simplenet"]')).toBeInViewport();
  await expect(fresh.page.locator('#digits-panel .address-notice')).toHaveText('');
  await fresh.panel('linear').button('Train').click();
  await expect(fresh.panel('linear').epochRows).toHaveCount(1, { timeout: 60_000 });
  expect(await fresh.epochs('linear')).toEqual(rows);
});

test('Digits lab: hostile values of each key take its default, and the notice names it', async ({ page }) => {
  // Fifteen loads of the lab, each opening MNIST: about 26 s here, room for a slower machine.
  test.setTimeout(120_000);
  const settings = ['lr', 'batch', 'epochs', 'hidden', 'seed', 'augment', 'optimizer', 'schedule', 'patience'];
  const keys = ['d_rung', 'd_pair', ...RUNGS.flatMap((model) => settings.map((setting) => `d_${model}_${setting}`))];
  // The 10 kB value goes to each setting once, on the rungs in turn: the four rungs read alike.
  const longKeys = ['d_rung', 'd_pair', ...settings.map((setting, i) => `d_${RUNGS[i % RUNGS.length]}_${setting}`)];
  await fuzz(page, 'digits', keys, () => digitsSetup(new DigitsLab(page)), longKeys);
});
