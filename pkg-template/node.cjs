'use strict';
// Node (CommonJS): wasm-bindgen's nodejs glue instantiates the wasm synchronously on require.
const glue = require('./__NAME__.cjs');
// The shell's CommonJS twin: the API's plain JavaScript (UserServiceError, the store adapters).
const shell = require('./__SHELL_CJS__');

module.exports = { __API_CJS__ };
