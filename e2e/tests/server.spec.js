// The page's server (serve.mjs, which `cargo xtask serve`, the tests and the benchmarks use)
// answers bad requests with an error status and keeps serving. Requests go out as raw paths, so
// nothing on the way normalises or re-encodes them.
import { request as httpRequest } from 'node:http';
import { test, expect } from '@playwright/test';

const port = Number(process.env.PORT ?? 4173);

/** The status the server answers for `path`, sent exactly as written. */
const statusOf = (path) =>
  new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port, path, method: 'GET' }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode));
    });
    // A request the server refuses before reading all of it (one too long) may be cut off.
    request.on('error', (error) => (['ECONNRESET', 'EPIPE'].includes(error.code) ? resolve('reset') : reject(error)));
    request.end();
  });

test('bad request paths get an error status and the server keeps serving', async () => {
  const cases = [
    ['/%E0%A4%A', 400], // malformed percent-encoding: decodeURIComponent throws
    ['/%', 400],
    ['/%E0%A4', 400], // a truncated UTF-8 sequence
    ['/index.html%00.js', 400],
    // An encoded `..` never leaves the root: the URL parser folds `%2e%2e/` away (so the file is
    // not found), and an encoded slash is refused once decoded.
    ['/%2e%2e/%2e%2e/etc/passwd', 404],
    ['/..%2f..%2fetc%2fpasswd', 403],
    ['/icons', 404], // a directory
    ['/no-such-file.js', 404],
    // Too long for Node's 16 kB header limit: refused with 431, or cut off while being sent.
    [`/${'a'.repeat(100_000)}`, [431, 'reset']],
  ];
  for (const [path, status] of cases) {
    expect([status].flat(), path.slice(0, 40)).toContain(await statusOf(path));
    expect(await statusOf('/'), `after ${path.slice(0, 40)}`).toBe(200);
  }
  expect(await statusOf('/app.js')).toBe(200);
});
