//! `UserClient`, the JavaScript API. Each method decodes its arguments, asks the core for the
//! request, sends it through the lifecycle, and hands the core's reading back to JavaScript.

use crate::api;
use crate::api::register_many::Outcome;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::lifecycle::{Attempt, Lifecycle, Reason};
use crate::request::Request;
use crate::response::Answer;
use crate::session::Session;
use crate::wasm::error::set;
use crate::wasm::events::Events;
use crate::wasm::host::JsHost;
use crate::wasm::js::{Array, Function, Object, Promise};
use crate::wasm::json::{to_js, JsJsonText};
use crate::wasm::options;
use crate::wasm::requests;
use crate::wasm::store::Store;
use crate::wasm::task::{self, Task};
use crate::wasm::transport::{self, FetchResponse, Transport};
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;

/// A client of the Telematics User Service: in JavaScript, the class `UserClient` of
/// `src/wasm/methods.js`, whose objects hold a client's number (see [`new_client`]).
pub struct UserClient {
    inner: Rc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) lifecycle: Lifecycle<JsHost>,
    /// Its number among the clients (`CLIENTS`).
    number: u32,
}

impl UserClient {
    /// Creates a client. Fails with a `UserServiceError` with code `invalid_config` for bad
    /// options.
    pub fn new(options: JsValue) -> std::result::Result<UserClient, JsValue> {
        let inner = Inner::new(options).map_err(JsValue::from)?;
        // Read the store once now, so that a stored session is announced as `restored`.
        reread(inner.clone());
        Ok(UserClient { inner })
    }
}

/// `new UserClient(options)` in JavaScript: makes a client, keeps it under its number and returns
/// the number, which the JavaScript object holds until [`free_client`].
///
/// A class of JavaScript's own over numbers, rather than wasm-bindgen's exported struct, spares
/// the `.wasm` the struct's borrow cell and its messages, which no call of this client can meet:
/// 0.26 KB gzip.
#[wasm_bindgen(js_name = newClient, skip_typescript)]
pub fn new_client(options: JsValue) -> std::result::Result<u32, JsValue> {
    let UserClient { inner } = UserClient::new(options)?;
    let number = inner.number;
    CLIENTS.with(|c| c.borrow_mut()[number as usize].1 = Some(inner));
    Ok(number)
}

/// `client.free()` in JavaScript, or its object collected: the client numbered `number` goes
/// (once its tasks in flight are done) and its number is given out again.
#[wasm_bindgen(js_name = freeClient, skip_typescript)]
pub fn free_client(number: u32) {
    let kept = CLIENTS.with(|c| c.borrow_mut().get_mut(number as usize)?.1.take());
    // Dropped once the list is no longer borrowed: a client that goes closes its channel.
    drop(kept);
}

/// `UserClient`'s methods, under one export: `callMethod(client, method, a, b)`, where `client`
/// is the client's number ([`new_client`]), `method` the method's number below and `a`, `b` its
/// arguments. The package's JavaScript (`src/wasm/methods.js`) puts each on
/// `UserClient.prototype` under its name, in this order; one export instead of twelve leaves one
/// wrapper that checks and converts arguments in the `.wasm`, rather than one per method. Only
/// `onSessionChange`, and a client that was freed, throw; the others return a Promise.
#[wasm_bindgen(js_name = callMethod, skip_typescript)]
pub fn call_method(
    client: u32,
    method: u32,
    a: JsValue,
    b: JsValue,
) -> std::result::Result<JsValue, JsValue> {
    let inner = CLIENTS.with(|c| c.borrow().get(client as usize)?.1.clone());
    let Some(inner) = inner else {
        return Err(Error::input("this UserClient was freed, or is not one").into());
    };
    let client = UserClient { inner };
    let promise = match method {
        0 => client.register(a),
        1 => client.register_many(a, b),
        2 => client.login(a),
        3 => client.refresh(),
        4 => client.sign_out(),
        5 => client.get_session(),
        6 => client.get_user(),
        7 => client.update_user(a, b),
        8 => client.set_telematics(a, b),
        9 => client.delete_user(a),
        10 => client.fetch(a, b),
        11 => return client.on_session_change(a).map(JsValue::from),
        _ => client.start(Err(Error::input("no such method"))),
    };
    Ok(promise.into())
}

