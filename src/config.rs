//! The client's options, as JavaScript passes them, and their validation.
//!
//! Every option is checked once, at construction, so that a typo or a wrong type is an
//! `invalid_config` error there and then rather than a confusing failure on the first call.

use crate::error::{Error, Result};
use crate::json::schema::{self, member, Kind, Schema};
use crate::json::Json;
use crate::search::{pieces, without_trailing_slashes};
use std::borrow::Cow;

/// The service's public host.
pub const DEFAULT_BASE_URL: &str = "https://user.telematicssdk.com";
/// Where the session is kept in the store.
pub const DEFAULT_STORAGE_KEY: &str = "telematics-user:session";
/// How long before expiry a token is refreshed.
pub const DEFAULT_REFRESH_LEEWAY_SECONDS: u32 = 60;
/// The timeout of one HTTP attempt.
pub const DEFAULT_TIMEOUT_MS: u32 = 30_000;
/// The largest answer body read, in bytes (4 MiB: a full `CreateMany` batch of 1000 users is about
/// 1.5 MB).
pub const DEFAULT_MAX_RESPONSE_BYTES: u32 = 4 << 20;
/// How long a refresh waits for another context's refresh before going ahead without the lock.
pub const DEFAULT_LOCK_WAIT_MS: u32 = 10_000;
/// The largest timeout `setTimeout` honours (2^31 - 1 ms, about 24.8 days).
pub const MAX_TIMEOUT_MS: u32 = i32::MAX as u32;

/// The members of the options object of `new UserClient(options)` (camelCase). `store` and
/// `fetch` are JavaScript objects, which the shell checks and keeps.
pub const OPTIONS: &Schema = &[
    member("baseUrl", Kind::Text),
    member("instanceId", Kind::Text),
    member("instanceKey", Kind::Text),
    member("storageKey", Kind::Text),
    member("refreshLeewaySeconds", Kind::Number),
    member("timeoutMs", Kind::Number),
    member("maxResponseBytes", Kind::Number),
    member("lockWaitMs", Kind::Number),
    member("endpoints", Kind::Object(ENDPOINTS)),
    member("store", Kind::Any),
    member("fetch", Kind::Any),
];

/// The members of `options.endpoints`, a partial map of paths, in [`Endpoint`] order.
pub const ENDPOINTS: &Schema = &[
    member("register", Kind::Text),
    member("registerMany", Kind::Text),
    member("refresh", Kind::Text),
    member("login", Kind::Text),
    member("users", Kind::Text),
];

/// An endpoint of the service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    /// `Registration/Create`.
    Register,
    /// `Registration/CreateMany`.
    RegisterMany,
    /// `RefreshToken`.
    Refresh,
    /// `Auth/Login`.
    Login,
    /// `Management/users`.
    Users,
}

const DEFAULT_ENDPOINTS: [Cow<'static, str>; 5] = [
    Cow::Borrowed("/v1/Registration/Create"),
    Cow::Borrowed("/v1/Registration/CreateMany"),
    Cow::Borrowed("/v1/RefreshToken"),
    Cow::Borrowed("/v1/Auth/Login"),
    Cow::Borrowed("/v1/Management/users"),
];

// The numeric options: name, smallest and largest value.
const NUMBERS: [(&str, u32, u32); 4] = [
    ("refreshLeewaySeconds", 0, 86_400 * 365),
    ("timeoutMs", 1, MAX_TIMEOUT_MS),
    ("maxResponseBytes", 1024, u32::MAX),
    ("lockWaitMs", 0, MAX_TIMEOUT_MS),
];

/// Validated options.
#[derive(Clone, PartialEq, Eq)]
pub struct Config {
    /// The base URL without a trailing slash.
    pub base_url: String,
    /// The `InstanceId` header value.
    pub instance_id: Option<String>,
    /// The `InstanceKey` header value (and the password of a device-token login).
    pub instance_key: Option<String>,
    /// The key of the session in the store.
    pub storage_key: String,
    /// Seconds before expiry at which a token counts as due for refresh.
    pub refresh_leeway_seconds: u32,
    /// Milliseconds per HTTP attempt (and per store operation).
    pub timeout_ms: u32,
    /// The largest answer body read; a larger one is cancelled and is `invalid_response`.
    pub max_response_bytes: u32,
    /// Milliseconds a refresh waits for the cross-context lock before going ahead without it.
    pub lock_wait_ms: u32,
    /// Endpoint paths, by [`Endpoint`]: the defaults borrowed, an option's path owned.
    pub endpoints: [Cow<'static, str>; 5],
}

impl Default for Config {
    fn default() -> Self {
        Config {
            base_url: DEFAULT_BASE_URL.into(),
            instance_id: None,
            instance_key: None,
            storage_key: DEFAULT_STORAGE_KEY.into(),
            refresh_leeway_seconds: DEFAULT_REFRESH_LEEWAY_SECONDS,
            timeout_ms: DEFAULT_TIMEOUT_MS,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            lock_wait_ms: DEFAULT_LOCK_WAIT_MS,
            endpoints: DEFAULT_ENDPOINTS,
        }
    }
}

// The instance key is a secret: Debug says only whether it is set.
impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("base_url", &self.base_url)
            .field("instance_id", &self.instance_id)
            .field(
                "instance_key",
                &self.instance_key.as_ref().map(|_| "[redacted]"),
            )
            .field("storage_key", &self.storage_key)
            .field("refresh_leeway_seconds", &self.refresh_leeway_seconds)
            .field("timeout_ms", &self.timeout_ms)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("lock_wait_ms", &self.lock_wait_ms)
            .field("endpoints", &self.endpoints)
            .finish()
    }
}

