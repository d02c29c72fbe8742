// `make bench`: the numbers users compare us on, each run RUNS times, reported as the median and
// the spread (min–max). Writes target/bench/results.json and target/bench/results.md.
// BENCH_SCALE=tiny (what `make test` runs) shrinks every workload to a smoke test; nothing here is
// ever asserted against a time.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { createFetch } from 'ofetch';
import { launchChromium } from '../pages/browser.mjs';
import { bundle, worker } from '../worker/workerd.mjs';
import { root } from '../js/paths.mjs';
import { startSandbox } from '../js/sandbox.mjs';

const tiny = process.env.BENCH_SCALE === 'tiny';
const RUNS = tiny ? 1 : 5;
const CALLS = tiny ? 200 : 20_000;
const STORM = tiny ? 50 : 1_000;
const BULK = tiny ? 200 : 10_000;
const pkg = join(root, 'pkg');
const { UserClient } = await import(join(pkg, 'node.mjs'));

const results = { scale: tiny ? 'tiny' : 'full', runs: RUNS, node: process.version, figures: {} };

function summary(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  return { median: round(median), min: round(sorted[0]), max: round(sorted.at(-1)) };
}
const round = (x) => Math.round(x * 100) / 100;

async function figure(name, unit, measure) {
  const values = [];
  for (let i = 0; i < RUNS; i += 1) values.push(await measure());
  record(name, unit, values);
}

function record(name, unit, values) {
  results.figures[name] = { unit, ...summary(values) };
  console.log(`bench: ${name}: ${results.figures[name].median} ${unit} (${results.figures[name].min}–${results.figures[name].max})`);
}

// Size: what a user downloads, the .wasm, the JS glue and the shell's JS modules, as the package
// build measured them (.ci/assemble-pkg.mjs, which `make bench` runs first).
const sizes = JSON.parse(readFileSync(join(root, 'target', 'package-sizes.json'), 'utf8'));
for (const how of ['raw', 'gzip', 'brotli']) {
  for (const [file, size] of Object.entries(sizes)) {
    results.figures[`size ${file} ${how}`] = { unit: 'B', median: size[how], min: size[how], max: size[how] };
  }
  const total = Object.values(sizes).reduce((n, size) => n + size[how], 0);
  results.figures[`size wasm + glue ${how}`] = { unit: 'B', median: total, min: total, max: total };
}
// Beside it, the request builders' entry (`telematics-user/builders`), which has a .wasm of its own.
const builderSizes = JSON.parse(readFileSync(join(root, 'target', 'builders-sizes.json'), 'utf8'));
for (const how of ['raw', 'gzip', 'brotli']) {
  const total = Object.values(builderSizes).reduce((n, size) => n + size[how], 0);
  results.figures[`size builders entry, wasm + glue ${how}`] = { unit: 'B', median: total, min: total, max: total };
}

// The peers' size, measured as ours is: the JavaScript token clients the issue names, each one's
// client class bundled for a browser with its dependencies (esbuild, minified, ESM), then
// compressed the same way (gzip level 9, brotli). Quoted sizes (bundlephobia's and the like) are
// measured otherwise, so they are not set beside ours. ofetch is the per-call peer below.
const peers = [['@supabase/auth-js', 'GoTrueClient'], ['oidc-client-ts', 'UserManager'], ['ofetch', 'ofetch']];
for (const [name, member] of peers) {
  const built = await esbuild.build({
    stdin: { contents: `export { ${member} } from '${name}';`, resolveDir: join(root, 'tests') },
    bundle: true, minify: true, format: 'esm', platform: 'browser', write: false, logLevel: 'error',
  });
  const code = built.outputFiles[0].contents;
  const size = { raw: code.length, gzip: gzipSync(code, { level: 9 }).length, brotli: brotliCompressSync(code).length };
  for (const how of ['raw', 'gzip', 'brotli']) {
    results.figures[`size peer ${name} (${member}, bundled) ${how}`] = { unit: 'B', median: size[how], min: size[how], max: size[how] };
  }
}

