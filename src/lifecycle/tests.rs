//! The lifecycle against a fake clock and a scripted, rotating-token server.

use super::*;
use crate::json::SerdeJsonText;
use crate::request::Request;
use crate::response::Answer;
use futures::executor::LocalPool;
use futures::future::join_all;
use futures::lock::{Mutex, OwnedMutexGuard};
use std::cell::{Cell, RefCell};
use std::collections::{HashMap, VecDeque};
use std::future::poll_fn;
use std::rc::Rc;
use std::sync::Arc;
use std::task::Poll;

const START: u64 = 1_700_000_000_000;
const LIFETIME_S: u64 = 60;

/// A User Service stand-in that rotates refresh tokens and remembers every one spent.
#[derive(Default)]
struct Server {
    /// Live access tokens and when they expire (fake clock).
    access: HashMap<String, u64>,
    /// Live refresh tokens.
    refresh: Vec<String>,
    /// Every refresh token presented, in order.
    presented: Vec<String>,
    /// Canned answers for the next refresh requests, before the normal behaviour.
    refresh_script: VecDeque<Result<Answer<SerdeJsonText>>>,
    /// Bearer tokens of the non-refresh requests, in order.
    calls: Vec<String>,
    /// Always answer 401 to non-refresh requests.
    deny_all: bool,
    issued: u32,
}

impl Server {
    fn issue(&mut self, now: u64) -> (String, String) {
        self.issued += 1;
        let (at, rt) = (format!("AT-{}", self.issued), format!("RT-{}", self.issued));
        self.access.insert(at.clone(), now + LIFETIME_S * 1000);
        self.refresh.push(rt.clone());
        (at, rt)
    }

    fn refreshes(&self) -> usize {
        self.presented.len()
    }

    fn spent_twice(&self) -> bool {
        let mut seen = self.presented.clone();
        seen.sort();
        seen.windows(2).any(|w| w[0] == w[1])
    }
}

fn answer(status: u16, body: &str) -> Answer<SerdeJsonText> {
    Answer {
        status,
        retry_after: None,
        date: None,
        body: SerdeJsonText::new(body),
    }
}

/// One context's host: its own clock view and listeners, sharing the store, lock and server.
struct FakeHost {
    clock: Rc<Cell<u64>>,
    store: Rc<RefCell<Option<String>>>,
    lock: Option<Arc<Mutex<()>>>,
    server: Rc<RefCell<Server>>,
    events: RefCell<Vec<(Option<String>, Reason)>>,
    sleeps: RefCell<Vec<u64>>,
    jitter: f64,
    /// How many of the next writes the store refuses (a full quota).
    refuse_writes: Rc<Cell<u32>>,
    /// How many turns of the other tasks a write takes before it lands (an async store).
    write_ticks: Rc<Cell<u32>>,
    /// The store's reads so far, and which of them (by number, from 1) fail.
    reads: Rc<Cell<u32>>,
    failing_reads: Rc<RefCell<Vec<u32>>>,
    /// The tasks waiting for a refresh to land.
    waiting: RefCell<Vec<std::task::Waker>>,
}

