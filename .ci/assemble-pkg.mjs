// Assembles pkg/ (the npm package) from the wasm-bindgen outputs and pkg-template/, optimises
// each .wasm with wasm-opt, and prints the sizes.
// Usage: node .ci/assemble-pkg.mjs <client.wasm> <builders.wasm> (`make package` builds both).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { gzipSync, brotliCompressSync } from 'node:zlib';
import { gzipOrder } from './gzip-order.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const build = join(root, 'target', 'pkg-build');
const pkg = join(root, 'pkg');

// The package's two .wasm files, each with its glue and entries: `UserClient` at the package's
// root, and the request builders at `telematics-user/builders`, so that neither download carries
// the other's code (the builders weigh 1.5 KB gzip in a client's .wasm). Each is built with one of
// the crate's features (`make build`). `api` is the file of src/wasm/ that names what the .wasm
// exports by number (and, for the client, holds `UserClient`, a class over client numbers), and
// `numbered` are the exports it calls; `shellApi` are the API's names that the shell's module
// exports itself (plain JavaScript that needs no wasm), which the ES glue re-exports and the
// CommonJS entry takes from the shell's twin; `internal` are the exports `shell.js` calls on the instance itself, with
// numbers alone (see `keptExports`); `entry` is what each per-variant template (below) is called
// for it.
const variants = [
  {
    name: 'telematics_user',
    input: process.argv[2],
    api: 'methods.js',
    numbered: ['callMethod', 'newClient', 'freeClient'],
    internal: ['stepTask', 'rereadClient'],
    shellApi: ['UserServiceError', 'localStorageStore', 'sessionStorageStore'],
    entry: (file) => file,
  },
  {
    name: 'telematics_user_builders',
    input: process.argv[3],
    api: 'builders.js',
    numbered: ['buildRequest'],
    internal: [],
    shellApi: ['UserServiceError'],
    entry: (file) => 'builders.' + file.replace(/^index\./, ''),
  },
];
// The templates each variant has its entry of; the rest are written once, under their own names
// (`index.d.ts`, `package.json`: the client's; `builders.d.ts`: the builders').
const perVariant = ['index.js', 'node.mjs', 'node.cjs', 'workerd.js', 'slim.js', 'slim.d.ts'];
if (variants.some((v) => !v.input)) throw new Error('usage: node .ci/assemble-pkg.mjs <client.wasm> <builders.wasm>');

rmSync(build, { recursive: true, force: true });
rmSync(pkg, { recursive: true, force: true });
mkdirSync(pkg);

const wasmOpt = join(root, 'tests', 'node_modules', 'binaryen', 'bin', 'wasm-opt');
// What the .wasm may use: what rustc's wasm32 target enables (wasm-opt must not undo it).
const features = ['--enable-bulk-memory', '--enable-reference-types', '--enable-nontrapping-float-to-int',
  '--enable-sign-ext', '--enable-multivalue', '--enable-mutable-globals'];
