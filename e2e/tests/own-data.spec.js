// The learner's own data: points added, dragged, removed and pasted in the Quadratic lab, with
// the loss checked against JS after each edit; drawing, uploading and sharing the playground's
// data; and bad input named by its line, with nothing lost.
import { test, expect, lossOf } from './lab.js';

/** A point on the fit chart's handle layer, as fractions of its size. */
async function at(page, fx, fy) {
  const box = await page.locator('.point-editor').boundingBox();
  return [box.x + fx * box.width, box.y + fy * box.height];
}

test.describe('Quadratic lab', () => {
  test('click adds a point, drag moves it, Delete removes one; the MSE follows each edit', async ({ lab, page }) => {
    const lesson = await lab.points();
    expect(lesson).toHaveLength(20);
    await lab.expectLossOfTable();

    // A click on an empty part of the chart (top right) adds a point there.
    await page.mouse.click(...(await at(page, 0.9, 0.12)));
    await expect.poll(async () => (await lab.points()).length).toBe(21);
    const [added] = (await lab.points()).slice(-1);
    expect(added[0]).toBeGreaterThan(1.5);
    await lab.expectLossOfTable();

    // Dragging that point's handle moves it down and to the left.
    const handle = page.getByRole('button', { name: /^point 21: / });
    const box = await handle.boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(...(await at(page, 0.6, 0.5)), { steps: 8 });
    await page.mouse.up();
    const [moved] = (await lab.points()).slice(-1);
    expect(moved[0]).toBeLessThan(added[0] - 0.5);
    expect(moved[1]).toBeLessThan(added[1]);
    expect(await lab.points()).toHaveLength(21);
    await lab.expectLossOfTable();

    // Delete on the focused first point removes it; the arrow keys nudge the next one.
    await page.getByRole('button', { name: /^point 1: / }).focus();
    await page.keyboard.press('Delete');
    await expect.poll(async () => (await lab.points()).length).toBe(20);
    expect((await lab.points())[0]).toEqual(lesson[1]);
    await lab.expectLossOfTable();
    await page.getByRole('button', { name: /^point 1: / }).press('ArrowRight');
    await expect.poll(async () => (await lab.points())[0][0]).toBeGreaterThan(lesson[1][0]);
    await lab.expectLossOfTable();

    // The gradient readout and the surface follow too: training from here reaches this data's
    // least squares, not the lesson's.
    await page.getByRole('button', { name: "Back to the lesson's data" }).click();
    await expect.poll(() => lab.points()).toEqual(lesson);
    await lab.expectLossOfTable();
  });

  test('the table edits, adds and removes points', async ({ lab, page }) => {
    await page.getByText(/Data as a table/).click();
    const y = page.getByRole('spinbutton', { name: 'y of point 3', exact: true });
    await y.fill('7.5');
    await y.press('Enter');
    await expect.poll(async () => (await lab.points())[2][1]).toBe(7.5);
    await lab.expectLossOfTable();
    await page.getByRole('button', { name: 'remove point 3', exact: true }).click();
    await expect.poll(async () => (await lab.points()).length).toBe(19);
    await page.getByRole('button', { name: 'Add a point', exact: true }).click();
    await expect.poll(async () => (await lab.points()).slice(-1)[0]).toEqual([0, 0]);
    await lab.expectLossOfTable();
    // A value out of range is refused by the box, and the point stays as it was.
    const x = page.getByRole('spinbutton', { name: 'x of point 1', exact: true });
    await x.fill('5000');
    await x.press('Enter');
    await expect(page.getByText('Enter a number from -1000 to 1000.')).toBeVisible();
    // The box keeps the refused text for correcting; the point itself has not moved.
    await expect(page.getByRole('button', { name: /^point 1: x -2, / })).toHaveCount(1);
  });

  test('pasted pairs replace the points; bad text names its line and loses nothing', async ({ lab, page }) => {
    await page.getByText('Paste data', { exact: true }).click();
    const box = page.getByRole('textbox', { name: /x,y pairs/ });
    await box.fill('x,y\n-1 2\n0\t1\n1, 6\n2;17\n');
    await page.getByRole('button', { name: 'Use these points' }).click();
    await expect(page.locator('.points-message')).toHaveText('Using your 4 points.');
    const pasted = [[-1, 2], [0, 1], [1, 6], [2, 17]];
    await expect.poll(() => lab.points()).toEqual(pasted);
    await lab.expectLossOfTable();
    // 3x² + 2x + 1 goes through every pasted point: the loss there is zero.
    for (const [name, value] of [['a', 3], ['b', 2], ['c', 1]]) await lab.type(name, value);
    expect(lossOf(pasted, await lab.coefficients())).toBe(0);
    await expect(lab.loss).toHaveText('MSE 0.0000');

    for (const [text, message] of [
      ['1,2\n3,abc\n', 'Line 2: y is “abc”, which is not a number. Your points are as they were.'],
      ['1,2\n3,4,5\n', 'Line 2: expected 2 numbers (x, y), found 3. Your points are as they were.'],
      ['1,2\nNaN,4\n', 'Line 2: x is NaN, not a finite number. Your points are as they were.'],
      ['', 'There is no data: expected rows of x, y. Your points are as they were.'],
    ]) {
      await box.fill(text);
      await page.getByRole('button', { name: 'Use these points' }).click();
      await expect(page.locator('.points-message')).toHaveText(message);
      await expect(page.locator('.points-message')).toHaveClass(/alarm/);
      expect(await lab.points()).toEqual(pasted);
    }
    const many = Array.from({ length: 10_001 }, (_, i) => `${i % 100},1`).join('\n');
    // Pasted at once, as the clipboard does (typing 10,001 lines through fill is slow).
    await box.evaluate((el, text) => {
      el.value = text;
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }, many);
    await page.getByRole('button', { name: 'Use these points' }).click();
    await expect(page.locator('.points-message')).toContainText('The data has 10001 rows; at most 10000 can be used.');
    expect(await lab.points()).toEqual(pasted);
  });
});

