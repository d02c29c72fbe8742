// The names of the request builders, which their .wasm exports by number (the Rust
// `build_request`, in src/wasm/builders.rs): one export instead of eight, as each export has its
// own wrapper in the .wasm, which checks and converts its arguments.
//
// Not a module of its own: .ci/assemble-pkg.mjs appends it to the builders' glue, where
// `buildRequest` is in scope, and exports the builders from there. The numbers are those of the
// Rust `match`; the package's tests call every builder and check what it built.

function buildRegisterRequest(options, user) {
  return buildRequest(0, options, user);
}

function buildRegisterManyRequests(options, users, many) {
  return buildRequest(1, options, users, many);
}

function buildLoginRequest(options, credentials) {
  return buildRequest(2, options, credentials);
}

function buildRefreshRequest(options, session) {
  return buildRequest(3, options, session);
}

function buildGetUserRequest(options, accessToken) {
  return buildRequest(4, options, accessToken);
}

function buildUpdateUserRequest(options, accessToken, changes, target) {
  return buildRequest(5, options, accessToken, changes, target);
}

function buildSetTelematicsRequest(options, accessToken, params, target) {
  return buildRequest(6, options, accessToken, params, target);
}

function buildDeleteUserRequest(options, accessToken, deviceToken) {
  return buildRequest(7, options, accessToken, deviceToken);
}
