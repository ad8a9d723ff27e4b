// What the tests need to read and make the files the page saves and opens: safetensors (an
// 8-byte little-endian header length, a JSON header, then the tensors' bytes), a download's bytes,
// and the Python that checks the PyTorch programs (e2e/pytorch/check.py).
import { test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

/** A safetensors file of `tensors` ({ name, shape, values } of float32, or `bytes` and `dtype`). */
export function safetensors(tensors) {
  let offset = 0;
  const header = {};
  const parts = tensors.map((t) => {
    const bytes = t.bytes ?? Buffer.from(new Float32Array(t.values).buffer);
    header[t.name] = { dtype: t.dtype ?? 'F32', shape: t.shape, data_offsets: [offset, offset + bytes.length] };
    offset += bytes.length;
    return bytes;
  });
  const json = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([length, json, ...parts]);
}

/** A safetensors file's tensors, read by hand: [{ name, shape, values }], in the header's order. */
export function readSafetensors(buffer) {
  const n = Number(buffer.readBigUInt64LE(0));
  const header = JSON.parse(buffer.subarray(8, 8 + n).toString());
  return Object.entries(header)
    .filter(([name]) => name !== '__metadata__')
    .map(([name, { dtype, shape, data_offsets: [from, to] }]) => {
      expect_(dtype === 'F32', `${name} is ${dtype}`);
      const bytes = buffer.subarray(8 + n + from, 8 + n + to);
      const values = Array.from(new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length)));
      return { name, shape, values };
    });
}

function expect_(ok, why) {
  if (!ok) throw new Error(why);
}

/** Clicks `button` and returns the download's name and bytes. */
export async function download(page, button) {
  const saving = page.waitForEvent('download');
  await button.click();
  const file = await saving;
  // In the test's own output folder, which each run of the suite empties.
  const path = test.info().outputPath(file.suggestedFilename());
  await file.saveAs(path);
  return { name: file.suggestedFilename(), path, bytes: readFileSync(path) };
}

const python = process.env.DESCENT_PYTHON ?? 'python3';
const check = new URL('../pytorch/check.py', import.meta.url).pathname;

/** Runs e2e/pytorch/check.py; throws with its output if the check fails. */
export function pythonCheck(...args) {
  return execFileSync(python, [check, ...args], { encoding: 'utf8', stdio: 'pipe' });
}

/** A file of `megabytes` MB of spaces, for the page to refuse unread (Playwright hands over
 * buffers of at most 50 MB, so large files go by path). */
export function bigFile(name, megabytes) {
  const path = test.info().outputPath(name);
  writeFileSync(path, Buffer.alloc(megabytes * 1024 * 1024, 32));
  return path;
}
