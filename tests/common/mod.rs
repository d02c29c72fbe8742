//! The JS-facing API under test, shared by `web.rs` (headless Chromium) and `node.rs` (Node).
//! Every test drives `UserClient` exactly as JavaScript does, with an injected `fetch`.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;
use telematics_user::UserClient;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

#[wasm_bindgen]
extern "C" {
    type Response;
    #[wasm_bindgen(constructor)]
    fn new(body: &str, init: &JsValue) -> Response;
}

/// What the fake fetch saw of one request.
#[derive(Debug, Clone)]
pub struct Seen {
    pub url: String,
    pub method: String,
    pub headers: JsValue,
    pub body: Option<String>,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<String> {
        js_sys::Reflect::get(&self.headers, &name.into())
            .ok()?
            .as_string()
    }
}

/// A scripted answer: status and body, or a network failure.
pub enum Reply {
    Json(u16, &'static str),
    Fail,
}

/// A fetch function answering from a script and recording requests.
pub struct FakeFetch {
    pub seen: Rc<RefCell<Vec<Seen>>>,
    replies: Rc<RefCell<VecDeque<Reply>>>,
    function: JsValue,
}

impl FakeFetch {
    pub fn new(replies: Vec<Reply>) -> FakeFetch {
        let seen = Rc::new(RefCell::new(Vec::new()));
        let replies = Rc::new(RefCell::new(VecDeque::from(replies)));
        let (s, r) = (seen.clone(), replies.clone());
        let closure = Closure::<dyn FnMut(JsValue, JsValue) -> js_sys::Promise>::new(
            move |url: JsValue, init: JsValue| {
                let get = |k: &str| js_sys::Reflect::get(&init, &k.into()).unwrap();
                s.borrow_mut().push(Seen {
                    url: url.as_string().unwrap(),
                    method: get("method").as_string().unwrap(),
                    headers: get("headers"),
                    body: get("body").as_string(),
                });
                match r
                    .borrow_mut()
                    .pop_front()
                    .expect("an unscripted request was sent")
                {
                    Reply::Json(status, body) => {
                        let init = js_sys::Object::new();
                        js_sys::Reflect::set(&init, &"status".into(), &status.into()).unwrap();
                        js_sys::Promise::resolve(&JsValue::from(Response::new(body, &init)))
                    }
                    Reply::Fail => js_sys::Promise::reject(&js_sys::TypeError::new("fetch failed")),
                }
            },
        );
        FakeFetch {
            seen,
            replies,
            function: closure.into_js_value(),
        }
    }

