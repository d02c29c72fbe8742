// No I/O on import: the host supplies the wasm (a WebAssembly.Module, bytes, a URL or a Response)
// to init() before the API is used. Without an argument, init() fetches the file beside this one.
import initGlue from './__NAME__.js';

export { __API__ } from './__NAME__.js';

export async function init(module) {
  await initGlue(module ?? new URL('./__NAME___bg.wasm', import.meta.url));
}
