// The npm package as a user gets it: `npm pack ./pkg`, installed into a fresh project, imported
// with `import` and `require` (no init call), calling every method against the sandbox; and its
// TypeScript declarations, compiled with `tsc --strict` against a consumer that uses all of them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { startSandbox } from './sandbox.mjs';
import { record } from './secrets.mjs';
import { scenario, check, names, builderNames, esm, INSTANCE_ID, INSTANCE_KEY } from './scenario.mjs';
import { project as newProject } from './tarball.mjs';
import { root, tools } from './paths.mjs';
import { join } from 'node:path';
import { promisify } from 'node:util';

let consumerProject, project, service;

before(async () => {
  service = await startSandbox({ instanceId: INSTANCE_ID, instanceKey: INSTANCE_KEY });
  consumerProject = newProject('node');
  project = consumerProject.dir;
});

after(async () => {
  await service?.close();
  consumerProject?.remove();
});

// Runs a consumer script in the temporary project; it prints one JSON line.
async function consumer(file, source) {
  consumerProject.write(file, source);
  const { stdout, stderr } = await promisify(execFile)(process.execPath, [file], {
    cwd: project,
    env: { ...process.env, BASE_URL: service.baseUrl },
  });
  if (stderr) record('console', file + ' stderr', stderr);
  return JSON.parse(stdout);
}

test('import from ESM works with no init call', async () => {
  await service.resetCounters();
  const out = await consumer('esm.mjs', `import { ${names} } from 'telematics-user';\nimport { ${esm(builderNames)} } from 'telematics-user/builders';\n${scenario}`);
  check(out, { baseUrl: service.baseUrl });
  // The expired token was refreshed once (the getUser after expire-access), plus one refresh();
  // the deleted user's refresh was refused; no refresh token went out twice.
  const counters = await service.counters();
  assert.deepEqual([counters.refreshes, counters.refreshRejected, counters.refreshReused], [3, 1, 0]);
});

test('require from CommonJS works', async () => {
  const out = await consumer('cjs.cjs', `const { ${names} } = require('telematics-user');\nconst { ${builderNames} } = require('telematics-user/builders');\n(async () => {${scenario}})();`);
  check(out, { baseUrl: service.baseUrl });
});

test('the slim entries load nothing at import, and work once given their .wasm (bytes or a Module)', async () => {
  const out = await consumer('slim.mjs', `
    import { readFileSync } from 'node:fs';
    import { init, UserClient } from 'telematics-user/slim';
    import { init as initBuilders, buildGetUserRequest, UserServiceError } from 'telematics-user/builders/slim';
    const bytes = (file) => readFileSync(new URL(import.meta.resolve('telematics-user/' + file)));
    const out = {};
    // Not instantiated yet: the builders' wasm is not there.
    try { buildGetUserRequest({}, 'AT'); out.before = 'built'; } catch { out.before = 'threw'; }
    await init(bytes('telematics_user_bg.wasm'));
    out.session = await new UserClient({}).getSession();
    await initBuilders(new WebAssembly.Module(bytes('telematics_user_builders_bg.wasm')));
    out.bearer = buildGetUserRequest({}, 'AT').headers.Authorization;
    try { buildGetUserRequest({}, ''); } catch (e) { out.error = [e.code, e instanceof UserServiceError]; }
    console.log(JSON.stringify(out));
  `);
  assert.deepEqual(out, { before: 'threw', session: null, bearer: 'Bearer AT', error: ['invalid_input', true] });
});

test("the slim entry's init takes a Response or a promise of one, shares one load, and can be retried after a failure", async () => {
  const out = await consumer('slim-response.mjs', `
    import { readFileSync } from 'node:fs';
    import { init, UserClient } from 'telematics-user/slim';
    const bytes = readFileSync(new URL(import.meta.resolve('telematics-user/telematics_user_bg.wasm')));
    const wasm = (status = 200) => new Response(bytes, { status, headers: { 'Content-Type': 'application/wasm' } });
    const failure = (p) => p.then(() => 'loaded', (e) => e instanceof Error ? e.constructor.name + ': ' + e.message : String(e));
    const out = {};
    out.notFound = await failure(init(wasm(404)));
    out.notWasm = await failure(init(new Response('not wasm')));
    // The second call, made while the first loads, shares its load: its garbage is never read.
    const [first, second] = [init(Promise.resolve(wasm())), init(new Response('not wasm'))];
    out.shared = [await failure(first), await failure(second)];
    out.again = await failure(init(new Response('not wasm')));
    out.session = await new UserClient({}).getSession();
    console.log(JSON.stringify(out));
  `);
  assert.match(out.notFound, /^Error: the \.wasm could not be fetched: 404/);
  assert.match(out.notWasm, /^CompileError: /);
  assert.deepEqual([out.shared, out.again, out.session], [['loaded', 'loaded'], 'loaded', null]);
});

