//! The client's options, as JavaScript passes them, and their validation.
//!
//! Every option is checked once, at construction, so that a typo or a wrong type is an
//! `invalid_config` error there and then rather than a confusing failure on the first call.

use crate::error::{Error, Result};
use crate::json::{FromJson, Json, Object, Shape};

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

/// The options object of `new UserClient(options)`, as received (camelCase).
///
/// `store` and `fetch` are JavaScript objects: the shell checks and keeps them; the reader only
/// accepts their names.
#[derive(Default, Clone, PartialEq)]
#[allow(missing_docs)]
pub struct Options {
    pub base_url: Option<String>,
    pub instance_id: Option<String>,
    pub instance_key: Option<String>,
    pub storage_key: Option<String>,
    pub refresh_leeway_seconds: Option<f64>,
    pub timeout_ms: Option<f64>,
    pub max_response_bytes: Option<f64>,
    pub lock_wait_ms: Option<f64>,
    pub endpoints: Option<EndpointOptions>,
}

impl FromJson for Options {
    fn from_json(json: &Json) -> std::result::Result<Self, Shape> {
        Object::strict(json, |o| {
            o.field::<()>(&["store"])?;
            o.field::<()>(&["fetch"])?;
            let mut options = Options::default();
            o.fill(&["baseUrl"], &mut options.base_url)?;
            o.fill(&["instanceId"], &mut options.instance_id)?;
            o.fill(&["instanceKey"], &mut options.instance_key)?;
            o.fill(&["storageKey"], &mut options.storage_key)?;
            o.fill(
                &["refreshLeewaySeconds"],
                &mut options.refresh_leeway_seconds,
            )?;
            o.fill(&["timeoutMs"], &mut options.timeout_ms)?;
            o.fill(&["maxResponseBytes"], &mut options.max_response_bytes)?;
            o.fill(&["lockWaitMs"], &mut options.lock_wait_ms)?;
            o.fill(&["endpoints"], &mut options.endpoints)?;
            Ok(options)
        })
    }
}

/// A partial map of endpoint paths.
#[derive(Default, Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs)]
pub struct EndpointOptions {
    pub register: Option<String>,
    pub register_many: Option<String>,
    pub refresh: Option<String>,
    pub login: Option<String>,
    pub users: Option<String>,
}

impl FromJson for EndpointOptions {
    fn from_json(json: &Json) -> std::result::Result<Self, Shape> {
        Object::strict(json, |o| {
            let mut e = EndpointOptions::default();
            o.fill(&["register"], &mut e.register)?;
            o.fill(&["registerMany"], &mut e.register_many)?;
            o.fill(&["refresh"], &mut e.refresh)?;
            o.fill(&["login"], &mut e.login)?;
            o.fill(&["users"], &mut e.users)?;
            Ok(e)
        })
    }
}

/// The service's endpoint paths.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs)]
pub struct Endpoints {
    pub register: String,
    pub register_many: String,
    pub refresh: String,
    pub login: String,
    pub users: String,
}

impl Default for Endpoints {
    fn default() -> Self {
        Endpoints {
            register: "/v1/Registration/Create".into(),
            register_many: "/v1/Registration/CreateMany".into(),
            refresh: "/v1/RefreshToken".into(),
            login: "/v1/Auth/Login".into(),
            users: "/v1/Management/users".into(),
        }
    }
}

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
    /// Endpoint paths.
    pub endpoints: Endpoints,
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
            endpoints: Endpoints::default(),
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
    /// Validates options.
    ///
    /// ```
    /// use telematics_user::config::{Config, Options};
    /// let c = Config::from_options(Options {
    ///     base_url: Some("http://127.0.0.1:8787/".into()),
    ///     ..Default::default()
    /// }).unwrap();
    /// assert_eq!(c.url("/v1/x"), "http://127.0.0.1:8787/v1/x");
    ///
    /// let e = Config::from_options(Options { timeout_ms: Some(-1.0), ..Default::default() });
    /// assert_eq!(e.unwrap_err().code().as_str(), "invalid_config");
    /// ```
    pub fn from_options(o: Options) -> Result<Config> {
        let mut c = Config::default();
        if let Some(url) = o.base_url {
            c.base_url = base_url(&url)?;
        }
        c.instance_id = non_empty("instanceId", o.instance_id)?;
        c.instance_key = non_empty("instanceKey", o.instance_key)?;
        if let Some(key) = non_empty("storageKey", o.storage_key)? {
            c.storage_key = key;
        }
        if let Some(s) = o.refresh_leeway_seconds {
            c.refresh_leeway_seconds = whole_number("refreshLeewaySeconds", s, 0, 86_400 * 365)?;
        }
        if let Some(ms) = o.timeout_ms {
            c.timeout_ms = whole_number("timeoutMs", ms, 1, MAX_TIMEOUT_MS)?;
        }
        if let Some(n) = o.max_response_bytes {
            c.max_response_bytes = whole_number("maxResponseBytes", n, 1024, u32::MAX)?;
        }
        if let Some(ms) = o.lock_wait_ms {
            c.lock_wait_ms = whole_number("lockWaitMs", ms, 0, MAX_TIMEOUT_MS)?;
        }
        if let Some(e) = o.endpoints {
            let d = &mut c.endpoints;
            for (name, value, slot) in [
                ("endpoints.register", e.register, &mut d.register),
                (
                    "endpoints.registerMany",
                    e.register_many,
                    &mut d.register_many,
                ),
                ("endpoints.refresh", e.refresh, &mut d.refresh),
                ("endpoints.login", e.login, &mut d.login),
                ("endpoints.users", e.users, &mut d.users),
            ] {
                if let Some(path) = value {
                    *slot = endpoint_path(name, path)?;
                }
            }
        }
        Ok(c)
    }

    /// The absolute URL of a path.
    pub fn url(&self, path: &str) -> String {
        self.base_url.clone() + path
    }
}

