// Assembles pkg/ (the npm package) from the wasm-bindgen outputs and pkg-template/, optimises
// the .wasm with wasm-opt -Oz, and prints the sizes. Usage: node .ci/assemble-pkg.mjs <built.wasm>
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync, brotliCompressSync } from 'node:zlib';
import { snipInvokers } from './snip-invokers.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const input = process.argv[2];
const build = join(root, 'target', 'pkg-build');
const pkg = join(root, 'pkg');
const name = 'telematics_user';

rmSync(build, { recursive: true, force: true });
rmSync(pkg, { recursive: true, force: true });
// --omit-default-module-path: every entry tells the glue where its .wasm is (index.js and slim.js
// pass a URL or what the host gave, the others a module), so the glue's own default is dead code.
for (const target of ['web', 'nodejs']) {
  execFileSync('wasm-bindgen', ['--target', target, '--omit-default-module-path', '--out-dir', join(build, target), '--out-name', name, input], { stdio: 'inherit' });
}
// One .wasm serves every glue: wasm-bindgen >= 0.2.107 emits the same module for each target.
const web = readFileSync(join(build, 'web', `${name}_bg.wasm`));
const node = readFileSync(join(build, 'nodejs', `${name}_bg.wasm`));
if (!web.equals(node)) throw new Error('the web and nodejs .wasm differ: cannot share one file');
console.log(`snipped ${await snipInvokers(root, join(build, 'web', `${name}_bg.wasm`))} unreachable table entries (closure invokers, JSPI waker)`);

mkdirSync(pkg);
// -Os, and a function with one caller is inlined into it only when small (-ocimfs, in binaryen's
// size units): inlining every one, the default, makes the .wasm 4 KB smaller raw but 3.5 KB larger
// gzip, which is what users download. (-Oz makes it 0.7 KB smaller raw but 0.1 KB larger gzip since
// session 15; it was the other way before.) Then every import, export and module name is
// shortened to one or two letters: wasm-bindgen's carry a hash each (`__wbg_message_43d8c8f1d543a349`),
// written once in the .wasm and once in the glue, and gzip cannot shorten a hash. wasm-opt prints
// the map, and the glues are renamed by it.
const wasmOpt = join(root, 'tests', 'node_modules', 'binaryen', 'bin', 'wasm-opt');
const map = JSON.parse(execFileSync(process.execPath, [wasmOpt, '-Os', '-ocimfs=20',
  '--strip-debug', '--strip-producers', '--strip-target-features',
  '--enable-bulk-memory', '--enable-reference-types', '--enable-nontrapping-float-to-int',
  '--enable-sign-ext', '--enable-multivalue', '--enable-mutable-globals',
  '--minify-imports-and-exports-and-modules',
  join(build, 'web', `${name}_bg.wasm`), '-o', join(pkg, `${name}_bg.wasm`)], { encoding: 'utf8' }));
const shipped = new WebAssembly.Module(readFileSync(join(pkg, `${name}_bg.wasm`)));
const modules = new Set(WebAssembly.Module.imports(shipped).map((i) => i.module));
if (modules.size !== 1) throw new Error('expected one import module after minifying, got ' + [...modules]);
const [module] = modules;

// The API's names for what the .wasm exports by number (src/wasm/api.js): appended to each glue,
// where the numbered exports are in scope and become the glue's own (exported no more), and the
// builders it declares are exported from there.
const apiJs = readFileSync(join(root, 'src', 'wasm', 'api.js'), 'utf8');
const jsApi = [...apiJs.matchAll(/^function (\w+)/gm)].map((m) => m[1]);
const numbered = ['callMethod', 'buildRequest'];
/** A glue with the API's names appended, and the numbered exports its own. */
function named(glue, target) {
  for (const n of numbered) {
    const declared = target === 'web' ? `export function ${n}(` : `\nexports.${n} = ${n};`;
    const parts = glue.split(declared);
    if (parts.length !== 2) throw new Error(`${target} glue: ${declared.trim()} found ${parts.length - 1} times, expected once`);
    glue = parts.join(target === 'web' ? `function ${n}(` : '');
  }
  // Declared `export function` in the ES glue, so that shortening its names keeps theirs.
  return target === 'web'
    ? `${glue}\n${apiJs.replace(/^function /gm, 'export function ')}`
    : `${glue}\n${apiJs}\n${jsApi.map((n) => `exports.${n} = ${n};`).join('\n')}\n`;
}

