// One client against the sandbox while the service misbehaves: a connection dropped during a
// refresh, a refresh that times out, bursts of 5xx, 429 with Retry-After, HTML, truncated and
// 10 MB bodies, wrong JSON types. Each case yields its typed error, the session survives where it
// should, and the same client instance then makes a successful call (so no wasm trap hides).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startSandbox } from './sandbox.mjs';
import { root } from './paths.mjs';
import { INSTANCE_ID, INSTANCE_KEY } from './scenario.mjs';
import { watched } from './secrets.mjs';

let sandbox, client, UserClient;
// A second client reads the same session through it.
const sharedStore = (() => {
  const m = new Map();
  return { get: (k) => m.get(k) ?? null, set: (k, v) => void m.set(k, v), remove: (k) => void m.delete(k) };
})();

before(async () => {
  UserClient = watched((await import(join(root, 'pkg', 'node.mjs'))).UserClient, 'faults');
  sandbox = await startSandbox({ instanceId: INSTANCE_ID, instanceKey: INSTANCE_KEY });
  client = new UserClient({
    baseUrl: sandbox.baseUrl, instanceId: INSTANCE_ID, instanceKey: INSTANCE_KEY, timeoutMs: 1500, store: sharedStore,
  });
  await client.register({ firstName: 'Faulty' });
});

after(async () => {
  await sandbox?.close();
});

const failure = (promise) => promise.then(() => assert.fail('expected a rejection'), (e) => e);

// After every case: the same instance still works, and the session is the one we expect.
async function stillWorks() {
  await sandbox.clearFaults();
  const user = await client.getUser();
  assert.equal(user.firstName, 'Faulty');
  assert.ok(await client.getSession());
}

const cases = [
  ['a connection dropped during a refresh (three times) is network, and keeps the session', async () => {
    await sandbox.fault({ path: 'RefreshToken', drop: true, count: 3 });
    const e = await failure(client.refresh());
    assert.equal(e.code, 'network');
  }],
  ['a refresh that outlives timeoutMs is timeout, and keeps the session', async () => {
    await sandbox.fault({ path: 'RefreshToken', delayMs: 2500, count: 3 });
    const e = await failure(client.refresh());
    assert.equal(e.code, 'timeout');
  }],
  ['a burst of 5xx on refresh is retried, then server, and keeps the session', async () => {
    const before = (await sandbox.counters()).refreshes;
    await sandbox.fault({ path: 'RefreshToken', status: 503, count: 3 });
    const e = await failure(client.refresh());
    assert.deepEqual([e.code, e.status], ['server', 503]);
    assert.equal((await sandbox.counters()).refreshes - before, 3, 'three attempts, then it gives up');
  }],
  ['a 5xx burst shorter than the retries is invisible', async () => {
    await sandbox.fault({ path: 'RefreshToken', status: 502, count: 2 });
    const session = await client.refresh();
    assert.ok(session.refreshToken);
  }],
  ['429 with Retry-After is rate_limited with retryAfter', async () => {
    await sandbox.fault({ path: 'Management/users', method: 'GET', status: 429, headers: { 'Retry-After': '30' } });
    const e = await failure(client.getUser());
    assert.deepEqual([e.code, e.status, e.retryAfter], ['rate_limited', 429, 30]);
  }],
  ['an HTML page is invalid_response', async () => {
    await sandbox.fault({ path: 'Management/users', status: 200, body: '<html><body>Gateway</body></html>' });
    assert.equal((await failure(client.getUser())).code, 'invalid_response');
  }],
  ['an HTML error page is server', async () => {
    await sandbox.fault({ path: 'Management/users', status: 502, body: '<html>Bad gateway</html>' });
    const e = await failure(client.getUser());
    assert.deepEqual([e.code, e.status], ['server', 502]);
  }],
  ['a truncated body is invalid_response', async () => {
    await sandbox.fault({ path: 'Management/users', status: 200, body: '{"Result":{"DeviceToken":"d","UserProf' });
    assert.equal((await failure(client.getUser())).code, 'invalid_response');
  }],
  ['a 10 MB body is invalid_response, refused by its length before it is read', async () => {
    await sandbox.fault({ path: 'Management/users', status: 200, body: 'x', repeat: 10 * 1024 * 1024 });
    const e = await failure(client.getUser());
    assert.deepEqual([e.code, e.status], ['invalid_response', 200]);
    assert.match(e.message, /larger than maxResponseBytes \(4194304 bytes\)/);
  }],
  ['a body over a lowered maxResponseBytes is invalid_response; within it, fine', async () => {
    const small = new UserClient({ baseUrl: sandbox.baseUrl, store: sharedStore, maxResponseBytes: 1024 });
    // A valid profile padded past the limit: without the limit this call would succeed.
    const padded = '{"Status":200,"Result":{"DeviceToken":"d","UserProfile":{"FirstName":"Padded"}}}' + ' '.repeat(1500);
    await sandbox.fault({ path: 'Management/users', status: 200, body: padded, count: 2 });
    assert.equal((await client.getUser()).firstName, 'Padded');
    assert.equal((await failure(small.getUser())).code, 'invalid_response');
    await sandbox.clearFaults();
    assert.equal((await small.getUser()).firstName, 'Faulty');
  }],
  ['a refresh answer with wrong JSON types is invalid_response, and keeps the session', async () => {
    for (const result of [
      { DeviceToken: 5, AccessToken: { Token: 'x', ExpiresIn: 60 }, RefreshToken: 'r' },
      { DeviceToken: 'd', AccessToken: { Token: 7, ExpiresIn: 60 }, RefreshToken: 'r' },
      { DeviceToken: 'd', AccessToken: { Token: 'x', ExpiresIn: {} }, RefreshToken: 'r' },
      { DeviceToken: 'd', AccessToken: 'x', RefreshToken: 'r' },
      { DeviceToken: 'd', AccessToken: { Token: 'x', ExpiresIn: 60 }, RefreshToken: [] },
    ]) {
      await sandbox.fault({ path: 'RefreshToken', status: 200, body: { Result: result, Status: 200, Title: '', Errors: [] } });
      const e = await failure(client.refresh());
      assert.equal(e.code, 'invalid_response', JSON.stringify(result));
    }
  }],
  ['a profile with wrong JSON types is invalid_response', async () => {
    for (const record of [
      { DeviceToken: [], UserProfile: {} },
      { DeviceToken: 'd', UserProfile: { FirstName: 1 } },
      { DeviceToken: 'd', UserProfile: 'x' },
      { DeviceToken: 'd', UserFields: [{ EnableTracking: 'yes please' }] },
    ]) {
      await sandbox.fault({ path: 'Management/users', method: 'GET', status: 200, body: { Result: record, Status: 200 } });
      assert.equal((await failure(client.getUser())).code, 'invalid_response', JSON.stringify(record));
    }
  }],
];

for (const [name, run] of cases) {
  test(name, async () => {
    await run();
    await stillWorks();
  });
}
