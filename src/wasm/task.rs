//! The shell's tasks: the client's futures run here, and a JS promise is awaited through one
//! callback that lives as long as the module.
//!
//! Why not wasm-bindgen-futures: it makes two closures for every promise awaited (each a JS
//! function registered for finalization, and each closure type an invoker and an export in the
//! `.wasm`) and carries a queue and a JSPI path this package never uses. This executor saved
//! 0.5 KB gzip and about 8% of each call's time (issue 7). Here a task is a boxed
//! future in a slot and its waker names the slot; a promise awaited is a slot that `shell.js`'s
//! `wait` fills. A spawned task first runs in a microtask, never inside the call that spawned it
//! (so the constructor's background read runs after the caller has added its listeners), and
//! then whenever it is woken.

use crate::wasm::settle::item;
use std::cell::{Cell, OnceCell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/wasm/shell.js")]
extern "C" {
    fn wait(promise: &JsValue, id: Option<u32>, resume: &JsValue);
    fn deferred() -> JsValue;
    fn finish(parts: &JsValue, ok: bool, value: &JsValue);
}

type Job = Pin<Box<dyn Future<Output = ()>>>;

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

    /// The id the next [`Slots::insert`] gives.
    fn next_id(&self) -> u32 {
        self.free.last().copied().unwrap_or(self.items.len() as u32)
    }

    fn insert(&mut self, item: T) -> u32 {
        let id = self.next_id();
        match self.free.pop() {
            Some(_) => self.items[id as usize] = Some(item),
            None => self.items.push(Some(item)),
        }
        id
    }

    fn get_mut(&mut self, id: u32) -> Option<&mut T> {
        self.items.get_mut(id as usize)?.as_mut()
    }

    fn remove(&mut self, id: u32) -> Option<T> {
        let item = self.items.get_mut(id as usize)?.take();
        if item.is_some() {
            self.free.push(id);
        }
        item
    }
}

/// A spawned future (out of its slot while it is being polled) and the waker that names it.
struct Task {
    job: Option<Job>,
    waker: Waker,
}

/// A promise being awaited.
enum Pending {
    /// Not settled yet: who to wake when it is.
    Waiting(Option<Waker>),
    Settled(std::result::Result<JsValue, JsValue>),
    /// Its future was dropped first: the slot is freed when the promise settles, not before,
    /// so that its id is not given to another promise while `wait` still holds it.
    Abandoned,
}

struct Executor {
    tasks: RefCell<Slots<Task>>,
    promises: RefCell<Slots<Pending>>,
    /// The tasks to poll, each once.
    ready: RefCell<Vec<u32>>,
    /// Tasks are being polled: a wake needs no microtask, the loop will see it.
    running: Cell<bool>,
    /// A microtask to poll the ready tasks is queued.
    scheduled: Cell<bool>,
    resume: OnceCell<Resume>,
}

/// `resume(id, ok, value)`: a promise settled (`id`), or the queued microtask (no id).
type Resume = Closure<dyn Fn(Option<u32>, bool, JsValue)>;

thread_local! {
    static EXECUTOR: Executor = const {
        Executor {
            tasks: RefCell::new(Slots::new()),
            promises: RefCell::new(Slots::new()),
            ready: RefCell::new(Vec::new()),
            running: Cell::new(false),
            scheduled: Cell::new(false),
            resume: OnceCell::new(),
        }
    };
}

/// Wakes the task with this id.
struct Wakeup(u32);

impl Wake for Wakeup {
    fn wake(self: Arc<Self>) {
        EXECUTOR.with(|e| e.wake(self.0));
    }
}

impl Executor {
    fn resume(&self) -> &JsValue {
        self.resume
            .get_or_init(|| {
                Closure::new(|id: Option<u32>, ok: bool, value: JsValue| {
                    EXECUTOR.with(|e| e.resumed(id, ok, value))
                })
            })
            .as_ref()
    }

    fn spawn(&self, job: Job) {
        let id = {
            let mut tasks = self.tasks.borrow_mut();
            let waker = Waker::from(Arc::new(Wakeup(tasks.next_id())));
            tasks.insert(Task {
                job: Some(job),
                waker,
            })
        };
        self.wake(id);
    }

    fn wake(&self, id: u32) {
        {
            let mut ready = self.ready.borrow_mut();
            if !ready.contains(&id) {
                ready.push(id);
            }
        }
        if !self.running.get() && !self.scheduled.replace(true) {
            // No promise: `resume` is called in a microtask.
            wait(&JsValue::UNDEFINED, None, self.resume());
        }
    }