test('the tarball holds the entries, a .wasm for each and no stray files', () => {
  const listing = execFileSync('npm', ['pack', join(root, 'pkg'), '--dry-run', '--json'], { encoding: 'utf8' });
  const files = JSON.parse(listing)[0].files.map((f) => f.path).sort();
  assert.deepEqual(files.filter((f) => f.endsWith('.wasm')), ['telematics_user_bg.wasm', 'telematics_user_builders_bg.wasm']);
  const entries = ['node.mjs', 'node.cjs', 'index.js', 'workerd.js', 'slim.js', 'index.d.ts', 'node.d.cts', 'slim.d.ts'];
  for (const f of ['package.json', 'README.md', ...entries, ...entries.map((e) => 'builders.' + e.replace(/^index\./, ''))]) {
    assert.ok(files.includes(f), `${f} missing from the tarball`);
  }
});

test('the TypeScript declarations compile strict consumers: bundler, node16 ESM and node16 CommonJS', () => {
  const source = readFileSync(join(root, 'tests', 'js', 'consumer.ts'), 'utf8');
  consumerProject.write('consumer.ts', source);
  consumerProject.write('consumer.mts', source);
  consumerProject.write('consumer.cts', [
    "import telematics = require('telematics-user');",
    "const client: telematics.UserClient = new telematics.UserClient({ timeoutMs: 1000 });",
    "const code: telematics.UserServiceErrorCode = 'storage';",
    "client.getSession().then((s: telematics.Session | null) => s?.accessToken, (e: unknown) => e instanceof telematics.UserServiceError && e.code === code);",
    "// @ts-expect-error: not an option",
    "new telematics.UserClient({ timeoutMS: 1 });",
    '',
  ].join('\n'));
  const tsc = join(tools, 'typescript', 'bin', 'tsc');
  const base = ['--strict', '--noEmit', '--target', 'es2022', '--lib', 'es2022,dom'];
  for (const [label, flags] of [
    ['bundler', ['--module', 'esnext', '--moduleResolution', 'bundler', 'consumer.ts']],
    ['node16', ['--module', 'node16', '--moduleResolution', 'node16', 'consumer.mts', 'consumer.cts']],
  ]) {
    try {
      execFileSync(process.execPath, [tsc, ...base, ...flags], { cwd: project, encoding: 'utf8' });
    } catch (e) {
      assert.fail(`tsc (${label}) failed:\n${e.stdout}${e.stderr}`);
    }
  }
});

test('the declarations name every runtime export, and their error codes are the Rust codes', async () => {
  const declarations = (file) => readFileSync(join(project, 'node_modules', 'telematics-user', file), 'utf8');
  const declared = declarations('index.d.ts');
  const exported = (text) => [...text.matchAll(/^export (?:declare )?(?:class|function) (\w+)|^export \{ (\w+) \} from/gm)].map((m) => m[1] ?? m[2]).sort();
  const runtime = async (entry) => Object.keys(await import(join(root, 'pkg', entry))).sort();
  assert.deepEqual(exported(declared), await runtime('node.mjs'));
  const builders = await runtime('builders.node.mjs');
  assert.deepEqual(exported(declarations('builders.d.ts')), builders);
  assert.equal(builders.length, 9, 'eight builders and UserServiceError');
  const union = declared.slice(declared.indexOf('type UserServiceErrorCode'), declared.indexOf(';', declared.indexOf('type UserServiceErrorCode')));
  const codes = [...union.matchAll(/'(\w+)'/g)].map((m) => m[1]).sort();
  const rust = [...readFileSync(join(root, 'src', 'error.rs'), 'utf8').matchAll(/ErrorCode::\w+ => "(\w+)"/g)].map((m) => m[1]).sort();
  assert.ok(rust.length >= 15);
  assert.deepEqual(codes, rust);
});
