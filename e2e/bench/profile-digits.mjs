// Browser profile (on demand; the test command runs its smoke mode): where the Digits lab's
// engine worker spends an epoch of the ten-digit MLP trained from the Train button, by operation.
// Chromium's sampling profiler runs in the worker (CDP, attached to the worker's target); each
// sample's function is put in one class (matrix multiplies, element-wise ops, autodiff
// bookkeeping, allocation, message passing, ...), and the classes' times are divided by the
// epoch's batches: the cost of one batch.
//
// The shipped wasm has no function names. BENCH_NAMES=1 first builds the CPU engine with them
// (cargo profile `wasm-profiling`, then wasm-bindgen) into a copy of dist/, and profiles that.
// BENCH_CONFIGS=30x256 (hidden units x batch); BENCH_WORKERS=1 or 2; BENCH_TOP=25 functions
// listed; BENCH_PROFILE=path writes the raw .cpuprofile files (open them in DevTools).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { backend, clickUntil, openDigitsLab, setting, withPage } from './common.mjs';

const [hidden, batch] = setting('BENCH_CONFIGS', '30x256', '30x256').split('x').map(Number);
const workers = Number(setting('BENCH_WORKERS', 1, 1));
const top = Number(setting('BENCH_TOP', 25, 5));
const root = fileURLToPath(new URL('../..', import.meta.url));

/** A copy of dist/ whose CPU engine keeps its function names. */
function namedBuild() {
  const target = process.env.CARGO_TARGET_DIR ?? join(root, 'target');
  execFileSync('cargo', ['build', '-p', 'worker', '--bin', 'engine_cpu', '--target', 'wasm32-unknown-unknown', '--profile', 'wasm-profiling'], { cwd: root, stdio: 'inherit' });
  const dist = mkdtempSync(join(tmpdir(), 'descent-named-'));
  cpSync(join(root, 'dist'), dist, { recursive: true });
  for (const compressed of ['engine_cpu.js.br', 'engine_cpu.js.gz', 'engine_cpu_bg.wasm.br', 'engine_cpu_bg.wasm.gz']) rmSync(join(dist, compressed), { force: true });
  const wasm = join(target, 'wasm32-unknown-unknown', 'wasm-profiling', 'engine_cpu.wasm');
  execFileSync('wasm-bindgen', ['--target', 'no-modules', '--no-typescript', '--out-dir', dist, '--out-name', 'engine_cpu', wasm], { stdio: 'inherit' });
  return dist;
}

/** The operation a function's self time counts towards. */
const classes = [
  ['waiting (idle)', /^\((idle|program)\)$/],
  ['garbage collection (JS)', /^\(garbage collector\)$/],
  ['matrix multiplies (gemm)', /gemm|matmul/],
  ['batch assembly (u8 images to f32)', /Digits::inputs|input_tensor|Task::targets|half_images|distorted/],
  ['element-wise ops and reductions', /burn_flex::(ops::(binary|unary|reduce|activation|comparison|float::.*float_(exp|log|neg|add|sub|mul|div|max|sum|mean))|simd)|libm|expf|logf|macerator/],
  ['allocation and copies', /dlmalloc|alloc::|__rust_(alloc|dealloc|realloc)|__rdl_|memcpy|memset|memmove|Bytes::|from_data|into_data|TensorData|clone::Clone|drop_in_place/],
  ['optimizer step', /burn_optim/],
  ['autodiff bookkeeping (graph, dispatch)', /burn_autodiff|burn_dispatch|burn_tensor|burn_backend|burn_flex|hash|BTreeMap|HashMap|Arc</],
  ['messages (encode, post, decode)', /postMessage|serde|postcard|protocol::|worker::post|__wbg_|wasm-to-js|js-to-wasm/],
];
const classOf = (name) => classes.find(([, pattern]) => pattern.test(name))?.[0] ?? 'other';