    pub fn push(&self, reply: Reply) {
        self.replies.borrow_mut().push_back(reply);
    }
}

pub fn options(fetch: &FakeFetch) -> js_sys::Object {
    let o = js_sys::Object::new();
    for (k, v) in [
        ("baseUrl", "http://127.0.0.1:8787"),
        ("instanceId", "instance-id-1"),
        ("instanceKey", "INSTANCE-KEY-SECRET"),
    ] {
        js_sys::Reflect::set(&o, &k.into(), &v.into()).unwrap();
    }
    js_sys::Reflect::set(&o, &"fetch".into(), &fetch.function).unwrap();
    o
}

pub fn prop(value: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(value, &key.into()).unwrap()
}

pub fn object(json: &str) -> JsValue {
    js_sys::JSON::parse(json).unwrap()
}

/// Awaits a promise the client returned.
pub async fn settle(promise: impl Into<JsValue>) -> Result<JsValue, JsValue> {
    JsFuture::from(js_sys::Promise::unchecked_from_js(promise.into())).await
}

/// Checks an error is a `UserServiceError` with the code, and returns it.
pub fn expect_code(error: JsValue, code: &str) -> JsValue {
    assert!(
        error.is_instance_of::<js_sys::Error>(),
        "not an Error: {error:?}"
    );
    assert_eq!(
        prop(&error, "name").as_string().as_deref(),
        Some("UserServiceError")
    );
    assert_eq!(
        prop(&error, "code").as_string().as_deref(),
        Some(code),
        "{error:?}"
    );
    error
}

const REGISTERED: &str = r#"{"Result":{"DeviceToken":"dev-1","AccessToken":{"Token":"AT-1","ExpiresIn":3600},"RefreshToken":"RT-1"},"Status":200,"Title":"","Errors":[]}"#;

#[wasm_bindgen_test]
async fn register_sends_the_documented_request_and_stores_the_session() {
    let fetch = FakeFetch::new(vec![Reply::Json(200, REGISTERED)]);
    let client = UserClient::new(options(&fetch).into()).unwrap();
    let user = object(
        r#"{"firstName":"Ann","birthday":"1990-01-31","telematics":{"enableTracking":true}}"#,
    );
    let reg = settle(client.register(user)).await.unwrap();
    assert_eq!(
        prop(&reg, "deviceToken").as_string().as_deref(),
        Some("dev-1")
    );
    assert_eq!(
        prop(&reg, "accessToken").as_string().as_deref(),
        Some("AT-1")
    );
    assert_eq!(
        prop(&reg, "refreshToken").as_string().as_deref(),
        Some("RT-1")
    );
    assert_eq!(prop(&reg, "expiresIn").as_f64(), Some(3600.0));

    let seen = fetch.seen.borrow()[0].clone();
    assert_eq!(seen.url, "http://127.0.0.1:8787/v1/Registration/Create");
    assert_eq!(seen.method, "POST");
    assert_eq!(seen.header("InstanceId").as_deref(), Some("instance-id-1"));
    assert_eq!(
        seen.header("InstanceKey").as_deref(),
        Some("INSTANCE-KEY-SECRET")
    );
    assert_eq!(
        seen.body.as_deref(),
        Some(r#"{"FirstName":"Ann","Birthday":"1990-01-31","UserFields":{"EnableTracking":true}}"#)
    );

    let session = settle(client.get_session()).await.unwrap();
    assert_eq!(
        prop(&session, "accessToken").as_string().as_deref(),
        Some("AT-1")
    );
    assert_eq!(
        prop(&session, "refreshToken").as_string().as_deref(),
        Some("RT-1")
    );
    let expires_at = prop(&session, "expiresAt").as_f64().unwrap();
    let now = js_sys::Date::now();
    assert!(
        expires_at > now + 3_500_000.0 && expires_at <= now + 3_600_000.0,
        "{expires_at}"
    );
}

#[wasm_bindgen(module = "/src/wasm/shell.js")]
extern "C" {
    #[wasm_bindgen(js_name = base64urlText)]
    fn base64url_text(text: &str) -> Option<String>;
    // `JsValue`: the crate binds `httpDate` as `Option<f64>`, and one binding twice will not link.
    #[wasm_bindgen(js_name = httpDate)]
    fn http_date(text: &str) -> JsValue;
}

/// In wasm an HTTP-date (`Date`, `Retry-After`) is read by the engine's `Date.UTC` behind the
/// core's checks: it must read every text as the core's reader does, which its native tests hold
/// to the `httpdate` crate. So here too: a century of dates in each of the three forms, every
/// one-symbol change of a few dates (separators, digits, letters, whitespace), and the texts the
/// core's tests refuse.
#[wasm_bindgen_test]
fn the_shells_http_date_reads_as_the_core_does() {
    use std::time::{Duration, UNIX_EPOCH};
    let mut cases: Vec<String> = Vec::new();
    let mut seconds = 0u64;
    while seconds < 3_155_760_000 {
        // `Sun, 06 Nov 1994 08:49:37 GMT`, and the same moment as RFC 850 and asctime.
        let imf = httpdate::fmt_http_date(UNIX_EPOCH + Duration::from_secs(seconds));
        let p: Vec<&str> = imf.split([' ', ',']).filter(|p| !p.is_empty()).collect();
        let day = p[1].trim_start_matches('0');
        cases.push(format!(
            "{}day, {}-{}-{} {} GMT",
            p[0],
            p[1],
            p[2],
            &p[3][2..],
            p[4]
        ));
        cases.push(format!("{} {} {day:>2} {} {}", p[0], p[2], p[4], p[3]));
        cases.push(imf);
        seconds += 7919 * 60 + 13;
    }
    for date in [
        "Sun, 06 Nov 1994 08:49:37 GMT",
        "Sunday, 29-Feb-00 23:59:59 GMT",
        "Mon Feb 29 00:00:00 2100",
    ] {
        for (i, _) in date.char_indices() {
            for symbol in [
                "", " ", ",", "-", ":", "0", "3", "9", "x", "\t", "\u{c}", "\u{a0}", "\u{660}",
                "GMT",
            ] {
                cases.push(date[..i].to_string() + symbol + &date[i + 1..]);
            }
        }
    }
    for case in [
        "",
        "120",
        " \tSun, 06 Nov 1994 08:49:37 GMT\r\n",
        "Sun, 06 Nov 1994 08:49:37",
        "Sun, 06 Nov 1994 08:49:37 UTC",
        "Sun, 06 nov 1994 08:49:37 GMT",
        "Sun, 31 Nov 1994 08:49:37 GMT",
        "Sun, 00 Nov 1994 08:49:37 GMT",
        "Sun, 371 Nov 1994 08:49:37 GMT",
        "Sun, 0006 Nov 1994 08:49:37 GMT",
        "Sun, 6 Nov 1994 8:9:7 GMT",
        "Sun, 0006 Nov 1994 0008:0049:0037 GMT",
        "Sun, 06 Nov 994 08:49:37 GMT",
        "Sun, 06 Nov 0099 08:49:37 GMT",
        "Sun, 06 Nov 1969 23:59:59 GMT",
        "Thursday, 01-Jan-70 00:00:00 GMT",
        "Monday, 01-Jan-69 00:00:00 GMT",
        "Sun, 06 Nov 9999 23:59:59 GMT",
        "Sun, 06 Nov 1994 08:49:37 GMT extra words here",
        "Sun,,06--Nov 1994 08::49:37 GMT",
    ] {
        cases.push(case.to_string());
    }
    let mut read = 0;
    for case in &cases {
        let want = telematics_user::http_date::epoch_ms(case);
        assert_eq!(
            http_date(case).as_f64().map(|ms| ms as u64),
            want,
            "{case:?}"
        );
        read += usize::from(want.is_some());
    }
    assert!(
        read > 12_000 && cases.len() - read > 500,
        "{read} of {}",
        cases.len()
    );
}

/// Every string of up to `left` more symbols after `prefix`, over `symbols`.
fn strings(prefix: &str, symbols: &str, left: usize, out: &mut Vec<String>) {
    out.push(prefix.to_string());
    if left > 0 {
        for symbol in symbols.chars() {
            strings(
                &(prefix.to_string() + &symbol.to_string()),
                symbols,
                left - 1,
                out,
            );
        }
    }
}

/// In wasm a JWT payload is decoded by the engine's `atob` behind the core's checks: it must read
/// every text as the core's reader does, which its native tests hold to the `base64` crate. So
/// here too: every short string over symbols of each kind (value 0, trailing-bit carriers, both
/// url-safe ones, padding, standard base64's and foreign ones), and encoded texts padded and not,
/// UTF-8 or not.
#[wasm_bindgen_test]
fn the_shells_base64url_reads_a_payload_as_the_core_does() {
    use base64::engine::general_purpose::{URL_SAFE, URL_SAFE_NO_PAD, URL_SAFE_NO_PAD_INDIFFERENT};
    use base64::Engine;
    let mut cases = Vec::new();
    strings("", "AQgw-_=+/z.", 4, &mut cases);
    for payload in [
        &b"{\"exp\":1700000000}"[..],
        "{\"sub\":\"J\u{fc}rgen\"}".as_bytes(),
        b"\xff\xfe",
        b"a",
        b"ab",
    ] {
        cases.push(URL_SAFE.encode(payload));
        cases.push(URL_SAFE_NO_PAD.encode(payload));
    }
    for case in &cases {
        let want = URL_SAFE_NO_PAD_INDIFFERENT
            .decode(case)
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok());
        assert_eq!(base64url_text(case), want, "{case:?}");
    }
    assert!(cases.len() > 15_000);
}

/// A JWT (unsigned) whose payload is `payload`, base64url-encoded.
fn jwt(payload: &[u8]) -> String {
    const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut encoded = String::new();
    for chunk in payload.chunks(3) {
        let n = chunk.iter().fold(0u32, |n, b| n << 8 | u32::from(*b)) << (8 * (3 - chunk.len()));
        for i in 0..=chunk.len() {
            encoded.push(DIGITS[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    "eyJhbGciOiJub25lIn0.".to_string() + &encoded + ".sig"
}

#[wasm_bindgen_test]
async fn a_jwt_exp_sets_the_expiry_only_when_its_payload_is_utf8_json() {
    let exp = (js_sys::Date::now() / 1000.0) as u64 + 600;
    let answer = |token: String| -> &'static str {
        let body = r#"{"Result":{"DeviceToken":"d","AccessToken":{"Token":""#.to_string()
            + &token
            + r#""},"RefreshToken":"r"},"Status":200}"#;
        Box::leak(body.into_boxed_str())
    };
    // "é" in the payload: decoded as UTF-8 by the engine, as a JSON text by the core.
    let valid = jwt(("{\"sub\":\"é\",\"exp\":".to_string() + &exp.to_string() + "}").as_bytes());
    // 0xFF is never UTF-8: the payload is not text, so the token has no known expiry (read
    // leniently, its exp would still be a future one).
    let mut bytes = ("{\"exp\":".to_string() + &exp.to_string() + ",\"x\":\"").into_bytes();
    bytes.extend_from_slice(b"\xff\"}");
    let invalid = jwt(&bytes);
    for (token, expires_at) in [(valid, Some(exp as f64 * 1000.0)), (invalid, None)] {
        let fetch = FakeFetch::new(vec![Reply::Json(200, answer(token))]);
        let client = UserClient::new(options(&fetch).into()).unwrap();
        let credentials = object(r#"{"email":"a@b.c","password":"pw"}"#);
        let session = settle(client.login(credentials)).await.unwrap();
        assert_eq!(prop(&session, "expiresAt").as_f64(), expires_at);
    }
}

#[wasm_bindgen_test]
async fn register_without_tokens_resolves_nulls_and_stores_nothing() {
    let fetch = FakeFetch::new(vec![Reply::Json(
        200,
        r#"{"Result":{"DeviceToken":"dev-2"},"Status":200}"#,
    )]);
    let client = UserClient::new(options(&fetch).into()).unwrap();
    let reg = settle(client.register(JsValue::UNDEFINED)).await.unwrap();
    assert_eq!(
        prop(&reg, "deviceToken").as_string().as_deref(),
        Some("dev-2")
    );
    assert!(prop(&reg, "accessToken").is_null());
    assert!(prop(&reg, "expiresIn").is_null());
    assert_eq!(fetch.seen.borrow()[0].body.as_deref(), Some("{}"));
    assert!(settle(client.get_session()).await.unwrap().is_null());
}

#[wasm_bindgen_test]
fn bad_options_throw_invalid_config() {
    let fetch = FakeFetch::new(vec![]);
    let cases: Vec<(&str, JsValue)> = vec![
        ("baseUrl", "not a url".into()),
        ("baseUrl", "http://example.com".into()),
        ("timeoutMs", (-1).into()),
        ("refreshLeewaySeconds", "60".into()),
        ("fetch", "not a function".into()),
        ("store", object(r#"{"get":1}"#)),
        ("instanceKey", "".into()),
        ("instanceID", "typo".into()),
        ("endpoints", object(r#"{"refreshToken":"/v1/x"}"#)),
    ];
    for (key, value) in cases {
        let o = options(&fetch);
        js_sys::Reflect::set(&o, &key.into(), &value).unwrap();
        let err = UserClient::new(o.into())
            .err()
            .unwrap_or_else(|| panic!("{key} accepted"));
        let err = expect_code(err, "invalid_config");
        let text = String::from(js_sys::Error::from(err).to_string());
        assert!(!text.contains("INSTANCE-KEY-SECRET"), "{text}");
    }
    for bad in [
        JsValue::from("x"),
        JsValue::from(5),
        js_sys::Array::new().into(),
    ] {
        expect_code(UserClient::new(bad).err().unwrap(), "invalid_config");
    }
    // Options whose `fetch` or `store` getter throws.
    for name in ["fetch", "store"] {
        let o = options(&fetch);
        let throwing = js_sys::Function::new_with_args(
            "o, name",
            "Object.defineProperty(o, name, { get() { throw new Error('no'); }, enumerable: false });",
        );
        throwing.call2(&JsValue::NULL, &o, &name.into()).unwrap();
        let err = expect_code(UserClient::new(o.into()).err().unwrap(), "invalid_config");
        let text = String::from(js_sys::Error::from(err).message());
        assert_eq!(text, format!("options.{name} could not be read"));
    }
    // No `fetch` option in a runtime without a global one.
    let global = js_sys::global();
    let saved = js_sys::Reflect::get(&global, &"fetch".into()).unwrap();
    js_sys::Reflect::delete_property(&global, &"fetch".into()).unwrap();
    let o = options(&fetch);
    js_sys::Reflect::delete_property(&o, &"fetch".into()).unwrap();
    let without = UserClient::new(o.into()).err();
    js_sys::Reflect::set(&global, &"fetch".into(), &saved).unwrap();
    let err = expect_code(without.unwrap(), "invalid_config");
    assert!(String::from(js_sys::Error::from(err).message()).contains("no global fetch"));
    // The module still works after every throw.
    assert!(UserClient::new(options(&fetch).into()).is_ok());
}

#[wasm_bindgen_test]
async fn an_unexpected_body_is_invalid_response_and_the_client_keeps_working() {
    let fetch = FakeFetch::new(vec![
        Reply::Json(200, "<html>proxy error</html>"),
        Reply::Json(200, r#"{"Result":{"DeviceToken":42},"Status":200}"#),
        Reply::Json(
            200,
            r#"{"Result":{"DeviceToken":"d","AccessToken":{"Token":"x","ExpiresIn":"soon"}},"Status":200}"#,
        ),
        Reply::Json(200, REGISTERED),
    ]);
    let client = UserClient::new(options(&fetch).into()).unwrap();
    for _ in 0..3 {
        let err = settle(client.register(JsValue::UNDEFINED))
            .await
            .unwrap_err();
        expect_code(err, "invalid_response");
    }
    let reg = settle(client.register(JsValue::UNDEFINED)).await.unwrap();
    assert_eq!(
        prop(&reg, "deviceToken").as_string().as_deref(),
        Some("dev-1")
    );
}

#[wasm_bindgen_test]
async fn an_empty_or_blank_answer_confirms_a_change() {
    let fetch = FakeFetch::new(vec![
        Reply::Json(200, LOGGED_IN),
        Reply::Json(200, ""),
        Reply::Json(200, " \r\n\t "),
        Reply::Json(200, " x "),
    ]);
    let client = UserClient::new(options(&fetch).into()).unwrap();
    settle(client.login(object(r#"{"deviceToken":"dev-7"}"#)))
        .await
        .unwrap();
    let changes = || object(r#"{"nickname":"ann"}"#);
    for _ in 0..2 {
        let done = settle(client.update_user(changes(), JsValue::UNDEFINED)).await;
        assert!(done.unwrap().is_undefined());
    }
    let err = settle(client.update_user(changes(), JsValue::UNDEFINED))
        .await
        .unwrap_err();
    expect_code(err, "invalid_response");
}

#[wasm_bindgen_test]
async fn service_and_network_errors_are_typed() {
    let fetch = FakeFetch::new(vec![
        Reply::Json(
            422,
            r#"{"Status":422,"Title":"One or more validation errors occurred.","Errors":[{"Key":"InstanceId","Message":"unknown instance"}]}"#,
        ),
        Reply::Json(200, r#"{"Status":"401","Title":"expired","Result":null}"#),
        Reply::Fail,
        Reply::Json(503, "<html>down</html>"),
    ]);
    let client = UserClient::new(options(&fetch).into()).unwrap();
    let err = expect_code(
        settle(client.register(JsValue::UNDEFINED))
            .await
            .unwrap_err(),
        "validation",
    );
    assert_eq!(prop(&err, "status").as_f64(), Some(422.0));
    let fields = prop(&err, "fieldErrors");
    assert_eq!(
        prop(&js_sys::Array::from(&fields).get(0), "key")
            .as_string()
            .as_deref(),
        Some("InstanceId")
    );
    assert!(prop(&err, "retryAfter").is_null());
    let err = expect_code(
        settle(client.register(JsValue::UNDEFINED))
            .await
            .unwrap_err(),
        "unauthorized",
    );
    assert_eq!(prop(&err, "status").as_f64(), Some(401.0));
    let err = expect_code(
        settle(client.register(JsValue::UNDEFINED))
            .await
            .unwrap_err(),
        "network",
    );
    assert!(prop(&err, "status").is_null());
    expect_code(
        settle(client.register(JsValue::UNDEFINED))
            .await
            .unwrap_err(),
        "server",
    );
}

#[wasm_bindgen_test]
async fn bad_user_input_is_rejected_before_any_request() {
    let fetch = FakeFetch::new(vec![]);
    let client = UserClient::new(options(&fetch).into()).unwrap();
    for (json, field) in [
        (r#"{"birthday":"31/01/1990"}"#, "birthday"),
        (r#"{"childrenCount":-2}"#, "childrenCount"),
        (r#"{"gender":"robot"}"#, "gender"),
        (r#"{"firstname":"typo"}"#, "firstname"),
        (r#"{"firstName":5}"#, "firstName"),
        (r#"{"telematics":{"tracking":true}}"#, "telematics.tracking"),
    ] {
        let err = settle(client.register(object(json))).await.unwrap_err();
        if prop(&err, "code").as_string().as_deref() != Some("invalid_input") {
            panic!("{json}: {err:?}");
        }
        let err = expect_code(err, "invalid_input");
        let message = prop(&err, "message").as_string().unwrap();
        assert!(message.contains(field), "{json}: {message}");
    }
    expect_code(
        settle(client.register("x".into())).await.unwrap_err(),
        "invalid_input",
    );
    assert!(fetch.seen.borrow().is_empty());
    fetch.push(Reply::Json(200, REGISTERED));
    assert!(settle(client.register(JsValue::UNDEFINED)).await.is_ok());
}

const LOGGED_IN: &str = r#"{"Result":{"DeviceToken":"dev-7","AccessToken":{"Token":"AT-7","ExpiresIn":86400},"RefreshToken":"RT-7"},"Status":200}"#;
const PROFILE: &str = r#"{"Result":{"DeviceToken":"dev-7","Status":"Active","UserProfile":{"FirstName":"Ann","Birthday":"1989-02-17T00:00:00","MaritalStatus":"4","ChildrenCount":"1"},"UserFields":[{"ClientId":"c-1","EnableTracking":true,"EnableLogging":false,"EnableRealTimeLocation":true,"Enabled":true}]},"Status":200}"#;
const DONE: &str = r#"{"Status":200,"Title":"","Errors":[]}"#;

#[wasm_bindgen_test]
async fn login_profile_updates_delete_and_sign_out() {
    let fetch = FakeFetch::new(vec![
        Reply::Json(200, LOGGED_IN),
        Reply::Json(200, PROFILE),
        Reply::Json(200, DONE),
        Reply::Json(200, DONE),
        Reply::Json(404, r#"{"Status":404,"Title":"User not found"}"#),
    ]);
    let client = UserClient::new(options(&fetch).into()).unwrap();
    let events = Rc::new(RefCell::new(Vec::<String>::new()));
    let e = events.clone();
    let listener =
        Closure::<dyn FnMut(JsValue, JsValue)>::new(move |s: JsValue, reason: JsValue| {
            e.borrow_mut()
                .push(reason.as_string().unwrap() + if s.is_null() { ":null" } else { ":session" });
        });
    let unsubscribe = client.on_session_change(listener.as_ref().clone()).unwrap();

    expect_code(settle(client.get_user()).await.unwrap_err(), "no_session");
    assert!(
        fetch.seen.borrow().is_empty(),
        "no_session must not touch the network"
    );

    let session = settle(client.login(object(r#"{"deviceToken":"dev-7"}"#)))
        .await
        .unwrap();
    assert_eq!(
        prop(&session, "accessToken").as_string().as_deref(),
        Some("AT-7")
    );
    let login = fetch.seen.borrow()[0].clone();
    assert_eq!(login.url, "http://127.0.0.1:8787/v1/Auth/Login");
    assert_eq!(login.header("InstanceId").as_deref(), Some("instance-id-1"));
    assert_eq!(
        login.body.as_deref(),
        Some(r#"{"LoginFields":"{\"Devicetoken\":\"dev-7\"}","Password":"INSTANCE-KEY-SECRET"}"#)
    );

    let profile = settle(client.get_user()).await.unwrap();
    assert_eq!(
        prop(&profile, "firstName").as_string().as_deref(),
        Some("Ann")
    );
    assert_eq!(
        prop(&profile, "birthday").as_string().as_deref(),
        Some("1989-02-17")
    );
    assert_eq!(
        prop(&profile, "maritalStatus").as_string().as_deref(),
        Some("Single")
    );
    assert_eq!(
        prop(&prop(&profile, "telematics"), "enableRealtimeLocation").as_bool(),
        Some(true)
    );
    assert_eq!(
        fetch.seen.borrow()[1].header("Authorization").as_deref(),
        Some("Bearer AT-7")
    );

    settle(client.update_user(
        object(r#"{"lastName":"Lee"}"#),
        object(r#"{"deviceToken":"dev-9"}"#),
    ))
    .await
    .unwrap();
    let update = fetch.seen.borrow()[2].clone();
    assert_eq!(
        (
            update.method.as_str(),
            update.header("UserDeviceToken").as_deref()
        ),
        ("PUT", Some("dev-9"))
    );
    assert_eq!(update.body.as_deref(), Some(r#"{"LastName":"Lee"}"#));

    settle(client.set_telematics(object(r#"{"enableTracking":false}"#), JsValue::UNDEFINED))
        .await
        .unwrap();
    let tele = fetch.seen.borrow()[3].clone();
    assert_eq!(
        (tele.header("UserDeviceToken"), tele.body.as_deref()),
        (None, Some(r#"{"UserFields":{"EnableTracking":false}}"#))
    );

    let err = expect_code(
        settle(client.delete_user("gone".into())).await.unwrap_err(),
        "not_found",
    );
    assert_eq!(
        prop(&err, "message").as_string().as_deref(),
        Some("User not found")
    );
    assert_eq!(
        fetch.seen.borrow()[4].url,
        "http://127.0.0.1:8787/v1/Management/users/gone"
    );

    settle(client.sign_out()).await.unwrap();
    assert!(settle(client.get_session()).await.unwrap().is_null());
    expect_code(
        settle(client.set_telematics(object("{}"), JsValue::UNDEFINED))
            .await
            .unwrap_err(),
        "no_session",
    );
    assert_eq!(*events.borrow(), ["login:session", "signed_out:null"]);

    JsValue::from(unsubscribe)
        .unchecked_into::<js_sys::Function>()
        .call0(&JsValue::UNDEFINED)
        .unwrap();
    fetch.push(Reply::Json(200, LOGGED_IN));
    settle(client.login(object(r#"{"email":"a@b.c","password":"pw"}"#)))
        .await
        .unwrap();
    assert_eq!(
        events.borrow().len(),
        2,
        "an unsubscribed listener was called"
    );
}

#[wasm_bindgen_test]
async fn unusable_arguments_are_invalid_input_without_a_request() {
    let fetch = FakeFetch::new(vec![]);
    let client = UserClient::new(options(&fetch).into()).unwrap();
    for credentials in [
        r#"{}"#,
        r#"{"email":"a@b.c"}"#,
        r#"{"deviceToken":""}"#,
        r#"{"devicetoken":"x"}"#,
    ] {
        expect_code(
            settle(client.login(object(credentials))).await.unwrap_err(),
            "invalid_input",
        );
    }
    expect_code(
        settle(client.delete_user(JsValue::from(5)))
            .await
            .unwrap_err(),
        "invalid_input",
    );
    for callback in [JsValue::from("nope"), JsValue::NULL, object("{}")] {
        let refused = client.on_session_change(callback).map(JsValue::from);
        expect_code(refused.unwrap_err(), "invalid_input");
    }
    assert!(fetch.seen.borrow().is_empty());
}

mod allocator;
mod builders;
mod inputs;
pub mod lifecycle;
mod limits;
