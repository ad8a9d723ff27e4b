// The Content-Security-Policy: sent as a header and as a meta tag, the same, strict (scripts
// from the page's own files only, and wasm), and kept by every lab. (Every other test also fails
// on a violation: lab.js logs each one as an error.)
import { test, expect, LAB_TABS } from './lab.js';

test('the header and the meta tag carry the same strict policy', async ({ page, lab }) => {
  const response = await page.request.get('/');
  const header = response.headers()['content-security-policy'];
  const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(header).toBe(meta);
  const directives = Object.fromEntries(header.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values.join(' ')]));
  expect(directives['default-src']).toBe("'self'");
  expect(directives['script-src']).toBe("'self' 'wasm-unsafe-eval'");
  expect(directives['worker-src']).toBe("'self'");
  // Nothing inline: every script of the page is a file.
  expect(await page.locator('script:not([src])').count()).toBe(0);
});

test.describe(() => {
  // The one inline script below, refused on purpose.
  test.use({ expectedErrors: [/Executing inline script violates|violation: script-src-elem blocked inline/] });

  test('every lab runs under the policy, and the policy does block inline code', async ({ page, lab }) => {
    for (const tab of LAB_TABS) {
      await page.getByRole('tab', { name: tab }).click();
      await expect(page.getByRole('tab', { name: tab })).toHaveAttribute('aria-selected', 'true');
    }
    await expect(page.locator('.data-loaded')).toHaveText(/100%/, { timeout: 60_000 });
    await expect(page.locator('.playground-scores')).toHaveText(/^Batch 0 /);
    // An inline script, as an injected one would be: it must not run, and a violation is reported.
    const outcome = await page.evaluate(
      () =>
        new Promise((resolve) => {
          document.addEventListener('securitypolicyviolation', (event) => resolve({ ran: !!window.injected, directive: event.violatedDirective }), { once: true });
          const script = document.createElement('script');
          script.textContent = 'window.injected = true';
          document.body.append(script);
        }),
    );
    expect(outcome).toEqual({ ran: false, directive: 'script-src-elem' });
  });
});
