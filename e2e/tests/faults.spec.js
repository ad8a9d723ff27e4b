// Faults, each injected into the real page, and what the learner then sees: a message in words
// within seconds, never an endless "starting…" or a silent hang, and nothing they set lost.
import { gunzipSync } from 'node:zlib';
import { test, expect, labWorker, engineNotice, lossOf, expectClose, QuadraticLab } from './lab.js';

/** Makes the worker's next request throw as it arrives, as a worker that breaks mid-run does. */
const throwOnNextRequest = (worker) =>
  worker.evaluate(() => {
    self.onmessage = () => {
      throw new Error('injected fault');
    };
  });

/** Makes the worker's clock throw, so the slice in progress fails inside the engine's wasm. */
const breakClock = (worker) =>
  worker.evaluate(() => {
    Date.now = () => {
      throw new Error('injected fault');
    };
  });

// The WebGPU engine is a separate, large download (the CPU one starts the page): if it does not
// load, the CPU engine takes over and the page says why.
test.describe('the WebGPU engine cannot load', () => {
  test.use({ expectedErrors: [/404|engine_webgpu|WebAssembly|magic word|Failed to load/] });

  test('the CPU engine carries on, and the lab says why', { tag: '@webgpu-only' }, async ({ page }) => {
    await page.route('**/engine_webgpu_bg.wasm', (route) => route.fulfill({ status: 404, body: 'not found' }));
    await page.goto('/?backend=webgpu');
    await expect(page.getByRole('alert').filter({ hasText: /WebGPU could not start \(its engine could not load: .+\), so the CPU trains\./ })).toBeVisible();
    await expect(page.getByRole('status', { name: 'backend', exact: true })).toHaveText('Backend: CPU (wasm)');
    // It trains: a step moves the coefficients from where the lesson starts.
    await expect(page.getByRole('status', { name: 'loss', exact: true })).toHaveText(/^MSE \d/);
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await expect(page.getByRole('spinbutton', { name: 'a value', exact: true })).not.toHaveValue('1.5');
  });
});

const stepOf = async (message) => Number((await message.textContent()).match(/step (\d+)/)?.[1] ?? 0);

test.describe('the engine worker cannot start', () => {
  test.use({ expectedErrors: [/404|engine_cpu_bg\.wasm|WebAssembly|magic word|Failed to load/] });

  for (const [name, fulfil] of [
    ['missing', (route) => route.fulfill({ status: 404, body: 'not found' })],
    ['corrupt', (route) => route.fulfill({ status: 200, contentType: 'application/wasm', body: 'not wasm at all' })],
  ]) {
    test(`a ${name} engine wasm is said in words, and Try again starts it once it is back`, async ({ page }) => {
      await page.route('**/engine_cpu_bg.wasm', fulfil);
      await page.goto('/?backend=cpu');
      const broken = page.locator('#quadratic-panel .engine-broken');
      // A few quick retries first, then the lab stops trying and says why.
      await expect(broken).toContainText(/The engine could not run: it could not start: /);
      await expect(page.getByRole('status', { name: 'backend', exact: true })).toHaveText('Backend: stopped');
      // The lab still reads, from the page's own maths, and what the learner sets is kept.
      const loss = page.getByRole('status', { name: 'loss', exact: true });
      await expect(loss).toHaveText(/^MSE \d/);
      const atStart = await loss.textContent();
      await page.getByRole('spinbutton', { name: 'a value', exact: true }).fill('2.5');
      await page.getByRole('spinbutton', { name: 'a value', exact: true }).press('Enter');
      await expect(loss).not.toHaveText(atStart);
      const moved = await loss.textContent();
      await page.unroute('**/engine_cpu_bg.wasm');
      await broken.getByRole('button', { name: 'Try again' }).click();
      await expect(broken).toHaveCount(0);
      await expect(page.getByRole('status', { name: 'backend', exact: true })).toHaveText('Backend: CPU (wasm)');
      // The engine, back, gives the same loss the page showed.
      await expect(loss).toHaveText(moved);
      await expect(page.getByRole('slider', { name: 'a', exact: true })).toHaveValue('2.5');
    });
  }
});

