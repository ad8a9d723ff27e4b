// Lighthouse audits of every lab (run on demand: `cargo xtask bench`, not in CI), in Debian's
// Chromium: accessibility and best practices, each of which should score at least 95. Lighthouse
// 12 has no PWA category any more; installability is checked by e2e/tests/offline.spec.js with
// the same DevTools call Lighthouse's installable audit used (Page.getInstallabilityErrors).
import lighthouse from 'lighthouse';
import { withPage } from './common.mjs';

const port = 9333;
const labs = ['quadratic', 'digits', 'relu', 'playground'];

process.env.BENCH_CHROMIUM_ARGS = [process.env.BENCH_CHROMIUM_ARGS, `--remote-debugging-port=${port}`].filter(Boolean).join(' ');

let failed = false;
await withPage(4197, async (_browser, origin) => {
  console.log('Lighthouse 12.2.3 (mobile emulation, no throttling):');
  for (const lab of labs) {
    const { lhr } = await lighthouse(`${origin}/?lab=${lab}`, {
      port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['accessibility', 'best-practices'],
      throttlingMethod: 'provided',
    });
    const scores = Object.values(lhr.categories).map((c) => [c.title, Math.round(c.score * 100)]);
    console.log(`  ${lab.padEnd(11)} ${scores.map(([title, score]) => `${title} ${score}`).join(', ')}`);
    for (const [title, score] of scores) failed ||= score < 95;
    const lost = Object.values(lhr.audits).filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode === 'binary');
    for (const audit of lost) console.log(`    failed: ${audit.id}: ${audit.title}`);
  }
});
if (failed) {
  console.error('lighthouse: a score is under 95');
  process.exit(1);
}
