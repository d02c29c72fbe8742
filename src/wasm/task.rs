//! The client's tasks: each method's work ([`Task`]: the lifecycle's step machines, and around
//! them what the method reads and adopts) in a slot, and `shell.js`'s `run` drives it: it performs
//! the I/O a step asks for and steps the task again with what came of it, through the export
//! [`step_task`]. The `.wasm` holds no executor, no futures, no wakers and no closures.
//!
//! A task starts in a microtask, never inside the call that made it (so the constructor's
//! background read runs after the caller has added its listeners). It is out of its slot while it
//! steps: a listener the step calls may start another task.

use crate::api::register_many::{self, Outcome};
use crate::error::{Error, ErrorCode};
use crate::lifecycle::{Authorized, Current, Fresh, Host, Input, Io, Machine, Reason, Set, Step};
use crate::request::{authorization, Request};
use crate::wasm::client::{done, outcome_to_js, Call, Inner, Op, Read, Sent, Target, Unread};
use crate::wasm::error::failure;
use crate::wasm::host::JsHost;
use crate::wasm::js::{Function, Promise};
use crate::wasm::json::{to_js, JsJsonText};
use crate::wasm::requests::{self, user_list};
use crate::wasm::transport;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/wasm/shell.js")]
extern "C" {
    #[wasm_bindgen(js_name = run)]
    fn run_js(exports: &JsValue, id: u32) -> Promise;
    /// What came of the I/O a task is stepped with, which `run` keeps for the step.
    fn outcome() -> JsValue;
}

/// Values by id; a removed value's id is given out again.
struct Slots<T> {
    items: Vec<Option<T>>,
    free: Vec<u32>,
}

impl<T> Slots<T> {
    const fn new() -> Self {
        Slots {
            items: Vec::new(),
            free: Vec::new(),
        }
    }

    fn insert(&mut self, item: T) -> u32 {
        match self.free.pop() {
            Some(id) => {
                self.items[id as usize] = Some(item);
                id
            }
            None => {
                self.items.push(Some(item));
                self.items.len() as u32 - 1
            }
        }
    }
}

thread_local! {
    // Boxed: a task is large (its machines nest), and it moves out of its slot at every step.
    static TASKS: RefCell<Slots<Box<Task>>> = const { RefCell::new(Slots::new()) };
}

/// Runs `task` to its end (starting in a microtask) and returns a Promise of its outcome.
pub(crate) fn run(task: Task) -> Promise {
    let id = TASKS.with(|t| t.borrow_mut().insert(Box::new(task)));
    run_js(&wasm_bindgen::exports(), id)
}

/// Steps the task `id` with what came of its last I/O (`io`: what it was; `ok`: whether it
/// succeeded; its value: [`outcome`]) and tells the driver the next I/O; a task that is done
/// leaves its slot.
///
/// `shell.js`'s `run` calls it through the instance's exports, with numbers alone, so that no
/// closure stands between (the package's glue keeps no wrapper for it).
#[wasm_bindgen(js_name = stepTask, skip_typescript)]
pub fn step_task(id: u32, io: u32, ok: bool) {
    let taken = TASKS.with(|t| t.borrow_mut().items.get_mut(id as usize)?.take());
    // `run` steps only the tasks it runs, each until it is done.
    let Some(mut task) = taken else {
        return Task::lost();
    };
    let done = task.step(io, ok, outcome());
    TASKS.with(|t| {
        let mut tasks = t.borrow_mut();
        if done {
            tasks.free.push(id);
        } else {
            tasks.items[id as usize] = Some(task);
        }
    });
}

/// A method's work, stepped by `shell.js`'s driver: the lifecycle's machines, and around them
/// what the method reads and adopts.
pub(crate) struct Task {
    inner: Rc<Inner>,
    work: Work,
}

// Its states are not boxed one by one: the task is boxed whole (`task::run`), once per call.
#[allow(clippy::large_enum_variant)]
enum Work {
    /// An input error, which the first step answers.
    Failed(Option<Error>),
    /// A call and where it is.
    Call(Call, CallAt),
    /// `registerMany`: its batches, its outcome so far and the batch on the wire.
    Many(Vec<register_many::Batch>, Outcome, usize),
    Refresh(Fresh),
    /// `getSession()`, or (`true`) the background read, which is done whatever it finds.
    Session(Current, bool),
    SignOut(Set),
}

/// Where a call is: sending (with the session's token, under the lifecycle's refresh rules, when
/// it is authorized), then storing the session its answer brought.
#[allow(clippy::large_enum_variant)]
enum CallAt {
    Authorized(Authorized<Sent>),
    Sending,
    Adopting(JsValue, Set),
}

