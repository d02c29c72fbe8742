// Every method of the contract, as one consumer script: the tarball suite runs it in Node (ESM
// and CommonJS) and the page suite in headless Chromium, against tests/js/service.mjs. The
// script expects UserClient, UserServiceError, buildLoginRequest and localStorageStore in scope
// and process.env.BASE_URL; it prints one JSON line.
import assert from 'node:assert/strict';

export const INSTANCE_ID = 'inst-1';
export const INSTANCE_KEY = 'INSTANCE-KEY-SECRET';

export const scenario = `
  const out = {};
  const base = process.env.BASE_URL;
  const options = { baseUrl: base, instanceId: '${INSTANCE_ID}', instanceKey: '${INSTANCE_KEY}' };
  const failure = (e) => ({ code: e.code, status: e.status, isUse: e instanceof UserServiceError, isError: e instanceof Error, text: String(e) + JSON.stringify(e) });
  try { new UserClient({ ...options, baseUrl: 'ftp://nope' }); } catch (e) { out.config = failure(e); }
  const client = new UserClient(options);
  const events = [];
  client.onSessionChange((session, reason) => events.push(reason + ':' + (session ? 'session' : 'null')));
  out.registration = await client.register({ firstName: 'Ann', telematics: { enableTracking: true } });
  out.session = await client.getSession();
  out.bad = await client.register({ firstName: 'html' }).catch(failure);
  out.many = await client.registerMany([{ firstName: 'a' }, { birthday: '1.1.1990' }, { firstName: 'refused' }, { firstName: 'd' }], { batchSize: 2 });
  out.many.failed = out.many.failed.map(({ index, error }) => ({ index, code: error.code, isUse: error instanceof UserServiceError }));
  await client.updateUser({ lastName: 'Lee' });
  await client.setTelematics({ enableLogging: true });
  await fetch(base + '/test/revoke', { method: 'POST' });
  out.profile = await client.getUser();
  out.refreshed = await client.refresh();
  out.echo = await (await client.fetch(base + '/v1/echo', { method: 'POST', body: 'hello' })).json();
  const admin = new UserClient(options);
  out.adminSession = await admin.login({ email: 'admin@example.com', password: 'pw' });
  const target = out.many.registered[0].deviceToken;
  await admin.updateUser({ city: 'Oslo' }, { deviceToken: target });
  await admin.deleteUser(target);
  out.deletedAgain = await admin.deleteUser(target).catch(failure);
  const device = new UserClient(options);
  out.deviceLogin = await device.login({ deviceToken: out.registration.deviceToken });
  out.wrongPassword = await device.login({ email: 'a@b.c', password: 'nope' }).catch(failure);
  await client.signOut();
  out.afterSignOut = await client.getSession();
  out.noSession = await client.getUser().catch(failure);
  out.events = events;
  out.built = buildLoginRequest(options, { email: 'a@b.c', password: 'pw' });
  try { localStorageStore(); } catch (e) { out.noLocalStorage = failure(e); }
  const wrongKey = new UserClient({ ...options, instanceKey: 'wrong-key' });
  out.validation = await wrongKey.register().catch((e) => ({ ...failure(e), fieldErrors: e.fieldErrors, retryAfter: e.retryAfter }));
  console.log(JSON.stringify(out));
`;

export function check(out, { baseUrl, browser = false }) {
  assert.equal(out.config.code, 'invalid_config');
  assert.equal(out.config.isError, true);
  assert.equal(out.config.isUse, true);
  assert.match(out.config.text, /^UserServiceError: baseUrl/);
  assert.match(out.registration.deviceToken, /^dev-\d+$/);
  assert.match(out.registration.accessToken, /^AT-\d+/);
  assert.equal(out.registration.expiresIn, 3600);
  assert.equal(out.session.refreshToken, out.registration.refreshToken);
  assert.equal(typeof out.session.expiresAt, 'number');
  assert.deepEqual({ ...out.bad, text: undefined }, { code: 'invalid_response', status: null, isUse: true, isError: true, text: undefined });
  assert.deepEqual(out.many.registered.map((r) => r.index), [0, 3]);
  assert.deepEqual(out.many.failed, [{ index: 1, code: 'invalid_input', isUse: true }, { index: 2, code: 'invalid_response', isUse: true }]);
  assert.equal(out.profile.firstName, 'Ann');
  assert.equal(out.profile.telematics.enableTracking, true);
  assert.equal(out.profile.telematics.enableLogging, true);
  assert.notEqual(out.refreshed.refreshToken, out.session.refreshToken);
  assert.deepEqual(out.echo, { method: 'POST', body: 'hello' });
  assert.equal(out.adminSession.deviceToken, 'dev-admin@example.com');
  assert.equal(out.deletedAgain.code, 'not_found');
  assert.equal(out.deviceLogin.deviceToken, out.registration.deviceToken);
  assert.equal(out.wrongPassword.code, 'unauthorized');
  assert.equal(out.afterSignOut, null);
  assert.equal(out.noSession.code, 'no_session');
  assert.deepEqual(out.events, ['registered:session', 'refreshed:session', 'refreshed:session', 'signed_out:null']);
  assert.equal(out.built.method, 'POST');
  assert.equal(out.built.url, baseUrl + '/v1/Auth/Login');
  // Node has no localStorage; a browser has one.
  assert.equal(out.noLocalStorage?.code, browser ? undefined : 'invalid_config');
  assert.equal(out.validation.code, 'validation');
  assert.equal(out.validation.status, 422);
  assert.deepEqual(out.validation.fieldErrors, [{ key: 'InstanceKey', message: 'unknown instance' }]);
  assert.equal(out.validation.retryAfter, null);
  assert.ok(!out.validation.text.includes('wrong-key'), 'the instance key leaked into an error');
  for (const [k, v] of Object.entries(out)) {
    if (v && typeof v === 'object' && 'text' in v) assert.ok(!/AT-|RT-|INSTANCE-KEY/.test(v.text), `${k} leaked a secret`);
  }
}

