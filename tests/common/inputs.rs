//! Callers' objects and service answers as the shell walks them into the core's JSON tree: cycles,
//! class instances, deep nesting and functions are refused with a typed error, never a hang, a
//! trap or a silently dropped key.

use super::*;
use js_sys::Reflect;

async fn register_error(client: &UserClient, user: JsValue) -> String {
    let err = settle(client.register(user)).await.unwrap_err();
    let err = expect_code(err, "invalid_input");
    prop(&err, "message").as_string().unwrap()
}

#[wasm_bindgen_test]
async fn odd_caller_objects_are_invalid_input() {
    let fetch = FakeFetch::new(vec![]);
    let client = UserClient::new(options(&fetch).into()).unwrap();

    // A cycle.
    let telematics = js_sys::Object::new();
    Reflect::set(&telematics, &"enabled".into(), &telematics).unwrap();
    let user = object(r#"{"firstName":"Ann"}"#);
    Reflect::set(&user, &"telematics".into(), &telematics).unwrap();
    let message = register_error(&client, user).await;
    assert!(
        message.contains("telematics.enabled: expected a boolean"),
        "{message}"
    );

    // No cycle, but one child shared twice at every level: 2^40 paths, which an unbounded walk
    // would never finish.
    let mut shared: JsValue = JsValue::TRUE;
    for _ in 0..40 {
        let level = js_sys::Object::new();
        Reflect::set(&level, &"a".into(), &shared).unwrap();
        Reflect::set(&level, &"b".into(), &shared).unwrap();
        shared = level.into();
    }
    let user = object("{}");
    Reflect::set(&user, &"telematics".into(), &shared).unwrap();
    let message = register_error(&client, user).await;
    assert!(message.contains("telematics.a: unknown field"), "{message}");

    // Deeper than the walk reads.
    let deep = "[".repeat(80) + &"]".repeat(80);
    let user = object(&(r#"{"telematics":{"enabled":"#.to_string() + &deep + "}}"));
    let message = register_error(&client, user).await;
    assert!(message.contains("telematics.enabled"), "{message}");

    // A function is no value for a known key, and an unknown key is named even when its value
    // has no JSON form.
    let user = object("{}");
    Reflect::set(
        &user,
        &"firstName".into(),
        &js_sys::Function::new_no_args(""),
    )
    .unwrap();
    let message = register_error(&client, user).await;
    assert!(
        message.contains("firstName: expected a string"),
        "{message}"
    );
    let user = object("{}");
    Reflect::set(&user, &"onDone".into(), &js_sys::Function::new_no_args("")).unwrap();
    let message = register_error(&client, user).await;
    assert!(message.contains("onDone: unknown field"), "{message}");

    // Getters and proxies that throw: the walk reads nothing it cannot, and the client goes on.
    let throwing = js_sys::Function::new_with_args(
        "kind",
        "const boom = () => { throw new Error('boom'); };
         if (kind === 'getter') return Object.defineProperty({}, 'firstName', { get: boom, enumerable: true });
         if (kind === 'proxy') return new Proxy({}, { getPrototypeOf: boom, ownKeys: boom });
         const { proxy, revoke } = Proxy.revocable([], {}); revoke(); return { telematics: proxy };",
    );
    for kind in ["getter", "proxy", "revoked"] {
        let user = throwing.call1(&JsValue::NULL, &kind.into()).unwrap();
        let message = register_error(&client, user).await;
        assert!(!message.contains("boom"), "{kind}: {message}");
    }

    // A class instance is not a user object.
    let message = register_error(&client, js_sys::Date::new_0().into()).await;
    assert!(message.contains("must be an object"), "{message}");
    assert!(fetch.seen.borrow().is_empty());

    // An object without a prototype is a plain object.
    let bare: js_sys::Object = js_sys::Object::create(JsValue::NULL.unchecked_ref());
    Reflect::set(&bare, &"firstName".into(), &"Ann".into()).unwrap();
    fetch.push(Reply::Json(200, REGISTERED));
    settle(client.register(bare.into())).await.unwrap();
    assert_eq!(
        fetch.seen.borrow()[0].body.as_deref(),
        Some(r#"{"FirstName":"Ann"}"#)
    );
}

#[wasm_bindgen_test]
async fn answers_nested_too_deeply_are_invalid_response() {
    let deep = "[".repeat(200) + &"]".repeat(200);
    let body = r#"{"Status":200,"Result":{"DeviceToken":"#.to_string() + &deep + "}}";
    let body: &'static str = Box::leak(body.into_boxed_str());
    let fetch = FakeFetch::new(vec![Reply::Json(200, body), Reply::Json(200, REGISTERED)]);
    let client = UserClient::new(options(&fetch).into()).unwrap();
    let err = settle(client.register(JsValue::UNDEFINED))
        .await
        .unwrap_err();
    let err = expect_code(err, "invalid_response");
    let message = prop(&err, "message").as_string().unwrap();
    assert!(message.contains("Result.DeviceToken"), "{message}");
    settle(client.register(JsValue::UNDEFINED)).await.unwrap();
}

#[wasm_bindgen_test]
async fn arrays_that_lie_or_throw_are_invalid_input() {
    let fetch = FakeFetch::new(vec![]);
    let client = UserClient::new(options(&fetch).into()).unwrap();
    let make = js_sys::Function::new_with_args(
        "kind",
        "const boom = () => { throw new Error('boom'); };
         if (kind === 'huge') return new Proxy([], { get: (t, k) => k === 'length' ? 4e9 : undefined });
         return new Proxy([{}], { get: (t, k) => k === 'length' ? 1 : boom() });",
    );
    for kind in ["huge", "throws"] {
        let users = make.call1(&JsValue::NULL, &kind.into()).unwrap();
        let err = settle(client.register_many(users.clone(), JsValue::UNDEFINED))
            .await
            .unwrap_err();
        let err = expect_code(err, "invalid_input");
        let message = prop(&err, "message").as_string().unwrap();
        assert!(
            message.contains("users must be an array"),
            "{kind}: {message}"
        );
        // The same value where a user's field belongs is read as nothing, not walked.
        let user = object("{}");
        Reflect::set(&user, &"telematics".into(), &users).unwrap();
        let message = register_error(&client, user).await;
        assert!(message.contains("telematics"), "{kind}: {message}");
    }
    assert!(fetch.seen.borrow().is_empty());
}

#[wasm_bindgen_test]
async fn a_fetch_result_or_signal_that_throws_is_a_typed_error() {
    let fetch = FakeFetch::new(vec![Reply::Json(200, REGISTERED)]);
    let o = options(&fetch);
    // A custom fetch that resolves to an object whose every getter throws.
    let hostile = js_sys::Function::new_no_args(
        "const boom = () => { throw new Error('boom'); };
         const r = {};
         for (const k of ['status', 'headers', 'body']) Object.defineProperty(r, k, { get: boom });
         return Promise.resolve(r);",
    );
    Reflect::set(&o, &"fetch".into(), &hostile).unwrap();
    let client = UserClient::new(o.into()).unwrap();
    let err = settle(client.register(JsValue::UNDEFINED))
        .await
        .unwrap_err();
    let err = expect_code(err, "invalid_response");
    assert!(!prop(&err, "message").as_string().unwrap().contains("boom"));

    // A signal whose getters and methods throw.
    let client = UserClient::new(options(&fetch).into()).unwrap();
    let init = js_sys::Function::new_no_args(
        "const boom = () => { throw new Error('boom'); };
         return { signal: { get aborted() { return boom(); }, addEventListener: boom, removeEventListener: boom } };",
    )
    .call0(&JsValue::NULL)
    .unwrap();
    let err = settle(client.fetch("http://127.0.0.1:8787/v1/x".into(), init))
        .await
        .unwrap_err();
    expect_code(err, "invalid_input");
    // The client goes on.
    settle(client.register(JsValue::UNDEFINED)).await.unwrap();

    // Options that are a revoked Proxy.
    let revoked = js_sys::Function::new_no_args(
        "const { proxy, revoke } = Proxy.revocable({}, {}); revoke(); return proxy;",
    )
    .call0(&JsValue::NULL)
    .unwrap();
    expect_code(UserClient::new(revoked).err().unwrap(), "invalid_config");
}

#[wasm_bindgen_test]
async fn a_request_that_cannot_be_cloned_or_take_the_token_is_invalid_input() {
    let fetch = FakeFetch::new(vec![Reply::Json(200, REGISTERED)]);
    let client = UserClient::new(options(&fetch).into()).unwrap();
    settle(client.register(JsValue::UNDEFINED)).await.unwrap();
    // `client.fetch` builds its request with the global `Request`: a subclass whose `clone` (used
    // for a request with a body) or whose headers refuse stands in for it during one call.
    let swap = js_sys::Function::new_with_args(
        "kind",
        "const Original = globalThis.Request;
         globalThis.Request = class extends Original {
           clone() { if (kind === 'clone') throw new TypeError('disturbed'); return super.clone(); }
           get headers() {
             return kind === 'headers' ? { set() { throw new TypeError('immutable'); } } : super.headers;
           }
         };
         return () => { globalThis.Request = Original; };",
    );
    for (kind, init, message) in [
        (
            "clone",
            r#"{"method":"POST","body":"x"}"#,
            "the request body was already used",
        ),
        ("headers", "{}", "the request headers cannot be changed"),
    ] {
        let restore: js_sys::Function = swap.call1(&JsValue::NULL, &kind.into()).unwrap().into();
        let outcome = settle(client.fetch("http://127.0.0.1:8787/v1/x".into(), object(init))).await;
        restore.call0(&JsValue::NULL).unwrap();
        let err = expect_code(outcome.unwrap_err(), "invalid_input");
        assert_eq!(
            prop(&err, "message").as_string().unwrap(),
            "fetch: ".to_string() + message,
            "{kind}"
        );
    }
    assert_eq!(
        fetch.seen.borrow().len(),
        1,
        "only the registration was sent"
    );
}
