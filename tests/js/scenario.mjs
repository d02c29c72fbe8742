// Every method of the contract, as one consumer script: the tarball suite runs it in Node (ESM
// and CommonJS) and the page suite in headless Chromium, against the sandbox (tests/sandbox). The
// script expects the root entry's exports in `names` and the builders entry's in `builderNames` in
// scope, and process.env.BASE_URL; it prints one JSON line. It uses the sandbox's control API to inject
// a gateway page and to expire every access token.
import assert from 'node:assert/strict';
import { record } from './secrets.mjs';

export const INSTANCE_ID = 'inst-1';
export const INSTANCE_KEY = 'INSTANCE-KEY-SECRET';

/** The root entry's exports the scenario uses, for an import's or a destructuring's braces. */
export const names = ['UserClient', 'UserServiceError', 'localStorageStore'].join(', ');

/**
 * The builders entry's (`telematics-user/builders`) exports, for a destructuring's braces; its
 * error class is bound as `BuilderError`. `esm(builderNames)` is the same for an import's.
 */
export const builderNames = [
  'buildRegisterRequest', 'buildRegisterManyRequests', 'buildLoginRequest', 'buildRefreshRequest',
  'buildGetUserRequest', 'buildUpdateUserRequest', 'buildSetTelematicsRequest',
  'buildDeleteUserRequest', 'UserServiceError: BuilderError',
].join(', ');

/** Destructuring braces (`a: b`) as an import's (`a as b`). */
export const esm = (braces) => braces.replaceAll(': ', ' as ');