test.describe('the files worker cannot start', () => {
  test.use({ expectedErrors: [/404|files_bg\.wasm|WebAssembly|magic word|Failed to load/] });

  for (const [name, fulfil] of [
    ['missing', (route) => route.fulfill({ status: 404, body: 'not found' })],
    ['corrupt', (route) => route.fulfill({ status: 200, contentType: 'application/wasm', body: 'not wasm at all' })],
  ]) {
    test(`a ${name} files wasm is said in words, the lab is untouched, and Try again writes the program once it is back`, async ({ lab, page }) => {
      await page.route('**/files_bg.wasm', fulfil);
      await lab.open('cpu');
      // Set up first, with the panel closed (nothing is asked of the files worker until it opens).
      await lab.type('learning rate', 0.02);
      const loss = page.getByRole('status', { name: 'loss', exact: true });
      const atStart = await loss.textContent();
      await lab.button('Step').click();
      await expect(loss).not.toHaveText(atStart);
      const stepped = await loss.textContent();
      const panel = page.locator('#quadratic-panel details.as-code');
      await panel.locator('summary').click();
      const alert = panel.getByRole('alert');
      await expect(alert).toContainText(/The page's files worker could not do it \(.+\)\. Try again/);
      // Downloading settings says the same, and nothing is saved.
      await page.locator('#quadratic-panel').getByRole('button', { name: 'Download settings (.json)' }).click();
      await expect(page.locator('#quadratic-panel .settings-file-said')).toContainText("The page's files worker could not do it");
      // The lab is as it was.
      await expect(page.getByRole('spinbutton', { name: 'learning rate value', exact: true })).toHaveValue('0.02');
      await expect(loss).toHaveText(stepped);
      await page.unroute('**/files_bg.wasm');
      await alert.getByRole('button', { name: 'Try again' }).click();
      await expect(alert).toHaveCount(0);
      await expect(panel.getByLabel('PyTorch program')).toContainText('\nlr = 0.02\n');
      await expect(panel.getByLabel('PyTorch program')).toContainText('\nsteps = 1\n');
    });
  }
});

test.describe('a worker that throws mid-run', () => {
  test.use({ expectedErrors: [/injected fault/] });

  test('Quadratic lab: the run goes on in a new worker, then Step and Reset work', async ({ lab, page }) => {
    const points = await lab.points();
    await lab.type('learning rate', 0.0001);
    await lab.button('Train').click();
    await expect(lab.message).toContainText(/Training… step [1-9]/);
    await throwOnNextRequest(labWorker(page, 'quadratic'));
    await expect(engineNotice(page.locator('#quadratic-panel'))).toContainText(
      /The engine stopped \(it failed: .*injected fault\) and a new one took over\. Your point, its path and any training run are kept\./,
    );
    const after = await stepOf(lab.message);
    await expect.poll(() => stepOf(lab.message)).toBeGreaterThan(after + 20);
    await lab.button('Stop').click();
    await expect(lab.message).toContainText('Stopped after');
    const stopped = await lab.coefficients();
    await lab.button('Step').click();
    await expect.poll(async () => (await lab.coefficients()).c).not.toBe(stopped.c);
    await lab.button('Reset').click();
    expect(await lab.coefficients()).toEqual({ a: 1.5, b: 1.5, c: 1.5 });
    await expect.poll(async () => (await lab.lossValue())[1]).toBeCloseTo(lossOf(points, { a: 1.5, b: 1.5, c: 1.5 }), 3);
  });

  test('Digits lab: the data comes back, and Train works again', async ({ digits, page, backend }) => {
    test.setTimeout(120_000);
    await digits.open(backend);
    const mlp = digits.panel('alldigits');
    await mlp.button('Train').click();
    await expect(mlp.status).toContainText(/batch [1-9]\d* of 235/);
    // The Digits lab's worker started when the lab opened, after the Quadratic lab's.
    await breakClock(labWorker(page, 'digits'));
    await expect(engineNotice(page.locator('#digits-panel'))).toContainText(
      /The engine stopped \(it failed: .*injected fault\) and a new one took over\. The data was loaded again/,
    );
    await expect(digits.loaded).toHaveText(/100%/, { timeout: 60_000 });
    await expect(mlp.status).toHaveText(/^Ready: press Train\./);
    await mlp.button('Train').click();
    await expect(mlp.status).toContainText(/batch [1-9]\d* of 235/);
    await mlp.button('Stop').click();
    await expect(mlp.status).toContainText('Stopped');
  });

  test('Digits lab: a batch being timed when the worker dies is timed by the new one', async ({ digits, page, backend }) => {
    test.setTimeout(120_000);
    await digits.open(backend);
    await throwOnNextRequest(labWorker(page, 'digits'));
    const cnn = digits.panel('convolutional');
    await cnn.root.hover();
    await expect(engineNotice(page.locator('#digits-panel'))).toContainText(/injected fault\) and a new one took over/);
    await expect(digits.loaded).toHaveText(/100%/, { timeout: 60_000 });
    await expect(cnn.root.locator('.epoch-time')).toContainText(/a batch of 64 takes \d+ ms/, { timeout: 60_000 });
  });

  test('Digits lab: a fine-tuning the worker dies in can be pressed again, and the learner\'s digits are kept', async ({ digits, page, backend }) => {
    test.setTimeout(120_000);
    await digits.open(backend);
    for (const x of [0.4, 0.6]) {
      await digits.stroke([[x, 0.15], [x, 0.85]]);
      await page.getByRole('button', { name: 'label as 1' }).click();
    }
    const yours = page.getByRole('list', { name: 'your digits' }).locator('li');
    await expect(yours).toHaveCount(2);
    await throwOnNextRequest(labWorker(page, 'digits'));
    const tune = page.getByRole('button', { name: 'Fine-tune on your digits' });
    await tune.click();
    await expect(engineNotice(page.locator('#digits-panel'))).toContainText(/injected fault\) and a new one took over/);
    await expect(digits.loaded).toHaveText(/100%/, { timeout: 60_000 });
    await expect(tune).toBeEnabled();
    await expect(yours).toHaveCount(2);
    await tune.click();
    await expect(page.getByRole('table', { name: 'fine-tuning result' })).toBeVisible({ timeout: 60_000 });
  });

  test('ReLU lab: the fit goes on in a new worker to its end, and Fit works again', async ({ relu, page }) => {
    await relu.open('cpu');
    await relu.target.selectOption('step');
    await relu.startOver(16);
    await relu.button('Fit').click();
    await expect(relu.status).toHaveText(/^Fitting: step [1-9]/);
    await throwOnNextRequest(labWorker(page, 'networks'));
    await expect(engineNotice(relu.page.locator('#relu-panel'))).toContainText(/The engine stopped \(it failed: .*injected fault\)/);
    await expect(relu.status).toHaveText(/^Fitted: 2000 steps/, { timeout: 60_000 });
    const fitted = await relu.mseValue();
    await relu.startOver(4);
    expect(await relu.fit()).toBeLessThan(0.5);
    expect(fitted).toBeLessThan(0.5);
  });

  test('Titanic lab: the passengers and the trained models come back the same, and the form answers', async ({ titanic, page }) => {
    await titanic.open('cpu');
    await titanic.button('Train all three').click();
    const answers = page.locator('.titanic-answers li');
    await expect(answers).toHaveCount(3);
    const accuracies = async () => Promise.all(['linear', 'one-hidden', 'deep'].map((key) => titanic.panel(key).accuracy.textContent()));
    const before = await accuracies();
    const said = await answers.allTextContents();
    // The next request (the form's, for a new age) kills the worker.
    await throwOnNextRequest(labWorker(page, 'networks'));
    const age = page.getByRole('spinbutton', { name: 'age', exact: true });
    await age.fill('31');
    await age.press('Enter');
    await expect(engineNotice(page.locator('#titanic-panel'))).toContainText(/The engine stopped \(it failed: .*injected fault\)/);
    // Trained again from the same seed in the new worker: the same accuracies, and an answer.
    await expect.poll(accuracies).toEqual(before);
    await expect(answers).toHaveCount(3);
    await age.fill('30');
    await age.press('Enter');
    await expect.poll(() => answers.allTextContents()).toEqual(said);
  });

  test('Network playground: a fresh network plays on, then Pause, Step and Reset work', async ({ playground, page }) => {
    await playground.open('cpu', '&dataset=xor&layers=3');
    await playground.button('Play').click();
    await expect.poll(async () => (await playground.read()).batch).toBeGreaterThan(50);
    await breakClock(labWorker(page, 'networks'));
    await expect(engineNotice(playground.region)).toContainText(/The engine stopped \(it failed: .*injected fault\)/);
    // The setup is kept; the network is built again and training goes on.
    await expect(playground.select('dataset')).toHaveValue('xor');
    await expect(playground.diagram('2 inputs, hidden layers [3]')).toBeVisible();
    await expect.poll(async () => (await playground.read()).batch).toBeGreaterThan(20);
    await playground.button('Pause').click();
    await expect(playground.button('Play')).toBeEnabled();
    const paused = await playground.read();
    await playground.button('Step').click();
    await expect(playground.scores).toHaveText(new RegExp(`^Batch ${paused.batch + 1} `));
    await playground.button('Reset').click();
    await expect(playground.scores).toHaveText(/^Batch 0 /);
  });
});

