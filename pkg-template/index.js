// Browsers and bundlers (Vite, webpack, Rollup): the .wasm is fetched from beside this file at
// import, which bundlers see through `new URL(..., import.meta.url)` and emit as one asset.
import init from './__NAME__.js';

try {
  await init(new URL('./__NAME___bg.wasm', import.meta.url));
} catch {
  // A dev server that pre-bundles dependencies (Vite's) moves this file away from the .wasm, and
  // the fetch above gets a 404 page. The same bytes then come from a lazy chunk: production
  // builds emit it but never load it.
  const { default: base64 } = await import('./__NAME___bg.wasm.base64.js');
  await init(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));
}

export { __API__ } from './__NAME__.js';
