//! The sandbox through HTTP, as a client sees it: every route, rotation, validation, the control
//! API and the faults. Each test drives the axum router directly (no socket).

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use axum::Router;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use http_body_util::BodyExt;
use serde_json::{json, Value};
use std::sync::Arc;
use telematics_user_sandbox::{router, Config, Sandbox};
use tower::ServiceExt;

const ID: &str = "inst";
const KEY: &str = "KEY-SECRET-123";

struct Api {
    app: Router,
}

struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    text: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|_| panic!("not JSON: {:?}", self.text))
    }
    fn result(&self) -> Value {
        assert_eq!(self.status, 200, "{}", self.text);
        self.json()["Result"].clone()
    }
    fn error_keys(&self) -> Vec<String> {
        self.json()["Errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["Key"].as_str().unwrap().to_string())
            .collect()
    }
}

fn api_with(config: Config) -> Api {
    Api {
        app: router(Arc::new(Sandbox::new(config))),
    }
}

fn api() -> Api {
    api_with(Config {
        instance_id: ID.into(),
        instance_key: KEY.into(),
        ..Config::default()
    })
}

impl Api {
    async fn send(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&str>,
    ) -> Answer {
        let mut request = Request::builder().method(method).uri(path);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if body.is_some() {
            request = request.header("content-type", "application/json");
        }
        let request = request
            .body(Body::from(body.unwrap_or("").to_string()))
            .unwrap();
        let response = self.app.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        Answer {
            status,
            headers,
            text: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    async fn register(&self, body: Value) -> Answer {
        self.send(
            "POST",
            "/v1/Registration/Create",
            &[("InstanceId", ID), ("InstanceKey", KEY)],
            Some(&body.to_string()),
        )
        .await
    }

    async fn me(&self, access: &str) -> Answer {
        self.send(
            "GET",
            "/v1/Management/users",
            &[("Authorization", &format!("Bearer {access}"))],
            None,
        )
        .await
    }

    async fn refresh(&self, path: &str, pair: &Value) -> Answer {
        let body = json!({ "AccessToken": pair["AccessToken"]["Token"], "RefreshToken": pair["RefreshToken"] });
        self.send("POST", path, &[], Some(&body.to_string())).await
    }

    async fn control(&self, method: &str, path: &str, body: Option<Value>) -> Answer {
        let body = body.map(|b| b.to_string());
        self.send(method, &format!("/_sandbox/{path}"), &[], body.as_deref())
            .await
    }

    async fn counter(&self, name: &str) -> u64 {
        self.control("GET", "counters", None).await.json()[name]
            .as_u64()
            .unwrap()
    }

    async fn admin(&self) -> String {
        let login = json!({ "LoginFields": "{\"email\":\"admin@sandbox.local\"}", "Password": "sandbox-admin" });
        let answer = self
            .send("POST", "/v1/Auth/Login", &[], Some(&login.to_string()))
            .await;
        let result = answer.result();
        assert!(
            result.get("DeviceToken").is_none(),
            "an admin session names no device"
        );
        result["AccessToken"]["Token"].as_str().unwrap().to_string()
    }
}

fn token(pair: &Value) -> &str {
    pair["AccessToken"]["Token"].as_str().unwrap()
}

fn claims(jwt: &str) -> Value {
    serde_json::from_slice(
        &URL_SAFE_NO_PAD
            .decode(jwt.split('.').nth(1).unwrap())
            .unwrap(),
    )
    .unwrap()
}

#[tokio::test]
async fn register_read_and_rotate_on_both_refresh_paths() {
    let api = api();
    let pair = api
        .register(json!({ "firstName": "Ann", "userfields": { "enableRealtimeLocation": true }, "Birthday": "1989-02-17" }))
        .await
        .result();
    let device = pair["DeviceToken"].as_str().unwrap().to_string();
    assert_eq!(pair["AccessToken"]["ExpiresIn"], 3600);
    let jwt = claims(token(&pair));
    assert_eq!(
        (
            jwt["sub"].as_str(),
            jwt["exp"].as_u64().unwrap() - jwt["iat"].as_u64().unwrap()
        ),
        (Some(device.as_str()), 3600)
    );
    assert_eq!(jwt["InstanceId"], ID);

    let me = api.me(token(&pair)).await.result();
    assert_eq!(me["DeviceToken"], device.as_str());
    assert_eq!(me["UserProfile"]["FirstName"], "Ann");
    assert_eq!(me["UserProfile"]["Birthday"], "1989-02-17T00:00:00");
    assert_eq!(me["UserFields"][0]["EnableRealTimeLocation"], true);
    assert_eq!(me["Status"], "Active");

    let second = api.refresh("/v1/RefreshToken", &pair).await.result();
    assert_ne!(second["RefreshToken"], pair["RefreshToken"]);
    assert_eq!(second["DeviceToken"], device.as_str());
    let third = api.refresh("/V1/auth/refreshtoken", &second).await.result();
    assert_eq!(api.me(token(&third)).await.status, 200);

    // A spent refresh token is refused with 400 and counted as reused.
    let again = api.refresh("/v1/Auth/RefreshToken", &pair).await;
    assert_eq!(again.status, 400);
    assert_eq!(again.json()["Status"], 400);
    assert_eq!(api.counter("refreshReused").await, 1);
    assert_eq!(api.counter("refreshes").await, 3);
    assert_eq!(api.counter("refreshRejected").await, 1);
    // Every token issued so far is listed for the suites' leak check, with the instance key.
    let secrets = api.control("GET", "secrets", None).await.json();
    let listed: Vec<&str> = secrets["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for pair in [&pair, &second, &third] {
        assert!(listed.contains(&token(pair)));
        assert!(listed.contains(&pair["RefreshToken"].as_str().unwrap()));
    }
    assert_eq!(listed.len(), 6);
    assert_eq!(secrets["instanceKey"], KEY);
    // Both fields are required; a missing one is a 422.
    let missing = api
        .send(
            "POST",
            "/v1/RefreshToken",
            &[],
            Some(r#"{"refreshToken":"x"}"#),
        )
        .await;
    assert_eq!(
        (missing.status, missing.error_keys()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["AccessToken".to_string()]
        )
    );
}

#[tokio::test]
async fn registration_checks_the_instance_and_every_field() {
    let api = api();
    let wrong = api
        .send(
            "POST",
            "/v1/registration/create",
            &[("InstanceId", ID), ("InstanceKey", "GUESSED-KEY")],
            Some("{}"),
        )
        .await;
    assert_eq!(
        (wrong.status, wrong.error_keys()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["InstanceKey".to_string()]
        )
    );
    assert!(
        !wrong.text.contains("GUESSED-KEY") && !wrong.text.contains(KEY),
        "the key is never echoed"
    );
    let none = api
        .send("POST", "/v1/Registration/Create", &[], Some("{}"))
        .await;
    assert_eq!(none.error_keys(), ["InstanceId", "InstanceKey"]);

    let bad = api.register(json!({ "Email": "nope", "Birthday": "1.1.1990", "ChildrenCount": "two", "UserFields": { "Enabled": 1 } })).await;
    assert_eq!(bad.status, 422);
    assert_eq!(
        bad.json()["Title"],
        "One or more validation errors occurred."
    );
    assert_eq!(
        bad.error_keys(),
        ["Email", "Birthday", "ChildrenCount", "UserFields.Enabled"]
    );

    let bare = api
        .register(json!({ "CustomToken": "my-id", "CreateAccessToken": false, "Email": "a@b.co" }))
        .await
        .result();
    assert_eq!(
        bare,
        json!({ "DeviceToken": "my-id", "AccessToken": null, "RefreshToken": null })
    );
    let taken = api
        .register(json!({ "customToken": "my-id", "email": "A@B.CO" }))
        .await;
    assert_eq!(taken.error_keys(), ["CustomToken", "Email"]);

    let garbled = api
        .send(
            "POST",
            "/v1/Registration/Create",
            &[("InstanceId", ID), ("InstanceKey", KEY)],
            Some("{nope"),
        )
        .await;
    assert_eq!(garbled.status, 400);
    let form = api
        .send(
            "POST",
            "/v1/Registration/Create",
            &[
                ("InstanceId", ID),
                ("InstanceKey", KEY),
                ("content-type", "text/plain"),
            ],
            None,
        )
        .await;
    assert_eq!(form.status, 200, "an empty body needs no content type");
    assert_eq!(api.counter("usersRegistered").await, 2);
    assert_eq!(
        api.send("GET", "/v1/Registration/Create", &[], None)
            .await
            .status,
        405
    );
    assert_eq!(api.send("GET", "/v1/Nothing", &[], None).await.status, 404);
}

#[tokio::test]
async fn create_many_registers_in_order_or_refuses_the_whole_batch() {
    let api = api();
    let headers = [("InstanceId", ID), ("InstanceKey", KEY)];
    let ok = api
        .send(
            "POST",
            "/v1/Registration/CreateMany",
            &headers,
            Some(
                &json!([{ "FirstName": "a" }, { "CustomToken": "b", "CreateAccessToken": false }])
                    .to_string(),
            ),
        )
        .await
        .result();
    assert_eq!(ok.as_array().unwrap().len(), 2);
    assert!(ok[0]["AccessToken"]["Token"].is_string());
    assert_eq!(ok[1]["DeviceToken"], "b");

    let batch = json!([{ "FirstName": "c" }, { "Birthday": "never" }, { "Email": "x@y.zz" }, { "email": "X@Y.ZZ" }]);
    let refused = api
        .send(
            "POST",
            "/v1/Registration/CreateMany",
            &headers,
            Some(&batch.to_string()),
        )
        .await;
    assert_eq!(refused.error_keys(), ["[1].Birthday", "[3].Email"]);
    assert_eq!(
        api.counter("usersRegistered").await,
        2,
        "a refused batch registers nobody"
    );

    let huge = Value::Array(vec![json!({}); 1001]);
    assert_eq!(
        api.send(
            "POST",
            "/v1/Registration/CreateMany",
            &headers,
            Some(&huge.to_string())
        )
        .await
        .status,
        422
    );
    let object = api
        .send("POST", "/v1/Registration/CreateMany", &headers, Some("{}"))
        .await;
    assert_eq!(object.error_keys(), ["$"]);
}

#[tokio::test]
async fn login_by_device_token_as_string_or_object_by_password_and_as_admin() {
    let api = api();
    let device = api
        .register(json!({ "Email": "ann@example.com" }))
        .await
        .result()["DeviceToken"]
        .as_str()
        .unwrap()
        .to_string();
    let id = [("InstanceId", ID)];
    let as_string =
        json!({ "LoginFields": format!("{{\"Devicetoken\":\"{device}\"}}"), "Password": KEY });
    assert_eq!(
        api.send("POST", "/v1/Auth/Login", &id, Some(&as_string.to_string()))
            .await
            .result()["DeviceToken"],
        device.as_str()
    );
    let as_object = json!({ "loginFields": { "DeviceToken": device }, "password": KEY });
    assert_eq!(
        api.send("POST", "/v1/Auth/Login", &id, Some(&as_object.to_string()))
            .await
            .status,
        200
    );

    let wrong_key = json!({ "LoginFields": { "DeviceToken": device }, "Password": "nope" });
    let refused = api
        .send("POST", "/v1/Auth/Login", &id, Some(&wrong_key.to_string()))
        .await;
    assert_eq!(
        (refused.status, refused.json()["Status"].as_u64()),
        (StatusCode::UNAUTHORIZED, Some(401))
    );
    let unknown = json!({ "LoginFields": { "DeviceToken": "nobody" }, "Password": KEY });
    assert_eq!(
        api.send("POST", "/v1/Auth/Login", &id, Some(&unknown.to_string()))
            .await
            .status,
        401
    );
    assert_eq!(
        api.send("POST", "/v1/Auth/Login", &[], Some(&as_object.to_string()))
            .await
            .status,
        422,
        "InstanceId is required"
    );
    let neither = api
        .send(
            "POST",
            "/v1/Auth/Login",
            &[],
            Some(r#"{"LoginFields":"{}","Password":"x"}"#),
        )
        .await;
    assert_eq!(neither.error_keys(), ["LoginFields"]);

    // A password set through an update allows login by email; changing it needs the old one.
    let pair = api
        .send("POST", "/v1/Auth/Login", &id, Some(&as_string.to_string()))
        .await
        .result();
    let bearer = format!("Bearer {}", token(&pair));
    let by_email = json!({ "LoginFields": { "email": "ANN@example.com" }, "Password": "s3cret" });
    assert_eq!(
        api.send("POST", "/v1/Auth/Login", &[], Some(&by_email.to_string()))
            .await
            .status,
        401
    );
    assert_eq!(
        api.send(
            "PUT",
            "/v1/Management/users",
            &[("Authorization", &bearer)],
            Some(r#"{"NewPassword":"s3cret"}"#)
        )
        .await
        .status,
        200
    );
    assert_eq!(
        api.send("POST", "/v1/Auth/Login", &[], Some(&by_email.to_string()))
            .await
            .result()["DeviceToken"],
        device.as_str()
    );
    let no_old = api
        .send(
            "PUT",
            "/v1/Management/users",
            &[("Authorization", &bearer)],
            Some(r#"{"NewPassword":"other"}"#),
        )
        .await;
    assert_eq!(no_old.error_keys(), ["OldPassword"]);
    assert_eq!(api.counter("logins").await, 4);

    let admin = api.admin().await;
    assert_eq!(claims(&admin)["IsAdmin"], "True");
    let bad_admin =
        json!({ "LoginFields": "{\"email\":\"admin@sandbox.local\"}", "Password": "guess" });
    assert_eq!(
        api.send("POST", "/v1/Auth/Login", &[], Some(&bad_admin.to_string()))
            .await
            .status,
        401
    );
}

#[tokio::test]
async fn updates_by_the_user_and_by_an_admin_then_find_and_delete() {
    let api = api();
    let ann = api.register(json!({ "FirstName": "Ann" })).await.result();
    let bob = api
        .register(json!({ "FirstName": "Bob", "UserFields": { "ClientId": "c-9" } }))
        .await
        .result();
    let ann_bearer = format!("Bearer {}", token(&ann));
    let flags =
        json!({ "UserFields": { "EnableTracking": false, "EnableLogging": true } }).to_string();
    assert_eq!(
        api.send(
            "PUT",
            "/v1/Management/users",
            &[("Authorization", &ann_bearer)],
            Some(&flags)
        )
        .await
        .json(),
        json!({ "Status": 200, "Title": "", "Errors": [] })
    );
    let fields = &api.me(token(&ann)).await.result()["UserFields"][0];
    assert_eq!(
        (
            fields["EnableTracking"].as_bool(),
            fields["EnableLogging"].as_bool(),
            fields["Enabled"].as_bool()
        ),
        (Some(false), Some(true), Some(true))
    );
    let bob_device = bob["DeviceToken"].as_str().unwrap();
    let other = api
        .send(
            "PUT",
            "/v1/Management/users",
            &[
                ("Authorization", &ann_bearer),
                ("UserDeviceToken", bob_device),
            ],
            Some("{}"),
        )
        .await;
    assert_eq!(other.status, 403);

    let admin = format!("Bearer {}", api.admin().await);
    let nameless = api
        .send(
            "PUT",
            "/v1/Management/users",
            &[("Authorization", &admin)],
            Some("{}"),
        )
        .await;
    assert_eq!(nameless.error_keys(), ["UserDeviceToken"]);
    let city = api
        .send(
            "PUT",
            "/v1/management/Users",
            &[("Authorization", &admin), ("UserDeviceToken", bob_device)],
            Some(r#"{"City":"Oslo"}"#),
        )
        .await;
    assert_eq!(city.status, 200);
    assert_eq!(
        api.me(token(&bob)).await.result()["UserProfile"]["City"],
        "Oslo"
    );
    assert_eq!(
        api.me(&admin[7..]).await.status,
        403,
        "an admin has no profile"
    );

    let found = api
        .send(
            "GET",
            "/v1/Management/users/find?clientId=C-9",
            &[("Authorization", &admin)],
            None,
        )
        .await
        .result();
    assert_eq!(
        found
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["DeviceToken"].as_str().unwrap())
            .collect::<Vec<_>>(),
        [bob_device]
    );
    assert_eq!(
        api.send(
            "GET",
            "/v1/Management/users/find",
            &[("Authorization", &admin)],
            None
        )
        .await
        .status,
        422
    );
    assert_eq!(
        api.send(
            "GET",
            "/v1/Management/users/find?Email=x",
            &[("Authorization", &ann_bearer)],
            None
        )
        .await
        .status,
        403
    );

    let path = format!("/v1/Management/users/{bob_device}");
    assert_eq!(
        api.send("DELETE", &path, &[("Authorization", &ann_bearer)], None)
            .await
            .status,
        403
    );
    assert_eq!(
        api.send("DELETE", &path, &[("Authorization", &admin)], None)
            .await
            .status,
        200
    );
    assert_eq!(
        api.send("DELETE", &path, &[("Authorization", &admin)], None)
            .await
            .status,
        404
    );
    assert_eq!(
        api.me(token(&bob)).await.status,
        401,
        "a deleted user's token stops working"
    );
    assert_eq!(
        api.refresh("/v1/RefreshToken", &bob).await.status,
        400,
        "and so does its refresh token"
    );
}

#[tokio::test]
async fn expire_revoke_and_settings_act_at_once() {
    let api = api();
    let pair = api.register(json!({})).await.result();
    let expired = api.control("POST", "expire-access", None).await;
    assert_eq!(expired.json()["generation"], 1);
    let refused = api.me(token(&pair)).await;
    assert_eq!(
        (refused.status, refused.text.as_str()),
        (StatusCode::UNAUTHORIZED, "")
    );
    assert!(refused.headers["www-authenticate"]
        .to_str()
        .unwrap()
        .starts_with("Bearer"));
    assert_eq!(api.counter("unauthorized").await, 1);
    let next = api.refresh("/v1/RefreshToken", &pair).await.result();
    assert_eq!(
        api.me(token(&next)).await.status,
        200,
        "a refresh after the expiry works"
    );

    assert_eq!(
        api.control("POST", "revoke-refresh", None).await.json()["revoked"],
        1
    );
    assert_eq!(api.refresh("/v1/RefreshToken", &next).await.status, 400);
    assert_eq!(
        api.counter("refreshReused").await,
        0,
        "revoked is not reused"
    );

    assert_eq!(
        api.control("PUT", "settings", Some(json!({ "accessTtl": 5 })))
            .await
            .json()["accessTtl"],
        5
    );
    let short = api.register(json!({})).await.result();
    assert_eq!(short["AccessToken"]["ExpiresIn"], 5);
    let jwt = claims(token(&short));
    assert_eq!(
        jwt["exp"].as_u64().unwrap() - jwt["iat"].as_u64().unwrap(),
        5
    );
    assert_eq!(
        api.control("PUT", "settings", Some(json!({ "accessTtl": 0 })))
            .await
            .status,
        400
    );
    assert_eq!(
        api.control("PUT", "settings", Some(json!({ "ttl": 9 })))
            .await
            .status,
        400
    );
    let config = api.control("GET", "config", None).await.json();
    assert_eq!(
        (config["instanceId"].as_str(), config["accessTtl"].as_u64()),
        (Some(ID), Some(5))
    );
    api.control("DELETE", "counters", None).await;
    assert_eq!(api.counter("requests").await, 0);
}

#[tokio::test]
async fn faults_answer_instead_of_the_service_for_their_count_then_stop() {
    let api = api();
    let pair = api.register(json!({})).await.result();
    let armed = api
        .control(
            "POST",
            "faults",
            Some(json!({ "path": "refreshtoken", "status": 503, "count": 2 })),
        )
        .await;
    assert_eq!(armed.status, 201);
    for _ in 0..2 {
        let answer = api.refresh("/v1/RefreshToken", &pair).await;
        assert_eq!(
            (answer.status, answer.json()["Title"].as_str()),
            (StatusCode::SERVICE_UNAVAILABLE, Some("Injected fault"))
        );
    }
    assert_eq!(
        api.refresh("/v1/RefreshToken", &pair).await.status,
        200,
        "the fault is used up; the token was never spent"
    );

    api.control("POST", "faults", Some(json!({ "path": "Management/users", "method": "GET", "status": 429, "headers": { "Retry-After": "7" }, "body": "<html>busy</html>" }))).await;
    let busy = api.me(token(&pair)).await;
    assert_eq!(
        (
            busy.status,
            busy.headers["retry-after"].to_str().unwrap(),
            busy.text.as_str()
        ),
        (StatusCode::TOO_MANY_REQUESTS, "7", "<html>busy</html>")
    );

    api.control("POST", "faults", Some(json!({ "status": 401, "count": 0 })))
        .await;
    assert_eq!(
        api.control("GET", "faults", None).await.json()[0]["left"],
        Value::Null
    );
    assert_eq!(api.register(json!({})).await.status, 401);
    assert_eq!(api.register(json!({})).await.status, 401);
    assert_eq!(api.control("DELETE", "faults", None).await.status, 204);
    assert_eq!(api.register(json!({})).await.status, 200);
    assert_eq!(api.counter("faultsApplied").await, 5);
    assert_eq!(
        api.counter("unauthorized").await,
        2,
        "injected 401s count as 401s sent"
    );

    api.control(
        "POST",
        "faults",
        Some(json!({ "path": "Registration", "delayMs": 30 })),
    )
    .await;
    let started = std::time::Instant::now();
    assert_eq!(
        api.register(json!({})).await.status,
        200,
        "a delay alone passes through"
    );
    assert!(started.elapsed().as_millis() >= 30);

    assert_eq!(
        api.control("POST", "faults", Some(json!({ "status": 42 })))
            .await
            .status,
        400
    );
    assert_eq!(
        api.control("POST", "faults", Some(json!({ "stauts": 500 })))
            .await
            .status,
        400
    );
}

#[tokio::test]
async fn cors_lets_pages_on_other_origins_send_credentials_headers() {
    let api = api();
    let preflight = api
        .send(
            "OPTIONS",
            "/v1/Management/users",
            &[
                ("Origin", "http://localhost:5173"),
                ("Access-Control-Request-Method", "PUT"),
                (
                    "Access-Control-Request-Headers",
                    "authorization,userdevicetoken",
                ),
            ],
            None,
        )
        .await;
    assert!(preflight.status.is_success());
    assert_eq!(preflight.headers["access-control-allow-origin"], "*");
    assert_eq!(
        preflight.headers["access-control-allow-headers"],
        "authorization,userdevicetoken"
    );
    let simple = api
        .send(
            "POST",
            "/v1/Registration/Create",
            &[("Origin", "http://localhost:5173")],
            Some("{}"),
        )
        .await;
    let exposed = simple.headers["access-control-expose-headers"]
        .to_str()
        .unwrap()
        .to_ascii_lowercase();
    assert!(
        exposed.contains("date") && exposed.contains("retry-after"),
        "{exposed}"
    );
}

#[tokio::test]
async fn serves_the_demo_the_package_and_other_folders() {
    let root = std::env::temp_dir().join(format!("sandbox-statics-{}", std::process::id()));
    for (folder, file, text) in [
        ("www", "index.html", "<h1>demo</h1>"),
        ("pkg", "x_bg.wasm", "\0asm"),
        ("pages", "t.html", "page"),
    ] {
        std::fs::create_dir_all(root.join(folder)).unwrap();
        std::fs::write(root.join(folder).join(file), text).unwrap();
    }
    let api = api_with(Config {
        www: Some(root.join("www")),
        pkg: Some(root.join("pkg")),
        mounts: vec![("/pages".into(), root.join("pages"))],
        ..Config::default()
    });
    let index = api.send("GET", "/", &[], None).await;
    assert_eq!(
        (index.status, index.text.as_str()),
        (StatusCode::OK, "<h1>demo</h1>")
    );
    let wasm = api.send("GET", "/pkg/x_bg.wasm", &[], None).await;
    assert_eq!(wasm.headers["content-type"], "application/wasm");
    assert_eq!(
        api.send("GET", "/pages/t.html", &[], None).await.text,
        "page"
    );
    assert_eq!(
        api.send("GET", "/pkg/../www/index.html", &[], None)
            .await
            .status,
        404
    );
    assert_eq!(
        api.send("GET", "/missing.html", &[], None).await.status,
        404
    );
    assert_eq!(
        api.counter("requests").await,
        0,
        "static files are not service requests"
    );
    std::fs::remove_dir_all(root).unwrap();
}

#[tokio::test]
async fn the_echo_needs_a_live_token_and_takes_any_body() {
    let api = api();
    let pair = api.register(json!({})).await.result();
    let bearer = format!("Bearer {}", token(&pair));
    let headers = [
        ("Authorization", bearer.as_str()),
        ("content-type", "text/plain"),
    ];
    let echoed = api
        .send("PUT", "/_sandbox/echo", &headers, Some("plain text"))
        .await;
    assert_eq!(
        echoed.json(),
        json!({ "method": "PUT", "body": "plain text" })
    );
    assert_eq!(
        api.send("POST", "/_sandbox/echo", &[], Some("x"))
            .await
            .status,
        401
    );
    let form = api
        .send(
            "POST",
            "/v1/Auth/Login",
            &[("content-type", "text/plain")],
            None,
        )
        .await;
    assert_eq!(form.status, 422, "no body, no content type needed");
}
