import fs from 'node:fs';
import { test, expect } from './lab.js';

const ONE = [[0.5, 0.15], [0.5, 0.85]];
const SEVEN = [[0.25, 0.2], [0.75, 0.2], [0.6, 0.5], [0.45, 0.85]];
const HEADER = 'descent digits v1: label, then 784 grey levels 0-255 row by row';

/** The set as the grid shows it: each digit's label and what the model read. */
const grid = (page) =>
  page.getByRole('list', { name: 'your digits' }).locator('li').evaluateAll((items) =>
    items.map((li) => `${li.querySelector('.own-label').textContent} ${li.querySelector('.own-read').textContent}`),
  );

test('labelled drawings build a set that survives a reload and round-trips through a file', async ({ digits, page }) => {
  await digits.open('cpu', { waitForData: false });
  await digits.stroke(SEVEN);
  await expect(digits.prediction).toHaveText('7');
  // A key on the canvas labels the drawing, and clears the canvas for the next.
  await digits.canvas.press('7');
  await expect(digits.prediction).toHaveCount(0);
  await digits.stroke(ONE);
  await expect(digits.prediction).toHaveText('1');
  // Labelled wrongly on purpose: the model reads it as a 1.
  await page.getByRole('button', { name: 'label as 4' }).click();
  await expect.poll(() => grid(page)).toEqual(['7 read right', '4 read as 1']);
  await expect(page.locator('.own-score')).toHaveText('The answering model reads 1 of your 2 digits right (50.0%).');
  await expect(page.locator('.own-note')).toHaveText('Added a 4. 2 digits in your set, kept in this browser.');

  await page.reload();
  await digits.tab.click();
  await expect.poll(() => grid(page)).toEqual(['7 read right', '4 read as 1']);

  const saving = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download your digits' }).click();
  const download = await saving;
  expect(download.suggestedFilename()).toBe('descent-digits.csv');
  const file = test.info().outputPath('digits.csv');
  await download.saveAs(file);
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
  expect(lines[0]).toBe(HEADER);
  const rows = lines.slice(1).map((line) => line.split(',').map(Number));
  expect(rows.map((r) => [r[0], r.length])).toEqual([[7, 785], [4, 785]]);
  // The file holds what the model saw: the same grey levels as the grid's pictures.
  const shown = await page.getByRole('img', { name: 'your 7' }).evaluate((canvas) =>
    Array.from(canvas.getContext('2d').getImageData(0, 0, 28, 28).data.filter((_, i) => i % 4 === 0), (v) => 255 - v),
  );
  expect(rows[0].slice(1)).toEqual(shown);

  for (const name of ['remove digit 2 (a 4)', 'remove digit 1 (a 7)']) await page.getByRole('button', { name }).click();
  await expect.poll(() => grid(page)).toEqual([]);
  await page.getByLabel('Add digits from a file').setInputFiles(file);
  await expect.poll(() => grid(page)).toEqual(['7 read right', '4 read as 1']);
  await expect(page.locator('.own-note')).toHaveText('Added 2 digits from digits.csv. 2 digits in your set, kept in this browser.');
});

for (const [name, body, why] of [
  ['a picture', '\x89PNG\r\n\x1a\n', /the first line should be "descent digits v1/],
  ['an empty file', '', /the file is empty/],
  ['a short row', `${HEADER}\n3,${Array(783).fill(0).join(',')}\n`, /line 2 has 783 grey levels, not 784/],
  ['a label that is no digit', `${HEADER}\n12,${Array(784).fill(0).join(',')}\n`, /line 2: the label "12" is not 0–9/],
  ['a level out of range', `${HEADER}\n3,${Array(783).fill(0).join(',')},300\n`, /line 2: "300" is not a grey level 0–255/],
]) {
  test(`a file with ${name} is refused with a message naming the problem, and the set is kept`, async ({ digits, page }) => {
    await digits.open('cpu', { waitForData: false });
    await digits.stroke(SEVEN);
    await digits.canvas.press('7');
    await page.getByLabel('Add digits from a file').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(body, 'binary') });
    const note = page.locator('.own-note');
    await expect(note).toContainText('bad.csv was not added: not a digit set:');
    await expect(note).toContainText(why);
    await expect(note).toHaveClass(/alarm/);
    await expect.poll(() => grid(page)).toEqual(['7 read right']);
  });
}

test('a kept set that cannot be read is said, and moved aside rather than lost', async ({ digits, page }) => {
  await page.addInitScript(() => {
    if (!sessionStorage.getItem('seeded')) {
      sessionStorage.setItem('seeded', '1');
      localStorage.setItem('descent.own-digits', 'not a digit set at all');
    }
  });
  await digits.open('cpu', { waitForData: false });
  await expect(page.locator('.own-note')).toContainText('Your saved digits could not be read (not a digit set: the first line should be');
  await expect(page.locator('.own-note')).toContainText('descent.own-digits.unreadable');
  expect(await page.evaluate(() => localStorage.getItem('descent.own-digits.unreadable'))).toBe('not a digit set at all');
  expect(await page.evaluate(() => localStorage.getItem('descent.own-digits'))).toBeNull();
  await expect.poll(() => grid(page)).toEqual([]);
});