    /// JavaScript calls back: a promise settled, or the queued microtask runs. Either way every
    /// ready task is polled, here, until none is left.
    fn resumed(&self, id: Option<u32>, ok: bool, value: JsValue) {
        self.running.set(true);
        match id {
            Some(id) => self.settle(id, if ok { Ok(value) } else { Err(value) }),
            None => self.scheduled.set(false),
        }
        loop {
            let ready = std::mem::take(&mut *self.ready.borrow_mut());
            if ready.is_empty() {
                break;
            }
            ready.into_iter().for_each(|id| self.poll(id));
        }
        self.running.set(false);
    }

    fn settle(&self, id: u32, result: std::result::Result<JsValue, JsValue>) {
        let waker = {
            let mut promises = self.promises.borrow_mut();
            match promises.get_mut(id) {
                Some(Pending::Waiting(waker)) => {
                    let waker = waker.take();
                    promises.items[id as usize] = Some(Pending::Settled(result));
                    waker
                }
                _ => {
                    promises.remove(id);
                    None
                }
            }
        };
        if let Some(waker) = waker {
            waker.wake();
        }
    }

    fn poll(&self, id: u32) {
        let taken = {
            let mut tasks = self.tasks.borrow_mut();
            tasks
                .get_mut(id)
                .and_then(|t| Some((t.job.take()?, t.waker.clone())))
        };
        // Done already, or a waker of a finished task whose id went to another: nothing to do.
        let Some((mut job, waker)) = taken else {
            return;
        };
        if job
            .as_mut()
            .poll(&mut Context::from_waker(&waker))
            .is_pending()
        {
            if let Some(task) = self.tasks.borrow_mut().get_mut(id) {
                task.job = Some(job);
            }
        } else {
            // Dropped before its slot is freed: what the drop wakes or spawns gets another id.
            drop(job);
            self.tasks.borrow_mut().remove(id);
        }
    }
}

/// Runs `future` to its end, starting in a microtask.
pub(crate) fn spawn(future: impl Future<Output = ()> + 'static) {
    EXECUTOR.with(|e| e.spawn(Box::pin(future)));
}

/// Runs `future` (starting in a microtask) and returns a Promise of its outcome; a failure
/// rejects it with what `reject` makes of it.
pub(crate) fn promise<E>(
    future: impl Future<Output = std::result::Result<JsValue, E>> + 'static,
    reject: impl FnOnce(E) -> JsValue + 'static,
) -> js_sys::Promise {
    let parts = deferred();
    let promise = item(&parts, 0).unchecked_into();
    spawn(async move {
        let (ok, value) = match future.await {
            Ok(value) => (true, value),
            Err(e) => (false, reject(e)),
        };
        finish(&parts, ok, &value);
    });
    promise
}

/// What `promise` settles to: its value, or its rejection's reason.
pub(crate) fn settled(promise: &js_sys::Promise) -> Settled {
    EXECUTOR.with(|e| {
        let id = e.promises.borrow_mut().insert(Pending::Waiting(None));
        wait(promise, Some(id), e.resume());
        Settled(Some(id))
    })
}

/// The future of [`settled`]: the promise's slot, until its outcome is taken.
pub(crate) struct Settled(Option<u32>);

impl Future for Settled {
    type Output = std::result::Result<JsValue, JsValue>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let Some(id) = self.0 else {
            return Poll::Pending;
        };
        EXECUTOR.with(|e| {
            let mut promises = e.promises.borrow_mut();
            match promises.get_mut(id) {
                Some(Pending::Waiting(waker)) => {
                    *waker = Some(cx.waker().clone());
                    Poll::Pending
                }
                _ => match promises.remove(id) {
                    Some(Pending::Settled(outcome)) => {
                        self.0 = None;
                        Poll::Ready(outcome)
                    }
                    _ => Poll::Pending,
                },
            }
        })
    }
}

impl Drop for Settled {
    fn drop(&mut self) {
        if let Some(id) = self.0 {
            EXECUTOR.with(|e| {
                let mut promises = e.promises.borrow_mut();
                match promises.get_mut(id) {
                    Some(pending @ Pending::Waiting(_)) => *pending = Pending::Abandoned,
                    _ => drop(promises.remove(id)),
                }
            });
        }
    }
}