/// The methods: each but `onSessionChange` returns a Promise, which rejects with a
/// `UserServiceError`. JavaScript reaches them through [`call_method`].
impl UserClient {
    /// Calls `callback(session | null, reason)` on every session change; returns an unsubscribe
    /// function. Throws `invalid_input` when `callback` is not a function.
    pub fn on_session_change(&self, callback: JsValue) -> std::result::Result<Function, JsValue> {
        let off = self.inner.host().events.on(&callback);
        off.ok_or_else(|| Error::input("callback must be a function").into())
    }

    /// Registers a user (`Registration/Create`) and stores the session when tokens come back.
    pub fn register(&self, user: JsValue) -> Promise {
        let request = requests::register(self.inner.config(), &user);
        self.start(request.map(|r| Op::Call(Call::new(r, registered))))
    }

    /// Registers many users over `Registration/CreateMany`, in batches of `batchSize` (default
    /// 100). Resolves to `{ registered, failed }`, each entry with its `index` in `users`. Does
    /// not touch this client's session.
    pub fn register_many(&self, users: JsValue, options: JsValue) -> Promise {
        self.start(Ok(Op::Many(users, options)))
    }

    /// Logs in with `{ deviceToken }`, `{ email, password }` or `{ phone, password }`; stores the
    /// session.
    pub fn login(&self, credentials: JsValue) -> Promise {
        let request = requests::login(self.inner.config(), &credentials);
        self.start(request.map(|r| Op::Call(Call::new(r, logged_in))))
    }

    /// Rotates the token pair now. Concurrent callers (and other tabs) share one refresh.
    pub fn refresh(&self) -> Promise {
        self.start(Ok(Op::Refresh))
    }

    /// Clears the stored session (the service has no logout endpoint).
    pub fn sign_out(&self) -> Promise {
        self.start(Ok(Op::SignOut))
    }

    /// The stored session, or `null`.
    pub fn get_session(&self) -> Promise {
        self.start(Ok(Op::Session))
    }

    /// The signed-in user's profile.
    pub fn get_user(&self) -> Promise {
        let request = api::users::get_request(self.inner.config(), "");
        self.start(Ok(Op::Call(Call::new(request, profile).authorized())))
    }

    /// Updates the signed-in user, or with `{ deviceToken }` another user (admin session).
    pub fn update_user(&self, changes: JsValue, options: JsValue) -> Promise {
        let request = requests::update(self.inner.config(), "", &changes, &options);
        self.start(request.map(|r| Op::Call(Call::new(r, done).authorized())))
    }

    /// Sets the telematics parameters: `updateUser({ telematics: params }, options)`.
    pub fn set_telematics(&self, params: JsValue, options: JsValue) -> Promise {
        let request = requests::set_telematics(self.inner.config(), "", &params, &options);
        self.start(request.map(|r| Op::Call(Call::new(r, done).authorized())))
    }

    /// Deletes a user (admin session). An unknown user rejects with `not_found`.
    pub fn delete_user(&self, device_token: JsValue) -> Promise {
        let request = requests::delete(self.inner.config(), "", &device_token);
        self.start(request.map(|r| Op::Call(Call::new(r, done).authorized())))
    }

    /// `fetch(input, init)` with `Authorization: Bearer <access token>`, under the same refresh
    /// rules: proactive refresh, one shared refresh, one replay after a 401. The replay's answer,
    /// 401 or not, is returned as it is. `init.signal` aborts it (`aborted`).
    pub fn fetch(&self, resource: JsValue, init: JsValue) -> Promise {
        let prepared = transport::prepare(&resource, &init);
        self.start(prepared.map(|(base, signal)| Op::Call(Call::fetch(base, signal))))
    }
}

impl UserClient {
    /// Runs a method's operation as a Promise; an error (the method's input error included)
    /// is redacted and rejects it as a `UserServiceError`. Every method goes through here and
    /// [`Task::step`], so the `.wasm` holds one driver and one step function for them all.
    fn start(&self, op: Result<Op>) -> Promise {
        task::run(Task::new(self.inner.clone(), op))
    }
}

