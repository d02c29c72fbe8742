//! The service's response envelope, `{ Result, Status, Title, Errors }`, and the rule that turns an
//! HTTP answer into a value or an [`Error`].
//!
//! An envelope whose `Status` is an error is an error even inside an HTTP 200: the vendor's own
//! clients check both, and so do we.

use crate::error::{Error, ErrorCode, FieldError, Result};
use crate::json::{Json, JsonText, Shape};
use crate::lenient;

/// What the transport saw of an HTTP answer besides its body.
#[derive(Debug, Clone, Copy, Default)]
pub struct ResponseMeta<'a> {
    /// The HTTP status.
    pub status: u16,
    /// The `Retry-After` header, if any.
    pub retry_after: Option<&'a str>,
    /// The `Date` header, if any (used for clock-skew correction).
    pub date: Option<&'a str>,
}

/// The envelope without its `Result`.
struct Head {
    status: Option<u16>,
    title: Option<String>,
    errors: Vec<FieldError>,
}

impl Head {
    fn read(json: &Json) -> std::result::Result<Head, Shape> {
        json.object()?;
        let (key, errors) = json.entry("Errors");
        Ok(Head {
            status: lenient::status(json, "Status")?,
            title: lenient::text(json, "Title")?,
            errors: field_errors(errors).map_err(|e| e.at_key(key))?,
        })
    }
}

/// Decodes an answer of the service.
///
/// Returns `Ok(None)` for a success without a `Result` (mutations, or a 204); the operation decides
/// whether that is acceptable. `now_ms` resolves an HTTP-date `Retry-After`.
///
/// ```
/// use telematics_user::envelope::{read, ResponseMeta};
/// use telematics_user::json::{JsonText, SerdeJsonText};
/// let meta = ResponseMeta { status: 200, ..Default::default() };
/// let body = SerdeJsonText::new(r#"{"Status":422,"Title":"bad","Errors":[]}"#);
/// let err = read(&meta, &body, 0, |r| Ok(r.clone())).unwrap_err();
/// assert_eq!(err.code().as_str(), "validation");
/// assert_eq!(err.status(), Some(422));
/// ```
pub fn read<T, J: JsonText>(
    meta: &ResponseMeta<'_>,
    body: &J,
    now_ms: u64,
    read: impl FnOnce(&Json) -> std::result::Result<T, Shape>,
) -> Result<Option<T>> {
    match result(meta, body, now_ms)? {
        Some((key, r)) => read(r).map(Some).map_err(|e| unexpected(e.at_key(key))),
        None => Ok(None),
    }
}

/// The `Result` member of a successful answer, with its key as spelled; `None` when absent.
fn result<'a, J: JsonText>(
    meta: &ResponseMeta<'_>,
    body: &'a J,
    now_ms: u64,
) -> Result<Option<(&'a str, &'a Json)>> {
    Ok(
        match success(meta, body, now_ms)?.map(|o| o.entry("Result")) {
            Some((_, Json::Null)) | None => None,
            found => found,
        },
    )
}

/// The envelope of a successful answer (`None` for an empty body); the part of [`read`] that does
/// not depend on the `Result`'s type, so that it exists once in the `.wasm`.
fn success<'a, J: JsonText>(
    meta: &ResponseMeta<'_>,
    body: &'a J,
    now_ms: u64,
) -> Result<Option<&'a Json>> {
    if !(200..300).contains(&meta.status) {
        let head = body.decode(Head::read).ok();
        return Err(failure::<J>(meta.status, head, meta, now_ms));
    }
    if body.is_blank() {
        return Ok(None);
    }
    let json = body.parse().map_err(|_| {
        Error::invalid_response("the User Service answered with a body that is not JSON")
    })?;
    let head = Head::read(json).map_err(unexpected)?;
    // An error envelope may carry a Result of another shape: the error wins.
    if let Some(s) = head.status.filter(|s| !(200..300).contains(s)) {
        return Err(failure::<J>(s, Some(head), meta, now_ms));
    }
    Ok(Some(json))
}