for (const v of variants) {
  const { name } = v;
  v.build = join(build, name);
  // --omit-default-module-path: every entry tells the glue where its .wasm is (index.js and slim.js
  // pass a URL or what the host gave, the others a module), so the glue's own default is dead code.
  for (const target of ['web', 'nodejs']) {
    execFileSync('wasm-bindgen', ['--target', target, '--omit-default-module-path', '--out-dir', join(v.build, target), '--out-name', name, v.input], { stdio: 'inherit' });
  }
  // One .wasm serves every glue: wasm-bindgen >= 0.2.107 emits the same module for each target.
  const web = readFileSync(join(v.build, 'web', `${name}_bg.wasm`));
  const node = readFileSync(join(v.build, 'nodejs', `${name}_bg.wasm`));
  if (!web.equals(node)) throw new Error(`${name}: the web and nodejs .wasm differ: cannot share one file`);

  // -Os, and a function with one caller is inlined into it only when small (-ocimfs, in binaryen's
  // size units): inlining every one, the default, makes the .wasm 4 KB smaller raw but 3.5 KB
  // larger gzip, which is what users download. (-Oz makes it 0.7 KB smaller raw but 0.1 KB larger
  // gzip since session 15; it was the other way before.) Then every import, export and module name
  // is shortened to one or two letters: wasm-bindgen's carry a hash each
  // (`__wbg_message_43d8c8f1d543a349`), written once in the .wasm and once in the glue, and gzip
  // cannot shorten a hash. wasm-opt prints the map, and the glues are renamed by it.
  //
  // Two of -Os's passes are skipped, as they trade gzip for raw bytes: memory-packing splits the
  // data into a segment per run of non-zero bytes, and each segment's offset compresses worse than
  // the zeros it saves (0.17 KB gzip less without it, 0.28 KB more raw); local-cse keeps a repeated
  // expression in a new local, and the repeats compress better than the locals (0.12 KB less).
  // Skipping any other pass of -Os saves at most 0.05 KB.
  v.map = JSON.parse(execFileSync(process.execPath, [wasmOpt, '-Os', '-ocimfs=20',
    '--skip-pass=memory-packing', '--skip-pass=local-cse',
    '--strip-debug', '--strip-producers', '--strip-target-features', ...features,
    '--minify-imports-and-exports-and-modules',
    join(v.build, 'web', `${name}_bg.wasm`), '-o', join(pkg, `${name}_bg.wasm`)], { encoding: 'utf8' }));
  await keptExports(join(pkg, `${name}_bg.wasm`), v);
  // Then its functions in the order gzip compresses best (.ci/gzip-order.mjs: 0.35 KB less).
  gzipOrder(wasmOpt, join(pkg, `${name}_bg.wasm`), features);
  const shipped = new WebAssembly.Module(readFileSync(join(pkg, `${name}_bg.wasm`)));
  const modules = new Set(WebAssembly.Module.imports(shipped).map((i) => i.module));
  if (modules.size !== 1) throw new Error(`${name}: expected one import module after minifying, got ${[...modules]}`);
  [v.module] = modules;

  // The API's names for what the .wasm exports by number (src/wasm/<api>): appended to each glue,
  // where the numbered exports are in scope and become the glue's own (exported no more), and the
  // functions and classes it declares are exported from there.
  v.apiJs = readFileSync(join(root, 'src', 'wasm', v.api), 'utf8');
  v.jsApi = [...v.apiJs.matchAll(/^(?:function|class) (\w+)/gm)].map((m) => m[1]);
  writeFileSync(join(pkg, `${name}.js`), shippedGlue(v, 'web'));
  v.cjsGlue = shippedGlue(v, 'nodejs');
}

/** A glue with the API's names appended, and the numbered exports its own. */
function named(glue, target, { numbered, apiJs, jsApi }) {
  for (const name of numbered) {
    const declared = target === 'web' ? `export function ${name}(` : `\nexports.${name} = ${name};`;
    const parts = glue.split(declared);
    if (parts.length !== 2) throw new Error(`${target} glue: ${declared.trim()} found ${parts.length - 1} times, expected once`);
    glue = parts.join(target === 'web' ? `function ${name}(` : '');
  }
  // Declared `export function` and `export class` in the ES glue, so that shortening its names
  // keeps theirs.
  return target === 'web'
    ? `${glue}\n${apiJs.replace(/^(function|class) /gm, 'export $1 ')}`
    : `${glue}\n${apiJs}\n${jsApi.map((n) => `exports.${n} = ${n};`).join('\n')}\n`;
}

/** wasm-bindgen's glue of variant `v` for `target` as the package ships it: renamed, without dead code, named. */
function shippedGlue(v, target) {
  const glue = readFileSync(join(v.build, target, `${v.name}.js`), 'utf8');
  const lean = withoutDeadCode(withoutWrappers(renamed(glue, target, v), target, v), target);
  return named(target === 'web' ? withOwnInit(lean) : lean, target, v);
}

// The JS modules of the shell (src/wasm/*.js), which the glues import, each with a CommonJS twin
// for the nodejs glue (require(esm) needs Node >= 20.19). Both variants import the same files
// (wasm-bindgen names their folder after the crate), and share one CommonJS twin. Their local
// names are shortened too (0.4 KB gzip); an export keeps its name in an ES module, but a CommonJS
// twin would rename its class, so the twins keep every name: `UserServiceError`, which `shell.js`
// exports, is a name users see.
for (const v of variants) cpSync(join(v.build, 'web', 'snippets'), join(pkg, 'snippets'), { recursive: true });
const esbuild = join(root, 'tests', 'node_modules', 'esbuild', 'bin', 'esbuild');
const { minify: minifyJs } = createRequire(join(root, 'tests', 'package.json'))('terser');
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
const shellCjs = './' + href(shellSnippet).replace(/\.js$/, '.cjs');

