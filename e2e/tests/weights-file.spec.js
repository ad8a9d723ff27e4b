// Weights files in the Digits lab: the model answering the canvas downloads as safetensors
// (named as the PyTorch program names its parameters) and opens again to answer the same
// drawing the same way; a file that is not one of the lab's models is refused in words, and
// nothing changes.
import { test, expect } from './lab.js';
import { bigFile, download, readSafetensors, safetensors } from './files.js';

/** A 3, drawn as two bumps. */
const THREE = [[0.3, 0.25], [0.6, 0.2], [0.65, 0.35], [0.45, 0.5], [0.65, 0.6], [0.6, 0.8], [0.3, 0.8]];

async function readBars(digits) {
  return digits.bars.evaluateAll((items) => items.map((li) => li.textContent));
}

test('the ready model\'s weights download, open again, and answer the drawing the same way', async ({ digits, page }) => {
  await digits.open('cpu', { waitForData: false });
  const picker = page.getByRole('combobox', { name: 'model answering' });
  await expect(picker.locator('option:checked')).toHaveText(/^Ready model \(28×28→conv/);
  await digits.stroke(THREE);
  await expect(digits.bars).toHaveCount(10);
  const before = await readBars(digits);
  const answer = await digits.prediction.textContent();
  const file = await download(page, page.getByRole('button', { name: 'Download weights (.safetensors)', exact: true }));
  expect(file.name).toBe('descent-digits-ready.safetensors');
  const tensors = readSafetensors(file.bytes);
  expect(tensors.map((t) => `${t.name}${JSON.stringify(t.shape)}`).sort()).toEqual(
    ['0.bias[16]', '0.weight[16,1,5,5]', '3.bias[32]', '3.weight[32,16,5,5]', '7.bias[64]', '7.weight[64,512]', '9.bias[10]', '9.weight[10,64]'],
  );
  await page.getByLabel('open a weights file').setInputFiles(file.path);
  await expect(page.locator('.weights-file-said')).toHaveText(
    /^Opened descent-digits-ready\.safetensors: a convolutional model \(28×28→conv 5×5×16→conv 5×5×32→64→10, all ten digits\); it answers your drawings now\.$/,
  );
  await expect(picker).toHaveValue('imported');
  await expect(picker.locator('option:checked')).toHaveText(/^From your weights file \(convolutional/);
  await expect.poll(() => readBars(digits)).toEqual(before);
  await expect(digits.prediction).toHaveText(answer);
});

test('weights files that are not one of the lab\'s models are refused, naming why, and nothing changes', async ({ digits, page }) => {
  await digits.open('cpu', { waitForData: false });
  const picker = page.getByRole('combobox', { name: 'model answering' });
  await expect(picker.locator('option:checked')).toHaveText(/^Ready model/);
  await digits.stroke(THREE);
  await expect(digits.bars).toHaveCount(10);
  const before = await readBars(digits);
  const ready = readSafetensors(
    (await download(page, page.getByRole('button', { name: 'Download weights (.safetensors)', exact: true }))).bytes,
  );
  const good = safetensors(ready);
  const hugeHeader = Buffer.from(good);
  hugeHeader.writeBigUInt64LE(1n << 30n, 0);
  const bad = [
    ['cut.safetensors', good.subarray(0, good.length - 100), 'it may be cut short'],
    ['header.safetensors', hugeHeader, 'its header says it is 1 GB long'],
    ['half.safetensors', safetensors([{ name: 'weight', shape: [1, 784], dtype: 'F16', bytes: Buffer.alloc(1568) }]), 'holds F16 numbers; weights here are F32'],
    ['missing.safetensors', safetensors(ready.filter((t) => t.name !== '3.bias')), 'Tensor "3.bias" is missing.'],
    ['extra.safetensors', safetensors([...ready, { name: 'extra.weight', shape: [2], values: [1, 2] }]), 'Tensor "extra.weight" is not part of this model.'],
    ['shape.safetensors', safetensors(ready.map((t) => (t.name === '9.weight' ? { ...t, shape: [10, 32], values: t.values.slice(0, 320) } : t))), 'Tensor "9.weight" has shape [10, 32]; this model needs [10, 64].'],
    ['big.safetensors', bigFile('big.safetensors', 50), 'This file is 50 MB; a weights file here is at most 16 MB, so it was not read.'],
    ['notes.safetensors', Buffer.concat([Buffer.from([5, 0, 0, 0, 0, 0, 0, 0]), Buffer.from('{oops')]), 'not the JSON a safetensors file starts with'],
  ];
  for (const [name, buffer, why] of bad) {
    const file = typeof buffer === 'string' ? buffer : { name, mimeType: 'application/octet-stream', buffer };
    await page.getByLabel('open a weights file').setInputFiles(file);
    const said = page.locator('.weights-file-said');
    await expect(said, name).toContainText(`${name} was not opened, and nothing changed.`);
    await expect(said, name).toContainText(why);
    await expect(said).toHaveClass(/alarm/);
    await expect(picker.locator('option:checked')).toHaveText(/^Ready model/);
    expect(await readBars(digits)).toEqual(before);
  }
  await expect(picker.locator('option')).toHaveCount(1);
});