fn unexpected(e: Shape) -> Error {
    Error::invalid_response(
        "the User Service answered with an unexpected value at ".to_string() + &e.path(),
    )
}

/// Whether an answer means "this access token is not accepted": HTTP 401 (or 419), or a 2xx whose
/// envelope says so.
///
/// ```
/// use telematics_user::envelope::{says_unauthorized, ResponseMeta};
/// use telematics_user::json::{JsonText, SerdeJsonText};
/// let ok = ResponseMeta { status: 200, ..Default::default() };
/// let body = |t: &str| SerdeJsonText::new(t);
/// assert!(says_unauthorized(&ok, &body(r#"{"Status":401,"Result":null}"#)));
/// assert!(!says_unauthorized(&ok, &body(r#"{"Status":200,"Result":{}}"#)));
/// let denied = ResponseMeta { status: 401, ..Default::default() };
/// assert!(says_unauthorized(&denied, &body("")));
/// ```
pub fn says_unauthorized<J: JsonText>(meta: &ResponseMeta<'_>, body: &J) -> bool {
    let unauthorized = |s: u16| code_for_status(s) == ErrorCode::Unauthorized;
    if !(200..300).contains(&meta.status) {
        return unauthorized(meta.status);
    }
    !body.is_blank()
        && body
            .decode(Head::read)
            .ok()
            .and_then(|e| e.status)
            .is_some_and(unauthorized)
}

/// The error code for a failing HTTP or envelope status.
pub fn code_for_status(status: u16) -> ErrorCode {
    match status {
        401 | 419 => ErrorCode::Unauthorized,
        403 => ErrorCode::Forbidden,
        404 | 410 => ErrorCode::NotFound,
        408 => ErrorCode::Timeout,
        429 => ErrorCode::RateLimited,
        400..=499 => ErrorCode::Validation,
        500..=599 => ErrorCode::Server,
        _ => ErrorCode::InvalidResponse,
    }
}

fn failure<J: JsonText>(
    status: u16,
    head: Option<Head>,
    meta: &ResponseMeta<'_>,
    now_ms: u64,
) -> Error {
    let code = code_for_status(status);
    let (title, field_errors) = match head {
        Some(env) => (env.title.filter(|t| !t.trim_ascii().is_empty()), env.errors),
        None => (None, Vec::new()),
    };
    let message = match title {
        Some(title) => title,
        None => default_message(code, status),
    };
    let retry_after = match code {
        ErrorCode::RateLimited => meta
            .retry_after
            .and_then(|h| retry_after_seconds::<J>(h, now_ms)),
        _ => None,
    };
    Error::new(code, message)
        .with_status(Some(status))
        .with_field_errors(field_errors)
        .with_retry_after(retry_after)
}

fn default_message(code: ErrorCode, status: u16) -> String {
    let what = match code {
        ErrorCode::Unauthorized => "the access token was missing, expired or rejected",
        ErrorCode::Forbidden => "this session may not do that",
        ErrorCode::NotFound => "no such user or endpoint",
        ErrorCode::Timeout => "the service timed out",
        ErrorCode::RateLimited => "too many requests",
        ErrorCode::Validation => "the request was rejected",
        ErrorCode::Server => "the service failed",
        _ => "unexpected status",
    };
    "the User Service answered ".to_string() + &crate::decimal::text(status.into()) + ": " + what
}

