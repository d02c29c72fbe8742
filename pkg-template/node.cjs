'use strict';
// Node (CommonJS): wasm-bindgen's nodejs glue instantiates the wasm synchronously on require.
const glue = require('./telematics_user.cjs');
const { UserServiceError } = require('./__SHELL_CJS__');

module.exports = { __API_CJS__, UserServiceError };