/// Reads the store in the background, for the events a read emits (`restored`, `external`). A
/// store that fails now is reported by the first call that needs it.
fn reread(inner: Rc<Inner>) {
    let _ = task::run(Task::reread(inner));
}

/// A numbered client: its `Weak`, for its broadcast channel's messages ([`reread_client`]), and
/// the client itself while JavaScript holds it ([`new_client`], [`free_client`]).
type Numbered = (Weak<Inner>, Option<Rc<Inner>>);

thread_local! {
    /// The clients by number. A client that is gone leaves a dead `Weak`, whose number the next
    /// client takes.
    static CLIENTS: RefCell<Vec<Numbered>> = const { RefCell::new(Vec::new()) };
}

/// Numbers the client `weak` (which is being made).
fn number(weak: &Weak<Inner>) -> u32 {
    CLIENTS.with(|c| {
        let mut clients = c.borrow_mut();
        let gone = clients.iter().position(|(w, _)| w.strong_count() == 0);
        let n = gone.unwrap_or(clients.len());
        let entry = (weak.clone(), None);
        match clients.get_mut(n) {
            Some(slot) => *slot = entry,
            None => clients.push(entry),
        }
        n as u32
    })
}

/// Another context changed the store of client `client`: it re-reads it, which emits `external`.
///
/// The client's broadcast channel (`shell.js`'s `Events`) calls it through the instance's
/// exports, with a number alone, so that no closure stands between (the package's glue keeps no
/// wrapper for it). A client that is gone is skipped.
#[wasm_bindgen(js_name = rereadClient, skip_typescript)]
pub fn reread_client(client: u32) {
    let inner = CLIENTS.with(|c| c.borrow().get(client as usize)?.0.upgrade());
    if let Some(inner) = inner {
        reread(inner);
    }
}

/// What a method asks of the client.
pub(crate) enum Op {
    /// A core request and how its answer is read: `register`, `login`, `getUser`,
    /// `updateUser`, `setTelematics`, `deleteUser`.
    Call(Call),
    /// `registerMany(users, options)`.
    Many(JsValue, JsValue),
    /// `refresh()`.
    Refresh,
    /// `getSession()`.
    Session,
    /// `signOut()`.
    SignOut,
}

impl Inner {
    fn new(options: JsValue) -> Result<Rc<Inner>> {
        let config = options::config(&options)?;
        let (fetch, store) = options::host(&options, &config.storage_key, config.timeout_ms)?;
        let name = "telematics-user:".to_string() + &config.storage_key;
        Ok(Rc::new_cyclic(|weak: &Weak<Inner>| {
            let number = number(weak);
            let host = JsHost {
                transport: Transport {
                    fetch,
                    timeout_ms: config.timeout_ms,
                    max_response_bytes: config.max_response_bytes,
                },
                store: Store::new(store),
                lock_wait_ms: config.lock_wait_ms,
                events: Events::new(&name, &wasm_bindgen::exports(), number),
                lock_name: name,
            };
            Inner {
                lifecycle: Lifecycle::new(config, host),
                number,
            }
        }))
    }

    pub(crate) fn config(&self) -> &Config {
        self.lifecycle.config()
    }

    pub(crate) fn host(&self) -> &JsHost {
        self.lifecycle.host()
    }

    pub(crate) fn redact(&self, error: Error) -> Error {
        self.lifecycle.redact(error)
    }
}

/// What a method sends. Every method that sends goes through `Op::Call` in [`Task`] (one attempt
/// type, so one instance of the lifecycle's
/// [`Authorized`](crate::lifecycle::Authorized)), and its reading is plain code: a method
/// adds no step machine of its own to the `.wasm`.
pub(crate) struct Call {
    pub(crate) target: Target,
    /// Sent with the session's access token (replayed once after a 401).
    pub(crate) authorized: bool,
}

/// A core request and how its answer is read, or `client.fetch`'s JS `Request` and the caller's
/// signal.
pub(crate) enum Target {
    Request(Request, Reader),
    Fetch(JsValue, JsValue),
}

/// What an attempt got: a core answer and its reader, or `client.fetch`'s `Response`.
pub(crate) enum Sent {
    Answer(Answer<JsJsonText>, Reader),
    Response(Unread),
}

