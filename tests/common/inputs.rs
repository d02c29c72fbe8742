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
