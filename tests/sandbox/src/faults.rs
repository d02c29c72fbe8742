//! Injected faults: the next `count` requests whose path contains `path` are delayed, answered
//! with a chosen status and body, or cut off, so that tests can show what a client does when the
//! service misbehaves.

use axum::body::{Body, Bytes};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::Response;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

/// A fault, as posted to `/_sandbox/faults`.
///
/// ```json
/// { "path": "RefreshToken", "status": 503, "count": 3 }
/// { "path": "Management/users", "delayMs": 2000 }
/// { "path": "Registration/Create", "status": 200, "body": "<html>gateway</html>" }
/// { "path": "RefreshToken", "drop": true }
/// ```
#[derive(Deserialize, Serialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Fault {
    /// Applies to paths containing this, case-insensitively; every path when absent.
    #[serde(default)]
    pub path: Option<String>,
    /// Applies to this method only, when given.
    #[serde(default)]
    pub method: Option<String>,
    /// Answer with this status instead of the real answer; pass through when absent.
    #[serde(default)]
    pub status: Option<u16>,
    /// The body to answer with: a string as it is, anything else as JSON. Defaults to an error
    /// envelope for `status`.
    #[serde(default)]
    pub body: Option<Value>,
    /// The body is repeated this many times (a 10 MB answer is a short body repeated).
    #[serde(default = "one")]
    pub repeat: usize,
    /// Extra response headers, `Retry-After` say.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// Wait this long first (then answer, or pass through).
    #[serde(default)]
    pub delay_ms: u64,
    /// How many matching requests it applies to; 0 means until the faults are cleared.
    #[serde(default = "one_u32")]
    pub count: u32,
    /// Cut the connection instead of answering.
    #[serde(default)]
    pub drop: bool,
}

fn one() -> usize {
    1
}

fn one_u32() -> u32 {
    1
}

const MAX_DELAY_MS: u64 = 120_000;
const MAX_BODY: usize = 64 * 1024 * 1024;

impl Fault {
    /// Why this fault cannot be armed, if it cannot.
    pub fn problem(&self) -> Option<String> {
        if let Some(status) = self.status {
            if StatusCode::from_u16(status).is_err() || status < 200 {
                return Some(format!("status {status} is not a final HTTP status"));
            }
        }
        if self.delay_ms > MAX_DELAY_MS {
            return Some(format!("delayMs is at most {MAX_DELAY_MS}"));
        }
        if self.body_text().len().saturating_mul(self.repeat) > MAX_BODY {
            return Some(format!("the body is at most {MAX_BODY} bytes"));
        }
        for (name, value) in &self.headers {
            if HeaderName::try_from(name.as_str()).is_err()
                || HeaderValue::try_from(value.as_str()).is_err()
            {
                return Some(format!("header {name:?} is not a valid header"));
            }
        }
        None
    }

    fn applies(&self, method: &str, path: &str) -> bool {
        let path_ok = self
            .path
            .as_ref()
            .is_none_or(|p| path.to_ascii_lowercase().contains(&p.to_ascii_lowercase()));
        let method_ok = self
            .method
            .as_ref()
            .is_none_or(|m| m.eq_ignore_ascii_case(method));
        path_ok && method_ok
    }

    fn body_text(&self) -> String {
        match (&self.body, self.status) {
            (Some(Value::String(text)), _) => text.clone(),
            (Some(other), _) => other.to_string(),
            (None, Some(status)) => serde_json::json!({
                "Result": null, "Status": status, "Title": "Injected fault", "Errors": []
            })
            .to_string(),
            (None, None) => String::new(),
        }
    }

    /// Waits the delay, then the answer to send instead of the real one, if any.
    pub async fn apply(&self) -> Option<Response> {
        if self.delay_ms > 0 {
            tokio::time::sleep(Duration::from_millis(self.delay_ms)).await;
        }
        if self.drop {
            return Some(dropped());
        }
        let status = StatusCode::from_u16(self.status?).ok()?;
        let mut response = Response::new(Body::from(self.body_text().repeat(self.repeat)));
        *response.status_mut() = status;
        let headers = response.headers_mut();
        headers.insert(
            "content-type",
            HeaderValue::from_static("application/json; charset=utf-8"),
        );
        for (name, value) in &self.headers {
            if let (Ok(name), Ok(value)) = (
                HeaderName::try_from(name.as_str()),
                HeaderValue::try_from(value.as_str()),
            ) {
                headers.insert(name, value);
            }
        }
        Some(response)
    }
}

