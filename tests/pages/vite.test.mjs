// The package in a Vite app, as a user gets it: installed from the packed tarball into a fresh
// project with no Vite plugin and no config, built by `vite build` and by the dev server, and run
// in headless Chromium against the sandbox (tests/pages/vite-app/ is the app).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { build, createServer } from 'vite';
import { project } from '../js/tarball.mjs';
import { root } from '../js/paths.mjs';
import { startBrowserWorld } from './browser.mjs';

let app, world;

before(async () => {
  app = project('vite', { type: 'module' });
  cpSync(join(root, 'tests', 'pages', 'vite-app'), app.dir, { recursive: true });
  await build({ root: app.dir, base: '/app/', logLevel: 'warn', configFile: false });
  world = await startBrowserWorld({ mounts: { '/app': join(app.dir, 'dist') } });
});

after(async () => {
  await world?.close();
  app?.remove();
});

/** Opens the app at `url`; returns what it reported and the paths it requested. */
async function runApp(url) {
  const context = await world.browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const requests = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  await page.goto(url);
  await page.waitForFunction(() => window.result !== undefined, null, { timeout: 30000 });
  const result = await page.evaluate(() => window.result);
  await context.close();
  assert.deepEqual(errors, []);
  return { result, requests };
}

function checkResult(result) {
  assert.equal(result.failed, undefined, result.failed);
  assert.equal(result.firstName, 'Vite');
  assert.equal(result.tracking, true);
  assert.equal(result.storedDevice, result.deviceToken, 'the session is in localStorage');
  // The expired token was refreshed once on the way to the profile.
  assert.deepEqual(result.events, ['registered', 'refreshed']);
  assert.deepEqual(result.invalid, { code: 'invalid_input', isUse: true });
}

test('vite build emits the .wasm as one asset, and the built app works in Chromium', async () => {
  const assets = readdirSync(join(app.dir, 'dist', 'assets'));
  const wasm = assets.filter((f) => f.endsWith('.wasm'));
  assert.equal(wasm.length, 1, assets.join());
  // The client's .wasm: an app that imports no builder ships none of theirs.
  assert.ok(readFileSync(join(app.dir, 'dist', 'assets', wasm[0])).equals(readFileSync(join(root, 'pkg', 'telematics_user_bg.wasm'))));
  await world.service.resetCounters();
  const { result, requests } = await runApp(`${world.service.baseUrl}/app/index.html`);
  checkResult(result);
  assert.equal((await world.service.counters()).refreshes, 1);
  // The .wasm came from its asset; the base64 fallback chunk was emitted but never loaded.
  assert.equal(requests.filter((p) => p.endsWith('.wasm')).length, 1, requests.join());
  assert.deepEqual(requests.filter((p) => p.includes('base64')), []);
});

test('the Vite dev server serves the package as it is, and the app works in Chromium', async () => {
  // The dev server proxies the service's paths to the sandbox, so the app keeps one origin.
  const target = world.service.baseUrl;
  const server = await createServer({
    root: app.dir,
    configFile: false,
    logLevel: 'warn',
    server: { host: '127.0.0.1', proxy: { '/v1': target, '/_sandbox': target } },
  });
  await server.listen();
  try {
    const { port } = server.httpServer.address();
    const { result, requests } = await runApp(`http://127.0.0.1:${port}/index.html`);
    checkResult(result);
    // Pre-bundling moved the entry away from its .wasm, so the fallback chunk supplied it.
    assert.ok(requests.some((p) => p.includes('base64')), requests.join());
  } finally {
    await server.close();
  }
});
