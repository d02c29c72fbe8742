//! The token lifecycle through the JS API, against `server.js`, a rotating-token stand-in.

use super::{expect_code, object, prop, settle};
use std::cell::RefCell;
use std::rc::Rc;
use telematics_user::UserClient;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

pub fn server() -> JsValue {
    js_sys::Function::new_no_args(include_str!("server.js"))
        .call0(&JsValue::UNDEFINED)
        .unwrap()
}

pub fn set(target: &JsValue, key: &str, value: impl Into<JsValue>) {
    js_sys::Reflect::set(target, &key.into(), &value.into()).unwrap();
}

fn strings(value: &JsValue) -> Vec<String> {
    js_sys::Array::from(value)
        .iter()
        .map(|v| v.as_string().unwrap())
        .collect()
}

fn presented(server: &JsValue) -> Vec<String> {
    strings(&prop(server, "presented"))
}

/// The bearer tokens of the authenticated calls the server saw.
fn bearers(server: &JsValue) -> Vec<String> {
    js_sys::Array::from(&prop(server, "calls"))
        .iter()
        .map(|c| prop(&c, "bearer").as_string().unwrap())
        .collect()
}

/// A new `AbortController`.
fn abort_controller() -> JsValue {
    let class: js_sys::Function = prop(&js_sys::global(), "AbortController").into();
    js_sys::Reflect::construct(&class, &js_sys::Array::new()).unwrap()
}

/// Fires an `AbortController`'s signal.
fn abort(controller: &JsValue) {
    let abort: js_sys::Function = prop(controller, "abort").into();
    abort.call0(controller).unwrap();
}

/// `{ signal }` of an `AbortController`: a fetch `init`.
fn signal_of(controller: &JsValue) -> JsValue {
    let init = js_sys::Object::new();
    set(&init, "signal", prop(controller, "signal"));
    init.into()
}

/// Forgets every live access token, as if they had all expired server-side.
fn revoke(server: &JsValue) {
    let live = prop(server, "live");
    let clear: js_sys::Function = prop(&live, "clear").into();
    clear.call0(&live).unwrap();
}

fn script(server: &JsValue, list: &str, status: u16, body: &str, headers: JsValue) {
    let entry = js_sys::Array::of3(&status.into(), &body.into(), &headers);
    prop(server, list)
        .unchecked_into::<js_sys::Array>()
        .push(&entry);
}

/// The next `times` refreshes answer 503 with an HTML page.
fn refresh_service_down(server: &JsValue, times: usize) {
    for _ in 0..times {
        script(
            server,
            "refreshScript",
            503,
            "<html>down</html>",
            JsValue::UNDEFINED,
        );
    }
}

pub fn options_for(server: &JsValue) -> js_sys::Object {
    let o = js_sys::Object::new();
    set(&o, "baseUrl", "http://127.0.0.1:8787");
    set(&o, "instanceId", "instance-id-1");
    set(&o, "instanceKey", "INSTANCE-KEY-SECRET");
    set(&o, "fetch", prop(server, "fetch"));
    o
}

pub async fn signed_in(options: js_sys::Object) -> UserClient {
    let client = UserClient::new(options.into()).unwrap();
    settle(client.login(object(r#"{"email":"a@b.c","password":"pw"}"#)))
        .await
        .unwrap();
    client
}

pub async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        let global = js_sys::global();
        let set_timeout: js_sys::Function = prop(&global, "setTimeout").into();
        set_timeout
            .call2(&JsValue::UNDEFINED, &resolve, &ms.into())
            .unwrap();
    });
    JsFuture::from(p).await.unwrap();
}

pub type Events = Rc<RefCell<Vec<String>>>;

