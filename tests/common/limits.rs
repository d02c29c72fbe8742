//! Limits and store faults through the JS API: bounded bodies, bounded lock waits, stores that
//! throw, hang or hold garbage. After each fault the same client makes a successful call.

use super::lifecycle::{options_for, record_events, server, set, signed_in, sleep};
use super::{expect_code, prop, settle};
use telematics_user::UserClient;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

fn js(body: &str) -> JsValue {
    js_sys::Function::new_no_args(body)
        .call0(&JsValue::UNDEFINED)
        .unwrap()
}

/// Queues `[status, body, headers]` as the server's answer to the next non-refresh request.
fn script_answer(server: &JsValue, status: u16, body: &JsValue, headers: &str) {
    let entry = js_sys::Array::of3(&status.into(), body, &super::object(headers));
    prop(server, "script")
        .unchecked_into::<js_sys::Array>()
        .push(&entry);
}

/// What `promise` resolves to, or `"still waiting"` if it has not after `seconds`: a call that
/// waits on a lock fails its test in seconds instead of hanging it.
async fn within_seconds(promise: impl Into<JsValue>, seconds: u32) -> JsValue {
    let timeout = js_sys::Function::new_with_args(
        "ms",
        "return new Promise((r) => setTimeout(() => r('still waiting'), ms));",
    )
    .call1(&JsValue::UNDEFINED, &(seconds * 1000).into())
    .unwrap();
    settle(js_sys::Promise::race(&js_sys::Array::of2(
        &promise.into(),
        &timeout,
    )))
    .await
    .unwrap()
}

fn message(error: &JsValue) -> String {
    prop(error, "message").as_string().unwrap_or_default()
}

/// A signed-in client with `maxResponseBytes: 4096`, and its server.
async fn limited() -> (JsValue, UserClient) {
    let server = server();
    let o = options_for(&server);
    set(&o, "maxResponseBytes", 4096);
    (server.clone(), signed_in(o).await)
}

/// The server's next non-refresh answer: a 200 whose body never ends.
fn answer_endlessly(server: &JsValue, headers: &str) {
    let endless: js_sys::Function = prop(server, "endless").into();
    script_answer(server, 200, &endless.call0(server).unwrap(), headers);
}