/// Parses a `Retry-After` header: delay-seconds, or an HTTP-date (read as `J` reads one, see
/// [`JsonText::http_date_ms`]) resolved against `now_ms`.
///
/// ```
/// use telematics_user::envelope::retry_after_seconds;
/// use telematics_user::json::SerdeJsonText;
/// let seconds = retry_after_seconds::<SerdeJsonText>;
/// assert_eq!(seconds("120", 0), Some(120));
/// // 1994-11-06T08:49:37Z is 784111777 s after the epoch.
/// assert_eq!(seconds("Sun, 06 Nov 1994 08:49:37 GMT", 784_111_770_000), Some(7));
/// assert_eq!(seconds("soon", 0), None);
/// ```
pub fn retry_after_seconds<J: JsonText>(header: &str, now_ms: u64) -> Option<u32> {
    let header = header.trim_ascii();
    if !header.is_empty() && header.bytes().all(|b| b.is_ascii_digit()) {
        // Delay-seconds; more than 19 digits is longer than anyone will wait, so the most.
        let secs = crate::decimal::parse(header, 19).unwrap_or(u64::MAX);
        return Some(secs.min(u32::MAX.into()) as u32);
    }
    let at_ms = J::http_date_ms(header)?;
    let wait_ms = at_ms.saturating_sub(now_ms);
    Some(wait_ms.div_ceil(1000).min(u32::MAX.into()) as u32)
}

