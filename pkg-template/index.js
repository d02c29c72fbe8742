// Browsers and other ESM hosts: the wasm is fetched next to this file at import.
import init from './telematics_user.js';

await init({ module_or_path: new URL('./telematics_user_bg.wasm', import.meta.url) });

export { __API__ } from './telematics_user.js';
export { UserServiceError } from './__ERROR_JS__';