export const scenario = `
  const out = {};
  const base = process.env.BASE_URL;
  const options = { baseUrl: base, instanceId: '${INSTANCE_ID}', instanceKey: '${INSTANCE_KEY}' };
  const failure = (e) => ({ code: e.code, status: e.status, isUse: e instanceof UserServiceError, isError: e instanceof Error, text: String(e) + JSON.stringify(e) });
  try { new UserClient({ ...options, baseUrl: 'ftp://nope' }); } catch (e) { out.config = failure(e); }
  const client = new UserClient(options);
  const events = [];
  client.onSessionChange((session, reason) => events.push(reason + ':' + (session ? 'session' : 'null')));
  try { client.onSessionChange('not a function'); } catch (e) { out.badListener = failure(e); }
  out.registration = await client.register({ firstName: 'Ann', telematics: { enableTracking: true } });
  out.session = await client.getSession();
  // Unique per run: suites share one sandbox, and the service keeps emails unique.
  const email = 'ann-' + Math.random().toString(36).slice(2) + '@example.com';
  const control = (path, body) => fetch(base + '/_sandbox/' + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
  await control('faults', { path: 'Registration/Create', status: 200, body: '<html>gateway</html>' });
  out.bad = await client.register({ firstName: 'html' }).catch(failure);
  await client.updateUser({ lastName: 'Lee', email });
  // Index 1 fails in the client; index 2's email is taken, so the service refuses its batch
  // (0 and 2) as a whole; 3 and 4 go through.
  out.many = await client.registerMany([{ firstName: 'a' }, { birthday: '1.1.1990' }, { firstName: 'c', email }, { firstName: 'd' }, { firstName: 'e' }], { batchSize: 2 });
  out.many.failed = out.many.failed.map(({ index, error }) => ({ index, code: error.code, isUse: error instanceof UserServiceError }));
  await client.setTelematics({ enableLogging: true });
  await control('expire-access');
  out.profile = await client.getUser();
  out.refreshed = await client.refresh();
  out.echo = await (await client.fetch(base + '/_sandbox/echo', { method: 'POST', body: 'hello' })).json();
  const admin = new UserClient(options);
  out.adminSession = await admin.login({ email: 'admin@sandbox.local', password: 'sandbox-admin' });
  const target = out.many.registered[0].deviceToken;
  await admin.updateUser({ city: 'Oslo' }, { deviceToken: target });
  const targetClient = new UserClient(options);
  await targetClient.login({ deviceToken: target });
  out.targetCity = (await targetClient.getUser()).city;
  await admin.deleteUser(target);
  out.afterDelete = await targetClient.getUser().catch(failure);
  out.deletedAgain = await admin.deleteUser(target).catch(failure);
  const device = new UserClient(options);
  out.deviceLogin = await device.login({ deviceToken: out.registration.deviceToken });
  out.wrongPassword = await device.login({ email: 'a@b.c', password: 'nope' }).catch(failure);
  await client.signOut();
  out.afterSignOut = await client.getSession();
  out.noSession = await client.getUser().catch(failure);
  out.events = events;
  out.built = buildLoginRequest(options, { email: 'a@b.c', password: 'pw' });
  // Every builder, as what it builds: method, path, bearer and body.
  out.builders = [
    buildRegisterRequest(options, { city: 'Oslo' }),
    buildRegisterManyRequests(options, [{}, { city: 'Oslo' }]).batches[0],
    buildLoginRequest(options, { deviceToken: 'dev-1' }),
    buildRefreshRequest(options, { accessToken: 'AT-1', refreshToken: 'RT-1' }),
    buildGetUserRequest(options, 'AT-2'),
    buildUpdateUserRequest(options, 'AT-3', { city: 'Oslo' }, { deviceToken: 'dev-2' }),
    buildSetTelematicsRequest(options, 'AT-4', { enabled: false }),
    buildDeleteUserRequest(options, 'AT-5', 'dev-3'),
  ].map((r) => [r.method, r.url.slice(base.length), r.headers.Authorization ?? null, r.headers.UserDeviceToken ?? null, r.body === null ? null : JSON.parse(r.body)]);
  // The two entries bundle a copy of the error class each; instanceof either tells both copies'
  // errors, and nothing else (a subclass keeps the ordinary test).
  try { buildGetUserRequest(options, ''); } catch (e) { out.builtBad = { ...failure(e), isBuilders: e instanceof BuilderError }; }
  class Sub extends UserServiceError {}
  out.brand = [
    (() => { try { new UserClient({ baseUrl: 'ftp://nope' }); } catch (e) { return e instanceof BuilderError; } })(),
    new BuilderError('network', 'm') instanceof UserServiceError,
    new Error('m') instanceof UserServiceError,
    new Error('m') instanceof BuilderError,
    Object.create(Error.prototype) instanceof BuilderError,
    new UserServiceError('network', 'm') instanceof Sub,
    new Sub('network', 'm') instanceof Sub,
    new Sub('network', 'm') instanceof BuilderError,
    BuilderError.name,
  ];
  // The client's methods are class methods as JavaScript writes them: named, not enumerable.
  out.methods = Object.getOwnPropertyNames(UserClient.prototype).filter((name) => name !== 'constructor' && (Object.getOwnPropertyDescriptor(UserClient.prototype, name).enumerable || UserClient.prototype[name].name !== name));
  // A freed client, and a method called on anything but a client, throw invalid_input; freeing
  // twice does nothing; \`using\` frees through Symbol.dispose where the runtime has it.
  const freed = new UserClient(options);
  freed.free();
  freed.free();
  const thrown = (call) => { try { call(); return 'called'; } catch (e) { return [e.code, e instanceof UserServiceError]; } };
  out.freed = [
    thrown(() => freed.getSession()),
    thrown(() => UserClient.prototype.getUser.call({})),
    typeof Symbol.dispose !== 'symbol' || UserClient.prototype[Symbol.dispose] === UserClient.prototype.free,
    UserClient.name,
  ];
  try { localStorageStore(); } catch (e) { out.noLocalStorage = failure(e); }
  const wrongKey = new UserClient({ ...options, instanceKey: 'wrong-key' });
  out.validation = await wrongKey.register().catch((e) => ({ ...failure(e), fieldErrors: e.fieldErrors, retryAfter: e.retryAfter }));
  console.log(JSON.stringify(out));
`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const JWT = /^[\w-]+\.[\w-]+\.[\w-]+$/;