pub fn record_events(client: &UserClient) -> (Events, Closure<dyn FnMut(JsValue, JsValue)>) {
    let events: Events = Rc::default();
    let e = events.clone();
    let listener = Closure::<dyn FnMut(JsValue, JsValue)>::new(move |s: JsValue, r: JsValue| {
        let who = if s.is_null() {
            "null".to_string()
        } else {
            prop(&s, "accessToken").as_string().unwrap()
        };
        e.borrow_mut().push(r.as_string().unwrap() + ":" + &who);
    });
    client.on_session_change(listener.as_ref().clone()).unwrap();
    (events, listener)
}

/// A JS store over a Map, shared by several clients, like localStorage in one origin.
fn shared_store() -> JsValue {
    js_sys::Function::new_no_args(
        "const m = new Map(); return { m, get: (k) => m.get(k) ?? null, \
         set: async (k, v) => { await null; m.set(k, v); }, remove: (k) => { m.delete(k); } };",
    )
    .call0(&JsValue::UNDEFINED)
    .unwrap()
}

#[wasm_bindgen_test]
async fn two_hundred_concurrent_calls_with_an_expired_token_cause_one_refresh() {
    let server = server();
    set(&server, "lifetime", 1);
    let client = signed_in(options_for(&server)).await;
    sleep(1_100).await;
    let array: js_sys::Array = (0..200).map(|_| JsValue::from(client.get_user())).collect();
    let all = JsFuture::from(js_sys::Promise::all(&array)).await.unwrap();
    assert_eq!(js_sys::Array::from(&all).length(), 200);
    assert_eq!(presented(&server), ["RT-1"]);
    let seen = bearers(&server);
    assert_eq!(seen.len(), 200);
    assert!(seen.iter().all(|b| b == "AT-2"), "{seen:?}");
}