// A response whose body fails at once: hyper then closes the connection without completing the
// answer, which a client sees as a dropped connection.
fn dropped() -> Response {
    let failing = futures_util::stream::once(async {
        Err::<Bytes, std::io::Error>(std::io::Error::other("sandbox fault: connection dropped"))
    });
    Response::new(Body::from_stream(failing))
}

struct Armed {
    id: u64,
    fault: Fault,
    left: Option<u32>,
}

/// The armed faults, first armed first applied.
#[derive(Default)]
pub struct Faults {
    armed: Mutex<Vec<Armed>>,
    last_id: AtomicU64,
}

impl Faults {
    /// Arms `fault`; its id.
    pub fn add(&self, fault: Fault) -> u64 {
        let id = self.last_id.fetch_add(1, Ordering::Relaxed) + 1;
        let left = (fault.count > 0).then_some(fault.count);
        self.armed
            .lock()
            .expect("faults")
            .push(Armed { id, fault, left });
        id
    }

    /// The first armed fault for this request, counted as used.
    pub fn take(&self, method: &str, path: &str) -> Option<Fault> {
        let mut armed = self.armed.lock().expect("faults");
        let index = armed.iter().position(|a| a.fault.applies(method, path))?;
        let fault = armed[index].fault.clone();
        match &mut armed[index].left {
            Some(1) => {
                armed.remove(index);
            }
            Some(left) => *left -= 1,
            None => {}
        }
        Some(fault)
    }

    /// The armed faults with their ids and remaining counts (`null`: until cleared).
    pub fn list(&self) -> Value {
        let armed = self.armed.lock().expect("faults");
        Value::Array(
            armed
                .iter()
                .map(|a| serde_json::json!({ "id": a.id, "left": a.left, "fault": a.fault }))
                .collect(),
        )
    }

    /// Disarms every fault.
    pub fn clear(&self) {
        self.armed.lock().expect("faults").clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fault(json: &str) -> Fault {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn a_fault_applies_to_matching_requests_count_times_in_order() {
        let faults = Faults::default();
        faults.add(fault(r#"{"path":"refreshtoken","status":503,"count":2}"#));
        faults.add(fault(r#"{"status":500,"method":"get","count":0}"#));
        assert_eq!(
            faults.take("POST", "/v1/Auth/RefreshToken").unwrap().status,
            Some(503)
        );
        assert!(faults.take("POST", "/v1/Auth/Login").is_none());
        assert_eq!(
            faults.take("POST", "/v1/RefreshToken").unwrap().status,
            Some(503)
        );
        assert!(
            faults.take("POST", "/v1/RefreshToken").is_none(),
            "count is spent"
        );
        for _ in 0..5 {
            assert_eq!(
                faults.take("GET", "/v1/Management/users").unwrap().status,
                Some(500)
            );
        }
        faults.clear();
        assert!(faults.take("GET", "/v1/Management/users").is_none());
    }

    #[test]
    fn bad_faults_are_refused_and_unknown_fields_too() {
        assert!(fault(r#"{"status":99}"#).problem().is_some());
        assert!(fault(r#"{"delayMs":999999}"#).problem().is_some());
        assert!(fault(r#"{"body":"x","repeat":100000000}"#)
            .problem()
            .is_some());
        assert!(fault(r#"{"headers":{"bad header":"x"}}"#)
            .problem()
            .is_some());
        assert!(fault(r#"{"status":429,"headers":{"Retry-After":"3"}}"#)
            .problem()
            .is_none());
        assert!(serde_json::from_str::<Fault>(r#"{"stauts":500}"#).is_err());
    }

    #[tokio::test]
    async fn the_answer_carries_the_status_body_and_headers() {
        let answer = fault(r#"{"status":429,"headers":{"Retry-After":"3"}}"#)
            .apply()
            .await
            .unwrap();
        assert_eq!(answer.status(), 429);
        assert_eq!(answer.headers()["retry-after"], "3");
        let body = axum::body::to_bytes(answer.into_body(), usize::MAX)
            .await
            .unwrap();
        let envelope: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(envelope["Status"], 429);
        let raw = fault(r#"{"status":200,"body":"ab","repeat":3}"#)
            .apply()
            .await
            .unwrap();
        assert_eq!(
            &axum::body::to_bytes(raw.into_body(), 99).await.unwrap()[..],
            b"ababab"
        );
        assert!(
            fault(r#"{"delayMs":1}"#).apply().await.is_none(),
            "a delay alone passes through"
        );
    }
}