// Cold start in Node: a fresh process imports the package and constructs a client.
await figure('cold start, Node (import + first client)', 'ms', () => {
  const script = `const t = performance.now(); const m = await import(${JSON.stringify(join(pkg, 'node.mjs'))}); new m.UserClient({}); console.log(performance.now() - t);`;
  return Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }));
});

// Cold start in headless Chromium: a fresh browser context (empty cache, no module map) imports the
// browser entry from a local origin and constructs a client.
{
  const sandbox = await startSandbox({ pkg, mounts: { '/bench': join(root, 'tests', 'bench') } });
  const browser = await launchChromium();
  try {
    await figure('cold start, Chromium (import + first client)', 'ms', async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${sandbox.baseUrl}/bench/blank.html`);
      const ms = await page.evaluate(async () => {
        const t = performance.now();
        const m = await import('/pkg/index.js');
        new m.UserClient({});
        return performance.now() - t;
      });
      await context.close();
      return ms;
    });
  } finally {
    await browser.close();
    await sandbox.close();
  }
}

// Cold start in workerd: Miniflare starts workerd, which compiles the Worker (our .wasm as a
// CompiledWasm module, as Wrangler ships it) and serves a first request that constructs a client.
// Time in a Worker stands still while it runs, so this is measured from outside, beside the same
// for an empty Worker: the difference is the package's share.
{
  const dir = join(root, 'target', 'bench', 'worker');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const workers = {
    empty: "export default { fetch() { return new Response('ok'); } };\n",
    client: `import { UserClient } from ${JSON.stringify(join(pkg, 'workerd.js'))};\n` +
      "export default { fetch() { new UserClient({}); return new Response('ok'); } };\n",
  };
  for (const [name, source] of Object.entries(workers)) {
    writeFileSync(join(dir, `${name}.js`), source);
    await bundle(join(dir, `${name}.js`), join(dir, name), dir);
  }
  const start = async (name) => {
    const t = performance.now();
    const mf = worker(join(dir, name));
    const text = await (await mf.dispatchFetch('http://bench.local/')).text();
    const ms = performance.now() - t;
    await mf.dispose();
    if (text !== 'ok') throw new Error(`workerd cold start: ${text}`);
    return ms;
  };
  // The first start of a run also loads workerd itself from disk: it is not counted.
  await start('empty');
  // The two Workers start in pairs, one after the other, and the share is the median of the pairs'
  // differences: the machine's drift, which moves a start by tens of milliseconds, then hits both
  // halves of a pair alike instead of one median more than the other.
  const times = { empty: [], client: [] };
  for (let i = 0; i < RUNS; i += 1) {
    for (const name of ['empty', 'client']) times[name].push(await start(name));
  }
  record('cold start, workerd (start + first request), empty Worker', 'ms', times.empty);
  record('cold start, workerd (start + first request), Worker with a client', 'ms', times.client);
  record('cold start, workerd, the package\'s share', 'ms', times.client.map((ms, i) => ms - times.empty[i]));
}

// Per-call overhead: sequential calls over one in-memory fetch stub, against raw fetch + JSON and a
// JS peer (ofetch with a hand-written bearer and 401 refresh).
const profile = JSON.stringify({ Status: 200, Result: { DeviceToken: 'dev-1', UserProfile: { FirstName: 'Ann', LastName: 'Lee' }, UserFields: [{ EnableTracking: true }] } });
const tokens = JSON.stringify({ Status: 200, Result: { DeviceToken: 'dev-1', AccessToken: { Token: 'a.b.c', ExpiresIn: 3600 }, RefreshToken: 'r' } });
const stub = async (input) => {
  const url = typeof input === 'string' ? input : input.url;
  return new Response(url.endsWith('/Login') ? tokens : profile, { status: 200, headers: { 'content-type': 'application/json' } });
};
const client = new UserClient({ baseUrl: 'https://bench.local', fetch: stub });
await client.login({ email: 'a@b.c', password: 'pw' });
let token = 'a.b.c';
const peer = createFetch({ fetch: stub, Headers, AbortController }).create({
  onRequest: ({ options }) => { options.headers = new Headers(options.headers); options.headers.set('authorization', `Bearer ${token}`); },
  retry: 1,
  retryStatusCodes: [401],
  onResponseError: async ({ response }) => { if (response.status === 401) token = 'refreshed'; },
});
async function timed(call, calls = CALLS) {
  const start = performance.now();
  for (let i = 0; i < calls; i += 1) await call();
  return ((performance.now() - start) * 1000) / calls;
}
const url = 'https://bench.local/v1/Management/users';
const calls = {
  'raw fetch + JSON': async () => (await stub(url, { headers: { authorization: 'Bearer a.b.c' } })).json(),
  'client.getUser()': () => client.getUser(),
  'client.fetch() + JSON': async () => (await client.fetch(url)).json(),
  'ofetch peer + JSON': () => peer(url),
};
// In rounds, each round timing every call once, in an order that rotates from round to round, and
// each ratio taken within its round: the machine's speed drifts by a third between minutes here,
// and a ratio of two medians measured minutes apart carried that drift (one build measured 1.9x
// to 3.2x raw across three runs). One uncounted round first, for the JIT.
const names = Object.keys(calls);
for (const name of names) await timed(calls[name], Math.ceil(CALLS / 10));
const times = Object.fromEntries(names.map((name) => [name, []]));
for (let r = 0; r < RUNS; r += 1) {
  for (let i = 0; i < names.length; i += 1) {
    const name = names[(r + i) % names.length];
    times[name].push(await timed(calls[name]));
  }
}
const [raw, ...ours] = names;
for (const name of names) record(`per call, ${name}`, 'µs', times[name]);
for (const name of ours) record(`ratio to raw, ${name}`, 'x', times[name].map((t, r) => t / times[raw][r]));

// Against the sandbox: the refresh storm and bulk registration.
const sandbox = await startSandbox({ instanceId: 'bench', instanceKey: 'bench-key' });
try {
  const options = { baseUrl: sandbox.baseUrl, instanceId: 'bench', instanceKey: 'bench-key' };
  const stormClient = new UserClient(options);
  await stormClient.register({ firstName: 'Storm' });
  const storm = async (expire) => {
    if (expire) await sandbox.expireAccess();
    await sandbox.resetCounters();
    const start = performance.now();
    await Promise.all(Array.from({ length: STORM }, () => stormClient.getUser()));
    const ms = performance.now() - start;
    const { refreshes } = await sandbox.counters();
    if (expire && refreshes !== 1) throw new Error(`refresh storm: ${refreshes} refreshes for ${STORM} calls`);
    return ms;
  };
  await figure(`${STORM} concurrent getUser, fresh token`, 'ms', () => storm(false));
  await figure(`${STORM} concurrent getUser, expired token (1 refresh)`, 'ms', () => storm(true));

  // Each run's own peak growth over the RSS it started from. The runs share one process, so a
  // later run may reuse heap (and wasm memory) that an earlier one grew.
  const peaks = [];
  await figure(`registerMany of ${BULK} users`, 'ms', async () => {
    const bulk = new UserClient(options);
    const users = Array.from({ length: BULK }, (_, i) => ({ firstName: `u${i}` }));
    const base = process.memoryUsage().rss;
    let peak = 0;
    const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss - base); }, 5);
    const start = performance.now();
    const { registered, failed } = await bulk.registerMany(users, { batchSize: 1000 });
    const ms = performance.now() - start;
    clearInterval(sampler);
    peaks.push(peak / 2 ** 20);
    if (registered.length !== BULK || failed.length) throw new Error(`registerMany: ${registered.length} registered, ${failed.length} failed`);
    return ms;
  });
  record(`registerMany of ${BULK} users, peak RSS growth`, 'MB', peaks);
} finally {
  await sandbox.close();
}

const out = join(root, 'target', 'bench');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'results.json'), JSON.stringify(results, null, 2) + '\n');
const rows = Object.entries(results.figures).map(([name, f]) => `| ${name} | ${f.median} ${f.unit} | ${f.min}–${f.max} |`);
writeFileSync(join(out, 'results.md'), [`Node ${results.node}, ${RUNS} runs each (${results.scale} scale).`, '', '| figure | median | spread |', '|---|---|---|', ...rows, ''].join('\n'));
console.log(`bench: wrote ${join(out, 'results.json')} and results.md`);