test('a second unreadable set is moved aside beside the first, none overwritten, and each can be downloaded or deleted', async ({ digits, page }) => {
  await page.addInitScript(() => {
    if (!sessionStorage.getItem('seeded')) {
      sessionStorage.setItem('seeded', '1');
      localStorage.setItem('descent.own-digits.unreadable', 'an older unreadable set');
      localStorage.setItem('descent.own-digits', 'the newer unreadable text');
    }
  });
  await digits.open('cpu', { waitForData: false });
  await expect(page.locator('.own-note')).toContainText('moved aside, under "descent.own-digits.unreadable.2": 2 unreadable sets are kept in this browser, none overwritten');
  const stored = (key) => page.evaluate((key) => localStorage.getItem(key), key);
  expect(await stored('descent.own-digits.unreadable')).toBe('an older unreadable set');
  expect(await stored('descent.own-digits.unreadable.2')).toBe('the newer unreadable text');
  expect(await stored('descent.own-digits')).toBeNull();
  const sets = page.locator('.unreadable-sets');
  await expect(sets).toContainText('2 sets of your digits that could not be read are kept in this browser');
  for (const [n, text] of [[1, 'an older unreadable set'], [2, 'the newer unreadable text']]) {
    const download = page.waitForEvent('download');
    await sets.getByRole('button', { name: `Download unreadable set ${n}` }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`descent-digits-unreadable-${n}.csv`);
    expect(fs.readFileSync(await file.path(), 'utf8')).toBe(text);
  }
  await sets.getByRole('button', { name: 'Delete unreadable set 1' }).click();
  await expect(sets).toContainText('1 set of your digits that could not be read is kept');
  expect(await stored('descent.own-digits.unreadable')).toBeNull();
  // Still kept, and still listed, on the next visit; a third unreadable set takes the free key.
  await page.evaluate(() => localStorage.setItem('descent.own-digits', 'a third'));
  await page.reload();
  await expect(page.locator('.own-note')).toContainText('under "descent.own-digits.unreadable": 2 unreadable sets are kept');
  expect(await stored('descent.own-digits.unreadable.2')).toBe('the newer unreadable text');
  expect(await stored('descent.own-digits.unreadable')).toBe('a third');
});

test('a browser that will not store a copy aside keeps the unreadable set where it was, offered for download until the next drawing', async ({ digits, page }) => {
  await page.addInitScript(() => {
    localStorage.setItem('descent.own-digits', 'not a digit set, and no room for a copy');
    // A full store: every write of a set moved aside is refused.
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key, value) {
      if (key.startsWith('descent.own-digits.unreadable')) throw new DOMException('full', 'QuotaExceededError');
      return setItem.call(this, key, value);
    };
  });
  await digits.open('cpu', { waitForData: false });
  await expect(page.locator('.own-note')).toContainText('and this browser would not store a copy aside. Download them below before you draw');
  expect(await page.evaluate(() => localStorage.getItem('descent.own-digits'))).toBe('not a digit set, and no room for a copy');
  const sets = page.locator('.unreadable-sets');
  await expect(sets).toContainText('1 set of your digits that could not be read is kept');
  const download = page.waitForEvent('download');
  await sets.getByRole('button', { name: 'Download unreadable set 1' }).click();
  expect(fs.readFileSync(await (await download).path(), 'utf8')).toBe('not a digit set, and no room for a copy');
  // The next drawing is saved in its place, and the list says so by going.
  await digits.stroke(SEVEN);
  await digits.canvas.press('7');
  await expect.poll(() => grid(page)).toEqual(['7 read right']);
  await expect(sets).toHaveCount(0);
});

test('fine-tuning learns the learner\'s digits, and shows both scores before and after', async ({ digits, page, backend }) => {
  await digits.open(backend);
  const tune = page.getByRole('button', { name: 'Fine-tune on your digits' });
  await expect(tune).toBeDisabled();
  await expect(page.locator('.fine-tune .reason')).toHaveText('Label a few digits first.');
  // Two 1s the learner calls 4s: the ready model reads neither as they are labelled.
  for (const x of [0.4, 0.6]) {
    await digits.stroke([[x, 0.15], [x, 0.85]]);
    await page.getByRole('button', { name: 'label as 4' }).click();
  }
  await expect.poll(() => grid(page)).toEqual(['4 read as 1', '4 read as 1']);
  await tune.click();
  await expect(page.locator('.fine-tune .tune-stage')).toHaveText(/^(Starting|Scoring the model|Step \d+ of 30)/);
  const result = page.getByRole('table', { name: 'fine-tuning result' });
  await expect(result).toBeVisible({ timeout: 60_000 });
  const cells = await result.locator('tbody tr').evaluateAll((rows) =>
    rows.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)),
  );
  // Before: none of the learner's digits; the ready model's MNIST test accuracy (0.9928 natively).
  expect(cells[0][0]).toBe('0.0%');
  expect(cells[1][0]).toBe('99.3%');
  expect(Number(cells[1][1].replace('%', ''))).toBeGreaterThan(90);
  await expect(page.getByRole('combobox', { name: 'model answering' }).locator('option:checked')).toHaveText('Fine-tuned on your digits');
  // The grid and the score line now follow the fine-tuned model, and agree with its "after".
  const right = (await grid(page)).filter((row) => row.endsWith('read right')).length;
  expect(`${((right / 2) * 100).toFixed(1)}%`).toBe(cells[0][1]);
  await expect(page.locator('.own-score')).toContainText(`reads ${right} of your 2 digits right`);
});