test('a worker whose thread is stuck is replaced within seconds, and training goes on', async ({ lab, page }) => {
  await lab.type('learning rate', 0.0001);
  await lab.button('Train').click();
  await expect(lab.message).toContainText(/Training… step [1-9]/);
  await labWorker(page, 'quadratic').evaluate(() => {
    setTimeout(() => {
      for (;;);
    }, 0);
  });
  await expect(engineNotice(page.locator('#quadratic-panel'))).toContainText(
    /The engine stopped \(it stopped responding for \d+ s\) and a new one took over/,
    { timeout: 30_000 },
  );
  const after = await stepOf(lab.message);
  await expect.poll(() => stepOf(lab.message)).toBeGreaterThan(after + 20);
});

test.describe('a WebGPU probe that never answers', () => {
  test.beforeEach(async ({ page }) => {
    await page.addInitScript(() => {
      window.adapterRequests = 0;
      const gpu = {
        requestAdapter: () => {
          window.adapterRequests += 1;
          return new Promise(() => {});
        },
      };
      Object.defineProperty(Navigator.prototype, 'gpu', { get: () => gpu, configurable: true });
    });
  });

  test('?backend=cpu does not wait for it at all', async ({ page }) => {
    await page.goto('/?backend=cpu');
    await expect(new QuadraticLab(page).loss).toHaveText(/^MSE \d/);
    expect(await page.evaluate(() => window.adapterRequests)).toBe(0);
  });

  test('the automatic choice gives up on it after a few seconds and trains on the CPU', async ({ page }) => {
    await page.goto('/');
    const badge = page.getByRole('status', { name: 'backend', exact: true });
    await expect(badge).toHaveText('Backend: CPU (wasm)');
    await expect(badge).toHaveAttribute('title', /WebGPU did not answer within 3 s/);
    await expect(new QuadraticLab(page).loss).toHaveText(/^MSE \d/);
    expect(await page.evaluate(() => window.adapterRequests)).toBe(1);
  });
});