// The glues as shipped: whitespace and syntax minified by esbuild (a third off gzip).
//
// The ES glue, which browsers, bundlers, Workers and the Node ES entries load, has the shell's
// module bundled in, and exports the shell's part of the API from it: one module for a browser to
// fetch instead of two, and one gzip stream, which shares what the two have in common (0.36 KB
// less). Its local names are shortened first, on their own (0.57 KB less): what it exports is
// declared `export class` and `export function`, so those keep their names (`UserClient.name`,
// the API in a stack trace) and only the glue's helpers are renamed, as the shell's are. Bundling
// then renames nothing that is exported. Each variant's glue bundles its own copy of the shell:
// `UserServiceError`'s `instanceof` tells either copy's errors (see shell.js).
//
// The CommonJS glue requires the shell's twin, which Node reads from disk, and keeps every name:
// there esbuild would rename the exported classes too.
for (const v of variants) {
  const { name } = v;
  for (const snippet of snippets) {
    const required = href(snippet);
    if (!v.cjsGlue.includes(required)) throw new Error(`${name}: the nodejs glue does not require ${required}`);
    v.cjsGlue = v.cjsGlue.split(required).join(required.replace(/\.js$/, '.cjs'));
  }
  const cjsGlue = join(pkg, `${name}.cjs`);
  writeFileSync(cjsGlue, v.cjsGlue);
  execFileSync(esbuild, [cjsGlue, ...minify, '--allow-overwrite', `--outfile=${cjsGlue}`], { stdio: 'inherit' });

  const esGlue = join(pkg, `${name}.js`);
  writeFileSync(esGlue, readFileSync(esGlue, 'utf8') +
    `\nexport { ${v.shellApi.join(', ')} } from './${href(shellSnippet)}';\n`);
  execFileSync(esbuild, [esGlue, ...minify, '--minify-identifiers', '--allow-overwrite', `--outfile=${esGlue}`], { stdio: 'inherit' });
  execFileSync(esbuild, [esGlue, '--bundle', '--format=esm', ...minify, '--allow-overwrite', `--outfile=${esGlue}`], { stdio: 'inherit' });

  // Every name the Rust side exports (classes and functions), and the shell's, so that no entry
  // can forget one.
  v.names = [...readFileSync(join(v.build, 'web', `${name}.d.ts`), 'utf8')
    .matchAll(/^export (?:class|function) (\w+)/gm)]
    .map((m) => m[1])
    .filter((n) => n !== 'initSync')
    .concat(v.jsApi, v.shellApi);

  // Then terser over the bundle: its compression and its naming by frequency take 0.38 KB more
  // off the client's glue (gzip) than esbuild's alone. Its defaults change no behaviour;
  // `hoist_funs` moves function declarations to the top of their scope, where JavaScript hoists
  // them anyway. The API's names are reserved, so that each keeps its `name`.
  const terser = await minifyJs(readFileSync(esGlue, 'utf8'), {
    module: true,
    compress: { passes: 2, hoist_funs: true },
    mangle: { reserved: v.names },
  });
  writeFileSync(esGlue, terser.code);
  const esText = readFileSync(esGlue, 'utf8');
  if (/\bfrom\s*["']|\bimport\s*\(/.test(esText)) throw new Error(`${name}: the bundled ES glue still imports a module`);
  // Every name of the API is still its own name in the shipped ES glue (users see
  // `UserClient.name` in logs). Importing it runs no wasm: that waits for `init`.
  const esModule = await import(pathToFileURL(esGlue).href);
  for (const n of v.names) {
    if (esModule[n]?.name !== n) throw new Error(`${name}: the ES glue's ${n} is called ${esModule[n]?.name}`);
  }
  if (esModule.UserServiceError === undefined) throw new Error(`${name}: the ES glue exports no UserServiceError`);

  // The browser entry's fallback for dev servers that move it away from the .wasm (see index.js).
  writeFileSync(join(pkg, `${name}_bg.wasm.base64.js`),
    `// The .wasm as base64: loaded only where the file beside it cannot be fetched.\nexport default '${readFileSync(join(pkg, `${name}_bg.wasm`)).toString('base64')}';\n`);
}
for (const snippet of snippets) rmSync(snippet);
const [client, builders] = variants;
if (!client.names.includes('UserClient')) throw new Error('the glue exports no UserClient');

// The entries: each template of `perVariant` once per variant (under `entry`'s name), the rest once.
for (const file of readdirSync(join(root, 'pkg-template'))) {
  const template = readFileSync(join(root, 'pkg-template', file), 'utf8');
  const owners = perVariant.includes(file) ? variants : [file === 'builders.d.ts' ? builders : client];
  for (const v of owners) {
    const name = perVariant.includes(file) ? v.entry(file) : file;
    const text = template
      .replaceAll('__API_CJS__', v.names.map((n) => `${n}: ${v.shellApi.includes(n) ? 'shell' : 'glue'}.${n}`).join(', '))
      .replaceAll('__API__', v.names.join(', '))
      .replaceAll('./__SHELL_CJS__', shellCjs)
      // The module whose declarations the entry's are (slim.d.ts re-exports them).
      .replaceAll('./__TYPES__', './' + v.entry('index.js'))
      .replaceAll('__NAME__', v.name);
    writeFileSync(join(pkg, name), text);
  }
}

// CommonJS consumers get the same declarations as a .d.cts: under `node16` resolution a `require`
// typed by the ESM declarations would be an error ("masquerading as ESM").
// The builders' declarations import the root's, which a .d.cts takes from the CommonJS entry.
for (const v of variants) {
  const types = readFileSync(join(pkg, v.entry('index.d.ts')), 'utf8');
  writeFileSync(join(pkg, v.entry('node.d.cts')), types.replaceAll("'./index.js'", "'./node.cjs'"));
}

// The package's README: the user part of the repository's README (up to its build section).
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const cut = readme.indexOf('\n## Two commands');
if (cut < 0) throw new Error("README.md has no '## Two commands' section to cut at");
writeFileSync(join(pkg, 'README.md'), readme.slice(0, cut).replace(/\n> Status:[^]*?\n\n/, '\n\n') +
  '\nSource, tests and the demo: the telematics-user repository.\n');

/** A glue with the import object's keys, its module name and its `wasm.<export>` uses renamed by `map`. */
function renamed(glue, target, { map, module }) {
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
 * The exports `shell.js` calls on the instance (`v.internal`: a task's step, a client's re-read)
 * under their own names again after wasm-opt has shortened every name: `shell.js`, which the
 * wasm-bindgen test runner's glue imports as well as the package's, cannot know the short names.
 * Taking numbers alone, they need no glue, and the glue's wrappers go (`withoutWrappers`).
 */
async function keptExports(file, v) {
  const { default: binaryen } = await import(join(root, 'tests', 'node_modules', 'binaryen', 'index.js'));
  const module = binaryen.readBinary(readFileSync(file));
  // wasm-opt's `features` (above), which the stripped .wasm no longer names.
  const F = binaryen.Features;
  module.setFeatures(F.BulkMemory | F.BulkMemoryOpt | F.ReferenceTypes | F.NontrappingFPToInt |
    F.SignExt | F.Multivalue | F.MutableGlobals);
  try {
    for (const name of v.internal) {
      const entry = v.map.exports.find(([old]) => old === name);
      if (!entry) throw new Error(`${v.name}: the .wasm exports no ${name}`);
      const { kind, value } = binaryen.getExportInfo(module.getExport(entry[1]));
      if (kind !== binaryen.ExternalFunction) throw new Error(`${v.name}: ${name} is not a function`);
      module.removeExport(entry[1]);
      module.addFunctionExport(value, name);
      entry[1] = name;
    }
    if (!module.validate()) throw new Error(`${v.name}: the .wasm is no longer valid`);
    writeFileSync(file, module.emitBinary());
  } finally {
    module.dispose();
  }
}

/** A glue without its wrappers of the exports `shell.js` calls on the instance itself (`v.internal`). */
function withoutWrappers(glue, target, { internal }) {
  for (const name of internal) {
    const wrapper = target === 'web'
      ? new RegExp(`\\nexport function ${name}\\((\\w+(, \\w+)*)\\) \\{\\n    wasm\\.${name}\\(\\1\\);\\n\\}\\n`, 'g')
      : new RegExp(`\\nfunction ${name}\\((\\w+(, \\w+)*)\\) \\{\\n    wasm\\.${name}\\(\\1\\);\\n\\}\\nexports\\.${name} = ${name};\\n`, 'g');
    const found = glue.match(wrapper) ?? [];
    if (found.length !== 1) throw new Error(`${target} glue: the wrapper of ${name} found ${found.length} times, expected once`);
    glue = glue.replace(found[0], '\n');
  }
  return glue;
}

/**
 * A glue without what wasm-bindgen writes for cases this package never meets; each piece must be
 * found exactly as expected, or the assembly fails (the web glue's init functions go whole, in
 * `withOwnInit`):
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
  glue = cut(glue, /\nif \(!\('encodeInto' in cachedTextEncoder\)\) \{\n[^]*?\n\}\n/g, 1, 'the encodeInto polyfill');
  glue = cut(glue, /\n    if \(realloc === undefined\) \{\n[^]*?\n    \}\n/g, 1, "passStringToWasm0's path without realloc");
  if (/passStringToWasm0\([^,)]*(,[^,)]*)?\)/.test(glue)) {
    throw new Error(`${target} glue: passStringToWasm0 is called without realloc`);
  }
  return glue;
}

/**
 * The web glue with the package's own instantiation in place of wasm-bindgen's (0.28 KB gzip
 * less). wasm-bindgen's handles shapes of argument the entries never pass (a bare module,
 * deprecated parameters) and streams the compile, with a fallback for servers that send the wrong
 * MIME type. Streaming only overlaps compiling with downloading, and Chrome caches compiled code
 * only for modules over 128 KB: for this .wasm, reading the body and then compiling it takes 1.3
 * ms longer in Chromium (fetch and compile from loopback, 5.7 against 4.4 ms, medians of 40), and
 * needs no fallback.
 * - `initSync(module)`: a `WebAssembly.Module` (workerd) or bytes (Node), at once.
 * - the default export, `init(source)`: also a URL or string (fetched), a `Response` or a promise
 *   of one. Once: later calls share the first one's promise, or retry after it fails.
 */
function withOwnInit(glue) {
  const start = glue.indexOf('\nasync function __wbg_load(');
  const end = glue.indexOf('\nexport { initSync, __wbg_init as default };\n');
  if (start < 0 || end < start || !glue.endsWith('as default };\n') || !glue.includes('\nfunction __wbg_finalize_init(instance, module) {')) {
    throw new Error("web glue: wasm-bindgen's init functions are not as expected");
  }
  return `${glue.slice(0, start)}
function initSync(module) {
    if (wasm === undefined) __wbg_finalize_init(new WebAssembly.Instance(module instanceof WebAssembly.Module ? module : new WebAssembly.Module(module), __wbg_get_imports()));
}

let loading;
function init(source) {
    return wasm !== undefined ? Promise.resolve() : loading ??= load(source).catch((e) => { loading = undefined; throw e; });
}

async function load(source) {
    source = await source;
    if (typeof source === 'string' || source instanceof URL || (typeof Request === 'function' && source instanceof Request)) source = await fetch(source);
    if (typeof Response === 'function' && source instanceof Response) {
        if (!source.ok) throw new Error(\`the .wasm could not be fetched: \${source.status} \${source.url}\`);
        source = await source.arrayBuffer();
    }
    const loaded = await WebAssembly.instantiate(source, __wbg_get_imports());
    if (wasm === undefined) __wbg_finalize_init(loaded.instance ?? loaded);
}

export { initSync, init as default };
`;
}

function escape(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function listFiles(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)]));
}