fn non_empty(name: &'static str, value: Option<String>) -> Result<Option<String>> {
    match value {
        Some(v) if v.trim().is_empty() => {
            Err(Error::config(name.to_string() + " must not be empty"))
        }
        other => Ok(other),
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

fn endpoint_path(name: &'static str, path: String) -> Result<String> {
    if path.starts_with('/') && !path.starts_with("//") && is_bare(&path) {
        Ok(path.trim_end_matches('/').to_string())
    } else {
        Err(Error::config(
            name.to_string() + " must be a path starting with '/', without query or fragment",
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
    let (scheme, rest) = url.split_once("://").ok_or_else(bad)?;
    let scheme = scheme.to_ascii_lowercase();
    if !is_bare(url) {
        return Err(bad());
    }
    let authority = rest.split('/').next().unwrap_or_default();
    if authority.is_empty() || authority.contains('@') {
        return Err(bad());
    }
    let host = host_of(authority).ok_or_else(bad)?;
    match scheme.as_str() {
        "https" => {}
        "http" if is_loopback(&host) => {}
        _ => return Err(bad()),
    }
    Ok(scheme + "://" + rest.trim_end_matches('/'))
}

/// No whitespace, no control character, no query and no fragment.
fn is_bare(url: &str) -> bool {
    !url.chars()
        .any(|c| c.is_whitespace() || c.is_control() || c == '?' || c == '#')
}

/// The host of `host[:port]` or `[v6][:port]`, lowercased; `None` when the port is not a number.
fn host_of(authority: &str) -> Option<String> {
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        let (h, rest) = v6.split_once(']')?;
        (h, rest.strip_prefix(':'))
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        }
    };
    if let Some(p) = port {
        crate::decimal::parse(p, 5).filter(|&n| n <= 65_535)?;
    }
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

fn is_loopback(host: &str) -> bool {
    host == "localhost" || host.ends_with(".localhost") || host == "::1" || is_v4_loopback(host)
}

/// `127.x.y.z` in dotted decimal (written out: std's address parser costs more bytes than this).
fn is_v4_loopback(host: &str) -> bool {
    let octets: Vec<&str> = host.split('.').collect();
    octets.len() == 4
        && octets[0] == "127"
        && octets
            .iter()
            .all(|o| crate::decimal::parse(o, 3).is_some_and(|n| n <= 255))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_url(url: &str) -> Result<Config> {
        Config::from_options(Options {
            base_url: Some(url.into()),
            ..Default::default()
        })
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
            set: fn(&mut Options, f64),
            get: fn(&Config) -> u32,
            accepted: &'static [(f64, u32)],
            refused: &'static [f64],
        }
        let cases = [
            Case {
                name: "refreshLeewaySeconds",
                set: |o, v| o.refresh_leeway_seconds = Some(v),
                get: |c| c.refresh_leeway_seconds,
                accepted: &[(0.0, 0), (120.0, 120)],
                refused: &[-1.0, 1.5, f64::NAN, f64::INFINITY, 1e12],
            },
            Case {
                name: "timeoutMs",
                set: |o, v| o.timeout_ms = Some(v),
                get: |c| c.timeout_ms,
                accepted: &[(1.0, 1)],
                refused: &[0.0, -5.0, 3e9],
            },
            Case {
                name: "maxResponseBytes",
                set: |o, v| o.max_response_bytes = Some(v),
                get: |c| c.max_response_bytes,
                accepted: &[(1024.0, 1024)],
                refused: &[0.0, 1023.0, 1e10, 2048.5],
            },
            Case {
                name: "lockWaitMs",
                set: |o, v| o.lock_wait_ms = Some(v),
                get: |c| c.lock_wait_ms,
                accepted: &[(0.0, 0)],
                refused: &[-1.0, 3e9],
            },
        ];
        for Case {
            name,
            set,
            get,
            accepted,
            refused,
        } in cases
        {
            let with = |v: f64| {
                let mut o = Options::default();
                set(&mut o, v);
                Config::from_options(o)
            };
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
        let e = Config::from_options(Options {
            instance_key: Some(" ".into()),
            ..Default::default()
        })
        .unwrap_err();
        assert!(e.message().contains("instanceKey"));
        let c = Config::from_options(Options {
            endpoints: Some(EndpointOptions {
                refresh: Some("/v1/Auth/RefreshToken".into()),
                ..Default::default()
            }),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(c.endpoints.refresh, "/v1/Auth/RefreshToken");
        assert_eq!(c.endpoints.login, "/v1/Auth/Login");
        for bad in ["v1/x", "//evil.com/x", "/v1/x?y", "/v1/ x", ""] {
            let e = Config::from_options(Options {
                endpoints: Some(EndpointOptions {
                    users: Some(bad.into()),
                    ..Default::default()
                }),
                ..Default::default()
            })
            .unwrap_err();
            assert!(e.message().contains("endpoints.users"), "{bad}");
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
