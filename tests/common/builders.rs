//! The exported request builders, and the rule that no error ever shows a secret.

use super::lifecycle::{options_for, server};
use super::{expect_code, object, prop, settle};
use telematics_user::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

fn options() -> JsValue {
    object(
        r#"{"baseUrl":"http://127.0.0.1:8787","instanceId":"iid","instanceKey":"INSTANCE-KEY-SECRET",
            "endpoints":{"refresh":"/v1/Auth/RefreshToken"}}"#,
    )
}

fn text(value: &JsValue, key: &str) -> Option<String> {
    prop(value, key).as_string()
}

/// `(method, url, body)` and one header of a built request.
fn parts(built: &JsValue) -> (String, String, Option<String>) {
    (
        text(built, "method").unwrap(),
        text(built, "url").unwrap(),
        text(built, "body"),
    )
}

fn header(built: &JsValue, name: &str) -> Option<String> {
    text(&prop(built, "headers"), name)
}

fn thrown(result: Result<JsValue, JsValue>) -> JsValue {
    result.expect_err("the builder accepted bad input")
}

#[wasm_bindgen_test]
fn every_builder_returns_plain_request_data() {
    let o = options();
    let r = build_register_request(o.clone(), object(r#"{"firstName":"Ann"}"#)).unwrap();
    assert_eq!(
        parts(&r),
        (
            "POST".into(),
            "http://127.0.0.1:8787/v1/Registration/Create".into(),
            Some(r#"{"FirstName":"Ann"}"#.into())
        )
    );
    assert_eq!(
        header(&r, "InstanceKey").as_deref(),
        Some("INSTANCE-KEY-SECRET")
    );

    let r = build_login_request(o.clone(), object(r#"{"phone":"+100","password":"pw"}"#)).unwrap();
    assert_eq!(
        parts(&r).2.as_deref(),
        Some(r#"{"LoginFields":"{\"Phone\":\"+100\"}","Password":"pw"}"#)
    );

    let r = build_refresh_request(
        o.clone(),
        object(r#"{"accessToken":"AT-1","refreshToken":"RT-1"}"#),
    )
    .unwrap();
    assert_eq!(
        parts(&r),
        (
            "POST".into(),
            "http://127.0.0.1:8787/v1/Auth/RefreshToken".into(),
            Some(r#"{"AccessToken":"AT-1","RefreshToken":"RT-1"}"#.into())
        )
    );

    let r = build_get_user_request(o.clone(), "AT-1".into()).unwrap();
    assert_eq!(parts(&r).0, "GET");
    assert!(prop(&r, "body").is_null());
    assert_eq!(header(&r, "Authorization").as_deref(), Some("Bearer AT-1"));

    let r = build_update_user_request(
        o.clone(),
        "AT-1".into(),
        object(r#"{"city":"Oslo"}"#),
        object(r#"{"deviceToken":"dev-9"}"#),
    )
    .unwrap();
    assert_eq!(parts(&r).0, "PUT");
    assert_eq!(parts(&r).2.as_deref(), Some(r#"{"City":"Oslo"}"#));
    assert_eq!(header(&r, "UserDeviceToken").as_deref(), Some("dev-9"));

    let r = build_set_telematics_request(
        o.clone(),
        "AT-1".into(),
        object(r#"{"enabled":false}"#),
        JsValue::UNDEFINED,
    )
    .unwrap();
    assert_eq!(
        parts(&r).2.as_deref(),
        Some(r#"{"UserFields":{"Enabled":false}}"#)
    );
    assert_eq!(header(&r, "UserDeviceToken"), None);

    let r = build_delete_user_request(o.clone(), "AT-1".into(), "a b/c".into()).unwrap();
    assert_eq!(
        parts(&r),
        (
            "DELETE".into(),
            "http://127.0.0.1:8787/v1/Management/users/a%20b%2Fc".into(),
            None
        )
    );

    let r = build_register_many_requests(
        o,
        object(r#"[{"firstName":"a"},{"gender":"robot"},{"firstName":"c"},{}]"#),
        object(r#"{"batchSize":2}"#),
    )
    .unwrap();
    let batches = js_sys::Array::from(&prop(&r, "batches"));
    assert_eq!(batches.length(), 2);
    assert_eq!(
        parts(&batches.get(0)).2.as_deref(),
        Some(r#"[{"FirstName":"a"},{"FirstName":"c"}]"#)
    );
    let indices: Vec<f64> = js_sys::Array::from(&prop(&batches.get(0), "indices"))
        .iter()
        .map(|i| i.as_f64().unwrap())
        .collect();
    assert_eq!(indices, [0.0, 2.0]);
    let invalid = js_sys::Array::from(&prop(&r, "invalid"));
    assert_eq!(prop(&invalid.get(0), "index").as_f64(), Some(1.0));
    expect_code(prop(&invalid.get(0), "error"), "invalid_input");
}

/// The numbered exports the package's JavaScript names (`src/wasm/methods.js` and
/// `src/wasm/builders.js`) refuse a number they do not know, as a typed error rather than a trap
/// or another builder's or method's work.
#[wasm_bindgen_test]
async fn an_unknown_builder_or_method_number_is_invalid_input() {
    let none = JsValue::UNDEFINED;
    let built = build_request(8, options(), none.clone(), none.clone(), none.clone());
    expect_code(thrown(built), "invalid_input");
    let client = new_client(options()).unwrap();
    let called = call_method(client, 12, none.clone(), none.clone()).unwrap();
    let called = settle(called).await;
    expect_code(called.unwrap_err(), "invalid_input");
}

/// A client's number (`UserClient` in JavaScript holds one) calls nothing once it is freed, nor
/// does a number no client has: both throw `invalid_input`, rather than trap or call another
/// client; a new client may take a freed number, and then calls as itself.
#[wasm_bindgen_test]
async fn a_freed_or_unknown_client_number_is_invalid_input() {
    let none = JsValue::UNDEFINED;
    let client = new_client(options()).unwrap();
    assert!(
        settle(call_method(client, 5, none.clone(), none.clone()).unwrap())
            .await
            .unwrap()
            .is_null()
    );
    free_client(client);
    expect_code(
        call_method(client, 5, none.clone(), none.clone()).unwrap_err(),
        "invalid_input",
    );
    expect_code(
        call_method(u32::MAX, 5, none.clone(), none.clone()).unwrap_err(),
        "invalid_input",
    );
    // Freeing twice, or a number no client has, does nothing.
    free_client(client);
    free_client(u32::MAX);
    let next = new_client(options()).unwrap();
    let session = call_method(next, 5, none.clone(), none).unwrap();
    assert!(settle(session).await.unwrap().is_null());
    free_client(next);
}

#[wasm_bindgen_test]
fn builders_reject_bad_input_like_the_client() {
    let o = options();
    expect_code(
        thrown(build_register_request(
            o.clone(),
            object(r#"{"birthday":"1.1.1990"}"#),
        )),
        "invalid_input",
    );
    expect_code(
        thrown(build_login_request(o.clone(), object("{}"))),
        "invalid_input",
    );
    expect_code(
        thrown(build_get_user_request(o.clone(), "".into())),
        "invalid_input",
    );
    expect_code(
        thrown(build_refresh_request(
            o.clone(),
            object(r#"{"accessToken":"a"}"#),
        )),
        "invalid_input",
    );
    // A session that is no object, or whose getter throws, is bad input too, not a JS exception.
    let throwing = js_sys::Function::new_no_args(
        "return { get accessToken() { throw new Error('boom'); }, refreshToken: 'r' };",
    )
    .call0(&JsValue::NULL)
    .unwrap();
    for session in [JsValue::UNDEFINED, JsValue::NULL, "AT".into(), throwing] {
        let error = thrown(build_refresh_request(o.clone(), session));
        let error = expect_code(error, "invalid_input");
        let message = prop(&error, "message").as_string().unwrap();
        assert_eq!(message, "session.accessToken must be a non-empty string");
    }
    expect_code(
        thrown(build_delete_user_request(o.clone(), "AT".into(), "".into())),
        "invalid_input",
    );
    expect_code(
        thrown(build_register_many_requests(
            o,
            object("{}"),
            JsValue::UNDEFINED,
        )),
        "invalid_input",
    );
    expect_code(
        thrown(build_register_request(
            object(r#"{"baseUrl":"ftp://x"}"#),
            JsValue::UNDEFINED,
        )),
        "invalid_config",
    );
    expect_code(
        thrown(build_register_request(object("{}"), JsValue::UNDEFINED)),
        "invalid_config",
    );
}

const SECRETS: [&str; 3] = ["INSTANCE-KEY-SECRET", "AT-1", "RT-1"];

/// Everything a caller can read from an error: message, fields, `toString()`, `stack`, JSON.
fn assert_clean(error: &JsValue, case: &str) {
    let mut texts = vec![
        js_sys::JSON::stringify(error).unwrap().as_string().unwrap(),
        String::from(error.unchecked_ref::<js_sys::Error>().to_string()),
        text(error, "message").unwrap_or_default(),
        text(error, "stack").unwrap_or_default(),
        js_sys::JSON::stringify(&prop(error, "fieldErrors"))
            .unwrap()
            .as_string()
            .unwrap(),
    ];
    texts.push(format!("{error:?}"));
    for t in &texts {
        for secret in SECRETS {
            assert!(!t.contains(secret), "{case}: {secret} leaked in {t}");
        }
    }
}

#[wasm_bindgen_test]
async fn no_error_path_shows_a_token_or_the_instance_key() {
    let server = server();
    let client = UserClient::new(options_for(&server).into()).unwrap();
    settle(client.login(object(r#"{"email":"a@b.c","password":"pw"}"#)))
        .await
        .unwrap();
    let echo = r#"{"Status":422,"Title":"AT-1 with RT-1 from INSTANCE-KEY-SECRET","Errors":[{"Key":"RT-1","Message":"AT-1 INSTANCE-KEY-SECRET"}]}"#;
    let mut errors: Vec<(&str, JsValue)> = Vec::new();
    for (status, body) in [
        (422, echo),
        (400, r#"{"Errors":{"AT-1":["INSTANCE-KEY-SECRET"]}}"#),
        (401, r#"{"Status":401,"Title":"token AT-1 expired"}"#),
        (403, r#"{"Status":403,"Title":"RT-1"}"#),
        (404, r#"{"Status":404,"Title":"AT-1"}"#),
        (500, r#"{"Status":500,"Title":"INSTANCE-KEY-SECRET"}"#),
        (200, r#"{"Status":200,"Result":{"DeviceToken":{"AT-1":1}}}"#),
        (200, r#"{"Status":"419","Title":"RT-1"}"#),
    ] {
        let entry = js_sys::Array::of3(&status.into(), &body.into(), &JsValue::UNDEFINED);
        prop(&server, "script")
            .unchecked_into::<js_sys::Array>()
            .push(&entry);
        errors.push((
            "register",
            settle(client.register(JsValue::UNDEFINED))
                .await
                .unwrap_err(),
        ));
    }
    // The service echoing secrets at registration and login.
    let entry = js_sys::Array::of3(&422.into(), &echo.into(), &JsValue::UNDEFINED);
    prop(&server, "script")
        .unchecked_into::<js_sys::Array>()
        .push(&entry);
    errors.push((
        "registerMany",
        settle(client.register_many(object("[{}]"), JsValue::UNDEFINED))
            .await
            .map(|r| prop(&js_sys::Array::from(&prop(&r, "failed")).get(0), "error"))
            .unwrap(),
    ));
    // Secrets in the caller's own input and options.
    errors.push((
        "options",
        UserClient::new(object(
            r#"{"instanceKey":"INSTANCE-KEY-SECRET","timeoutMs":"INSTANCE-KEY-SECRET"}"#,
        ))
        .err()
        .unwrap(),
    ));
    errors.push((
        "builder",
        build_update_user_request(
            options(),
            "AT-1".into(),
            object(r#"{"gender":"AT-1"}"#),
            JsValue::UNDEFINED,
        )
        .unwrap_err(),
    ));
    errors.push((
        "builder refresh",
        build_refresh_request(
            object(r#"{"baseUrl":"AT-1"}"#),
            object(r#"{"accessToken":"AT-1","refreshToken":"RT-1"}"#),
        )
        .unwrap_err(),
    ));
    // A rejected refresh whose answer echoes the tokens.
    js_sys::Reflect::set(&server, &"denyAll".into(), &true.into()).unwrap();
    let entry = js_sys::Array::of3(&400.into(), &echo.into(), &JsValue::UNDEFINED);
    prop(&server, "refreshScript")
        .unchecked_into::<js_sys::Array>()
        .push(&entry);
    errors.push(("refresh", settle(client.refresh()).await.unwrap_err()));
    assert!(errors.len() >= 12);
    for (case, error) in &errors {
        assert_clean(error, case);
    }
}
