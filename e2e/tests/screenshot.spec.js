import { join } from 'node:path';
import { test, expect } from './lab.js';

// Saved under test-results/ for CI to keep as an artifact, and for people to look at.
test('screenshot of the lab after training', async ({ lab, page }, testInfo) => {
  await lab.type('learning rate', 0.05);
  await lab.button('Train').click();
  await expect(lab.message).toContainText('Converged', { timeout: 30_000 });
  await page.screenshot({ path: join(testInfo.project.outputDir, 'quadratic-lab.png'), fullPage: true });
});