test.describe('Network playground', () => {
  /** The points the decision map's caption counts. */
  const count = async (playground) => Number((await playground.page.locator('.decision-map + figcaption').textContent()).match(/(\d+) points/)[1]);

  /** A point on the decision map at plane coordinates (x1, x2) in [-6, 6]. */
  async function onMap(playground, x1, x2) {
    const box = await playground.map.boundingBox();
    return [box.x + ((x1 + 6) / 12) * box.width, box.y + ((6 - x2) / 12) * box.height];
  }

  test('draw mode adds points of the chosen class, shift-click the other, a drag erases; the address shares them', async ({ playground, page, backend }) => {
    await playground.open(backend);
    await playground.button('Draw data').click();
    await expect(playground.button('Draw data')).toHaveAttribute('aria-pressed', 'true');
    await playground.button('Clear the points').click();
    await expect.poll(() => count(playground)).toBe(0);
    await expect(page.getByText('Add at least two points')).toBeVisible();
    await expect(playground.button('Play')).toBeDisabled();

    for (const [x1, x2] of [[-4, -4], [-3, -4], [4, 4]]) await page.mouse.click(...(await onMap(playground, x1, x2)));
    await page.keyboard.down('Shift');
    await page.mouse.click(...(await onMap(playground, 4, -4)));
    await page.keyboard.up('Shift');
    await expect.poll(() => count(playground)).toBe(4);
    await expect(playground.scores).toHaveText(/^Batch 0 /);
    // The address follows a quarter of a second behind.
    await expect.poll(() => new URL(page.url()).searchParams.get('points')?.split('*').length).toBe(4);
    const drawn = new URL(page.url()).searchParams.get('points').slice(1).split('*').map((p) => p.split('_').map(Number));
    expect(drawn).toHaveLength(4);
    expect(drawn.filter(([, , label]) => label === 1)).toHaveLength(3);
    expect(drawn.find(([, , label]) => label === 0)[0]).toBeCloseTo(4, 0);

    // A drag across the two points at the bottom left erases them.
    await page.mouse.move(...(await onMap(playground, -5, -4)));
    await page.mouse.down();
    await page.mouse.move(...(await onMap(playground, -2, -4)), { steps: 12 });
    await page.mouse.up();
    await expect.poll(() => count(playground)).toBe(2);
    await expect.poll(() => new URL(page.url()).searchParams.get('points').split('*').length).toBe(2);

    // The link brings the same two points back in a fresh page.
    const link = page.url();
    const other = await page.context().newPage();
    await other.goto(link);
    await expect(other.locator('.playground-scores')).toHaveText(/^Batch 0 /);
    await expect(other.locator('.decision-map + figcaption')).toContainText(' 2 points.');
    await expect(other.locator('.own-data-address')).toHaveText('Your 2 points are in the page\'s address: copy it to share them.');
    await other.close();

    // Back to the generated circle: its 500 points, and no points in the address.
    await playground.button('Back to generated data').click();
    await expect.poll(() => count(playground)).toBe(500);
    await expect.poll(() => new URL(page.url()).searchParams.has('points')).toBe(false);
  });

  test('a CSV upload trains on its points, downloads back, and a bad file changes nothing', async ({ playground, page, backend }) => {
    await playground.open(backend);
    const rows = Array.from({ length: 40 }, (_, i) => {
      const angle = (i / 40) * 2 * Math.PI;
      const radius = i % 2 === 0 ? 1.5 : 4.5;
      return [radius * Math.cos(angle), radius * Math.sin(angle), i % 2 === 0 ? 1 : 0];
    });
    const csv = `x1,x2,label\n${rows.map((r) => r.join(',')).join('\n')}\n`;
    const upload = page.getByLabel('upload a CSV of x1, x2, label');
    await upload.setInputFiles({ name: 'rings.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await expect(page.locator('.own-data-message')).toHaveText('rings.csv: 40 points.');
    await expect.poll(() => count(playground)).toBe(40);
    await expect(playground.scores).toHaveText(/^Batch 0 .*test accuracy/);
    // Two rings, inside and out: a network learns them. Polled while it plays: how many batches
    // pass between two looks is this machine's speed, so the test waits for what it learns.
    await playground.playUntil((s) => s.trainAccuracy > 0.8);

    const download = page.waitForEvent('download');
    await playground.button('Download CSV').click();
    const saved = await (await download).createReadStream();
    let text = '';
    for await (const chunk of saved) text += chunk;
    const back = text.trim().split('\n').slice(1).map((line) => line.split(',').map(Number));
    expect(back).toHaveLength(40);
    for (const [x1, x2, label] of back) {
      const original = rows.find((r) => Math.abs(r[0] - x1) < 1e-5 && Math.abs(r[1] - x2) < 1e-5);
      expect(original?.[2]).toBe(label);
    }

    for (const [name, body, message] of [
      ['bad.csv', 'x1,x2,label\n1,2,0\n1,two,1\n', 'bad.csv was not used: Line 3: x2 is “two”, which is not a number. Your data are as they were.'],
      ['short.csv', 'x1,x2,label\n1,2\n', 'short.csv was not used: Line 2: expected 3 numbers (x1, x2, label), found 2. Your data are as they were.'],
      ['nan.csv', '1,2,0\n1,NaN,1\n', 'nan.csv was not used: Line 2: x2 is NaN, not a finite number. Your data are as they were.'],
      ['empty.csv', '', 'empty.csv was not used: There is no data: expected rows of x1, x2, label. Your data are as they were.'],
    ]) {
      await upload.setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(body) });
      await expect(page.locator('.own-data-message')).toHaveText(message);
      await expect(page.locator('.own-data-message')).toHaveClass(/alarm/);
      expect(await count(playground)).toBe(40);
    }
    const many = `${Array.from({ length: 10_001 }, (_, i) => `${i % 12 - 6},1,${i % 2}`).join('\n')}\n`;
    await upload.setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from(many) });
    await expect(page.locator('.own-data-message')).toContainText('big.csv was not used: The data has 10001 rows; at most 10000 can be used.');
    expect(await count(playground)).toBe(40);
  });

  test('a huge coordinate is said in short numbers, with the points its scaling squeezes onto the origin', async ({ playground, page, backend }) => {
    await playground.open(backend);
    const csv = 'x1,x2,label\n1e30,0,1\n1,2,0\n-3,0.5,1\n2,2,0\n';
    await page.getByLabel('upload a CSV of x1, x2, label').setInputFiles({ name: 'far.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await expect(page.locator('.own-data-message')).toHaveText(
      "far.csv: 4 points. The points reach 1e30, so they were scaled by 6e-30 to fit the plane's ±6. " +
        'That squeezed 3 of the 4 points to within 0.002 of the origin, where they cannot be told apart: remove the far points, or scale each column of the file yourself.',
    );
    await expect.poll(() => count(playground)).toBe(4);
  });

  test('a link with more points than a file may hold uses the first 10,000 and says so', async ({ page, backend }) => {
    const points = Array.from({ length: 14_527 }, (_, i) => `${(i % 100) / 10 - 5}_${(Math.floor(i / 100) % 100) / 10 - 5}_${i % 2}`);
    // A link this long is past the request-line limit of most servers, serve.mjs's too: the
    // page is answered as a host with a larger limit would answer it.
    await page.route(
      (url) => url.searchParams.has('points'),
      async (route) => route.fulfill({ response: await route.fetch({ url: new URL('/', route.request().url()).href }) }),
    );
    await page.goto(`/?backend=${backend}&lab=playground&points=c${points.join('*')}`);
    await expect(page.locator('#playground-panel .address-notice')).toHaveText('The address carried 14527 points, more than the 10000 a file may hold, so the first 10000 are used.');
    await expect(page.locator('.decision-map + figcaption')).toContainText(' 10000 points.');
  });

  test('values for regression are scaled into [-1, 1] and trained with squared error', async ({ playground, page, backend }) => {
    await playground.open(backend);
    const rows = Array.from({ length: 30 }, (_, i) => [i / 3 - 5, 1, (i / 3 - 5) * 2]);
    const csv = rows.map((r) => r.join(' ')).join('\n');
    await page.getByLabel('upload a CSV of x1, x2, label').setInputFiles({ name: 'line.txt', mimeType: 'text/plain', buffer: Buffer.from(csv) });
    await expect(page.locator('.own-data-message')).toHaveText(/^line\.txt: 30 points\. The labels are values, so the playground regresses them; they were divided by 10 /);
    await expect(playground.select('loss')).toHaveValue('mse');
    await expect(playground.scores).not.toContainText('accuracy');
  });
});
