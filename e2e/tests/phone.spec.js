// The page on a phone: nothing wider than the screen at 360 px and up, touch targets of at least
// 44 px, and the labs worked with a finger (real touch input, through the DevTools protocol).
import { test, expect, QuadraticLab, lossOf } from './lab.js';

const LABS = [
  ['Quadratic lab', '.lab-grid'],
  ['Digits lab', '.digit-canvas'],
  ['ReLU lab', '.relu-units'],
  ['Network playground', '.playground-grid'],
  ['Titanic lab', '.titanic-models'],
  ['Tensors lab', '.slice-picture'],
];

/** Every visible element that reaches past the right edge of the viewport, unless a box of its
 * own that scrolls sideways holds it; and whether the page itself scrolls sideways. */
const overflow = (page) =>
  page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const scrolls = (el) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX) && el !== document.documentElement && el !== document.body;
    const inScroller = (el) => {
      for (let p = el.parentElement; p; p = p.parentElement) if (scrolls(p)) return true;
      return false;
    };
    const wide = [...document.querySelectorAll('body *')].filter((el) => {
      const box = el.getBoundingClientRect();
      return box.width > 0 && box.height > 0 && box.right > width + 0.5 && !inScroller(el);
    });
    const name = (el) => `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : ''}`;
    return { pageScrollsSideways: document.documentElement.scrollWidth > width, wide: wide.slice(0, 8).map(name) };
  });

for (const width of [360, 390, 768, 1366]) {
  test(`no lab is wider than a ${width} px screen`, async ({ page, lab }) => {
    await page.setViewportSize({ width, height: 800 });
    for (const [tab, landmark] of LABS) {
      await page.getByRole('tab', { name: tab }).click();
      await expect(page.locator(landmark).first()).toBeVisible();
      expect(await overflow(page), `${tab} at ${width} px`).toEqual({ pageScrollsSideways: false, wide: [] });
    }
  });
}

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  /** A finger drag through points in page pixels, as the browser receives it. */
  const drag = async (page, points) => {
    const cdp = await page.context().newCDPSession(page);
    const touch = (type, [x, y]) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x, y }] });
    await touch('touchStart', points[0]);
    for (const point of points.slice(1)) await touch('touchMove', point);
    await touch('touchEnd', points.at(-1));
    await cdp.detach();
  };

  /** Points from `from` to `to` in `steps` moves. */
  const line = ([x0, y0], [x1, y1], steps = 12) =>
    Array.from({ length: steps + 1 }, (_, i) => [x0 + ((x1 - x0) * i) / steps, y0 + ((y1 - y0) * i) / steps]);

  test('controls are at least 44 px for a finger', async ({ page, lab }) => {
    for (const [tab, landmark] of LABS) {
      await page.getByRole('tab', { name: tab }).click();
      await expect(page.locator(landmark).first()).toBeVisible();
      const small = await page.evaluate(() =>
        [...document.querySelectorAll('button, select, input, summary, [role="tab"]')]
          .filter((el) => el.checkVisibility())
          .map((el) => {
            // A checkbox or radio button is pressed through its whole label.
            const target = ['checkbox', 'radio'].includes(el.type) ? el.closest('label') ?? el : el;
            const box = target.getBoundingClientRect();
            return { what: `${el.tagName.toLowerCase()} ${el.getAttribute('aria-label') ?? el.textContent.trim().slice(0, 24)}`, width: box.width, height: box.height };
          })
          .filter(({ width, height }) => width < 43.5 || height < 43.5),
      );
      expect(small, `controls smaller than 44 px in the ${tab}`).toEqual([]);
    }
  });

  test('a finger drags a coefficient slider and the loss follows', async ({ page, lab }) => {
    const slider = lab.slider('a');
    await slider.scrollIntoViewIfNeeded();
    const before = (await lab.coefficients()).a;
    const box = await slider.boundingBox();
    const y = box.y + box.height / 2;
    // From the thumb (a = 1.5 sits at its value's place on the track) to near the right end.
    const { min, max } = await slider.evaluate((el) => ({ min: Number(el.min), max: Number(el.max) }));
    const thumb = box.x + 8 + ((before - min) / (max - min)) * (box.width - 16);
    await drag(page, line([thumb, y], [box.x + box.width * 0.9, y]));
    await expect.poll(async () => (await lab.coefficients()).a).toBeGreaterThan(before + 0.5);
    const [, shown] = await lab.lossValue();
    const expected = lossOf(await lab.points(), await lab.coefficients());
    expect(Math.abs(shown - expected) / expected).toBeLessThan(1e-3);
  });

  test('a long press on a point removes it, and the MSE follows', async ({ page, lab }) => {
    const handle = page.getByRole('button', { name: /^point 5: / });
    await handle.scrollIntoViewIfNeeded();
    const box = await handle.boundingBox();
    const centre = [box.x + box.width / 2, box.y + box.height / 2];
    const fifth = (await lab.points())[4];
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: centre[0], y: centre[1] }] });
    await page.waitForTimeout(900);
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await cdp.detach();
    await expect.poll(async () => (await lab.points()).length).toBe(19);
    expect(await lab.points()).not.toContainEqual(fifth);
    await lab.expectLossOfTable();
  });

  test('a finger draws a digit and the page reads it', async ({ page, digits, backend }) => {
    await page.goto(`/?backend=${backend}&lab=digits`);
    const canvas = digits.canvas;
    await canvas.scrollIntoViewIfNeeded();
    const box = await canvas.boundingBox();
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    const at = (fx, fy) => [box.x + fx * box.width, box.y + fy * box.height];
    // A 1: one stroke down the middle, and nothing else.
    await drag(page, line(at(0.5, 0.15), at(0.5, 0.85), 16));
    await expect(digits.prediction).toHaveText('1');
    await expect(digits.bars).toHaveCount(10);
  });

  test('the playground plays on a phone, its diagram within the screen', async ({ page, playground, backend }) => {
    await playground.open(backend);
    await page.getByRole('button', { name: 'Play', exact: true }).tap();
    await expect.poll(async () => (await playground.read()).batch, { timeout: 30_000 }).toBeGreaterThan(50);
    await page.getByRole('button', { name: 'Pause', exact: true }).tap();
    expect(await overflow(page)).toEqual({ pageScrollsSideways: false, wide: [] });
  });
});