// What a user downloads: a variant's .wasm and ES glue, with the shell's module bundled in (each
// file compressed on its own, as a server sends them). The client's is the package's size (the size
// ratchet, the bench); the builders' entry is measured beside it.
const measured = (file) => {
  const bytes = readFileSync(join(pkg, file));
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, brotli: brotliCompressSync(bytes).length };
};
mkdirSync(join(root, 'target'), { recursive: true });
for (const v of variants) {
  const sizes = Object.fromEntries([`${v.name}_bg.wasm`, `${v.name}.js`].map((f) => [f, measured(f)]));
  const total = (k) => Object.values(sizes).reduce((n, s) => n + s[k], 0);
  console.log(v === client ? 'package sizes (bytes):' : 'the builders entry (telematics-user/builders):');
  const row = (what, raw, gzip, brotli) =>
    console.log(`  ${what.padEnd(33)} raw ${String(raw).padStart(7)}  gzip ${String(gzip).padStart(6)}  brotli ${String(brotli).padStart(6)}`);
  for (const [file, s] of Object.entries(sizes)) row(file, s.raw, s.gzip, s.brotli);
  row('wasm + glue', total('raw'), total('gzip'), total('brotli'));
  writeFileSync(join(root, 'target', v === client ? 'package-sizes.json' : 'builders-sizes.json'), JSON.stringify(sizes, null, 2));
}
