// The names of UserClient's methods, which the .wasm exports by number (the Rust `call_method`,
// in src/wasm/client.rs): one export instead of twelve, as each export has its own wrapper in the
// .wasm, which checks and converts its arguments.
//
// Not a module of its own: .ci/assemble-pkg.mjs appends it to the client's glue, where
// `UserClient` and `callMethod` are in scope. The numbers are those of the Rust `match`; the
// package's tests call every method and check what it did.

// UserClient's methods, as class methods are: named, not enumerable, not constructors.
[
  'register', 'registerMany', 'login', 'refresh', 'signOut', 'getSession',
  'getUser', 'updateUser', 'setTelematics', 'deleteUser', 'fetch', 'onSessionChange',
].forEach((name, n) => Object.defineProperty(UserClient.prototype, name, {
  value: { [name](a, b) { return callMethod(this, n, a, b); } }[name],
  writable: true,
  configurable: true,
}));