// What a step asks of the driver (`shell.js`'s `run`): its `io` and its arguments, which `run`
// reads once the step has returned.
#[wasm_bindgen(module = "/src/wasm/shell.js")]
extern "C" {
    #[wasm_bindgen(js_name = io)]
    fn io_done(io: u32, ok: bool, value: &JsValue);
    #[wasm_bindgen(js_name = io)]
    fn io_store(io: u32, store: &JsValue, text: Option<&str>);
    #[wasm_bindgen(js_name = io)]
    fn io_lock(io: u32, name: &str, wait_ms: u32);
    /// A send, with `extra` the largest body read (a core request) or the caller's signal
    /// (`client.fetch`'s), `after_ms` from now.
    #[wasm_bindgen(js_name = io)]
    fn io_send(
        io: u32,
        fetch: &Function,
        request: &JsValue,
        authorization: Option<&str>,
        timeout_ms: u32,
        extra: &JsValue,
        after_ms: f64,
    );
    #[wasm_bindgen(js_name = io)]
    fn io_events(io: u32, events: &crate::wasm::events::Events);
}

// The driver's I/O by number (`shell.js`'s `run`).
const START: u32 = 0;
const LOAD: u32 = 1;
const WRITE: u32 = 2;
const LOCK: u32 = 3;
const UNLOCK: u32 = 4;
const SEND: u32 = 5;
const FETCH: u32 = 6;
const WAIT: u32 = 7;
const ATTEMPT: u32 = 8;

impl Task {
    /// The work of a method's operation, or of its input's error (which the first step answers).
    pub(crate) fn new(inner: Rc<Inner>, op: crate::error::Result<Op>) -> Task {
        let work = match op {
            Err(e) => Work::Failed(Some(e)),
            Ok(Op::Call(call)) => {
                let at = if call.authorized {
                    CallAt::Authorized(Authorized::default())
                } else {
                    CallAt::Sending
                };
                Work::Call(call, at)
            }
            Ok(Op::Many(users, options)) => match user_list(&users, &options)
                .and_then(|(inputs, size)| register_many::plan(inner.config(), &inputs, size))
            {
                Ok((batches, outcome)) => Work::Many(batches, outcome, 0),
                Err(e) => Work::Failed(Some(e)),
            },
            Ok(Op::Refresh) => Work::Refresh(Fresh::new(true)),
            Ok(Op::Session) => Work::Session(Current::default(), false),
            Ok(Op::SignOut) => Work::SignOut(Set::end(Reason::SignedOut)),
        };
        Task { inner, work }
    }

    /// The background read of the store ([`client`](crate::wasm::client)'s `reread`): done
    /// whatever it finds.
    pub(crate) fn reread(inner: Rc<Inner>) -> Task {
        Task {
            inner,
            work: Work::Session(Current::default(), true),
        }
    }

    /// What a step answers when `run` steps a task it does not have (it never does).
    pub(crate) fn lost() {
        io_done(START, false, &lost().into())
    }

    /// Steps the task with what came of its last I/O (`io`: what it was; `ok` and `value`: its
    /// outcome); asks for the next I/O, and answers whether the task is done.
    pub(crate) fn step(&mut self, io: u32, ok: bool, value: JsValue) -> bool {
        let input = self.input(io, ok, value);
        let outcome = match self.advance(input) {
            Step::Io(io) => {
                if self.command(io) {
                    return false;
                }
                // An I/O this work cannot make (only a call attempts): done, not left in its slot.
                Err(lost())
            }
            Step::Done(outcome) => outcome,
        };
        match outcome {
            Ok(value) => io_done(START, true, &value),
            Err(e) => io_done(START, false, &JsValue::from(self.inner.redact(e))),
        }
        true
    }

    /// The call's target, for the work that is a call.
    fn target(&self) -> Option<&Target> {
        match &self.work {
            Work::Call(call, _) => Some(&call.target),
            _ => None,
        }
    }

    /// What came of an I/O, as the lifecycle's machines take it.
    fn input(&self, io: u32, ok: bool, value: JsValue) -> Input<JsJsonText, Sent> {
        let outcome = if ok { Ok(value) } else { Err(failure(&value)) };
        match io {
            START => Input::Start,
            LOAD => Input::Loaded(outcome.map(|v| self.inner.host().store.text(v))),
            WRITE => Input::Written(outcome.map(drop)),
            LOCK => Input::Locked,
            UNLOCK => Input::Unlocked,
            SEND => Input::Sent(outcome.map(|v| transport::answer(&v))),
            FETCH => Input::Attempted(
                outcome.map(|v| Sent::Response(Unread::new(transport::response(&v)))),
            ),
            ATTEMPT => Input::Attempted(outcome.map(|v| {
                let read = match self.target() {
                    Some(Target::Request(_, read)) => *read,
                    _ => done,
                };
                Sent::Answer(transport::answer(&v), read)
            })),
            _ => Input::Landed,
        }
    }