impl Config {
    /// Validates the options object (see [`OPTIONS`]); `null` means every default.
    ///
    /// ```
    /// use telematics_user::config::{Config, Endpoint};
    /// use telematics_user::json::Json;
    /// let options = Json::Object(vec![("baseUrl".into(), "http://127.0.0.1:8787/".into())]);
    /// let c = Config::from_json(&options).unwrap();
    /// assert_eq!(c.url(Endpoint::Users), "http://127.0.0.1:8787/v1/Management/users");
    ///
    /// let e = Config::from_json(&Json::Object(vec![("timeoutMs".into(), Json::Number(-1.0))]));
    /// assert_eq!(e.unwrap_err().code().as_str(), "invalid_config");
    /// let e = Config::from_json(&Json::Object(vec![("timeout".into(), Json::Null)]));
    /// assert_eq!(e.unwrap_err().message(), "options: timeout: unknown field");
    /// ```
    pub fn from_json(options: &Json) -> Result<Config> {
        let mut c = Config::default();
        if let Json::Null = options {
            return Ok(c);
        }
        schema::check(options, OPTIONS)
            .map_err(|e| Error::config("options: ".to_string() + &e.message()))?;
        let text = |name| options.at(name).text();
        if let Some(url) = text("baseUrl") {
            c.base_url = base_url(url)?;
        }
        c.instance_id = non_empty("instanceId", text("instanceId"))?;
        c.instance_key = non_empty("instanceKey", text("instanceKey"))?;
        if let Some(key) = non_empty("storageKey", text("storageKey"))? {
            c.storage_key = key;
        }
        let numbers = [
            &mut c.refresh_leeway_seconds,
            &mut c.timeout_ms,
            &mut c.max_response_bytes,
            &mut c.lock_wait_ms,
        ];
        for (i, slot) in numbers.into_iter().enumerate() {
            let (name, min, max) = NUMBERS[i];
            if let Some(n) = options.at(name).number() {
                *slot = whole_number(name, n, min, max)?;
            }
        }
        let paths = options.at("endpoints");
        for (i, slot) in c.endpoints.iter_mut().enumerate() {
            let name = ENDPOINTS[i].name;
            if let Some(path) = paths.at(name).text() {
                *slot = endpoint_path(name, path)?.into();
            }
        }
        Ok(c)
    }

    /// The absolute URL of an endpoint.
    pub fn url(&self, endpoint: Endpoint) -> String {
        self.base_url.clone() + &self.endpoints[endpoint as usize]
    }
}

fn non_empty(name: &'static str, value: Option<&str>) -> Result<Option<String>> {
    match value {
        Some(v) if v.trim_ascii().is_empty() => {
            Err(Error::config(name.to_string() + " must not be empty"))
        }
        other => Ok(other.map(str::to_string)),
    }
}

fn whole_number(name: &'static str, value: f64, min: u32, max: u32) -> Result<u32> {
    match crate::json::whole(value, min.into(), max.into()) {
        Some(n) => Ok(n as u32),
        None => Err(Error::config(
            name.to_string()
                + " must be a whole number from "
                + &crate::decimal::text(min.into())
                + " to "
                + &crate::decimal::text(max.into()),
        )),
    }
}

fn endpoint_path(name: &'static str, path: &str) -> Result<String> {
    if path.starts_with("/") && !path.starts_with("//") && is_bare(path) {
        Ok(without_trailing_slashes(path).to_string())
    } else {
        Err(Error::config(
            "endpoints.".to_string()
                + name
                + " must be a path starting with '/', without query or fragment",
        ))
    }
}

