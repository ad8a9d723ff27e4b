// Installable and offline: after one visit the page opens every lab with the network off, the
// Digits lab too once MNIST has been downloaded; a new version is offered, and old caches go.
import { test, expect, DigitsLab, LAB_TABS } from './lab.js';
import { chromium } from '../chromium.mjs';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, gzipSync } from 'node:zlib';

// The rest of the suite blocks service workers (so `page.route` sees every request); here they run.
test.use({ serviceWorkers: 'allow' });

/** Opens the page and waits until its service worker controls it, with the shell precached. */
const firstVisit = async (page, backend) => {
  await page.goto(`/?backend=${backend}`);
  await expect(page.getByRole('status', { name: 'loss', exact: true })).toHaveText(/^MSE \d/);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
};

test('installable: Chromium finds nothing missing, with the manifest and its icons read', async ({ playwright, backend }, testInfo) => {
  // A persistent profile: Chromium never offers to install from an incognito one (a new context).
  const context = await playwright.chromium.launchPersistentContext(testInfo.outputPath('profile'), {
    ...chromium,
    baseURL: testInfo.project.use.baseURL,
    serviceWorkers: 'allow',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  await firstVisit(page, backend);
  const cdp = await context.newCDPSession(page);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  expect(installabilityErrors).toEqual([]);
  const { url, errors } = await cdp.send('Page.getAppManifest', {});
  expect(url).toMatch(/\/manifest\.webmanifest$/);
  expect(errors).toEqual([]);
  const { icons } = await (await page.request.get(url)).json();
  for (const size of ['192x192', '512x512']) {
    const response = await page.request.get(icons.find((i) => i.sizes === size).src);
    expect(response.headers()['content-type']).toBe('image/png');
    // The PNG header's own width, not just the manifest's word for it.
    expect((await response.body()).readUInt32BE(16)).toBe(Number(size.split('x')[0]));
  }
  await context.close();
});

test('after one visit every lab opens offline, and the Digits lab works on the MNIST it kept', async ({ page, context, backend }) => {
  test.setTimeout(120_000);
  await firstVisit(page, backend);
  await page.getByRole('tab', { name: 'Digits lab' }).click();
  await expect(page.locator('.data-loaded')).toHaveText(/100%/, { timeout: 60_000 });

  await context.setOffline(true);
  await page.goto(`/?backend=${backend}`);
  await expect(page.getByRole('status', { name: 'loss', exact: true })).toHaveText(/^MSE \d/);
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expect(page.getByRole('status', { name: 'loss', exact: true })).toHaveText(/^MSE \d/);
  for (const tab of LAB_TABS) {
    await page.getByRole('tab', { name: tab }).click();
    await expect(page.getByRole('tab', { name: tab })).toHaveAttribute('aria-selected', 'true');
  }
  await page.getByRole('tab', { name: 'Digits lab' }).click();
  await expect(page.locator('.data-loaded')).toHaveText(/100%/, { timeout: 60_000 });
  await expect(page.locator('.data-error')).toHaveCount(0);
  // The ready model answers a drawing offline too.
  const digits = new DigitsLab(page);
  await digits.stroke([[0.5, 0.15], [0.5, 0.85]]);
  await expect(digits.prediction).toHaveText('1');
  await page.getByRole('tab', { name: 'Network playground' }).click();
  await expect(page.locator('.playground-scores')).toHaveText(/^Batch 0 /);
  // The files worker, never started online, was kept too: a program is written offline.
  const asCode = page.locator('#playground-panel details.as-code');
  await asCode.locator('summary').click();
  await expect(asCode.getByLabel('PyTorch program')).toContainText('import torch');
  await context.setOffline(false);
});

test('a new version is offered, loads when asked, and the old version\'s cache is removed', async ({ page, backend }) => {
  await firstVisit(page, backend);
  const shells = () => page.evaluate(async () => (await caches.keys()).filter((name) => name.startsWith('descent-shell-')));
  const [old] = await shells();
  expect(old).toBeTruthy();
  // A new deployment: the host's service worker (and its compressed copies) changes, as a rebuild
  // that changed one file would change it. (A route cannot stand in: the browser fetches the
  // service worker's script past the page's network.) Put back afterwards.
  const file = fileURLToPath(new URL('../../dist/sw.js', import.meta.url));
  const original = await readFile(file, 'utf8');
  const next = original.replace(/"revision":"([0-9a-f]+)"/, '"revision":"$1-next"');
  expect(next).not.toBe(original);
  const deploy = (text) =>
    Promise.all([writeFile(file, text), writeFile(`${file}.br`, brotliCompressSync(text)), writeFile(`${file}.gz`, gzipSync(text))]);
  await deploy(next);
  try {
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
  } finally {
    await deploy(original);
  }
  const banner = page.getByRole('status').filter({ hasText: 'A new version of Descent is ready.' });
  await expect(banner).toBeVisible();
  await Promise.all([page.waitForEvent('load'), banner.getByRole('button', { name: 'Reload to update' }).click()]);
  await expect(page.getByRole('status', { name: 'loss', exact: true })).toHaveText(/^MSE \d/);
  await expect.poll(shells).toHaveLength(1);
  expect((await shells())[0]).not.toBe(old);
  await expect(banner).toHaveCount(0);
});

// Once the service worker serves the engine's loader, the loader still starts the engine the
// page asked for (it did not: the cached loader's address had lost `?engine=webgpu`, so the CPU
// engine started and said it could not run WebGPU).
test('with the service worker in control, WebGPU still gets the WebGPU engine', { tag: '@webgpu-only' }, async ({ page, backend }) => {
  await firstVisit(page, backend);
  await page.reload();
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
  await expect(page.getByRole('status', { name: 'backend', exact: true })).toHaveText(/^Backend: WebGPU/);
  await page.getByRole('tab', { name: 'Digits lab' }).click();
  await expect(page.locator('#digits-panel .engine-backend')).toHaveText('Training runs on WebGPU, in a Web Worker.', { timeout: 60_000 });
  await expect(page.locator('#digits-panel .engine-notice')).toHaveText('');
});