test.describe('MNIST that stalls, crawls or comes encoded', () => {
  test.use({ expectedErrors: [/aborted|ERR_|net::/i] });

  test('a stalled download says so and offers Retry, which loads the data', async ({ digits, page }) => {
    test.setTimeout(120_000);
    const stalled = [];
    await page.context().route('**/mnist/train-labels-idx1-ubyte.gz', (route) => {
      stalled.push(route);
    });
    await digits.open('cpu', { waitForData: false });
    const pace = page.locator('.data-pace');
    await expect(pace).toContainText(/No data has arrived for \d+ s: the download seems stalled\./, { timeout: 30_000 });
    await page.context().unroute('**/mnist/train-labels-idx1-ubyte.gz');
    await pace.getByRole('button', { name: 'Retry' }).click();
    await expect(digits.loaded).toHaveText('MNIST loaded and checked: 100%', { timeout: 60_000 });
    expect(stalled.length).toBe(1);
  });

  test('a slow download says how long it has left', async ({ digits, page }) => {
    test.setTimeout(120_000);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    // About 200 kB/s: the 10 MB of training images would take most of a minute.
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: 200_000,
      uploadThroughput: 200_000,
    });
    await digits.open('cpu', { waitForData: false });
    await expect(page.locator('.data-pace')).toContainText(/The download is slow: about (\d+ min )?\d+ s left at this speed\./, {
      timeout: 60_000,
    });
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  });

  test('a file served with Content-Encoding: gzip is still read and checked', async ({ digits, page }) => {
    // Some servers send .gz files this way (nginx's gzip_static, Apache's AddEncoding); the
    // browser then decodes them on the way and the page gets the IDX file itself, as here.
    await page.context().route('**/mnist/*.gz', async (route) => {
      const response = await route.fetch();
      await route.fulfill({
        response,
        headers: { ...response.headers(), 'content-encoding': 'gzip' },
        body: gunzipSync(await response.body()),
      });
    });
    await digits.open('cpu', { waitForData: false });
    await expect(digits.loaded).toHaveText('MNIST loaded and checked: 100%', { timeout: 60_000 });
    await expect(page.locator('.train-shape')).toHaveText('rank 3, shape [60000, 28, 28]');
  });
});