#[wasm_bindgen_test]
async fn a_401_refreshes_once_and_replays_the_request_with_its_body() {
    let server = server();
    let client = signed_in(options_for(&server)).await;
    let (events, _l) = record_events(&client);
    revoke(&server);
    settle(client.update_user(object(r#"{"lastName":"Lee"}"#), JsValue::UNDEFINED))
        .await
        .unwrap();
    assert_eq!(presented(&server), ["RT-1"]);
    assert_eq!(bearers(&server), ["AT-1", "AT-2"]);
    let calls = js_sys::Array::from(&prop(&server, "calls"));
    for c in calls.iter() {
        assert_eq!(prop(&c, "method").as_string().as_deref(), Some("PUT"));
        assert_eq!(
            prop(&c, "body").as_string().as_deref(),
            Some(r#"{"LastName":"Lee"}"#)
        );
    }
    assert_eq!(*events.borrow(), ["refreshed:AT-2"]);
    let session = settle(client.get_session()).await.unwrap();
    assert_eq!(
        prop(&session, "refreshToken").as_string().as_deref(),
        Some("RT-2")
    );
}

#[wasm_bindgen_test]
async fn a_second_401_is_unauthorized_not_a_loop() {
    let server = server();
    let client = signed_in(options_for(&server)).await;
    set(&server, "denyAll", true);
    expect_code(settle(client.get_user()).await.unwrap_err(), "unauthorized");
    assert_eq!(presented(&server), ["RT-1"]);
    assert_eq!(bearers(&server), ["AT-1", "AT-2"]);
}

#[wasm_bindgen_test]
async fn a_rejected_refresh_ends_the_session_and_later_calls_stay_offline() {
    let server = server();
    let client = signed_in(options_for(&server)).await;
    let (events, _l) = record_events(&client);
    revoke(&server);
    script(
        &server,
        "refreshScript",
        400,
        r#"{"Status":400,"Title":"Invalid refresh token"}"#,
        JsValue::UNDEFINED,
    );
    expect_code(
        settle(client.get_user()).await.unwrap_err(),
        "session_expired",
    );
    assert_eq!(*events.borrow(), ["expired:null"]);
    assert!(settle(client.get_session()).await.unwrap().is_null());
    let before = bearers(&server).len() + presented(&server).len();
    expect_code(settle(client.get_user()).await.unwrap_err(), "no_session");
    expect_code(settle(client.refresh()).await.unwrap_err(), "no_session");
    assert_eq!(bearers(&server).len() + presented(&server).len(), before);
}

#[wasm_bindgen_test]
async fn a_failing_refresh_service_keeps_the_session() {
    let server = server();
    let client = signed_in(options_for(&server)).await;
    revoke(&server);
    refresh_service_down(&server, 3);
    expect_code(settle(client.get_user()).await.unwrap_err(), "server");
    assert_eq!(presented(&server), ["RT-1", "RT-1", "RT-1"]);
    let session = settle(client.get_session()).await.unwrap();
    assert_eq!(
        prop(&session, "refreshToken").as_string().as_deref(),
        Some("RT-1")
    );
    // The service is back: the kept session works.
    settle(client.get_user()).await.unwrap();
}

/// A retry waits out its backoff (at least 150 ms for the first) before its deadline starts, so a
/// timeout shorter than the backoff still lets the retry through (the service answers in 10 ms).
#[wasm_bindgen_test]
async fn a_retry_waits_out_its_backoff_before_its_deadline_starts() {
    let server = server();
    set(&server, "delayMs", 10);
    let o = options_for(&server);
    set(&o, "timeoutMs", 140);
    let client = signed_in(o).await;
    revoke(&server);
    refresh_service_down(&server, 1);
    settle(client.get_user()).await.unwrap();
    assert_eq!(presented(&server), ["RT-1", "RT-1"]);
    assert_eq!(bearers(&server), ["AT-1", "AT-2"]);
}

#[wasm_bindgen_test]
async fn forbidden_rate_limited_and_server_errors_are_typed() {
    let server = server();
    let client = signed_in(options_for(&server)).await;
    let headers = object(r#"{"Retry-After":"7"}"#);
    script(
        &server,
        "script",
        403,
        r#"{"Status":403,"Title":"Admins only"}"#,
        JsValue::UNDEFINED,
    );
    script(&server, "script", 429, "", headers);
    script(&server, "script", 502, "Bad gateway", JsValue::UNDEFINED);
    let e = expect_code(
        settle(client.delete_user("dev-9".into()))
            .await
            .unwrap_err(),
        "forbidden",
    );
    assert_eq!(prop(&e, "status").as_f64(), Some(403.0));
    let e = expect_code(settle(client.get_user()).await.unwrap_err(), "rate_limited");
    assert_eq!(prop(&e, "retryAfter").as_f64(), Some(7.0));
    let e = expect_code(settle(client.get_user()).await.unwrap_err(), "server");
    assert_eq!(prop(&e, "status").as_f64(), Some(502.0));
    assert!(
        presented(&server).is_empty(),
        "none of these is a reason to refresh"
    );
}

#[wasm_bindgen_test]
async fn concurrent_refresh_calls_share_one_rotation() {
    let server = server();
    let client = signed_in(options_for(&server)).await;
    let (events, _l) = record_events(&client);
    let refreshes: js_sys::Array = (0..5).map(|_| JsValue::from(client.refresh())).collect();
    let all = JsFuture::from(js_sys::Promise::all(&refreshes))
        .await
        .unwrap();
    for s in js_sys::Array::from(&all).iter() {
        assert_eq!(prop(&s, "accessToken").as_string().as_deref(), Some("AT-2"));
    }
    assert_eq!(presented(&server), ["RT-1"]);
    assert_eq!(*events.borrow(), ["refreshed:AT-2"]);
    // A later refresh rotates again, with the new refresh token.
    settle(client.refresh()).await.unwrap();
    assert_eq!(presented(&server), ["RT-1", "RT-2"]);
}

#[wasm_bindgen_test]
async fn clients_over_one_store_never_spend_a_refresh_token_twice() {
    let server = server();
    let store = shared_store();
    let with_store = || {
        let o = options_for(&server);
        set(&o, "store", store.clone());
        o
    };
    let first = signed_in(with_store()).await;
    let others: Vec<UserClient> = (0..3)
        .map(|_| UserClient::new(with_store().into()).unwrap())
        .collect();
    for _ in 0..3 {
        revoke(&server);
        let calls: js_sys::Array = std::iter::once(&first)
            .chain(others.iter())
            .flat_map(|c| (0..5).map(|_| JsValue::from(c.get_user())))
            .collect();
        JsFuture::from(js_sys::Promise::all(&calls)).await.unwrap();
    }
    let spent = presented(&server);
    let mut unique = spent.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(spent.len(), unique.len(), "{spent:?}");
    assert_eq!(spent.len(), 3, "one refresh per round: {spent:?}");
}

#[wasm_bindgen_test]
async fn another_client_over_the_store_sees_restored_then_external() {
    let server = server();
    let store = shared_store();
    let o = options_for(&server);
    set(&o, "store", store.clone());
    let first = signed_in(o).await;
    let o = options_for(&server);
    set(&o, "store", store.clone());
    let second = UserClient::new(o.into()).unwrap();
    let (events, _l) = record_events(&second);
    sleep(0).await;
    assert_eq!(*events.borrow(), ["restored:AT-1"]);
    settle(first.refresh()).await.unwrap();
    // The broadcast, or the next read, tells the second client.
    settle(second.get_session()).await.unwrap();
    sleep(20).await;
    assert_eq!(*events.borrow(), ["restored:AT-1", "external:AT-2"]);
}

/// The broadcast alone tells a client of another client's change, with no call of its own; a
/// client made after one is gone takes its number (`client.rs`'s `reread_client`) and hears the
/// channel as well.
#[wasm_bindgen_test]
async fn the_broadcast_alone_tells_a_client_of_a_change_even_one_made_after_another_is_gone() {
    let server = server();
    let store = shared_store();
    let options = || {
        let o = options_for(&server);
        set(&o, "store", store.clone());
        set(&o, "storageKey", "broadcast-alone");
        o
    };
    let first = signed_in(options()).await;
    let gone = UserClient::new(options().into()).unwrap();
    sleep(0).await;
    drop(gone);
    let second = UserClient::new(options().into()).unwrap();
    let (events, _l) = record_events(&second);
    sleep(0).await;
    assert_eq!(*events.borrow(), ["restored:AT-1"]);
    settle(first.refresh()).await.unwrap();
    sleep(20).await;
    assert_eq!(*events.borrow(), ["restored:AT-1", "external:AT-2"]);
}

/// The shell's executor (`src/wasm/task.rs`): a method does nothing before it returns (the store
/// is not even read), a listener may call the client while the client is calling it, and a call
/// made there is answered.
#[wasm_bindgen_test]
async fn a_method_starts_after_it_returns_and_a_listener_may_call_the_client() {
    let server = server();
    let store = js_sys::Function::new_no_args(
        "const m = new Map(); return { reads: 0, get(k) { this.reads++; return m.get(k) ?? null; }, \
         set: (k, v) => void m.set(k, v), remove: (k) => void m.delete(k) };",
    )
    .call0(&JsValue::UNDEFINED)
    .unwrap();
    let o = options_for(&server);
    set(&o, "store", store.clone());
    let client = Rc::new(signed_in(o).await);
    let calls = Rc::new(RefCell::new(Vec::new()));
    let (c, inside) = (client.clone(), calls.clone());
    let listener = Closure::<dyn FnMut(JsValue, JsValue)>::new(move |_: JsValue, _: JsValue| {
        inside.borrow_mut().push(c.get_user());
    });
    client.on_session_change(listener.as_ref().clone()).unwrap();
    let reads = || prop(&store, "reads").as_f64().unwrap();
    let before = reads();
    let refreshed = client.refresh();
    assert_eq!(
        reads(),
        before,
        "refresh() read the store before it returned"
    );
    settle(refreshed).await.unwrap();
    assert!(reads() > before);
    let calls: Vec<_> = calls.borrow_mut().drain(..).collect();
    assert_eq!(calls.len(), 1, "one event: refreshed");
    for call in calls {
        let user = settle(call).await.unwrap();
        assert_eq!(
            prop(&user, "deviceToken").as_string().as_deref(),
            Some("dev-1")
        );
    }
    assert_eq!(bearers(&server), ["AT-2"]);
}

#[wasm_bindgen_test]
async fn client_fetch_adds_the_token_replays_once_and_returns_responses_as_they_are() {
    let server = server();
    let client = signed_in(options_for(&server)).await;
    revoke(&server);
    let init = object(r#"{"method":"POST","body":"{\"trip\":1}"}"#);
    let response = settle(client.fetch("http://127.0.0.1:8787/v1/other".into(), init))
        .await
        .unwrap();
    assert_eq!(prop(&response, "status").as_f64(), Some(200.0));
    let text: js_sys::Function = prop(&response, "text").into();
    let text = JsFuture::from(js_sys::Promise::from(text.call0(&response).unwrap()))
        .await
        .unwrap();
    assert!(
        text.as_string().unwrap().contains(r#"{\"trip\":1}"#),
        "{text:?}"
    );
    assert_eq!(bearers(&server), ["AT-1", "AT-2"]);

    set(&server, "denyAll", true);
    let response =
        settle(client.fetch("http://127.0.0.1:8787/v1/other".into(), JsValue::UNDEFINED))
            .await
            .unwrap();
    assert_eq!(prop(&response, "status").as_f64(), Some(401.0));
    assert_eq!(
        presented(&server),
        ["RT-1", "RT-2"],
        "one refresh per call, no loop"
    );
    // The replay of a request without a body (sent again as it is, not cloned) carries the new
    // token; the one with a body was cloned, so its replay still had the body (checked above).
    assert_eq!(bearers(&server), ["AT-1", "AT-2", "AT-2", "AT-3"]);
}

#[wasm_bindgen_test]
async fn a_client_fetch_aborted_before_it_starts_spends_no_refresh() {
    let server = server();
    // A one-second token is due for refresh at once (the leeway is a minute).
    set(&server, "lifetime", 1);
    let client = signed_in(options_for(&server)).await;
    let aborted = abort_controller();
    abort(&aborted);
    let fetched = client.fetch("http://127.0.0.1:8787/v1/x".into(), signal_of(&aborted));
    expect_code(settle(fetched).await.unwrap_err(), "aborted");
    assert!(presented(&server).is_empty(), "{:?}", presented(&server));
    assert!(bearers(&server).is_empty());
}

#[wasm_bindgen_test]
async fn client_fetch_honours_abort_signals_and_the_timeout() {
    let server = server();
    let o = options_for(&server);
    set(&o, "timeoutMs", 200);
    let client = signed_in(o).await;
    set(&server, "delayMs", 1_000);

    let aborted_before = abort_controller();
    abort(&aborted_before);
    let fetched = client.fetch(
        "http://127.0.0.1:8787/v1/x".into(),
        signal_of(&aborted_before),
    );
    expect_code(settle(fetched).await.unwrap_err(), "aborted");

    let later = abort_controller();
    let pending = client.fetch("http://127.0.0.1:8787/v1/x".into(), signal_of(&later));
    sleep(30).await;
    abort(&later);
    expect_code(settle(pending).await.unwrap_err(), "aborted");

    expect_code(
        settle(client.fetch("http://127.0.0.1:8787/v1/x".into(), JsValue::UNDEFINED))
            .await
            .unwrap_err(),
        "timeout",
    );
    expect_code(
        settle(client.fetch(JsValue::from(5), object(r#"{"method":"NOT A METHOD"}"#)))
            .await
            .unwrap_err(),
        "invalid_input",
    );
}

#[wasm_bindgen_test]
async fn register_many_reports_each_user_by_index() {
    let server = server();
    let client = UserClient::new(options_for(&server).into()).unwrap();
    let users = object(
        r#"[{"firstName":"a"},{"birthday":"nope"},{"firstName":"refused"},{"firstName":"d"},{"firstName":"e"}]"#,
    );
    let result = settle(client.register_many(users, object(r#"{"batchSize":2}"#)))
        .await
        .unwrap();
    let registered = js_sys::Array::from(&prop(&result, "registered"));
    let ids: Vec<(f64, String)> = registered
        .iter()
        .map(|r| {
            (
                prop(&r, "index").as_f64().unwrap(),
                prop(&r, "deviceToken").as_string().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        ids,
        [
            (0.0, "dev-a".into()),
            (3.0, "dev-d".into()),
            (4.0, "dev-e".into())
        ]
    );
    let failed = js_sys::Array::from(&prop(&result, "failed"));
    let codes: Vec<(f64, String)> = failed
        .iter()
        .map(|f| {
            let e = prop(&f, "error");
            assert!(e.is_instance_of::<js_sys::Error>());
            (
                prop(&f, "index").as_f64().unwrap(),
                prop(&e, "code").as_string().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        codes,
        [
            (1.0, "invalid_input".into()),
            (2.0, "invalid_response".into())
        ]
    );
    assert!(
        settle(client.get_session()).await.unwrap().is_null(),
        "no session is touched"
    );

    // A batch rejected as a whole fails each of its users.
    script(
        &server,
        "script",
        422,
        r#"{"Status":422,"Title":"bad batch"}"#,
        JsValue::UNDEFINED,
    );
    let result =
        settle(client.register_many(object(r#"[{},{},{}]"#), object(r#"{"batchSize":2}"#)))
            .await
            .unwrap();
    let failed: Vec<f64> = js_sys::Array::from(&prop(&result, "failed"))
        .iter()
        .map(|f| prop(&f, "index").as_f64().unwrap())
        .collect();
    assert_eq!(failed, [0.0, 1.0]);
    assert_eq!(
        js_sys::Array::from(&prop(&result, "registered")).length(),
        1
    );

    for (users, options) in [
        ("{}", "{}"),
        ("[]", r#"{"batchSize":0}"#),
        ("[]", r#"{"size":2}"#),
    ] {
        expect_code(
            settle(client.register_many(object(users), object(options)))
                .await
                .unwrap_err(),
            "invalid_input",
        );
    }
}

#[wasm_bindgen_test]
async fn a_store_whose_set_throws_keeps_the_session_in_memory_until_it_takes_the_write() {
    let server = server();
    // A full quota: the next `refuse` writes throw, as localStorage's setItem does.
    let store = js_sys::Function::new_no_args(
        "const m = new Map(); return { m, refuse: 0, get: (k) => m.get(k) ?? null, \
         set(k, v) { if (this.refuse > 0) { this.refuse -= 1; \
         throw new DOMException('quota', 'QuotaExceededError'); } m.set(k, v); }, \
         remove: (k) => { m.delete(k); } };",
    )
    .call0(&JsValue::UNDEFINED)
    .unwrap();
    let o = options_for(&server);
    set(&o, "store", store.clone());
    set(&store, "refuse", 1);
    let client = signed_in(o).await;
    // The login's write failed, yet the session is there, and calls work.
    let session = settle(client.get_session()).await.unwrap();
    assert_eq!(
        prop(&session, "accessToken").as_string().as_deref(),
        Some("AT-1")
    );
    set(&store, "refuse", 2);
    let refreshed = settle(client.refresh()).await.unwrap();
    assert_eq!(
        prop(&refreshed, "refreshToken").as_string().as_deref(),
        Some("RT-2")
    );
    settle(client.get_user()).await.unwrap();
    assert_eq!(presented(&server), ["RT-1"], "no refresh token spent twice");
    // The store takes writes again: the next read lands the pair there.
    settle(client.get_user()).await.unwrap();
    let map = prop(&store, "m");
    let get: js_sys::Function = prop(&map, "get").into();
    let stored = get.call1(&map, &"telematics-user:session".into()).unwrap();
    assert!(stored.as_string().unwrap().contains("RT-2"));
}