/** wasm-bindgen's glue for `target` as the package ships it: renamed, without dead code, named. */
const shippedGlue = (target) =>
  named(withoutDeadCode(renamed(readFileSync(join(build, target, `${name}.js`), 'utf8'), target), target), target);

writeFileSync(join(pkg, `${name}.js`), shippedGlue('web'));
cpSync(join(build, 'web', 'snippets'), join(pkg, 'snippets'), { recursive: true });

// The JS modules of the shell (src/wasm/*.js), which the glues import, each with a CommonJS twin
// for the nodejs glue (require(esm) needs Node >= 20.19). Their local names are shortened too (0.4
// KB gzip); an export keeps its name in an ES module, but a CommonJS twin would rename its class,
// so the twins keep every name: `UserServiceError`, which `shell.js` exports, is a name users see.
const esbuild = join(root, 'tests', 'node_modules', 'esbuild', 'bin', 'esbuild');
const minify = ['--minify-whitespace', '--minify-syntax', '--log-level=warning'];
const snippets = listFiles(join(pkg, 'snippets')).filter((f) => f.endsWith('.js'));
const shellSnippet = snippets.find((f) => f.endsWith('/shell.js'));
if (!shellSnippet) throw new Error('wasm-bindgen emitted no shell.js snippet');
/** A file of the package as the path a module inside it imports it by (without the leading ./). */
const href = (file) => relative(pkg, file).split('\\').join('/');
for (const snippet of snippets) {
  execFileSync(esbuild, [snippet, ...minify, '--format=cjs', `--outfile=${snippet.replace(/\.js$/, '.cjs')}`], { stdio: 'inherit' });
  execFileSync(esbuild, [snippet, ...minify, '--minify-identifiers', '--allow-overwrite', `--outfile=${snippet}`], { stdio: 'inherit' });
}
// The shell's CommonJS twin, which the CommonJS entry takes the shell's part of the API from (the
// ES entries take it from the ES glue, which exports it).
const shellCjs = './' + href(shellSnippet).replace(/\.js$/, '.cjs');
let cjsGlue = shippedGlue('nodejs');
for (const snippet of snippets) {
  const required = href(snippet);
  if (!cjsGlue.includes(required)) throw new Error('the nodejs glue does not require ' + required);
  cjsGlue = cjsGlue.split(required).join(required.replace(/\.js$/, '.cjs'));
}
writeFileSync(join(pkg, `${name}.cjs`), cjsGlue);

// The glues as shipped: whitespace and syntax minified by esbuild (a third off gzip).
//
// The ES glue, which browsers, bundlers, Workers and `node.mjs` load, has the shell's module
// bundled in, and exports `UserServiceError` from it: one module for a browser to fetch instead of
// two, and one gzip stream, which shares what the two have in common (0.36 KB less). Its local
// names are shortened first, on their own (0.57 KB less): what it exports is declared `export
// class` and `export function`, so those keep their names (`UserClient.name`, the API in a stack
// trace) and only the glue's helpers are renamed, as the shell's are. Bundling then renames
// nothing that is exported.
//
// The CommonJS glue requires the shell's twin, which Node reads from disk, and keeps every name:
// there esbuild would rename the exported classes too.
const esGlue = join(pkg, `${name}.js`);
// The API's names that the shell's module exports itself: the error class and the store adapters,
// plain JavaScript that needs no wasm. The ES glue re-exports them; the CommonJS entry takes them
// from the shell's twin.
const shellApi = ['UserServiceError', 'localStorageStore', 'sessionStorageStore'];
writeFileSync(esGlue, readFileSync(esGlue, 'utf8') +
  `\nexport { ${shellApi.join(', ')} } from './${href(shellSnippet)}';\n`);
