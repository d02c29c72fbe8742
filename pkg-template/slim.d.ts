export * from './__TYPES__';
/**
 * Instantiates the wasm. Pass a `WebAssembly.Module` (Workers: a static `.wasm` import), bytes, a
 * URL or a `Response`; without an argument the file beside the package is fetched.
 */
export function init(module?: WebAssembly.Module | BufferSource | URL | string | Response | Promise<Response>): Promise<void>;
