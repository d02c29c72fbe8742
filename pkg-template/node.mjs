// Node (ESM): the wasm is read from disk and instantiated synchronously at import.
import { readFileSync } from 'node:fs';
import { initSync } from './__NAME__.js';

initSync(readFileSync(new URL('./__NAME___bg.wasm', import.meta.url)));

export { __API__ } from './__NAME__.js';
