// A GPU device lost mid-run (as after a driver reset): the page says so, moves to the CPU and
// keeps training from where it was.
import { test, expect, badge } from './lab.js';

test('a lost GPU device moves training to the CPU, keeping the run going', { tag: '@webgpu-only' }, async ({ lab, page }) => {
  await expect(badge(page)).toHaveText(/^Backend: WebGPU/);
  await lab.type('learning rate', 0.0001);
  await lab.button('Train').click();
  await expect(lab.message).toContainText(/Training… step [1-9]/);
  const stepsBefore = Number((await lab.message.textContent()).match(/step (\d+)/)[1]);

  // Destroying the device is what a driver reset does to it: its `lost` promise resolves.
  const [engine] = page.workers().filter((w) => w.url().includes('worker-loader.js?engine=webgpu'));
  await engine.evaluate(() => self.engineGpuDevice.destroy());

  await expect(page.getByRole('alert').filter({ hasText: 'GPU device was lost' })).toBeVisible();
  await expect(badge(page)).toHaveText('Backend: CPU (wasm)');
  // The same run goes on, on the CPU: the step count keeps rising from where it was.
  await expect(lab.message).toContainText('Training…');
  await expect
    .poll(async () => Number((await lab.message.textContent()).match(/step (\d+)/)?.[1] ?? 0))
    .toBeGreaterThan(stepsBefore + 20);
  await lab.button('Stop').click();
  await expect(lab.message).toContainText('Stopped after');
});

test('a lost GPU device moves the playground to the CPU, keeping its setup', { tag: '@webgpu-only' }, async ({ playground, page }) => {
  await playground.open('webgpu', '&dataset=xor&layers=3');
  await expect(playground.region.getByText('Training runs on WebGPU')).toBeVisible();
  // The playground's worker is the newest: the Quadratic lab started its own with the page.
  const engines = page.workers().filter((w) => w.url().includes('worker-loader.js'));
  await engines.at(-1).evaluate(() => self.engineGpuDevice.destroy());

  await expect(playground.region.getByRole('alert').filter({ hasText: 'GPU device was lost' })).toBeVisible();
  await expect(playground.region.getByText('Training runs on the CPU (wasm)')).toBeVisible();
  await expect(playground.select('dataset')).toHaveValue('xor');
  await expect(playground.diagram('2 inputs, hidden layers [3]')).toBeVisible();
  // It trains on, at the CPU's pace.
  await playground.playUntil((s) => s.batch > 200);
});
