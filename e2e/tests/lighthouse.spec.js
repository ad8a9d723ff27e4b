// Lighthouse 12 (npm), driving Debian's Chromium, on every lab: accessibility and best practices
// at least 95 each (mobile emulation, no throttling: scores, not speed). Lighthouse 12 has no PWA
// category any more; offline.spec.js checks installability with the DevTools call its
// installable audit used (Page.getInstallabilityErrors).
import lighthouse from 'lighthouse';
import { test, expect } from '@playwright/test';
import { chromium } from '../chromium.mjs';

const PORT = 9333;

test.describe('Lighthouse', () => {
  let browser;
  test.beforeAll(async ({ playwright }) => {
    browser = await playwright.chromium.launch({ ...chromium, args: [...chromium.args, `--remote-debugging-port=${PORT}`] });
  });
  test.afterAll(() => browser?.close());

  // The last: a mission set up from its link, its card above its lab.
  const pages = [...['quadratic', 'digits', 'relu', 'playground', 'titanic'].map((lab) => [`the ${lab} lab`, `lab=${lab}`]), ['a mission', 'mission=hinge']];
  for (const [name, query] of pages) {
    test(`${name} scores at least 95 for accessibility and best practices`, async ({ baseURL }) => {
      const { lhr } = await lighthouse(`${baseURL}/?${query}`, {
        port: PORT,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['accessibility', 'best-practices'],
        throttlingMethod: 'provided',
      });
      const lost = Object.values(lhr.audits)
        .filter((audit) => audit.score !== null && audit.score < 1 && audit.scoreDisplayMode !== 'informative')
        .map((audit) => `${audit.id}: ${audit.title}`);
      const scores = Object.fromEntries(Object.entries(lhr.categories).map(([id, c]) => [id, Math.round(c.score * 100)]));
      test.info().annotations.push({ type: 'scores', description: JSON.stringify(scores) });
      console.log(`lighthouse ${name}: ${JSON.stringify(scores)}`);
      expect(scores.accessibility, lost.join('\n')).toBeGreaterThanOrEqual(95);
      expect(scores['best-practices'], lost.join('\n')).toBeGreaterThanOrEqual(95);
    });
  }
});
