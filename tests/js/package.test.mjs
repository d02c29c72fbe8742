// The npm package as a user gets it: `npm pack ./pkg`, installed into a fresh project, imported
// with `import` and `require` (no init call), calling every method against the sandbox.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, readdirSync } from 'node:fs';
import { startSandbox } from './sandbox.mjs';
import { record } from './secrets.mjs';
import { scenario, check, INSTANCE_ID, INSTANCE_KEY } from './scenario.mjs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
let project, service;

before(async () => {
  service = await startSandbox({ instanceId: INSTANCE_ID, instanceKey: INSTANCE_KEY });
  project = mkdtempSync(join(tmpdir(), 'telematics-user-pkg-'));
  execFileSync('npm', ['pack', join(root, 'pkg'), '--pack-destination', project, '--silent'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const tarball = readdirSync(project).find((f) => f.endsWith('.tgz'));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
  execFileSync('npm', ['install', `./${tarball}`, '--no-audit', '--no-fund', '--silent'], { cwd: project, stdio: ['ignore', 'ignore', 'inherit'] });
});

after(async () => {
  await service?.close();
  if (project) rmSync(project, { recursive: true, force: true });
});

// Runs a consumer script in the temporary project; it prints one JSON line.
async function consumer(file, source) {
  writeFileSync(join(project, file), source);
  const { stdout, stderr } = await promisify(execFile)(process.execPath, [file], {
    cwd: project,
    env: { ...process.env, BASE_URL: service.baseUrl },
  });
  if (stderr) record('console', file + ' stderr', stderr);
  return JSON.parse(stdout);
}

test('import from ESM works with no init call', async () => {
  await service.resetCounters();
  const out = await consumer('esm.mjs', `import { UserClient, UserServiceError, buildLoginRequest, localStorageStore } from 'telematics-user';\n${scenario}`);
  check(out, { baseUrl: service.baseUrl });
  // The expired token was refreshed once (the getUser after expire-access), plus one refresh();
  // the deleted user's refresh was refused; no refresh token went out twice.
  const counters = await service.counters();
  assert.deepEqual([counters.refreshes, counters.refreshRejected, counters.refreshReused], [3, 1, 0]);
});

test('require from CommonJS works', async () => {
  const out = await consumer('cjs.cjs', `const { UserClient, UserServiceError, buildLoginRequest, localStorageStore } = require('telematics-user');\n(async () => {${scenario}})();`);
  check(out, { baseUrl: service.baseUrl });
});

test('the tarball holds the entries, one .wasm and no stray files', () => {
  const listing = execFileSync('npm', ['pack', join(root, 'pkg'), '--dry-run', '--json'], { encoding: 'utf8' });
  const files = JSON.parse(listing)[0].files.map((f) => f.path).sort();
  assert.deepEqual(files.filter((f) => f.endsWith('.wasm')), ['telematics_user_bg.wasm']);
  for (const f of ['package.json', 'node.mjs', 'node.cjs', 'index.js', 'slim.js', 'index.d.ts', 'README.md']) {
    assert.ok(files.includes(f), `${f} missing from the tarball`);
  }
});