    /// The next step of the work.
    fn advance(&mut self, input: Input<JsJsonText, Sent>) -> Step<JsValue> {
        let lc = &self.inner.lifecycle;
        let now_ms = || lc.host().now_ms();
        match &mut self.work {
            Work::Failed(error) => Step::Done(Err(error.take().unwrap_or_else(lost))),
            Work::Call(_, at) => {
                let sent = match at {
                    CallAt::Authorized(authorized) => match authorized.step(lc, input) {
                        Step::Io(io) => return Step::Io(io),
                        Step::Done(sent) => sent,
                    },
                    CallAt::Sending => match input {
                        Input::Start => return Step::Io(Io::Attempt(None)),
                        Input::Attempted(sent) => sent,
                        _ => return Step::Done(Err(lost())),
                    },
                    CallAt::Adopting(value, set) => {
                        return match Machine::<JsHost, Sent>::step(set, lc, input) {
                            Step::Io(io) => Step::Io(io),
                            Step::Done(adopted) => Step::Done(adopted.map(|()| value.clone())),
                        }
                    }
                };
                // A core answer is read, and the session it brought stored; a `Response` is given
                // as it is.
                let read = match sent {
                    Err(e) => return Step::Done(Err(e)),
                    Ok(Sent::Response(response)) => return Step::Done(Ok(response.take().into())),
                    Ok(Sent::Answer(answer, read)) => read(&answer, now_ms()),
                };
                match read {
                    Err(e) => Step::Done(Err(e)),
                    Ok(Read { value, adopt: None }) => Step::Done(Ok(value)),
                    Ok(Read {
                        value,
                        adopt: Some((session, reason)),
                    }) => {
                        *at = CallAt::Adopting(value, Set::adopt(session, reason));
                        self.advance(Input::Start)
                    }
                }
            }
            Work::Many(batches, outcome, next) => {
                match input {
                    Input::Start => {}
                    Input::Sent(answer) => {
                        let answer = answer
                            .as_ref()
                            .map(|a| (a.meta(), &a.body))
                            .map_err(Clone::clone);
                        register_many::record(&batches[*next], answer, now_ms(), outcome);
                        *next += 1;
                    }
                    _ => return Step::Done(Err(lost())),
                }
                match batches.get_mut(*next) {
                    // Each batch is sent once: its request moves out rather than being copied.
                    Some(batch) => Step::Io(Io::Send(std::mem::take(&mut batch.request), 0)),
                    None => Step::Done(Ok(outcome_to_js(&self.inner, std::mem::take(outcome)))),
                }
            }
            Work::Refresh(fresh) => match Machine::<JsHost, Sent>::step(fresh, lc, input) {
                Step::Io(io) => Step::Io(io),
                Step::Done(session) => Step::Done(session.map(|s| to_js(&s.to_json()))),
            },
            Work::Session(current, reread) => {
                match Machine::<JsHost, Sent>::step(current, lc, input) {
                    Step::Io(io) => Step::Io(io),
                    Step::Done(_) if *reread => Step::Done(Ok(JsValue::UNDEFINED)),
                    Step::Done(session) => Step::Done(
                        session.map(|s| s.map_or(JsValue::NULL, |s| to_js(&s.to_json()))),
                    ),
                }
            }
            Work::SignOut(set) => match Machine::<JsHost, Sent>::step(set, lc, input) {
                Step::Io(io) => Step::Io(io),
                Step::Done(ended) => Step::Done(ended.map(|()| JsValue::UNDEFINED)),
            },
        }
    }

    /// The driver's arguments for sending a core request (`io`: the lifecycle's own, or a call's
    /// attempt), with `authorization` when given, `after_ms` from now.
    fn send(&self, io: u32, request: &Request, authorization: Option<&str>, after_ms: u64) {
        let t = &self.inner.host().transport;
        let plain = requests::plain(request);
        io_send(
            io,
            &t.fetch,
            &plain,
            authorization,
            t.timeout_ms,
            &JsValue::from_f64(t.max_response_bytes.into()),
            after_ms as f64,
        )
    }

    /// Gives the driver an I/O and its arguments; `false` for an attempt of work that is not a
    /// call.
    fn command(&self, io: Io) -> bool {
        let host = self.inner.host();
        let t = &host.transport;
        match io {
            Io::Load => io_store(LOAD, &host.store.js, None),
            Io::Write(text) => io_store(WRITE, &host.store.js, text.as_deref()),
            Io::Lock => io_lock(LOCK, &host.lock_name, host.lock_wait_ms),
            Io::Unlock => io_done(UNLOCK, true, &JsValue::UNDEFINED),
            Io::Send(request, after_ms) => self.send(SEND, &request, None, after_ms),
            Io::Attempt(token) => {
                let value = token.as_deref().map(authorization);
                let value = value.as_deref();
                match self.target() {
                    Some(Target::Fetch(base, signal)) => {
                        io_send(FETCH, &t.fetch, base, value, t.timeout_ms, signal, 0.0)
                    }
                    Some(Target::Request(request, _)) => self.send(ATTEMPT, request, value, 0),
                    None => return false,
                }
            }
            Io::Wait => io_events(WAIT, &host.events),
        }
        true
    }
}

/// A task stepped out of order: what the driver never does.
fn lost() -> Error {
    Error::new(ErrorCode::Aborted, "the call was lost")
}