if (process.env.BENCH_NAMES === '1') process.env.DIST = namedBuild();

await withPage(4199, async (browser, origin) => {
  const page = await browser.newPage();
  const { mlp, set, status, train } = await openDigitsLab(page, origin, `backend=${backend}&workers=${workers}`);
  await set('hidden units', hidden);
  await set('epochs', 1);
  await mlp.getByRole('combobox', { name: 'batch size' }).selectOption(String(batch));
  // One epoch first, unprofiled: V8 tiers the hot wasm functions up while it runs.
  await status.filter({ hasText: /^Ready: press Train/ }).waitFor();
  const warm = await clickUntil(page, train, status, /^Finished/);
  await set('seed', 2);
  await status.filter({ hasText: /^Ready: press Train/ }).waitFor();

  // Each engine worker's target, driven through the browser's session (messages wrapped).
  const cdp = await browser.newBrowserCDPSession();
  const { targetInfos } = await cdp.send('Target.getTargets');
  const answers = new Map();
  let nextId = 1;
  cdp.on('Target.receivedMessageFromTarget', ({ message }) => {
    const answer = JSON.parse(message);
    answers.get(answer.id)?.(answer);
  });
  const call = (sessionId, method, params = {}) =>
    new Promise((resolve) => {
      const id = nextId++;
      answers.set(id, resolve);
      cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) });
    });
  const sessions = [];
  for (const target of targetInfos.filter((t) => t.type === 'worker')) {
    const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false });
    sessions.push({ sessionId, url: target.url });
    await call(sessionId, 'Profiler.enable');
    await call(sessionId, 'Profiler.setSamplingInterval', { interval: 250 });
    await call(sessionId, 'Profiler.start');
  }
  const epoch = await clickUntil(page, train, status, /^Finished/);
  const batches = Math.ceil(60_000 / batch);
  console.log(`784-${hidden}-10, batch ${batch}, ${workers} worker(s): ${(epoch / 1000).toFixed(3)} s/epoch profiled (${(warm / 1000).toFixed(3)} s unprofiled, the epoch before), ${batches} batches`);
  for (const { sessionId, url } of sessions) {
    const { profile } = (await call(sessionId, 'Profiler.stop')).result;
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const self = new Map();
    profile.samples.forEach((id, i) => {
      const name = byId.get(id).callFrame.functionName || '(anonymous)';
      self.set(name, (self.get(name) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
    });
    const idle = (self.get('(idle)') ?? 0) + (self.get('(program)') ?? 0);
    const total = [...self.values()].reduce((a, b) => a + b, 0);
    // Only the engines that trained: the Quadratic lab's worker idles.
    if (total - idle < 0.05 * total) continue;
    const role = url.includes('role=helper') ? 'helper' : 'engine';
    console.log(`\n${role} worker: ${(total / 1e6).toFixed(3)} s sampled, ${((total - idle) / 1e6).toFixed(3)} s busy`);
    const perClass = new Map();
    for (const [name, us] of self) perClass.set(classOf(name), (perClass.get(classOf(name)) ?? 0) + us);
    console.log('| operation | ms per epoch | µs per batch | share of busy time |');
    console.log('|---|---|---|---|');
    for (const [name, us] of [...perClass].sort((a, b) => b[1] - a[1])) {
      const share = name === 'waiting (idle)' ? '' : `${((100 * us) / (total - idle)).toFixed(1)}%`;
      console.log(`| ${name} | ${(us / 1000).toFixed(0)} | ${(us / batches).toFixed(0)} | ${share} |`);
    }
    console.log(`\ntop ${top} functions by self time:`);
    for (const [name, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(`${((100 * us) / total).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms  ${name.slice(0, 120)}`);
    }
    if (process.env.BENCH_PROFILE) writeFileSync(`${process.env.BENCH_PROFILE}-${role}.cpuprofile`, JSON.stringify(profile));
  }
});