execFileSync(esbuild, [esGlue, ...minify, '--minify-identifiers', '--allow-overwrite', `--outfile=${esGlue}`], { stdio: 'inherit' });
execFileSync(esbuild, [esGlue, '--bundle', '--format=esm', ...minify, '--allow-overwrite', `--outfile=${esGlue}`], { stdio: 'inherit' });
const esText = readFileSync(esGlue, 'utf8');
if (/\bfrom\s*["']|\bimport\s*\(/.test(esText)) throw new Error('the bundled ES glue still imports a module');
for (const snippet of snippets) rmSync(snippet);
execFileSync(esbuild, [join(pkg, `${name}.cjs`), ...minify, '--allow-overwrite', `--outfile=${join(pkg, `${name}.cjs`)}`], { stdio: 'inherit' });

// Every name the Rust side exports (classes and functions), and the shell's, so that no entry can
// forget one.
const api = [...readFileSync(join(build, 'web', `${name}.d.ts`), 'utf8')
  .matchAll(/^export (?:class|function) (\w+)/gm)]
  .map((m) => m[1])
  .filter((n) => n !== 'initSync')
  .concat(jsApi, shellApi);
if (!api.includes('UserClient')) throw new Error('the glue exports no UserClient');
// Every name of the API is still its own name in the shipped ES glue (users see `UserClient.name`
// in logs). Importing it runs no wasm: that waits for `init`.
const esModule = await import(pathToFileURL(esGlue).href);
for (const n of api) {
  if (esModule[n]?.name !== n) throw new Error(`the ES glue's ${n} is called ${esModule[n]?.name}`);
}

for (const file of readdirSync(join(root, 'pkg-template'))) {
  const text = readFileSync(join(root, 'pkg-template', file), 'utf8')
    .replaceAll('__API_CJS__', api.map((n) => `${n}: ${shellApi.includes(n) ? 'shell' : 'glue'}.${n}`).join(', '))
    .replaceAll('__API__', api.join(', '))
    .replaceAll('./__SHELL_CJS__', shellCjs);
  writeFileSync(join(pkg, file), text);
}

// The package's README: the user part of the repository's README (up to its build section).
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const cut = readme.indexOf('\n## Two commands');
if (cut < 0) throw new Error("README.md has no '## Two commands' section to cut at");
writeFileSync(join(pkg, 'README.md'), readme.slice(0, cut).replace(/\n> Status:[^]*?\n\n/, '\n\n') +
  '\nSource, tests and the demo: the telematics-user repository.\n');

// The browser entry's fallback for dev servers that move it away from the .wasm (see index.js).
writeFileSync(join(pkg, `${name}_bg.wasm.base64.js`),
  `// The .wasm as base64: loaded only where the file beside it cannot be fetched.\nexport default '${readFileSync(join(pkg, `${name}_bg.wasm`)).toString('base64')}';\n`);

// CommonJS consumers get the same declarations as a .d.cts: under `node16` resolution a `require`
// typed by the ESM index.d.ts would be an error ("masquerading as ESM").
cpSync(join(pkg, 'index.d.ts'), join(pkg, 'node.d.cts'));

/** A glue with the import object's keys, its module name and its `wasm.<export>` uses renamed by `map`. */
function renamed(glue, target) {
  const once = (text, pattern, replace, what) => {
    let count = 0;
    const out = text.replace(pattern, (...m) => { count += 1; return replace(...m); });
    if (count !== 1) throw new Error(`${target} glue: ${what} found ${count} times, expected once`);
    return out;
  };
  const modules = new Set(map.imports.map(([m]) => m));
  for (const old of modules) {
    glue = once(glue, new RegExp(`(\\n\\s*)"${escape(old)}"(: import\\d+,)`), (_, a, b) => `${a}"${module}"${b}`, `module ${old}`);
  }
  for (const [, old, short] of map.imports) {
    glue = once(glue, new RegExp(`(\\n\\s*)${escape(old)}(: function\\()`), (_, a, b) => a + short + b, `import ${old}`);
  }
  for (const [old, short] of map.exports) {
    glue = glue.replace(new RegExp(`\\bwasm\\.${escape(old)}\\b`, 'g'), () => `wasm.${short}`);
  }
  // The glue's own functions that call closures are named after the Rust types (a few hundred
  // characters each); they are local to the glue.
  const invokers = [...new Set(glue.match(/\bwasm_bindgen_[0-9a-f]+___convert__closures_\w+/g) ?? [])];
  invokers.forEach((long, i) => {
    if (new RegExp(`\\binvoke${i}\\b`).test(glue)) throw new Error(`${target} glue: invoke${i} is taken`);
    glue = glue.replace(new RegExp(`\\b${escape(long)}\\b`, 'g'), `invoke${i}`);
  });
  for (const [, old] of map.imports) {
    if (new RegExp(`\\b${escape(old)}\\b`).test(glue)) throw new Error(`${target} glue: import ${old} is still named after renaming`);
  }
  const shorts = new Set(map.exports.map(([, short]) => short));
  for (const [, used] of glue.matchAll(/\bwasm\.([\w$]+)/g)) {
    if (!shorts.has(used)) throw new Error(`${target} glue: wasm.${used} is not an export of the minified .wasm`);
  }
  return glue;
}

/**
 * A glue without what wasm-bindgen writes for cases this package never meets (0.14 KB gzip in
 * all); each piece must be found exactly as expected, or the assembly fails:
 * - the warnings the web glue's init functions print when called the pre-0.2.93 way (with a module
 *   or a path instead of an object): only the package's entries call them, always with an object,
 *   as the glue is not among the package's exports. The calls still work; only the message goes.
 * - the `TextEncoder.encodeInto` polyfill: every runtime the package loads in has it (Node >= 18,
 *   workerd, and browsers since 2021; the browser entry needs top-level await, which came later).
 * - `passStringToWasm0`'s path for a missing `realloc`: its one caller always passes it.
 */
function withoutDeadCode(glue, target) {
  const cut = (text, pattern, count, what) => {
    const found = text.match(pattern) ?? [];
    if (found.length !== count) throw new Error(`${target} glue: ${what} found ${found.length} times, expected ${count}`);
    return found.reduce((out, piece) => out.replace(piece, ''), text);
  };
  if (target === 'web') {
    glue = cut(glue, /console\.warn\('using deprecated parameters [^']*'\)/g, 2, 'the init deprecation warnings');
  }
  glue = cut(glue, /\nif \(!\('encodeInto' in cachedTextEncoder\)\) \{\n[^]*?\n\}\n/g, 1, 'the encodeInto polyfill');
  glue = cut(glue, /\n    if \(realloc === undefined\) \{\n[^]*?\n    \}\n/g, 1, "passStringToWasm0's path without realloc");
  if (/passStringToWasm0\([^,)]*(,[^,)]*)?\)/.test(glue)) {
    throw new Error(`${target} glue: passStringToWasm0 is called without realloc`);
  }
  return glue;
}

function escape(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function listFiles(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)]));
}