/** A ready-model file that passes the header checks: `DESCENT1`, ten digits, and `layers` as
 * [inputs, outputs, weights…, biases…]. */
const modelFile = (layers) => {
  const floats = layers.flatMap(([i, o, w, b]) => [...w, ...b]).length;
  const bytes = Buffer.alloc(10 + layers.length * 8 + floats * 4);
  bytes.write('DESCENT1', 0, 'latin1');
  bytes[8] = 1;
  bytes[9] = layers.length;
  let at = 10;
  for (const [inputs, outputs, weights, biases] of layers) {
    bytes.writeUInt32LE(inputs, at);
    bytes.writeUInt32LE(outputs, at + 4);
    at += 8;
    for (const v of [...weights, ...biases]) {
      bytes.writeFloatLE(v, at);
      at += 4;
    }
  }
  return bytes;
};

for (const [name, layers, why] of [
  ['a zero-width layer', [[784, 0, [], []], [0, 10, [], Array(10).fill(0)]], /layer 0 has no units/],
  ['a weight that is not a number', [[784, 10, Array(7840).fill(0.01).fill(NaN, 5, 6), Array(10).fill(0)]], /layer 0 has weights that are not finite numbers/],
]) {
  test(`a ready model with ${name} is refused with a message, and drawing does not break`, async ({ digits, page }) => {
    await page.route('**/digits-model.bin', (route) => route.fulfill({ status: 200, body: modelFile(layers) }));
    await digits.open('cpu', { waitForData: false });
    const prompt = page.locator('.draw-prompt');
    await expect(prompt).toContainText('The ready model could not be loaded');
    await expect(prompt).toContainText(why);
    await digits.stroke([[0.5, 0.15], [0.5, 0.85]]);
    await expect(digits.prediction).toHaveCount(0);
    await expect(page.locator('#page-fault')).toHaveCount(0);
  });
}

test.describe('a bug in the page', () => {
  test.use({ expectedErrors: [/injected: the canvas broke/] });

  test('is said in the page, not only in the console', async ({ digits, page }) => {
    await page.addInitScript(() => {
      CanvasRenderingContext2D.prototype.stroke = () => {
        throw new Error('injected: the canvas broke');
      };
    });
    await digits.open('cpu', { waitForData: false });
    await digits.stroke([[0.5, 0.15], [0.5, 0.85]]);
    const fault = page.getByRole('alert').filter({ hasText: 'Something went wrong in the page' });
    await expect(fault).toContainText('injected: the canvas broke');
    await expect(fault).toContainText('Reload the page to go on');
  });
});

test('divergence is judged from where the run started: a far point steps, a rate of 10 still blows up', async ({ lab, page }) => {
  const points = await lab.points();
  await lab.type('c', 1000);
  await lab.type('learning rate', 0.0001);
  const far = (await lab.lossValue())[1];
  expect(far).toBeGreaterThan(9e5);
  await lab.button('Step').click();
  await expect.poll(async () => (await lab.coefficients()).c).toBeLessThan(1000);
  const stepped = await lab.coefficients();
  expectClose((await lab.lossValue())[1], lossOf(points, stepped), 1e-3);
  expect((await lab.lossValue())[1]).toBeLessThan(far);
  await expect(page.getByRole('alert').filter({ hasText: 'blew up' })).toHaveCount(0);
  await lab.button('Train').click();
  await expect(lab.message).toContainText(/Training… step [1-9]/);
  await lab.button('Stop').click();
  await expect(lab.message).toContainText('Stopped after');
  await lab.type('learning rate', 10);
  await lab.button('Train').click();
  await expect(page.getByRole('alert').filter({ hasText: 'The loss blew up' })).toBeVisible();
});