export function check(out, { baseUrl, browser = false }) {
  assert.equal(out.config.code, 'invalid_config');
  assert.equal(out.config.isError, true);
  assert.equal(out.config.isUse, true);
  assert.match(out.config.text, /^UserServiceError: baseUrl/);
  assert.deepEqual([out.badListener.code, out.badListener.isUse], ['invalid_input', true]);
  assert.match(out.registration.deviceToken, UUID);
  assert.match(out.registration.accessToken, JWT);
  assert.equal(out.registration.expiresIn, 3600);
  assert.equal(out.session.refreshToken, out.registration.refreshToken);
  assert.equal(typeof out.session.expiresAt, 'number');
  assert.deepEqual({ ...out.bad, text: undefined }, { code: 'invalid_response', status: null, isUse: true, isError: true, text: undefined });
  assert.deepEqual(out.many.registered.map((r) => r.index), [3, 4]);
  assert.deepEqual(out.many.failed, [
    { index: 0, code: 'validation', isUse: true },
    { index: 1, code: 'invalid_input', isUse: true },
    { index: 2, code: 'validation', isUse: true },
  ]);
  assert.equal(out.profile.firstName, 'Ann');
  assert.equal(out.profile.lastName, 'Lee');
  assert.equal(out.profile.telematics.enableTracking, true);
  assert.equal(out.profile.telematics.enableLogging, true);
  assert.notEqual(out.refreshed.refreshToken, out.session.refreshToken);
  assert.deepEqual(out.echo, { method: 'POST', body: 'hello' });
  // The service's sample admin login carries no DeviceToken.
  assert.equal(out.adminSession.deviceToken, '');
  assert.match(out.adminSession.accessToken, JWT);
  assert.equal(out.targetCity, 'Oslo');
  assert.equal(out.deletedAgain.code, 'not_found');
  assert.equal(out.afterDelete.code, 'session_expired', 'a deleted user can neither call nor refresh');
  assert.equal(out.deviceLogin.deviceToken, out.registration.deviceToken);
  assert.equal(out.wrongPassword.code, 'unauthorized');
  assert.equal(out.afterSignOut, null);
  assert.equal(out.noSession.code, 'no_session');
  assert.deepEqual(out.events, ['registered:session', 'refreshed:session', 'refreshed:session', 'signed_out:null']);
  assert.equal(out.built.method, 'POST');
  assert.equal(out.built.url, baseUrl + '/v1/Auth/Login');
  assert.deepEqual(out.builders, [
    ['POST', '/v1/Registration/Create', null, null, { City: 'Oslo' }],
    ['POST', '/v1/Registration/CreateMany', null, null, [{}, { City: 'Oslo' }]],
    ['POST', '/v1/Auth/Login', null, null, { LoginFields: '{"Devicetoken":"dev-1"}', Password: INSTANCE_KEY }],
    ['POST', '/v1/RefreshToken', null, null, { AccessToken: 'AT-1', RefreshToken: 'RT-1' }],
    ['GET', '/v1/Management/users', 'Bearer AT-2', null, null],
    ['PUT', '/v1/Management/users', 'Bearer AT-3', 'dev-2', { City: 'Oslo' }],
    ['PUT', '/v1/Management/users', 'Bearer AT-4', null, { UserFields: { Enabled: false } }],
    ['DELETE', '/v1/Management/users/dev-3', 'Bearer AT-5', null, null],
  ]);
  assert.deepEqual({ ...out.builtBad, text: undefined }, { code: 'invalid_input', status: null, isUse: true, isError: true, isBuilders: true, text: undefined });
  assert.match(out.builtBad.text, /^UserServiceError: accessToken must be a non-empty string/);
  assert.deepEqual(out.brand, [true, true, false, false, false, false, true, true, 'UserServiceError']);
  assert.deepEqual(out.methods, [], 'every method of UserClient is named for itself and not enumerable');
  assert.deepEqual(out.freed, [['invalid_input', true], ['invalid_input', true], true, 'UserClient']);
  // Node has no localStorage; a browser has one.
  assert.equal(out.noLocalStorage?.code, browser ? undefined : 'invalid_config');
  if (!browser) assert.ok(out.noLocalStorage.isUse && out.noLocalStorage.isError, 'localStorageStore throws a UserServiceError');
  assert.equal(out.validation.code, 'validation');
  assert.equal(out.validation.status, 422);
  assert.deepEqual(out.validation.fieldErrors, [{ key: 'InstanceKey', message: 'The InstanceKey does not match the instance.' }]);
  assert.equal(out.validation.retryAfter, null);
  // Every error the script met goes to the leak watch (tests/leaks/ checks them all).
  for (const [k, v] of Object.entries(out)) {
    if (v && typeof v === 'object' && 'text' in v) record('error', 'scenario.' + k, v.text);
  }
  for (const event of out.events) record('event', 'scenario.onSessionChange', event);
  assert.ok(!out.validation.text.includes('wrong-key'), 'the wrong instance key was echoed');
}