#[wasm_bindgen_test]
async fn an_endless_body_is_cut_at_max_response_bytes_and_cancelled() {
    let (server, client) = limited().await;
    answer_endlessly(&server, "{}");
    let e = settle(client.get_user()).await.unwrap_err();
    let e = expect_code(e, "invalid_response");
    assert!(
        message(&e).contains("maxResponseBytes (4096 bytes)"),
        "{e:?}"
    );
    assert_eq!(prop(&e, "status").as_f64(), Some(200.0));
    assert_eq!(prop(&server, "cancelled").as_f64(), Some(1.0));
    settle(client.get_user()).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_declared_length_over_the_limit_is_refused_before_reading() {
    let (server, client) = limited().await;
    answer_endlessly(&server, r#"{"content-length":"5000"}"#);
    expect_code(
        settle(client.get_user()).await.unwrap_err(),
        "invalid_response",
    );
    assert_eq!(prop(&server, "cancelled").as_f64(), Some(1.0));
    // A body within the limit is read as usual.
    let user = settle(client.get_user()).await.unwrap();
    assert_eq!(prop(&user, "firstName").as_string().as_deref(), Some("Ann"));
}

/// Content-Length counts wire bytes: a gzip body can decode to any size, and a browser hides a
/// cross-origin response's Content-Encoding. Such bodies are counted as they are read, whatever
/// length they declare.
#[wasm_bindgen_test]
async fn a_declared_length_is_trusted_only_for_an_uncoded_body_whose_headers_all_show() {
    for case in ["gzip", "cors"] {
        let server = server();
        let o = options_for(&server);
        set(&o, "maxResponseBytes", 4096);
        if case == "cors" {
            let cors = js_sys::Function::new_with_args(
                "forward",
                "return async (input, init) => { const r = await forward(input, init); \
                   Object.defineProperty(r, 'type', { value: 'cors' }); return r; };",
            )
            .call1(&JsValue::UNDEFINED, &prop(&server, "fetch"))
            .unwrap();
            set(&o, "fetch", cors);
        }
        let client = signed_in(o).await;
        // Endless, but a chunk per timer tick, so that a body read whole is a failure at the timer
        // below rather than a hang.
        let stream = js(
            "const s = { cancelled: 0 }; s.body = new ReadableStream({ \
               pull: (c) => new Promise((r) => setTimeout(r, 1)).then(() => c.enqueue(new Uint8Array(1024).fill(32))), \
               cancel: () => { s.cancelled += 1; } }); return s;",
        );
        let headers = if case == "gzip" {
            r#"{"content-length":"100","content-encoding":"gzip"}"#
        } else {
            r#"{"content-length":"100"}"#
        };
        script_answer(&server, 200, &prop(&stream, "body"), headers);
        let still = js("return new Promise((r) => setTimeout(() => r('still reading'), 3000));");
        let call = js_sys::Array::of2(&client.get_user(), &still);
        let e = settle(js_sys::Promise::race(&call)).await;
        let e = expect_code(e.expect_err(case), "invalid_response");
        assert!(
            message(&e).contains("maxResponseBytes (4096 bytes)"),
            "{case}: {e:?}"
        );
        assert_eq!(prop(&stream, "cancelled").as_f64(), Some(1.0), "{case}");
        settle(client.get_user()).await.unwrap();
    }
}

/// A `{ get, set, remove }` store over a Map whose methods fail on demand: `failGet`/`failSet`/
/// `failRemove` throw that many times, and `hang` makes `get` return a Promise that never settles.
fn faulty_store() -> JsValue {
    js("const m = new Map(); return { m, failGet: 0, failSet: 0, failRemove: 0, hang: false, \
        get(k) { if (this.hang) return new Promise(() => {}); \
          if (this.failGet > 0) { this.failGet -= 1; throw new Error('disk on fire'); } \
          return Promise.resolve(m.get(k) ?? null); }, \
        set(k, v) { if (this.failSet > 0) { this.failSet -= 1; throw new Error('quota'); } m.set(k, v); }, \
        async remove(k) { if (this.failRemove > 0) { this.failRemove -= 1; throw new Error('locked'); } m.delete(k); } };")
}

/// A client signed in over a fresh `faulty_store()` with `extra` options; its server and store.
async fn over_faulty_store(extra: &[(&str, JsValue)]) -> (JsValue, JsValue, UserClient) {
    let server = server();
    let store = faulty_store();
    let o = options_for(&server);
    set(&o, "store", store.clone());
    for (key, value) in extra {
        set(&o, key, value.clone());
    }
    let client = signed_in(o).await;
    (server, store, client)
}

#[wasm_bindgen_test]
async fn a_store_whose_get_throws_is_a_storage_error_and_the_session_survives() {
    let (server, store, client) = over_faulty_store(&[]).await;
    let (seen, _listener) = record_events(&client);
    set(&store, "failGet", 2);
    let e = expect_code(settle(client.get_user()).await.unwrap_err(), "storage");
    assert!(
        message(&e).contains("failed to read: disk on fire"),
        "{e:?}"
    );
    expect_code(settle(client.get_session()).await.unwrap_err(), "storage");
    // No sign-out happened: nothing was removed, nobody was told, and the next call works.
    assert_eq!(*seen.borrow(), Vec::<String>::new());
    settle(client.get_user()).await.unwrap();
    assert_eq!(
        js_sys::Array::from(&prop(&server, "presented")).length(),
        0,
        "no refresh was needed"
    );
}

#[wasm_bindgen_test]
async fn a_store_that_never_answers_is_a_storage_error_after_timeout_ms() {
    let (_server, store, client) = over_faulty_store(&[("timeoutMs", 300.into())]).await;
    set(&store, "hang", true);
    let e = expect_code(settle(client.get_user()).await.unwrap_err(), "storage");
    assert!(message(&e).contains("no answer within 300 ms"), "{e:?}");
    set(&store, "hang", false);
    settle(client.get_user()).await.unwrap();
}

#[wasm_bindgen_test]
async fn garbage_in_the_store_is_a_clean_sign_out() {
    for garbage in ["42", "({ v: 9 })", "'{not json'", "[1, 2]"] {
        let (_server, store, client) = over_faulty_store(&[]).await;
        let map = prop(&store, "m");
        let put: js_sys::Function = prop(&map, "set").into();
        let value = js(&format!("return {garbage};"));
        put.call2(&map, &"telematics-user:session".into(), &value)
            .unwrap();
        assert!(
            settle(client.get_session()).await.unwrap().is_null(),
            "{garbage}"
        );
        let has: js_sys::Function = prop(&map, "has").into();
        assert_eq!(
            has.call1(&map, &"telematics-user:session".into()).unwrap(),
            JsValue::FALSE,
            "{garbage}: the entry stays"
        );
        expect_code(settle(client.get_user()).await.unwrap_err(), "no_session");
        // The same client signs in again and works.
        settle(client.login(super::object(r#"{"email":"a@b.c","password":"pw"}"#)))
            .await
            .unwrap();
        settle(client.get_user()).await.unwrap();
    }
}

#[wasm_bindgen_test]
async fn a_store_whose_remove_fails_makes_sign_out_a_storage_error() {
    let (_server, store, client) = over_faulty_store(&[]).await;
    set(&store, "failRemove", 1);
    let e = expect_code(settle(client.sign_out()).await.unwrap_err(), "storage");
    assert!(message(&e).contains("failed to remove: locked"), "{e:?}");
    settle(client.sign_out()).await.unwrap();
    assert!(settle(client.get_session()).await.unwrap().is_null());
}

#[wasm_bindgen_test]
async fn a_refresh_waits_for_a_stuck_holder_only_lock_wait_ms() {
    let server = server();
    let store = faulty_store();
    // Client A's refresh hangs in fetch until released, holding the lock all along.
    let gate =
        js("const g = { open: null }; g.wait = new Promise((r) => { g.open = r; }); return g;");
    let forward: js_sys::Function = prop(&server, "fetch").into();
    let hanging = js_sys::Function::new_with_args(
        "gate, forward",
        "return async (input, init) => { \
           if (String(input).endsWith('/RefreshToken')) await gate.wait; \
           return forward(input, init); };",
    )
    .call2(&JsValue::UNDEFINED, &gate, &forward)
    .unwrap();
    let a_options = options_for(&server);
    set(&a_options, "store", store.clone());
    set(&a_options, "storageKey", "test:lock-wait");
    set(&a_options, "fetch", hanging);
    let a = signed_in(a_options).await;
    let b_options = options_for(&server);
    set(&b_options, "store", store.clone());
    set(&b_options, "storageKey", "test:lock-wait");
    set(&b_options, "lockWaitMs", 500);
    let b = UserClient::new(b_options.into()).unwrap();

    let a_refresh = a.refresh();
    sleep(50).await;
    let b_refresh = b.refresh();
    // B goes ahead once its wait runs out, while A still hangs.
    let first = within_seconds(b_refresh, 5).await;
    assert_eq!(
        prop(&first, "refreshToken").as_string().as_deref(),
        Some("RT-2"),
        "{first:?}"
    );
    // A's refresh then finds its token spent, and adopts the pair B stored instead of ending it.
    let open: js_sys::Function = prop(&gate, "open").into();
    open.call0(&JsValue::UNDEFINED).unwrap();
    let a_session = settle(a_refresh).await.unwrap();
    assert_eq!(
        prop(&a_session, "refreshToken").as_string().as_deref(),
        Some("RT-2")
    );
    settle(a.get_user()).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_refresh_releases_its_lock() {
    // With the longest lock wait, a refresh that found the lock still held would wait ~25 days.
    let options = options_for(&server());
    set(&options, "storageKey", "test:lock-release");
    set(&options, "lockWaitMs", 2_147_483_647_u32);
    let client = signed_in(options).await;
    settle(client.refresh()).await.unwrap();
    let second = within_seconds(client.refresh(), 5).await;
    assert_eq!(
        prop(&second, "refreshToken").as_string().as_deref(),
        Some("RT-3"),
        "{second:?}"
    );
}
