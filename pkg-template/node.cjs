'use strict';
// Node (CommonJS): wasm-bindgen's nodejs glue instantiates the wasm synchronously on require.
const glue = require('./telematics_user.cjs');
// The shell's CommonJS twin: UserServiceError and the store adapters are its own.
const shell = require('./__SHELL_CJS__');

module.exports = { __API_CJS__ };
