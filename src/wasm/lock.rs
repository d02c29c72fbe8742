//! The lock every context sharing a store takes around a refresh.
//!
//! Where the Web Locks API exists (browsers, including workers) it is `navigator.locks`, so tabs
//! of one origin exclude each other. Elsewhere (Node, Workers) the lock is in-process, which still
//! keeps several clients over one store from refreshing at once. Either way a request gives up
//! after `lockWaitMs`: the spec lets a lock wait forever, and a frozen tab or a stuck holder must
//! not stall the others (the lifecycle's re-read still guards the store).

use crate::wasm::deferred::deferred;
use crate::wasm::timer::Timer;
use std::cell::RefCell;
use std::collections::VecDeque;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    type AbortController;
    #[wasm_bindgen(constructor)]
    fn new() -> AbortController;
    #[wasm_bindgen(method, getter)]
    fn signal(this: &AbortController) -> JsValue;
    #[wasm_bindgen(method)]
    fn abort(this: &AbortController);
}

/// How long a Web Lock stays held after its holder is done. Chromium propagates a `localStorage`
/// write to other tabs asynchronously: a tab that took the lock the instant it was released could
/// still read the old pair and spend its refresh token again (the multi-tab test caught exactly
/// that). The holder's caller is not delayed; only the next refresh waits this long.
const RELEASE_DELAY_MS: i32 = 250;

/// An in-process lock: its name, whether held, and the waiters' wake-up functions in order.
struct Local {
    name: String,
    held: bool,
    waiters: VecDeque<js_sys::Function>,
}

thread_local! {
    // A handful of names at most (one per storage key): a list beats a hash map, in code size too.
    static LOCAL: RefCell<Vec<Local>> = const { RefCell::new(Vec::new()) };
}

/// The lock called `name`, created free on first use.
fn local<'a>(locks: &'a mut Vec<Local>, name: &str) -> &'a mut Local {
    let at = match locks.iter().position(|l| l.name == name) {
        Some(at) => at,
        None => {
            locks.push(Local {
                name: name.to_string(),
                held: false,
                waiters: VecDeque::new(),
            });
            locks.len() - 1
        }
    };
    &mut locks[at]
}

/// Held while the lock is; dropping it releases the lock.
pub(crate) struct Guard {
    release: Option<Box<dyn FnOnce()>>,
}

impl Drop for Guard {
    fn drop(&mut self) {
        if let Some(release) = self.release.take() {
            release();
        }
    }
}

impl Guard {
    fn none() -> Guard {
        Guard { release: None }
    }
}

/// Takes the named lock, or gives up after `wait_ms` and returns a guard that holds nothing.
pub(crate) async fn acquire(name: &str, wait_ms: u32) -> Guard {
    match web_locks() {
        Some(locks) => acquire_web(&locks, name, wait_ms).await,
        None => acquire_local(name, wait_ms).await,
    }
}

fn web_locks() -> Option<JsValue> {
    let navigator = crate::wasm::global::global("navigator")?;
    let locks = js_sys::Reflect::get(&navigator, &"locks".into()).ok()?;
    let request = js_sys::Reflect::get(&locks, &"request".into()).ok()?;
    request.is_function().then_some(locks)
}

async fn acquire_web(locks: &JsValue, name: &str, wait_ms: u32) -> Guard {
    let (granted, grant) = deferred();
    let (held, release) = deferred();
    // The lock callback reports the grant and holds the lock until `release` is called.
    let on_grant = grant.clone();
    let callback = Closure::once_into_js(move |_lock: JsValue| -> js_sys::Promise {
        let _ = on_grant.call1(&JsValue::UNDEFINED, &JsValue::TRUE);
        held
    });
    let controller = AbortController::new();
    let options = js_sys::Object::new();
    crate::wasm::error::set(&options, "signal", &controller.signal());
    let request: Option<js_sys::Function> = js_sys::Reflect::get(locks, &"request".into())
        .ok()
        .and_then(|r| r.dyn_into().ok());
    let Some(Ok(pending)) = request.map(|r| r.call3(locks, &name.into(), &options, &callback))
    else {
        return Guard::none();
    };
    // Timed out (aborted) or refused: report "not granted" and go ahead without the lock.
    wasm_bindgen_futures::spawn_local(async move {
        if JsFuture::from(js_sys::Promise::resolve(&pending))
            .await
            .is_err()
        {
            let _ = grant.call1(&JsValue::UNDEFINED, &JsValue::FALSE);
        }
    });
    let _timer = Timer::start(wait_ms.into(), move || controller.abort());
    let release = move || crate::wasm::timer::call_later(&release, RELEASE_DELAY_MS);
    match JsFuture::from(granted).await {
        Ok(v) if v.is_truthy() => Guard {
            release: Some(Box::new(release)),
        },
        _ => {
            release();
            Guard::none()
        }
    }
}

async fn acquire_local(name: &str, wait_ms: u32) -> Guard {
    let wait = LOCAL.with(|locks| {
        let mut locks = locks.borrow_mut();
        let lock = local(&mut locks, name);
        if lock.held {
            let (promise, wake) = deferred();
            lock.waiters.push_back(wake.clone());
            Some((promise, wake))
        } else {
            lock.held = true;
            None
        }
    });
    if let Some((promise, wake)) = wait {
        // The holder hands over by calling `wake` with `true`; the timer calls it with `false`.
        let on_timeout = wake.clone();
        let _timer = Timer::start(wait_ms.into(), move || {
            let _ = on_timeout.call1(&JsValue::UNDEFINED, &JsValue::FALSE);
        });
        let granted = JsFuture::from(promise).await.is_ok_and(|v| v.is_truthy());
        // Gave up: leave the queue. If we are no longer in it, the holder handed the lock over
        // after the timer fired; then it is ours, and the guard must release it.
        let queued = !granted
            && LOCAL.with(|locks| {
                let mut locks = locks.borrow_mut();
                let waiters = &mut local(&mut locks, name).waiters;
                let before = waiters.len();
                waiters.retain(|w| *w != wake);
                waiters.len() != before
            });
        if queued {
            return Guard::none();
        }
    }
    let name = name.to_string();
    Guard {
        release: Some(Box::new(move || release_local(&name))),
    }
}

/// Hands the lock to the next waiter, or frees it.
fn release_local(name: &str) {
    let next = LOCAL.with(|locks| {
        let mut locks = locks.borrow_mut();
        let lock = local(&mut locks, name);
        let next = lock.waiters.pop_front();
        lock.held = next.is_some();
        next
    });
    if let Some(wake) = next {
        let _ = wake.call1(&JsValue::UNDEFINED, &JsValue::TRUE);
    }
}