/// `Errors` as the envelope's list of `{ Key, Message }` (either may be missing or a number), or
/// as ASP.NET's `{ "Field": ["msg"] }` (one message or a list of them).
fn field_errors(json: &Json) -> std::result::Result<Vec<FieldError>, Shape> {
    let mut out = Vec::new();
    match json {
        Json::Null => {}
        Json::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let text = |k| lenient::text(item, k).map(Option::unwrap_or_default);
                let entry = item.object().and_then(|_| {
                    Ok(FieldError {
                        key: text("Key")?,
                        message: text("Message")?,
                    })
                });
                out.push(entry.map_err(|e| e.at_index(i))?);
            }
        }
        Json::Object(members) => {
            for (key, messages) in members {
                let messages = match messages {
                    Json::String(_) => std::slice::from_ref(messages),
                    list => list.items().map_err(|e| e.at_key(key))?,
                };
                for (i, message) in messages.iter().enumerate() {
                    let message = message
                        .text()
                        .ok_or_else(|| Shape::new("a string").at_index(i).at_key(key))?;
                    out.push(FieldError {
                        key: key.clone(),
                        message: message.to_string(),
                    });
                }
            }
        }
        _ => return Err(Shape::new("a list of errors")),
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::SerdeJsonText;

    fn run(status: u16, body: &str) -> Result<Option<f64>> {
        let meta = ResponseMeta {
            status,
            retry_after: Some("30"),
            date: None,
        };
        read(&meta, &SerdeJsonText::new(body), 0, |r| {
            r.number().ok_or(Shape::new("a number"))
        })
    }

    #[test]
    fn successes() {
        let cases: &[(u16, &str, Option<f64>)] = &[
            (
                200,
                r#"{"Result":7,"Status":200,"Title":"","Errors":[]}"#,
                Some(7.0),
            ),
            (200, r#"{"Result":7,"Status":"200"}"#, Some(7.0)),
            (200, r#"{"Status":200,"Title":"","Errors":[]}"#, None),
            (200, r#"{"Result":null,"Status":200}"#, None),
            (201, r#"{"Result":8}"#, Some(8.0)),
            (204, "", None),
            (200, "  ", None),
            (200, r#"{"result":9,"status":200}"#, Some(9.0)),
        ];
        for (status, body, want) in cases {
            assert_eq!(run(*status, body).unwrap(), *want, "{status} {body}");
        }
    }

    #[test]
    fn failures_map_to_codes() {
        let cases: &[(u16, &str, &str, Option<u16>)] = &[
            (
                400,
                r#"{"Status":400,"Title":"bad","Errors":[{"Key":"Email","Message":"taken"}]}"#,
                "validation",
                Some(400),
            ),
            (
                422,
                r#"{"Status":422,"Title":"One or more validation errors occurred.","Errors":[{"Key":"InstanceId","Message":"wrong"}]}"#,
                "validation",
                Some(422),
            ),
            (401, "", "unauthorized", Some(401)),
            (403, r#"{"Status":403}"#, "forbidden", Some(403)),
            (404, "<html>nope</html>", "not_found", Some(404)),
            (429, "", "rate_limited", Some(429)),
            (500, "<html>boom</html>", "server", Some(500)),
            (503, r#"{"Status":503}"#, "server", Some(503)),
            (
                200,
                r#"{"Status":401,"Title":"expired","Result":null}"#,
                "unauthorized",
                Some(401),
            ),
            (
                200,
                r#"{"Status":"422","Errors":[]}"#,
                "validation",
                Some(422),
            ),
            (
                200,
                r#"{"Status":500,"Result":{"not":"a number"}}"#,
                "server",
                Some(500),
            ),
            (200, "<html>", "invalid_response", None),
            (
                200,
                r#"{"Result":"seven","Status":200}"#,
                "invalid_response",
                None,
            ),
            (
                200,
                r#"{"Result":7,"Status":"OK"}"#,
                "invalid_response",
                None,
            ),
            (200, r#"[1,2]"#, "invalid_response", None),
            (
                200,
                r#"{"Status":200,"Errors":7}"#,
                "invalid_response",
                None,
            ),
            (302, "", "invalid_response", Some(302)),
        ];
        for (status, body, code, st) in cases {
            let err = run(*status, body).unwrap_err();
            assert_eq!(err.code().as_str(), *code, "{status} {body}");
            assert_eq!(err.status(), *st, "{status} {body}");
            assert_eq!(
                err.retry_after(),
                if *code == "rate_limited" {
                    Some(30)
                } else {
                    None
                }
            );
        }
    }

    #[test]
    fn field_errors_in_both_shapes() {
        let e = run(422, r#"{"Status":422,"Errors":[{"Key":"Email","Message":"taken"},{"Key":null,"Message":null}]}"#).unwrap_err();
        assert_eq!(
            e.field_errors(),
            [
                FieldError {
                    key: "Email".into(),
                    message: "taken".into()
                },
                FieldError {
                    key: "".into(),
                    message: "".into()
                }
            ]
        );
        let e = run(
            400,
            r#"{"title":"x","status":400,"errors":{"Phone":["bad","short"],"Email":"taken"}}"#,
        )
        .unwrap_err();
        assert_eq!(e.field_errors().len(), 3);
        for (key, message) in [("Phone", "bad"), ("Phone", "short"), ("Email", "taken")] {
            let want = FieldError {
                key: key.into(),
                message: message.into(),
            };
            assert!(e.field_errors().contains(&want), "{key} {message}");
        }
        assert_eq!(e.message(), "x");
    }

    #[test]
    fn title_or_default_message() {
        assert_eq!(
            run(422, r#"{"Status":422,"Title":"Nope"}"#)
                .unwrap_err()
                .message(),
            "Nope"
        );
        let e = run(500, "").unwrap_err();
        assert_eq!(
            e.message(),
            "the User Service answered 500: the service failed"
        );
    }

    #[test]
    fn retry_after_forms() {
        let seconds = retry_after_seconds::<SerdeJsonText>;
        assert_eq!(seconds(" 5 ", 0), Some(5));
        assert_eq!(seconds("99999999999", 0), Some(u32::MAX));
        let date = "Sun, 06 Nov 1994 08:49:37 GMT";
        assert_eq!(seconds(date, 784_111_777_500), Some(0));
        assert_eq!(seconds(date, 784_111_776_001), Some(1));
        assert_eq!(seconds("-3", 0), None);
        assert_eq!(seconds("+3", 0), None, "delay-seconds is digits only");
        assert_eq!(seconds(&"9".repeat(40), 0), Some(u32::MAX));
        assert_eq!(seconds("", 0), None);
    }
}