/// Lets every other task run once: the network is never instantaneous.
async fn tick() {
    let mut yielded = false;
    poll_fn(|cx| {
        if yielded {
            Poll::Ready(())
        } else {
            yielded = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    })
    .await
}

impl Host for FakeHost {
    type Body = SerdeJsonText;

    fn now_ms(&self) -> u64 {
        self.clock.get()
    }
    fn jitter(&self) -> f64 {
        self.jitter
    }
    fn changed(&self, session: Option<&Session>, reason: Reason) {
        self.events
            .borrow_mut()
            .push((session.map(|s| s.access_token.clone()), reason));
    }
    fn landed(&self) {
        self.waiting
            .take()
            .into_iter()
            .for_each(std::task::Waker::wake);
    }
}

/// The I/O the lifecycle's machines ask for, performed as the wasm shell's driver does it.
impl FakeHost {
    async fn send(&self, request: &Request, after_ms: u64) -> Result<Answer<SerdeJsonText>> {
        if after_ms > 0 {
            self.sleeps.borrow_mut().push(after_ms);
            self.clock.set(self.clock.get() + after_ms);
            tick().await;
        }
        tick().await;
        let now = self.clock.get();
        let mut server = self.server.borrow_mut();
        if request.url.ends_with("/v1/RefreshToken") {
            let body: serde_json::Value =
                serde_json::from_str(request.body.as_deref().unwrap()).unwrap();
            let rt = body["RefreshToken"].as_str().unwrap().to_string();
            server.presented.push(rt.clone());
            if let Some(canned) = server.refresh_script.pop_front() {
                return canned;
            }
            let Some(i) = server.refresh.iter().position(|r| *r == rt) else {
                return Ok(answer(401, ""));
            };
            server.refresh.remove(i);
            let (at, rt) = server.issue(now);
            let body = format!(
                r#"{{"Status":200,"Result":{{"AccessToken":{{"Token":"{at}","ExpiresIn":{LIFETIME_S}}},"RefreshToken":"{rt}"}}}}"#
            );
            return Ok(answer(200, &body));
        }
        let bearer = request.bearer().unwrap_or_default().to_string();
        server.calls.push(bearer.clone());
        let live = server.access.get(&bearer).is_some_and(|&exp| now < exp);
        Ok(if live && !server.deny_all {
            answer(200, r#"{"Status":200,"Result":{}}"#)
        } else {
            answer(401, "")
        })
    }
    async fn load(&self) -> Result<Option<String>> {
        // An async store: the value is read now and delivered later, maybe stale by then.
        let value = self.store.borrow().clone();
        tick().await;
        self.reads.set(self.reads.get() + 1);
        if self.failing_reads.borrow().contains(&self.reads.get()) {
            return Err(Error::new(
                ErrorCode::Storage,
                "the session store failed to read",
            ));
        }
        Ok(value)
    }
    async fn write(&self, text: Option<&str>) -> Result<()> {
        for _ in 0..self.write_ticks.get() {
            tick().await;
        }
        let Some(text) = text else {
            *self.store.borrow_mut() = None;
            return Ok(());
        };
        if self.refuse_writes.get() > 0 {
            self.refuse_writes.set(self.refuse_writes.get() - 1);
            return Err(Error::new(
                ErrorCode::Storage,
                "the session store failed to save: quota exceeded",
            ));
        }
        *self.store.borrow_mut() = Some(text.to_string());
        Ok(())
    }
    async fn lock(&self) -> Option<OwnedMutexGuard<()>> {
        match &self.lock {
            Some(m) => Some(Arc::clone(m).lock_owned().await),
            None => None,
        }
    }
    /// Until the next refresh lands (or at once, when it already has: the machine looks again).
    async fn wait(&self) {
        let mut registered = false;
        poll_fn(|cx| {
            if registered {
                return Poll::Ready(());
            }
            registered = true;
            self.waiting.borrow_mut().push(cx.waker().clone());
            Poll::Pending
        })
        .await
    }
}

/// Steps `machine` to its end, performing its I/O on the client's host; `attempt` makes the
/// caller's attempt for [`Io::Attempt`].
async fn drive<M, A, Fut>(
    client: &Lifecycle<FakeHost>,
    mut machine: M,
    attempt: impl Fn(String) -> Fut,
) -> Result<M::Output>
where
    M: Machine<FakeHost, A>,
    Fut: std::future::Future<Output = Result<A>>,
{
    let host = client.host();
    let mut guard = None;
    let mut input = Input::Start;
    loop {
        input = match machine.step(client, input) {
            Step::Done(outcome) => return outcome,
            Step::Io(Io::Load) => Input::Loaded(host.load().await),
            Step::Io(Io::Write(text)) => Input::Written(host.write(text.as_deref()).await),
            Step::Io(Io::Lock) => {
                guard = host.lock().await;
                Input::Locked
            }
            Step::Io(Io::Unlock) => {
                drop(guard.take());
                Input::Unlocked
            }
            Step::Io(Io::Send(request, after_ms)) => {
                Input::Sent(host.send(&request, after_ms).await)
            }
            Step::Io(Io::Attempt(token)) => {
                Input::Attempted(attempt(token.unwrap_or_default()).await)
            }
            Step::Io(Io::Wait) => {
                host.wait().await;
                Input::Landed
            }
        };
    }
}

/// A machine without an attempt of its own.
async fn no_attempt(_: String) -> Result<Answer<SerdeJsonText>> {
    unreachable!("this machine makes no attempt")
}

/// The lifecycle's operations as the shell runs them, each a machine driven to its end.
impl Lifecycle<FakeHost> {
    async fn current(&self) -> Result<Option<Session>> {
        drive(self, Current::default(), no_attempt).await
    }
    async fn session(&self) -> Result<Session> {
        drive(self, Fresh::new(false), no_attempt).await
    }
    async fn refresh(&self) -> Result<Session> {
        drive(self, Fresh::new(true), no_attempt).await
    }
    async fn adopt(&self, session: &Session, reason: Reason) -> Result<()> {
        drive(self, Set::adopt(session.clone(), reason), no_attempt).await
    }
    async fn end(&self, reason: Reason) -> Result<()> {
        drive(self, Set::end(reason), no_attempt).await
    }
    async fn authorized<A: Attempt, Fut>(&self, attempt: impl Fn(String) -> Fut) -> Result<A>
    where
        Fut: std::future::Future<Output = Result<A>>,
    {
        drive(self, Authorized::default(), attempt).await
    }
}

/// A world: one server, one shared store and lock, and any number of clients over them.
struct World {
    clock: Rc<Cell<u64>>,
    store: Rc<RefCell<Option<String>>>,
    lock: Arc<Mutex<()>>,
    server: Rc<RefCell<Server>>,
    refuse_writes: Rc<Cell<u32>>,
    write_ticks: Rc<Cell<u32>>,
    reads: Rc<Cell<u32>>,
    failing_reads: Rc<RefCell<Vec<u32>>>,
}

impl World {
    fn new() -> World {
        World {
            clock: Rc::new(Cell::new(START)),
            store: Rc::new(RefCell::new(None)),
            lock: Arc::new(Mutex::new(())),
            server: Rc::new(RefCell::new(Server::default())),
            refuse_writes: Rc::new(Cell::new(0)),
            write_ticks: Rc::new(Cell::new(0)),
            reads: Rc::new(Cell::new(0)),
            failing_reads: Rc::new(RefCell::new(Vec::new())),
        }
    }

    fn client(&self) -> Lifecycle<FakeHost> {
        self.client_with(true)
    }

    fn client_with(&self, shared_lock: bool) -> Lifecycle<FakeHost> {
        Lifecycle::new(
            Config::default(),
            FakeHost {
                clock: self.clock.clone(),
                store: self.store.clone(),
                lock: shared_lock.then(|| self.lock.clone()),
                server: self.server.clone(),
                events: RefCell::new(Vec::new()),
                sleeps: RefCell::new(Vec::new()),
                jitter: 0.5,
                refuse_writes: self.refuse_writes.clone(),
                write_ticks: self.write_ticks.clone(),
                reads: self.reads.clone(),
                failing_reads: self.failing_reads.clone(),
                waiting: RefCell::new(Vec::new()),
            },
        )
    }

    /// Signs a user in: a live pair in the server and in the store.
    fn sign_in(&self) -> Session {
        let now = self.clock.get();
        let (at, rt) = self.server.borrow_mut().issue(now);
        let session = Session {
            device_token: "dev".into(),
            access_token: at,
            refresh_token: rt,
            expires_at: Some(now + LIFETIME_S * 1000),
            issued_at: Some(now),
        };
        *self.store.borrow_mut() = Some(session.encode());
        session
    }

    /// Queues canned answers for the next refresh requests.
    fn script_refresh(&self, answers: impl IntoIterator<Item = Result<Answer<SerdeJsonText>>>) {
        self.server.borrow_mut().refresh_script.extend(answers);
    }

    /// Makes the store's `n`th read from now fail (1 = the next one).
    fn fail_read(&self, n: u32) {
        self.failing_reads.borrow_mut().push(self.reads.get() + n);
    }

    fn advance(&self, ms: u64) {
        self.clock.set(self.clock.get() + ms);
    }

    fn stored(&self) -> Option<Session> {
        let text = self.store.borrow().clone()?;
        Session::decode(&SerdeJsonText::new(text))
    }
}

/// An authenticated call, as the shell makes one.
async fn call(client: &Lifecycle<FakeHost>) -> Result<u16> {
    let config = client.config().clone();
    let answer = client
        .authorized(|token| {
            let request = crate::api::users::get_request(&config, &token);
            async move { client.host().send(&request, 0).await }
        })
        .await?;
    Ok(answer.status)
}

fn block_on<T>(f: impl std::future::Future<Output = T>) -> T {
    LocalPool::new().run_until(f)
}

fn reasons(client: &Lifecycle<FakeHost>) -> Vec<Reason> {
    client.host().events.borrow().iter().map(|e| e.1).collect()
}

#[test]
fn a_fresh_token_is_used_as_it_is() {
    let world = World::new();
    let session = world.sign_in();
    let client = world.client();
    assert_eq!(block_on(call(&client)), Ok(200));
    assert_eq!(world.server.borrow().refreshes(), 0);
    assert_eq!(world.server.borrow().calls, vec![session.access_token]);
    assert_eq!(reasons(&client), vec![Reason::Restored]);
}

#[test]
fn a_token_within_the_leeway_is_refreshed_before_the_call() {
    let world = World::new();
    world.sign_in();
    let client = world.client();
    // 60 s lifetime: the 60 s leeway is capped at 30 s, so at 29 s nothing happens...
    world.advance(29_000);
    assert_eq!(block_on(call(&client)), Ok(200));
    assert_eq!(world.server.borrow().refreshes(), 0);
    // ...and at 30 s the pair is rotated first, and the call carries the new token.
    world.advance(1_000);
    assert_eq!(block_on(call(&client)), Ok(200));
    let server = world.server.borrow();
    assert_eq!(server.refreshes(), 1);
    assert_eq!(server.calls.last().unwrap(), "AT-2");
    assert_eq!(world.stored().unwrap().refresh_token, "RT-2");
    assert_eq!(reasons(&client), vec![Reason::Restored, Reason::Refreshed]);
}

#[test]
fn concurrent_calls_with_an_expired_token_share_one_refresh() {
    let world = World::new();
    world.sign_in();
    // No cross-context lock: the in-client flight alone must hold the line.
    let client = world.client_with(false);
    world.advance(120_000);
    let results = block_on(join_all((0..200).map(|_| call(&client))));
    assert!(results.iter().all(|r| *r == Ok(200)), "{results:?}");
    let server = world.server.borrow();
    assert_eq!(server.refreshes(), 1);
    assert!(server.calls.iter().all(|t| t == "AT-2"));
    assert_eq!(server.calls.len(), 200);
}

#[test]
fn clients_over_one_store_never_spend_a_refresh_token_twice() {
    let world = World::new();
    world.sign_in();
    let clients: Vec<_> = (0..5).map(|_| world.client()).collect();
    for round in 0..20 {
        world.advance(45_000);
        let results = block_on(join_all(
            clients.iter().flat_map(|c| (0..10).map(move |_| call(c))),
        ));
        assert!(results.iter().all(|r| *r == Ok(200)), "round {round}");
    }
    let server = world.server.borrow();
    assert!(!server.spent_twice(), "{:?}", server.presented);
    assert_eq!(
        server.refreshes(),
        20,
        "one refresh per round, whoever did it"
    );
    // The other clients learned of each rotation from the store.
    assert!(clients
        .iter()
        .any(|c| reasons(c).contains(&Reason::External)));
}

#[test]
fn a_401_with_an_outdated_token_replays_with_the_stored_one_without_refreshing() {
    let world = World::new();
    let old = world.sign_in();
    let client = world.client();
    block_on(client.current()).unwrap();
    // Another context rotates the pair; the server forgets the old access token at once.
    let (at, rt) = world.server.borrow_mut().issue(world.clock.get());
    world.server.borrow_mut().access.remove(&old.access_token);
    let fresh = Session {
        access_token: at.clone(),
        refresh_token: rt,
        ..old.clone()
    };
    let client_view = client.host().store.clone();
    // The store changes after the client read it, before the server answers.
    let client = &client;
    let result = block_on(async {
        let config = client.config().clone();
        client
            .authorized(|token| {
                let request = crate::api::users::get_request(&config, &token);
                let (store, fresh) = (client_view.clone(), fresh.encode());
                async move {
                    *store.borrow_mut() = Some(fresh);
                    client.host().send(&request, 0).await
                }
            })
            .await
    });
    assert_eq!(result.map(|a| a.status), Ok(200));
    let server = world.server.borrow();
    assert_eq!(server.refreshes(), 0);
    assert_eq!(server.calls, vec![old.access_token, at]);
}

#[test]
fn exactly_one_replay_after_a_refresh() {
    let world = World::new();
    world.sign_in();
    let client = world.client();
    world.server.borrow_mut().deny_all = true;
    // The replay's 401 is the answer: no second refresh, no loop.
    assert_eq!(block_on(call(&client)), Ok(401));
    let server = world.server.borrow();
    assert_eq!(server.refreshes(), 1);
    assert_eq!(server.calls, vec!["AT-1", "AT-2"]);
}

#[test]
fn a_rejected_refresh_ends_the_session() {
    for (status, body) in [
        (400, r#"{"Status":400,"Title":"invalid token"}"#),
        (401, ""),
        (419, ""),
        (200, r#"{"Status":401,"Result":null}"#),
    ] {
        let world = World::new();
        world.sign_in();
        let client = world.client();
        world.advance(120_000);
        world.script_refresh([Ok(answer(status, body))]);
        let e = block_on(call(&client)).unwrap_err();
        assert_eq!(e.code(), ErrorCode::SessionExpired, "{status} {body}");
        assert_eq!(world.stored(), None);
        assert_eq!(
            client.host().events.borrow().last(),
            Some(&(None, Reason::Expired))
        );
        // Later calls fail at once, without touching the network.
        let sent = world.server.borrow().presented.len() + world.server.borrow().calls.len();
        let e = block_on(call(&client)).unwrap_err();
        assert_eq!(e.code(), ErrorCode::NoSession);
        let after = world.server.borrow().presented.len() + world.server.borrow().calls.len();
        assert_eq!(sent, after);
    }
}

#[test]
fn transient_refresh_failures_keep_the_session_and_back_off() {
    let cases: Vec<(Result<Answer<SerdeJsonText>>, ErrorCode)> = vec![
        (Ok(answer(503, "")), ErrorCode::Server),
        (Ok(answer(500, "<html>")), ErrorCode::Server),
        (
            Err(Error::new(ErrorCode::Network, "down")),
            ErrorCode::Network,
        ),
        (
            Err(Error::new(ErrorCode::Timeout, "slow")),
            ErrorCode::Timeout,
        ),
        (Ok(answer(429, "")), ErrorCode::RateLimited),
    ];
    for (canned, code) in cases {
        let world = World::new();
        let session = world.sign_in();
        let client = world.client();
        world.advance(120_000);
        world.script_refresh(vec![canned.clone(); 3]);
        let e = block_on(call(&client)).unwrap_err();
        assert_eq!(e.code(), code);
        assert_eq!(world.server.borrow().refreshes(), 3, "{code:?}");
        assert_eq!(world.stored(), Some(session.clone()), "{code:?}");
        let sleeps = client.host().sleeps.borrow().clone();
        assert_eq!(sleeps.len(), 2, "{code:?}");
        assert!(
            sleeps.iter().all(|&ms| (150..=5_000).contains(&ms)),
            "{sleeps:?}"
        );
        // The service is back: the same session refreshes fine.
        assert_eq!(block_on(call(&client)), Ok(200), "{code:?}");
    }
}

#[test]
fn a_short_retry_after_is_waited_for_and_a_long_one_is_not() {
    let world = World::new();
    world.sign_in();
    let client = world.client();
    world.advance(120_000);
    let limited = |seconds: &str| {
        Ok(Answer {
            retry_after: Some(seconds.into()),
            ..answer(429, "")
        })
    };
    world.script_refresh([limited("2"), limited("3600")]);
    let e = block_on(call(&client)).unwrap_err();
    assert_eq!(e.code(), ErrorCode::RateLimited);
    assert_eq!(e.retry_after(), Some(3600));
    assert_eq!(*client.host().sleeps.borrow(), vec![2_000 + 150]);
}

#[test]
fn an_early_refresh_that_fails_still_lets_a_live_token_through() {
    let world = World::new();
    world.sign_in();
    let client = world.client();
    world.advance(40_000);
    world.script_refresh(vec![Ok(answer(503, "")); 3]);
    assert_eq!(block_on(call(&client)), Ok(200));
    assert_eq!(world.server.borrow().calls, vec!["AT-1"]);
}

#[test]
fn signing_out_during_a_refresh_does_not_bring_the_session_back() {
    let world = World::new();
    world.sign_in();
    let client = world.client();
    let other = world.client();
    world.advance(120_000);
    let (refreshed, ended) = block_on(futures::future::join(client.refresh(), async {
        tick().await;
        tick().await;
        other.end(Reason::SignedOut).await
    }));
    assert_eq!(ended, Ok(()));
    assert_eq!(refreshed.unwrap_err().code(), ErrorCode::NoSession);
    assert_eq!(world.stored(), None);
}

#[test]
fn a_corrupt_store_entry_is_no_session_and_is_removed() {
    let world = World::new();
    *world.store.borrow_mut() = Some("{not json".into());
    let client = world.client();
    assert_eq!(block_on(client.current()), Ok(None));
    assert_eq!(*world.store.borrow(), None);
    assert_eq!(
        block_on(call(&client)).unwrap_err().code(),
        ErrorCode::NoSession
    );
    assert!(reasons(&client).is_empty());
}

#[test]
fn events_tell_restored_external_and_local_changes_apart() {
    let world = World::new();
    world.sign_in();
    let client = world.client();
    let other = world.client();
    block_on(client.current()).unwrap();
    block_on(other.refresh()).unwrap();
    block_on(client.current()).unwrap();
    block_on(client.current()).unwrap();
    block_on(client.end(Reason::SignedOut)).unwrap();
    assert_eq!(
        reasons(&client),
        vec![Reason::Restored, Reason::External, Reason::SignedOut]
    );
    assert_eq!(reasons(&other), vec![Reason::Restored, Reason::Refreshed]);
}

#[test]
fn errors_are_redacted_of_every_token_held() {
    let world = World::new();
    let session = world.sign_in();
    let client = world.client();
    block_on(client.current()).unwrap();
    let leaky = Error::new(
        ErrorCode::Validation,
        format!("bad {} and {}", session.access_token, session.refresh_token),
    );
    let clean = client.redact(leaky);
    assert!(!clean.message().contains("AT-1") && !clean.message().contains("RT-1"));
}

#[test]
fn redaction_keeps_the_instance_key_and_the_newest_tokens_within_its_bound() {
    let world = World::new();
    world.sign_in();
    let config = Config {
        instance_key: Some("INSTANCE-KEY".into()),
        ..Config::default()
    };
    let client = Lifecycle::new(config, world.client().host);
    // Eleven rotations: 24 tokens in all, more than the sixteen remembered.
    for _ in 0..11 {
        block_on(client.refresh()).unwrap();
    }
    let leaky = |text: &str| client.redact(Error::new(ErrorCode::Validation, text.to_string()));
    // Sixteen: the key and the fifteen newest tokens (AT-6 to AT-12, RT-5 to RT-12).
    for kept in ["INSTANCE-KEY", "AT-12", "RT-12", "AT-6", "RT-5"] {
        assert!(
            !leaky(&format!("[{kept}]")).message().contains(kept),
            "{kept}"
        );
    }
    // The older ones are forgotten: what is remembered stays bounded.
    for forgotten in ["AT-5", "RT-4", "AT-1", "RT-1"] {
        assert!(
            leaky(&format!("[{forgotten}]"))
                .message()
                .contains(forgotten),
            "{forgotten}"
        );
    }
}

#[test]
fn a_read_that_overlaps_an_own_write_is_not_an_external_change() {
    let world = World::new();
    let client = world.client();
    let session = world.sign_in();
    *world.store.borrow_mut() = None;
    let (read, adopted) = block_on(futures::future::join(
        client.current(),
        client.adopt(&session, Reason::Login),
    ));
    assert_eq!((read, adopted), (Ok(None), Ok(())));
    block_on(client.current()).unwrap();
    assert_eq!(reasons(&client), vec![Reason::Login]);
}

#[test]
fn a_store_that_refuses_the_rotated_pair_does_not_lose_the_session() {
    let world = World::new();
    world.sign_in();
    let client = world.client();
    world.advance(120_000);
    // The refresh succeeds but the store is full: the write and its first retry fail.
    world.refuse_writes.set(2);
    assert_eq!(block_on(call(&client)), Ok(200));
    assert_eq!(
        world.stored().unwrap().refresh_token,
        "RT-1",
        "the store is stale"
    );
    assert_eq!(block_on(client.session()).unwrap().refresh_token, "RT-2");
    // Once the store takes writes again, the pair lands there; no token was ever spent twice.
    assert_eq!(block_on(call(&client)), Ok(200));
    assert_eq!(world.stored().unwrap().refresh_token, "RT-2");
    let server = world.server.borrow();
    assert_eq!((server.refreshes(), server.spent_twice()), (1, false));
    assert_eq!(server.calls, ["AT-2", "AT-2"].map(String::from));
    drop(server);
    assert_eq!(reasons(&client), vec![Reason::Restored, Reason::Refreshed]);
}

/// A signed-in client whose rotated pair RT-2 the store refused: it is kept in memory, over RT-1.
fn refused_rotation(world: &World) -> Lifecycle<FakeHost> {
    world.sign_in();
    let client = world.client();
    world.advance(120_000);
    world.refuse_writes.set(1);
    assert_eq!(block_on(client.refresh()).unwrap().refresh_token, "RT-2");
    assert_eq!(world.stored().unwrap().refresh_token, "RT-1");
    client
}

#[test]
fn an_unsaved_pair_yields_to_a_newer_write_and_to_a_sign_out() {
    let world = World::new();
    let client = refused_rotation(&world);
    // Another context logs in meanwhile: the store moved on, so its pair wins over ours.
    let other = world.sign_in();
    assert_eq!(
        block_on(client.session()).unwrap().refresh_token,
        other.refresh_token
    );

    world.refuse_writes.set(1);
    world.advance(120_000);
    assert!(block_on(client.refresh()).is_ok());
    block_on(client.end(Reason::SignedOut)).unwrap();
    assert_eq!(
        block_on(client.session()).unwrap_err().code(),
        ErrorCode::NoSession
    );
    assert_eq!(world.stored(), None);
}

#[test]
fn a_read_during_a_new_write_does_not_write_an_older_unsaved_pair_back() {
    let world = World::new();
    let client = refused_rotation(&world);
    // A login adopts a newer pair through an async store, while a read runs: the read still
    // sees RT-1 stored and must not write the unsaved RT-2 over the login's pair.
    let (at, rt) = world.server.borrow_mut().issue(world.clock.get());
    let login = Session {
        device_token: "dev".into(),
        access_token: at,
        refresh_token: rt.clone(),
        expires_at: None,
        issued_at: None,
    };
    world.write_ticks.set(2);
    let (adopted, read) = block_on(futures::future::join(
        client.adopt(&login, Reason::Login),
        client.current(),
    ));
    adopted.unwrap();
    assert_eq!(
        read.unwrap().unwrap().refresh_token,
        "RT-1",
        "read before the write landed"
    );
    assert_eq!(world.stored().unwrap().refresh_token, rt);
    assert_eq!(block_on(client.session()).unwrap().refresh_token, rt);
}

#[test]
fn a_store_that_fails_to_read_fails_the_call_and_keeps_the_session() {
    let world = World::new();
    world.sign_in();
    let client = world.client();
    block_on(client.current()).unwrap();
    world.fail_read(1);
    assert_eq!(
        block_on(call(&client)).unwrap_err().code(),
        ErrorCode::Storage
    );
    // Nothing was removed and nobody was told of a sign-out; the next call works.
    assert_eq!(world.stored().unwrap().refresh_token, "RT-1");
    assert_eq!(block_on(call(&client)), Ok(200));
    assert_eq!(reasons(&client), vec![Reason::Restored]);
}

#[test]
fn a_read_failure_after_a_refresh_keeps_the_rotated_pair() {
    let world = World::new();
    world.sign_in();
    let client = world.client();
    block_on(client.current()).unwrap();
    world.advance(120_000);
    // refresh() reads the session, re-reads it under the lock, refreshes, and reads once more
    // before storing the new pair. That last read fails; the old refresh token is spent by then.
    world.fail_read(3);
    assert_eq!(block_on(client.refresh()).unwrap().refresh_token, "RT-2");
    assert_eq!(world.stored().unwrap().refresh_token, "RT-2");
    assert_eq!(world.reads.get(), 4);
    assert_eq!(world.server.borrow().refreshes(), 1);
    assert_eq!(reasons(&client), vec![Reason::Restored, Reason::Refreshed]);
}

#[test]
fn a_rejected_refresh_with_an_unreadable_store_ends_the_session() {
    let world = World::new();
    world.sign_in();
    let client = world.client();
    block_on(client.current()).unwrap();
    world.server.borrow_mut().refresh.clear();
    world.advance(120_000);
    world.fail_read(3);
    assert_eq!(
        block_on(client.refresh()).unwrap_err().code(),
        ErrorCode::SessionExpired
    );
    assert_eq!(world.stored(), None);
}

#[test]
fn a_refresh_abandoned_before_it_lands_does_not_hold_up_the_next() {
    let world = World::new();
    let session = world.sign_in();
    let client = world.client();
    // A leader stepped as far as the lock, then dropped (a driver that gave up on it).
    let mut leader = RefreshFrom::new(session.access_token.clone());
    let step = Machine::<FakeHost, Answer<SerdeJsonText>>::step(&mut leader, &client, Input::Start);
    assert!(matches!(step, Step::Io(Io::Lock)));
    drop(leader);
    // The next refresh does not join the abandoned flight, which would never land: it refreshes,
    // once, within a bounded number of polls.
    let mut refresh = std::pin::pin!(client.refresh());
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    let polled =
        (0..100).find_map(
            |_| match std::future::Future::poll(refresh.as_mut(), &mut cx) {
                Poll::Ready(outcome) => Some(outcome),
                Poll::Pending => None,
            },
        );
    let refreshed = polled
        .expect("the next refresh waited for the abandoned one")
        .unwrap();
    assert_ne!(refreshed.access_token, session.access_token);
    assert_eq!(world.server.borrow().refreshes(), 1);
}

#[test]
fn a_machine_driven_out_of_step_fails_as_aborted() {
    let world = World::new();
    world.sign_in();
    let client = world.client();
    let mut current = Current::default();
    let first =
        Machine::<FakeHost, Answer<SerdeJsonText>>::step(&mut current, &client, Input::Start);
    assert!(matches!(first, Step::Io(Io::Load)));
    // Loading waits for what the store read, not for a lock.
    match Machine::<FakeHost, Answer<SerdeJsonText>>::step(&mut current, &client, Input::Locked) {
        Step::Done(Err(e)) => assert_eq!(e.code(), ErrorCode::Aborted),
        _ => panic!("an input out of step was taken"),
    }
}
