import { test, expect } from './lab.js';

// The first ten training labels of the original MNIST, as every MNIST tutorial prints them.
const FIRST_LABELS = [5, 0, 4, 1, 9, 2, 1, 3, 1, 4];

test('opening the Digits lab loads MNIST with progress and shows shapes and samples', async ({ digits, backend }) => {
  await digits.open(backend, { waitForData: false });
  await expect(digits.progress).toBeVisible();
  await expect(digits.loaded).toHaveText('MNIST loaded and checked: 100%', { timeout: 60_000 });
  await expect(digits.page.locator('.train-shape')).toHaveText('rank 3, shape [60000, 28, 28]');
  await expect(digits.page.locator('.test-shape')).toHaveText('rank 3, shape [10000, 28, 28]');
  const captions = await digits.page.locator('.sample figcaption').allTextContents();
  expect(captions).toHaveLength(36);
  expect(captions.slice(0, 10).map(Number)).toEqual(FIRST_LABELS);
  await expect(digits.page).toHaveURL(/lab=digits/);
});

test('the address opens the Digits lab, and arrow keys switch labs', async ({ digits, backend }) => {
  await digits.page.goto(`/?backend=${backend}&lab=digits`);
  await expect(digits.tab).toHaveAttribute('aria-selected', 'true');
  await expect(digits.loaded).toHaveText(/100%/, { timeout: 60_000 });
  await digits.tab.press('ArrowLeft');
  const quadratic = digits.page.getByRole('tab', { name: 'Quadratic lab' });
  await expect(quadratic).toHaveAttribute('aria-selected', 'true');
  await expect(quadratic).toBeFocused();
  await expect(digits.page.getByRole('heading', { name: 'Quadratic lab' })).toBeVisible();
  await expect(digits.page).toHaveURL(/lab=quadratic/);
});

for (const [name, mangle, expected] of [
  ['truncated', (body) => body.subarray(0, body.length - 100), /t10k-labels-idx1-ubyte\.gz/],
  ['corrupted', (body) => { const copy = Buffer.from(body); copy[copy.length - 20] ^= 0xff; return copy; }, /t10k-labels-idx1-ubyte\.gz/],
  ['missing', null, /t10k-labels-idx1-ubyte\.gz: the server answered 404/],
]) {
  test(`a ${name} asset gives a message naming the file`, async ({ digits, backend }) => {
    await digits.page.context().route('**/mnist/t10k-labels-idx1-ubyte.gz', async (route) => {
      if (!mangle) return route.fulfill({ status: 404, body: 'not found' });
      const response = await route.fetch();
      await route.fulfill({ response, body: mangle(await response.body()) });
    });
    // A 404 is logged by the browser itself: expected here, so not counted as a page error.
    digits.page.on('console', () => {});
    await digits.open(backend, { waitForData: false });
    await expect(digits.dataError).toHaveText(expected, { timeout: 60_000 });
    await expect(digits.panel('linear').button('Train')).toBeDisabled();
  });
}