/// Checks `baseUrl`: an absolute `https` URL, or `http` to a loopback host only, so that tokens
/// never travel in clear over a network.
fn base_url(url: &str) -> Result<String> {
    let bad = || {
        Error::config(
            "baseUrl must be an absolute https URL without query or fragment \
             (plain http is allowed for localhost and 127.0.0.1 only)",
        )
    };
    let at = crate::search::find(url, "://").ok_or_else(bad)?;
    let (scheme, rest) = (&url[..at], &url[at + 3..]);
    if !is_bare(url) {
        return Err(bad());
    }
    let authority = pieces(rest, |b| b == b'/').next().unwrap_or_default();
    if authority.is_empty() || authority.bytes().any(|b| b == b'@') {
        return Err(bad());
    }
    let host = host_of(authority).ok_or_else(bad)?;
    // The scheme is written lowercase, whatever case it was given in.
    let scheme = if scheme.eq_ignore_ascii_case("https") {
        "https://"
    } else if scheme.eq_ignore_ascii_case("http") && is_loopback(host) {
        "http://"
    } else {
        return Err(bad());
    };
    Ok(scheme.to_string() + without_trailing_slashes(rest))
}

/// No whitespace, no control character, no query and no fragment.
fn is_bare(url: &str) -> bool {
    !url.chars().any(|c| is_blank(c) || c == '?' || c == '#')
}

/// Whether `c` is whitespace or a control character (`char::is_whitespace` or `is_control`),
/// written out: std's lookup of the Unicode properties costs 0.07 KB gzip more in the `.wasm`.
fn is_blank(c: char) -> bool {
    matches!(
        c,
        '\0'..=' '
            | '\u{7f}'..='\u{a0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200a}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202f}'
            | '\u{205f}'
            | '\u{3000}'
    )
}

/// The host of `host[:port]` or `[v6][:port]`; `None` when the port is not a number.
fn host_of(authority: &str) -> Option<&str> {
    let (host, port) = if let Some(v6) = authority.strip_prefix("[") {
        let end = crate::search::find(v6, "]")?;
        (&v6[..end], v6[end + 1..].strip_prefix(":"))
    } else {
        // The first colon: a host with another (an IPv6 address without brackets) is refused by
        // its port.
        match crate::search::find(authority, ":") {
            Some(at) => (&authority[..at], Some(&authority[at + 1..])),
            None => (authority, None),
        }
    };
    if let Some(p) = port {
        crate::decimal::parse(p, 5).filter(|&n| n <= 65_535)?;
    }
    (!host.is_empty()).then_some(host)
}

/// Whether `host` (in any case) names this machine.
fn is_loopback(host: &str) -> bool {
    let name = host.as_bytes();
    let dot_localhost =
        name.len() >= 10 && name[name.len() - 10..].eq_ignore_ascii_case(b".localhost");
    host.eq_ignore_ascii_case("localhost") || dot_localhost || host == "::1" || is_v4_loopback(host)
}

