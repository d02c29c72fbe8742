// Cloudflare Workers (workerd). The .wasm is a static import, which Wrangler (and any bundler that
// follows its module rules) turns into a compiled WebAssembly.Module: workerd forbids compiling
// wasm from bytes at run time, so neither fetching nor base64 would work here. Instantiation is
// synchronous, at import.
import module from './__NAME___bg.wasm';
import { initSync } from './__NAME__.js';

initSync(module);

export { __API__ } from './__NAME__.js';
