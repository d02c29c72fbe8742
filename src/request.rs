//! An HTTP request as plain data: method, URL, headers and a JSON body. The core builds these; the
//! shell (or a caller that sends requests itself) puts them on the wire.

use crate::json::Json;

/// An HTTP method the service uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Method {
    /// `GET`
    #[default]
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `DELETE`
    Delete,
}

impl Method {
    /// The method's name on the wire.
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

/// A request ready to send. The body is already serialised, so that a replay after a refresh sends
/// exactly the same bytes. The default is an empty `GET`, what is left of a request moved out.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Request {
    /// The method.
    pub method: Method,
    /// The absolute URL.
    pub url: String,
    /// Header names and values, in sending order.
    pub headers: Vec<(&'static str, String)>,
    /// The JSON body, if any.
    pub body: Option<String>,
}

/// The header that carries the access token.
pub const AUTHORIZATION: &str = "Authorization";

/// The [`AUTHORIZATION`] value that carries `access_token`: `Bearer <token>`.
///
/// ```
/// assert_eq!(telematics_user::request::authorization("a.b.c"), "Bearer a.b.c");
/// ```
pub fn authorization(access_token: &str) -> String {
    "Bearer ".to_string() + access_token
}

impl Request {
    pub(crate) fn new(method: Method, url: String) -> Self {
        let mut headers = vec![("Accept", "application/json".to_string())];
        if method != Method::Get && method != Method::Delete {
            headers.push(("Content-Type", "application/json".to_string()));
        }
        Request {
            method,
            url,
            headers,
            body: None,
        }
    }

    pub(crate) fn header(mut self, name: &'static str, value: &str) -> Self {
        self.headers.push((name, value.to_string()));
        self
    }

    pub(crate) fn json(mut self, body: Json) -> Self {
        self.body = Some(body.to_text());
        self
    }

    /// Sets (or replaces) `Authorization: Bearer <token>`.
    pub fn set_bearer(&mut self, access_token: &str) {
        let value = authorization(access_token);
        // The builders add one `Authorization` at most, so replacing the first is replacing it.
        match self
            .headers
            .iter_mut()
            .find(|(name, _)| *name == AUTHORIZATION)
        {
            Some(header) => header.1 = value,
            None => self.headers.push((AUTHORIZATION, value)),
        }
    }

    /// The access token this request carries, if any.
    pub fn bearer(&self) -> Option<&str> {
        self.header_value(AUTHORIZATION)?.strip_prefix("Bearer ")
    }

    /// The value of a header (names compare case-insensitively).
    pub fn header_value(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

// Headers and bodies hold tokens and the instance key: Debug shows their names and sizes only.
impl std::fmt::Debug for Request {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(n, _)| *n).collect();
        f.debug_struct("Request")
            .field("method", &self.method.as_str())
            .field("url", &self.url)
            .field("headers", &names)
            .field("body_len", &self.body.as_ref().map(String::len))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bearer_is_replaced_not_duplicated() {
        let mut r = Request::new(Method::Get, "https://x/v1".into());
        r.set_bearer("one");
        r.set_bearer("two");
        assert_eq!(r.bearer(), Some("two"));
        assert_eq!(
            r.headers
                .iter()
                .filter(|(n, _)| *n == AUTHORIZATION)
                .count(),
            1
        );
        assert_eq!(r.header_value("authorization"), Some("Bearer two"));
    }

    #[test]
    fn debug_hides_header_values_and_body() {
        let mut r = Request::new(Method::Post, "https://x/v1".into())
            .header("InstanceKey", "KEY-SECRET")
            .json(
                crate::json::Fields::new()
                    .with("RefreshToken", "RT-SECRET")
                    .build(),
            );
        r.set_bearer("AT-SECRET");
        let dbg = format!("{r:?}");
        assert!(!dbg.contains("SECRET"), "{dbg}");
        assert!(dbg.contains("InstanceKey"));
    }

    #[test]
    fn content_type_only_with_a_body_method() {
        assert_eq!(
            Request::new(Method::Get, String::new()).header_value("content-type"),
            None
        );
        assert_eq!(
            Request::new(Method::Put, String::new()).header_value("content-type"),
            Some("application/json")
        );
    }
}