/// `127.x.y.z` in dotted decimal (written out: std's address parser costs more bytes than this).
fn is_v4_loopback(host: &str) -> bool {
    let mut count = 0;
    let octets_ok = pieces(host, |b| b == b'.').all(|o| {
        count += 1;
        (count > 1 || o == "127") && crate::decimal::parse(o, 3).is_some_and(|n| n <= 255)
    });
    octets_ok && count == 4
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_is_what_std_calls_whitespace_or_control() {
        for c in (0..=0x10_ffff).filter_map(char::from_u32) {
            assert_eq!(is_blank(c), c.is_whitespace() || c.is_control(), "{c:?}");
        }
    }

    fn options(members: Vec<(&str, Json)>) -> Json {
        Json::Object(members.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }

    fn with_url(url: &str) -> Result<Config> {
        Config::from_json(&options(vec![("baseUrl", url.into())]))
    }

    #[test]
    fn base_urls() {
        let ok = [
            (
                "https://user.telematicssdk.com",
                "https://user.telematicssdk.com",
            ),
            (
                "https://user.telematicssdk.com/",
                "https://user.telematicssdk.com",
            ),
            (
                "HTTPS://example.com:8443/api/",
                "https://example.com:8443/api",
            ),
            ("http://127.0.0.1:8787", "http://127.0.0.1:8787"),
            ("http://localhost:3000", "http://localhost:3000"),
            ("http://[::1]:9000", "http://[::1]:9000"),
            ("HTTP://LocalHost", "http://LocalHost"),
            ("http://App.LOCALHOST:5173/", "http://App.LOCALHOST:5173"),
        ];
        for (input, want) in ok {
            assert_eq!(with_url(input).unwrap().base_url, want, "{input}");
        }
        let bad = [
            "",
            "user.telematicssdk.com",
            "http://user.telematicssdk.com",
            "http://10.0.0.1",
            "ftp://example.com",
            "https://",
            "https://example.com?x=1",
            "https://example.com/#f",
            "https://a b.com",
            "https://user:pw@example.com",
            "https://example.com:notaport",
            "https://example.com:65536",
            "https://example.com:+443",
            "http://127.0.0.1.evil.com",
            "http://127.evil.com",
            "http://localhost.evil.com",
            "http://xlocalhost",
            "httpx://localhost",
            "https://::1",
            "https://example.com:1:443",
        ];
        for input in bad {
            let e = with_url(input).unwrap_err();
            assert_eq!(e.code().as_str(), "invalid_config", "{input}");
            assert!(e.message().contains("baseUrl"));
        }
    }

    #[test]
    fn numbers_must_be_whole_and_in_range() {
        struct Case {
            name: &'static str,
            get: fn(&Config) -> u32,
            accepted: &'static [(f64, u32)],
            refused: &'static [f64],
        }
        let cases = [
            Case {
                name: "refreshLeewaySeconds",
                get: |c| c.refresh_leeway_seconds,
                accepted: &[(0.0, 0), (120.0, 120)],
                refused: &[-1.0, 1.5, f64::NAN, f64::INFINITY, 1e12],
            },
            Case {
                name: "timeoutMs",
                get: |c| c.timeout_ms,
                accepted: &[(1.0, 1)],
                refused: &[0.0, -5.0, 3e9],
            },
            Case {
                name: "maxResponseBytes",
                get: |c| c.max_response_bytes,
                accepted: &[(1024.0, 1024)],
                refused: &[0.0, 1023.0, 1e10, 2048.5],
            },
            Case {
                name: "lockWaitMs",
                get: |c| c.lock_wait_ms,
                accepted: &[(0.0, 0)],
                refused: &[-1.0, 3e9],
            },
        ];
        for Case {
            name,
            get,
            accepted,
            refused,
        } in cases
        {
            let with = |v: f64| Config::from_json(&options(vec![(name, Json::Number(v))]));
            for (v, want) in accepted {
                assert_eq!(get(&with(*v).unwrap()), *want, "{name} {v}");
            }
            for v in refused {
                let e = with(*v).unwrap_err();
                assert!(e.message().contains(name), "{name} {v}: {}", e.message());
            }
        }
        assert_eq!(Config::default().lock_wait_ms, DEFAULT_LOCK_WAIT_MS);
    }

    #[test]
    fn strings_and_endpoints() {
        let e = Config::from_json(&options(vec![("instanceKey", " ".into())])).unwrap_err();
        assert!(e.message().contains("instanceKey"));
        let endpoints = |path: &str| {
            let paths = options(vec![("refresh", path.into()), ("users", Json::Null)]);
            Config::from_json(&options(vec![("endpoints", paths)]))
        };
        let c = endpoints("/v1/Auth/RefreshToken/").unwrap();
        assert_eq!(
            c.url(Endpoint::Refresh),
            DEFAULT_BASE_URL.to_string() + "/v1/Auth/RefreshToken"
        );
        assert_eq!(
            c.url(Endpoint::Login),
            DEFAULT_BASE_URL.to_string() + "/v1/Auth/Login"
        );
        for bad in ["v1/x", "//evil.com/x", "/v1/x?y", "/v1/ x", ""] {
            let e = endpoints(bad).unwrap_err();
            assert!(e.message().contains("endpoints.refresh"), "{bad}");
        }
        let c = Config::from_json(&options(vec![
            ("instanceId", "iid".into()),
            ("storageKey", "k".into()),
            ("fetch", Json::Opaque),
            ("store", Json::Opaque),
        ]))
        .unwrap();
        assert_eq!(
            (c.instance_id.as_deref(), c.storage_key.as_str()),
            (Some("iid"), "k")
        );
        assert_eq!(Config::from_json(&Json::Null), Ok(Config::default()));
        for (bad, message) in [
            (
                options(vec![("baseURL", Json::Null)]),
                "options: baseURL: unknown field",
            ),
            (
                options(vec![("timeoutMs", "5".into())]),
                "options: timeoutMs: expected a number",
            ),
            (
                options(vec![("endpoints", options(vec![("logout", Json::Null)]))]),
                "options: endpoints.logout: unknown field",
            ),
            (Json::Array(vec![]), "options: expected an object"),
        ] {
            assert_eq!(Config::from_json(&bad).unwrap_err().message(), message);
        }
    }

    #[test]
    fn debug_redacts_the_instance_key() {
        let c = Config {
            instance_key: Some("KEY-SECRET".into()),
            ..Default::default()
        };
        assert!(!format!("{c:?}").contains("KEY-SECRET"));
    }
}
