// The package in Cloudflare Workers: installed from the packed tarball, bundled as Wrangler does
// (the `workerd` export condition; the .wasm kept as its own module, which workerd compiles at
// load), and run in workerd through Miniflare against the sandbox. First the whole contract
// scenario, then the registration-proxy example (tests/worker/example/).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { bundle as bundleWorker, worker } from './workerd.mjs';
import { project } from '../js/tarball.mjs';
import { root } from '../js/paths.mjs';
import { startSandbox } from '../js/sandbox.mjs';
import { record } from '../js/secrets.mjs';
import { scenario, check, names, builderNames, esm, INSTANCE_ID, INSTANCE_KEY } from '../js/scenario.mjs';

const ADMIN = { email: 'admin@sandbox.local', password: 'sandbox-admin' };
const DASHBOARD_TOKEN = 'dashboard-token-for-tests';
let app, sandbox, proxy;

/** Bundles `entry` (in the project) into `out/<name>`. */
const bundle = (entry, name) => bundleWorker(entry, join(app.dir, 'out', name), app.dir);

before(async () => {
  sandbox = await startSandbox({ instanceId: INSTANCE_ID, instanceKey: INSTANCE_KEY });
  app = project('worker', { type: 'module' });
  cpSync(join(root, 'tests', 'worker', 'example'), join(app.dir, 'src'), { recursive: true });
  proxy = worker(await bundle('src/worker.js', 'proxy'), {
    kvNamespaces: ['SESSIONS'],
    bindings: {
      USER_SERVICE_URL: sandbox.baseUrl,
      INSTANCE_ID,
      INSTANCE_KEY,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      DASHBOARD_TOKEN,
    },
  });
});

after(async () => {
  await proxy?.dispose();
  await sandbox?.close();
  app?.remove();
});

test('the bundle keeps one .wasm module beside the script, from the workerd entry', async () => {
  const files = readdirSync(join(app.dir, 'out', 'proxy'));
  assert.equal(files.filter((f) => f.endsWith('.wasm')).length, 1, files.join());
  assert.deepEqual(files.filter((f) => f.includes('base64')), [], 'the browser fallback is not in a Worker bundle');
});

test('every method of the contract works in workerd', async () => {
  const body = scenario.replace('console.log(JSON.stringify(out));', 'return Response.json(out);');
  app.write('scenario.js', `import { ${names} } from 'telematics-user';
import { ${esm(builderNames)} } from 'telematics-user/builders';
export default { async fetch(request, env) { const process = { env: { BASE_URL: env.BASE_URL } }; ${body} } };`);
  const mf = worker(await bundle('scenario.js', 'scenario'), { bindings: { BASE_URL: sandbox.baseUrl } });
  try {
    const out = await (await mf.dispatchFetch('http://worker/')).json();
    check(out, { baseUrl: sandbox.baseUrl });
  } finally {
    await mf.dispose();
  }
});

const call = async (method, path, body, headers = {}) => {
  const response = await proxy.dispatchFetch(`http://proxy${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  // A refusal passes the library's error on; a 2xx carries the user's own tokens by design.
  if (response.status >= 400) record('error', 'worker proxy ' + path, text);
  return { status: response.status, text, json: text ? JSON.parse(text) : null };
};

test('the proxy registers users for browsers, which never see the instance key', async () => {
  const before = await sandbox.counters();
  const registered = await call('POST', '/register', { firstName: 'Proxied', telematics: { enableTracking: true } });
  assert.equal(registered.status, 201, registered.text);
  assert.match(registered.json.deviceToken, /^[0-9a-f-]{36}$/);
  assert.equal(registered.json.expiresIn, 3600);
  assert.ok(registered.json.accessToken && registered.json.refreshToken);
  assert.ok(!registered.text.includes(INSTANCE_KEY));
  assert.equal((await sandbox.counters()).usersRegistered - before.usersRegistered, 1);
  assert.equal((await sandbox.findUser(registered.json.deviceToken)).UserProfile.FirstName, 'Proxied');

  const invalid = await call('POST', '/register', { birthday: 'soon' });
  assert.deepEqual([invalid.status, invalid.json.code], [400, 'invalid_input']);
  assert.deepEqual([(await call('POST', '/register', 'not json')).status], [400]);
});

test('the proxy keeps its admin session in KV, refreshes it once after expiry, and signs in again after a revocation', async () => {
  const { json: user } = await call('POST', '/register', { firstName: 'Flags' });
  const put = (flags, token = DASHBOARD_TOKEN) => call('PUT', `/users/${user.deviceToken}/telematics`, flags, { authorization: `Bearer ${token}` });
  const kv = await proxy.getKVNamespace('SESSIONS');

  assert.equal((await put({ enableTracking: true }, 'wrong')).status, 401);
  const before = await sandbox.counters();
  assert.equal((await put({ enableTracking: true })).status, 204);
  const first = JSON.parse(await kv.get('admin-session'));
  assert.ok(first.refreshToken, 'the admin session is in KV');
  assert.equal((await put({ enableLogging: true })).status, 204);
  let counters = await sandbox.counters();
  assert.equal(counters.logins - before.logins, 1, 'the second request reused the stored session');
  let flags = (await sandbox.findUser(user.deviceToken)).UserFields[0];
  assert.deepEqual([flags.EnableTracking, flags.EnableLogging], [true, true]);

  // Every access token expires on the service: the next request refreshes once, stores the pair.
  await sandbox.expireAccess();
  assert.equal((await put({ enableRealtimeLocation: true })).status, 204);
  counters = await sandbox.counters();
  assert.equal(counters.refreshes - before.refreshes, 1);
  const second = JSON.parse(await kv.get('admin-session'));
  assert.notEqual(second.refreshToken, first.refreshToken, 'the rotated pair is in KV');
  assert.equal(counters.refreshReused - before.refreshReused, 0);

  // Refresh tokens revoked: the session ends, and the proxy signs in again on its own.
  await sandbox.revokeRefresh();
  await sandbox.expireAccess();
  assert.equal((await put({ enableTracking: false })).status, 204);
  // (findUser's own admin login counted one.)
  assert.equal((await sandbox.counters()).logins - before.logins, 3);
  flags = (await sandbox.findUser(user.deviceToken)).UserFields[0];
  assert.deepEqual([flags.EnableTracking, flags.EnableLogging, flags.EnableRealTimeLocation], [false, true, true]);
});