// What a user downloads: the .wasm and the ES glue, with the shell's module bundled in (each file
// compressed on its own, as a server sends them).
const measured = (files) => {
  const bytes = files.map((f) => readFileSync(f));
  const sum = (size) => bytes.reduce((n, b) => n + size(b), 0);
  return { raw: sum((b) => b.length), gzip: sum((b) => gzipSync(b, { level: 9 }).length), brotli: sum((b) => brotliCompressSync(b).length) };
};
const sizes = {
  [`${name}_bg.wasm`]: measured([join(pkg, `${name}_bg.wasm`)]),
  [`${name}.js`]: measured([join(pkg, `${name}.js`)]),
};
const total = (k) => Object.values(sizes).reduce((n, s) => n + s[k], 0);
console.log('package sizes (bytes):');
for (const [file, s] of Object.entries(sizes)) console.log(`  ${file.padEnd(24)} raw ${String(s.raw).padStart(7)}  gzip ${String(s.gzip).padStart(6)}  brotli ${String(s.brotli).padStart(6)}`);
console.log(`  ${'wasm + glue'.padEnd(24)} raw ${String(total('raw')).padStart(7)}  gzip ${String(total('gzip')).padStart(6)}  brotli ${String(total('brotli')).padStart(6)}`);
mkdirSync(join(root, 'target'), { recursive: true });
writeFileSync(join(root, 'target', 'package-sizes.json'), JSON.stringify(sizes, null, 2));