impl Attempt for Sent {
    fn unauthorized(&self) -> bool {
        match self {
            Sent::Answer(answer, _) => answer.unauthorized(),
            Sent::Response(response) => response.unauthorized(),
        }
    }
}

/// Reads a method's answer (given the clock), as plain code.
pub(crate) type Reader = fn(&Answer<JsJsonText>, u64) -> Result<Read>;

impl Call {
    fn new(request: Request, read: Reader) -> Call {
        Call {
            target: Target::Request(request, read),
            authorized: false,
        }
    }

    /// `client.fetch`: always authorized.
    fn fetch(base: JsValue, signal: JsValue) -> Call {
        Call {
            target: Target::Fetch(base, signal),
            authorized: true,
        }
    }

    fn authorized(self) -> Call {
        Call {
            authorized: true,
            ..self
        }
    }
}

/// What an answer reads to: the value for JavaScript, and a session to store before it is given.
pub(crate) struct Read {
    pub(crate) value: JsValue,
    pub(crate) adopt: Option<(Session, Reason)>,
}

impl Read {
    fn value(value: JsValue) -> Read {
        Read { value, adopt: None }
    }
}

/// `register`: the registration, and its session when the answer carries tokens.
fn registered(answer: &Answer<JsJsonText>, now_ms: u64) -> Result<Read> {
    let (registration, session) =
        api::register::read_with_session(&answer.meta(), &answer.body, now_ms)?;
    Ok(Read {
        value: to_js(&registration.to_json()),
        adopt: session.map(|s| (s, Reason::Registered)),
    })
}

/// `login`: the session, stored.
fn logged_in(answer: &Answer<JsJsonText>, now_ms: u64) -> Result<Read> {
    let session = api::login::read(&answer.meta(), &answer.body, now_ms)?;
    Ok(Read {
        value: to_js(&session.to_json()),
        adopt: Some((session, Reason::Login)),
    })
}

/// `getUser`: the profile.
fn profile(answer: &Answer<JsJsonText>, now_ms: u64) -> Result<Read> {
    let profile = api::users::read_profile(&answer.meta(), &answer.body, now_ms)?;
    Ok(Read::value(to_js(&profile)))
}

/// `updateUser`, `setTelematics` and `deleteUser`: `undefined` once the service confirms.
pub(crate) fn done(answer: &Answer<JsJsonText>, now_ms: u64) -> Result<Read> {
    api::users::read_done(&answer.meta(), &answer.body, now_ms)?;
    Ok(Read::value(JsValue::UNDEFINED))
}

/// A `Response` that has not been handed to the caller; dropped unread (a 401 about to be
/// replayed), its body is cancelled so that the connection is released.
pub(crate) struct Unread(Option<FetchResponse>, u16);

impl Unread {
    pub(crate) fn new((response, status): (FetchResponse, u16)) -> Unread {
        Unread(Some(response), status)
    }

    pub(crate) fn take(mut self) -> FetchResponse {
        self.0
            .take()
            .unwrap_or_else(|| JsValue::UNDEFINED.unchecked_into())
    }
}

impl Drop for Unread {
    fn drop(&mut self) {
        if let Some(response) = self.0.take() {
            response.discard();
        }
    }
}

impl Attempt for Unread {
    fn unauthorized(&self) -> bool {
        self.1 == 401
    }
}

/// `{ registered: [{ index, ...registration }], failed: [{ index, error }] }`.
pub(crate) fn outcome_to_js(inner: &Inner, outcome: Outcome) -> JsValue {
    let registered = Array::new();
    let failed = Array::new();
    for (index, user) in outcome.users.into_iter().enumerate() {
        let (list, entry, error) = match user {
            Some(Ok(registration)) => {
                let entry = to_js(&registration.to_json()).unchecked_into();
                (&registered, entry, None)
            }
            Some(Err(error)) => (&failed, Object::new(), Some(error)),
            None => continue,
        };
        set(&entry, "index", &(index as f64).into());
        if let Some(error) = error {
            set(&entry, "error", &JsValue::from(inner.redact(error)));
        }
        list.push(&entry);
    }
    let result = Object::new();
    set(&result, "registered", &registered);
    set(&result, "failed", &failed);
    result.into()
}
