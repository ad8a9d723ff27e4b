import { defineConfig } from '@playwright/test';
import { chromium, withWebGpu } from './chromium.mjs';

const port = Number(process.env.PORT ?? 4173);

export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  // Two cores: the page's engine and the browser share them, so one test at a time.
  workers: 1,
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['json', { outputFile: 'test-results/report.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: 'chromium',
    // Playwright gives each launch a fresh temporary profile (user-data-dir).
    launchOptions: chromium,
    // Service workers would answer requests before `page.route` sees them, and keep files across
    // tests; only offline.spec.js lets them run.
    serviceWorkers: 'block',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  // The suite runs twice: everything forced onto the CPU backend, then the tests tagged @webgpu
  // forced onto WebGPU, which headless Chromium here offers only on SwiftShader (software, tens
  // of times slower), so that run is kept short. Tests tagged @webgpu-only need the GPU engine.
  projects: [
    { name: 'cpu', grepInvert: /@webgpu-only/, use: { backend: 'cpu' } },
    { name: 'webgpu', grep: /@webgpu/, use: { backend: 'webgpu', launchOptions: withWebGpu } },
  ],
  webServer: {
    command: 'node serve.mjs',
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: !process.env.CI,
  },
});
