// The npm package as a user gets it: `npm pack ./pkg`, installed into a fresh project, imported
// with `import` and `require` (no init call), registering users against a local HTTP server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const INSTANCE_ID = 'inst-1';
const INSTANCE_KEY = 'INSTANCE-KEY-SECRET';
let project, server, baseUrl;
const seen = [];

// A minimal stand-in for Registration/Create; `?mode=` in the path is not used by the client, so
// the test steers answers with the FirstName it registers.
function answer(req, body) {
  if (req.method !== 'POST' || req.url !== '/v1/Registration/Create') return [404, ''];
  if (req.headers.instanceid !== INSTANCE_ID || req.headers.instancekey !== INSTANCE_KEY) {
    return [422, JSON.stringify({ Status: 422, Title: 'One or more validation errors occurred.', Errors: [{ Key: 'InstanceKey', Message: 'unknown instance' }] })];
  }
  const user = JSON.parse(body || '{}');
  if (user.FirstName === 'html') return [200, '<html>gateway</html>'];
  const n = seen.length;
  return [200, JSON.stringify({ Result: { DeviceToken: `dev-${n}`, AccessToken: { Token: `AT-${n}`, ExpiresIn: 3600 }, RefreshToken: `RT-${n}` }, Status: 200, Title: '', Errors: [] })];
}

before(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body });
      const [status, text] = answer(req, body);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(text);
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${server.address().port}`;

  project = mkdtempSync(join(tmpdir(), 'telematics-user-pkg-'));
  execFileSync('npm', ['pack', join(root, 'pkg'), '--pack-destination', project, '--silent'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const tarball = readdirSync(project).find((f) => f.endsWith('.tgz'));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
  execFileSync('npm', ['install', `./${tarball}`, '--no-audit', '--no-fund', '--silent'], { cwd: project, stdio: ['ignore', 'ignore', 'inherit'] });
});

after(() => {
  server?.close();
  if (project) rmSync(project, { recursive: true, force: true });
});

// Runs a consumer script in the temporary project; it prints one JSON line.
async function consumer(file, source) {
  writeFileSync(join(project, file), source);
  const { stdout } = await promisify(execFile)(process.execPath, [file], {
    cwd: project,
    env: { ...process.env, BASE_URL: baseUrl },
  });
  return JSON.parse(stdout);
}

const scenario = `
  const out = {};
  const options = { baseUrl: process.env.BASE_URL, instanceId: '${INSTANCE_ID}', instanceKey: '${INSTANCE_KEY}' };
  try { new UserClient({ ...options, baseUrl: 'ftp://nope' }); } catch (e) {
    out.config = { code: e.code, isError: e instanceof Error, isUse: e instanceof UserServiceError, text: String(e) };
  }
  const client = new UserClient(options);
  const reg = await client.register({ firstName: 'Ann', telematics: { enableTracking: true } });
  out.registration = reg;
  out.session = await client.getSession();
  out.bad = await client.register({ firstName: 'html' }).catch((e) => ({ code: e.code, status: e.status, isUse: e instanceof UserServiceError }));
  out.after = (await client.register({})).deviceToken;
  const wrongKey = new UserClient({ ...options, instanceKey: 'wrong-key' });
  out.validation = await wrongKey.register().catch((e) => ({ code: e.code, status: e.status, fieldErrors: e.fieldErrors, retryAfter: e.retryAfter, text: String(e) + JSON.stringify(e) }));
  console.log(JSON.stringify(out));
`;

function check(out) {
  assert.deepEqual(out.config.code, 'invalid_config');
  assert.equal(out.config.isError, true);
  assert.equal(out.config.isUse, true);
  assert.match(out.config.text, /^UserServiceError: baseUrl/);
  assert.match(out.registration.deviceToken, /^dev-\d+$/);
  assert.match(out.registration.accessToken, /^AT-\d+$/);
  assert.equal(out.registration.expiresIn, 3600);
  assert.equal(out.session.deviceToken, out.registration.deviceToken);
  assert.equal(out.session.refreshToken, out.registration.refreshToken);
  assert.equal(typeof out.session.expiresAt, 'number');
  assert.deepEqual(out.bad, { code: 'invalid_response', status: null, isUse: true });
  assert.match(out.after, /^dev-\d+$/);
  assert.equal(out.validation.code, 'validation');
  assert.equal(out.validation.status, 422);
  assert.deepEqual(out.validation.fieldErrors, [{ key: 'InstanceKey', message: 'unknown instance' }]);
  assert.equal(out.validation.retryAfter, null);
  assert.ok(!out.validation.text.includes('wrong-key'), 'the instance key leaked into an error');
}

test('import from ESM works with no init call', async () => {
  const out = await consumer('esm.mjs', `import { UserClient, UserServiceError } from 'telematics-user';\n${scenario}`);
  check(out);
  const sent = seen.find((r) => r.body.includes('Ann'));
  assert.equal(sent.headers.instanceid, INSTANCE_ID);
  assert.equal(sent.headers['content-type'], 'application/json');
  assert.deepEqual(JSON.parse(sent.body), { FirstName: 'Ann', UserFields: { EnableTracking: true } });
});

test('require from CommonJS works', async () => {
  const out = await consumer('cjs.cjs', `const { UserClient, UserServiceError } = require('telematics-user');\n(async () => {${scenario}})();`);
  check(out);
});

test('the tarball holds the entries, one .wasm and no stray files', () => {
  const listing = execFileSync('npm', ['pack', join(root, 'pkg'), '--dry-run', '--json'], { encoding: 'utf8' });
  const files = JSON.parse(listing)[0].files.map((f) => f.path).sort();
  assert.deepEqual(files.filter((f) => f.endsWith('.wasm')), ['telematics_user_bg.wasm']);
  for (const f of ['package.json', 'node.mjs', 'node.cjs', 'index.js', 'slim.js', 'index.d.ts', 'README.md']) {
    assert.ok(files.includes(f), `${f} missing from the tarball`);
  }
});
