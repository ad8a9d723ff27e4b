// Settings as a file, in every lab: "Download settings (.json)" holds the lab's settings; a
// setting changed and the file opened again (picked, or dropped on the row) brings them back.
// Bad files (not JSON, 50 MB, an unknown key, a wrong type, a value out of range, another lab's)
// are refused with the key and the problem named, and nothing changes.
import { test, expect } from './lab.js';
import { bigFile, download } from './files.js';

const row = (page, lab) => page.locator(`#${lab}-panel .settings-file`);
const said = (page, lab) => row(page, lab).locator('.settings-file-said');
const saveButton = (page, lab) => row(page, lab).getByRole('button', { name: 'Download settings (.json)' });
const picker = (page, lab) => row(page, lab).getByLabel('open a settings file');

/** Downloads the lab's settings, runs `change`, opens the file again, and returns the file. */
async function roundTrip(page, lab, change) {
  const file = await download(page, saveButton(page, lab));
  expect(file.name).toBe(`descent-${lab}-settings.json`);
  const json = JSON.parse(file.bytes.toString());
  expect(json).toMatchObject({ kind: 'descent-settings', version: 1, lab });
  await change();
  await picker(page, lab).setInputFiles(file.path);
  await expect(said(page, lab)).toHaveText(`Opened ${file.name}: the lab is set up as it says.`);
  return json;
}

test('the Quadratic lab\'s settings round-trip through a file', async ({ lab, page }) => {
  await lab.open('cpu');
  await lab.type('learning rate', 0.05);
  await lab.type('b', -1.25);
  const json = await roundTrip(page, 'quadratic', async () => {
    await lab.type('learning rate', 0.3);
    await lab.type('b', 4);
    await page.getByRole('radio', { name: /MAE/ }).check();
  });
  expect(json.settings).toMatchObject({ q_lr: 0.05, q_b: -1.25, q_loss: 'mse' });
  await expect(lab.box('learning rate')).toHaveValue('0.05');
  await expect(lab.box('b')).toHaveValue('-1.25');
  await expect(lab.loss).toHaveText(/^MSE /);
});

test('the ReLU lab\'s settings round-trip, and a file dropped on the row opens too', async ({ relu, page }) => {
  await relu.open('cpu');
  const json = await roundTrip(page, 'relu', () => relu.target.selectOption('sine'));
  expect(json.settings.r_target).toBe('quadratic');
  await expect(relu.target).toHaveValue('quadratic');
  // Dropped: the same file, changed to the sine target, dropped on the row as a person drags it.
  const text = JSON.stringify({ ...json, settings: { ...json.settings, r_target: 'sine' } });
  await row(page, 'relu').evaluate((target, text) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([text], 'dropped.json', { type: 'application/json' }));
    target.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    target.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, text);
  await expect(said(page, 'relu')).toHaveText('Opened dropped.json: the lab is set up as it says.');
  await expect(relu.target).toHaveValue('sine');
});

test('the Digits, playground and Titanic labs\' settings round-trip through files', async ({ digits, page }) => {
  await digits.open('cpu', { waitForData: false });
  const epochs = digits.panel('linear').field('epochs');
  await roundTrip(page, 'digits', () => digits.set('linear', 'epochs', 3));
  await expect(epochs).toHaveValue('10');

  await page.getByRole('tab', { name: 'Network playground' }).click();
  const activation = page.getByRole('combobox', { name: 'activation', exact: true });
  await roundTrip(page, 'playground', () => activation.selectOption('relu'));
  await expect(activation).toHaveValue('tanh');

  await page.getByRole('tab', { name: 'Titanic lab' }).click();
  const titanicEpochs = page.getByRole('spinbutton', { name: 'Linear model epochs' });
  await roundTrip(page, 'titanic', async () => {
    await titanicEpochs.fill('12');
    await titanicEpochs.press('Enter');
  });
  await expect(titanicEpochs).toHaveValue('30');
});

test('bad settings files are refused with the key and the problem named, and nothing changes', async ({ lab, page }) => {
  await lab.open('cpu');
  await lab.type('learning rate', 0.05);
  await expect.poll(() => new URL(page.url()).searchParams.get('q_lr')).toBe('0.05');
  const file = await download(page, saveButton(page, 'quadratic'));
  const json = JSON.parse(file.bytes.toString());
  const withSettings = (settings) => JSON.stringify({ ...json, settings: { ...json.settings, ...settings } });
  const bad = [
    ['broken.json', '{"kind": "descent-settings", "lab": ', 'This is not a settings file: it is not JSON'],
    ['big.json', bigFile('big.json', 50), 'This file is 50 MB; a settings file is at most 1 MB, so it was not read.'],
    ['unknown.json', withSettings({ q_speed: 3 }), '"q_speed": this lab has no such setting.'],
    ['type.json', withSettings({ q_lr: 'fast' }), '"q_lr": a number is wanted, not text.'],
    ['range.json', withSettings({ q_lr: 50 }), '"q_lr": 50 is out of range (0.0001 to 10).'],
    ['choice.json', withSettings({ q_loss: 'hinge' }), '"q_loss": "hinge" is not a value it takes.'],
    ['other.json', JSON.stringify({ ...json, lab: 'relu' }), 'These are the settings of another lab ("relu"), not of this one ("quadratic").'],
  ];
  const address = page.url();
  for (const [name, body, why] of bad) {
    const file = name === 'big.json' ? body : { name, mimeType: 'application/json', buffer: Buffer.from(body) };
    await picker(page, 'quadratic').setInputFiles(file);
    await expect(said(page, 'quadratic'), name).toContainText(`${name} was not opened, and nothing changed.`);
    await expect(said(page, 'quadratic'), name).toContainText(why);
    await expect(said(page, 'quadratic')).toHaveClass(/alarm/);
    await expect(lab.box('learning rate')).toHaveValue('0.05');
    expect(page.url()).toBe(address);
  }
});
