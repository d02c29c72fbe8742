// UserClient, the JavaScript class over a client the .wasm keeps by number (the Rust `new_client`,
// `call_method` and `free_client`, in src/wasm/client.rs), and the names of its methods, which the
// .wasm exports by number: one export instead of twelve, as each export has its own wrapper in
// the .wasm, which checks and converts its arguments.
//
// Not a module of its own: .ci/assemble-pkg.mjs appends it to the client's glue, where
// `newClient`, `callMethod` and `freeClient` are in scope. The numbers are those of the Rust
// `match`; the package's tests call every method and check what it did.

// Each object's client number, out of reach of the caller: a method called on anything else, or
// after `free()`, throws `invalid_input` (-1 is no client's number).
const clientNumbers = new WeakMap();
// A client whose object was collected without `free()` is freed then.
const collected = typeof FinalizationRegistry === 'function' ? new FinalizationRegistry(freeClient) : undefined;

class UserClient {
  constructor(options) {
    const number = newClient(options);
    clientNumbers.set(this, number);
    collected?.register(this, number, this);
  }

  free() {
    const number = clientNumbers.get(this);
    if (number !== undefined) {
      clientNumbers.delete(this);
      collected?.unregister(this);
      freeClient(number);
    }
  }
}
if (Symbol.dispose) UserClient.prototype[Symbol.dispose] = UserClient.prototype.free;

// UserClient's methods, as class methods are: named, not enumerable, not constructors.
[
  'register', 'registerMany', 'login', 'refresh', 'signOut', 'getSession',
  'getUser', 'updateUser', 'setTelematics', 'deleteUser', 'fetch', 'onSessionChange',
].forEach((name, n) => Object.defineProperty(UserClient.prototype, name, {
  value: { [name](a, b) { return callMethod(clientNumbers.get(this) ?? -1, n, a, b); } }[name],
  writable: true,
  configurable: true,
}));
