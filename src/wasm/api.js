// The names of the API's functions that the .wasm exports by number: UserClient's methods (the
// Rust `call_method`, in src/wasm/client.rs) and the request builders (the Rust
// `build_request`, in src/wasm/builders.rs). One export each instead of twenty: every export
// has its own wrapper in the .wasm, which checks and converts its arguments.
//
// Not a module of its own: .ci/assemble-pkg.mjs appends it to each glue, where `UserClient`,
// `callMethod` and `buildRequest` are in scope, and exports the builders from there. The numbers
// are those of the two Rust `match`es; the package's tests call every name and check what it did.

// UserClient's methods, as class methods are: named, not enumerable, not constructors.
[
  'register', 'registerMany', 'login', 'refresh', 'signOut', 'getSession',
  'getUser', 'updateUser', 'setTelematics', 'deleteUser', 'fetch', 'onSessionChange',
].forEach((name, n) => Object.defineProperty(UserClient.prototype, name, {
  value: { [name](a, b) { return callMethod(this, n, a, b); } }[name],
  writable: true,
  configurable: true,
}));

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
