// Node (ESM): the wasm is read from disk and instantiated synchronously at import.
import { readFileSync } from 'node:fs';
import { initSync } from './telematics_user.js';

initSync({ module: readFileSync(new URL('./telematics_user_bg.wasm', import.meta.url)) });

export { __API__ } from './telematics_user.js';
