//! `UserClient`, the JavaScript API.

use crate::api;
use crate::config::{Config, EndpointOptions, Options};
use crate::error::{Error, Result};
use crate::json::JsonText;
use crate::session::Session;
use crate::wasm::error::set;
use crate::wasm::json::{check_keys, decode_input, to_js, JsJsonText, Nested};
use crate::wasm::store::Store;
use crate::wasm::transport::Transport;
use crate::wire::tokens::TokenResult;
use crate::wire::user::{Telematics, UserInput};
use serde::de::DeserializeOwned;
use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// A client of the Telematics User Service.
#[wasm_bindgen]
pub struct UserClient {
    inner: Rc<Inner>,
}

struct Inner {
    config: Config,
    transport: Transport,
    store: Store,
    /// Every token this client has held, so that no error can echo one (the service may).
    secrets: RefCell<Vec<String>>,
}

/// At most this many tokens are remembered for redaction (old ones cannot appear any more).
const REMEMBERED_SECRETS: usize = 16;

fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

#[wasm_bindgen]
impl UserClient {
    /// Creates a client. Throws `UserServiceError` with code `invalid_config` for bad options.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> std::result::Result<UserClient, JsValue> {
        Inner::new(options)
            .map(|inner| UserClient {
                inner: Rc::new(inner),
            })
            .map_err(JsValue::from)
    }

    /// Registers a user (`Registration/Create`) and stores the session when tokens come back.
    pub fn register(&self, user: JsValue) -> js_sys::Promise {
        let inner = self.inner.clone();
        run(self.inner.clone(), async move {
            let input: UserInput = input(user, "user", USER_NESTED)?;
            let request = api::register::request(&inner.config, &input)?;
            let answer = inner.transport.send(&request).await?;
            let result: TokenResult = inner.read(&answer.meta(), &answer.body)?;
            let registration = api::register::registration(result.clone())?;
            if let Some(session) =
                Session::from_tokens(&registration.device_token, &result, now_ms())
            {
                inner.save(&session).await?;
            }
            Ok(to_js(&registration))
        })
    }

    /// The stored session, or `null`.
    #[wasm_bindgen(js_name = getSession)]
    pub fn get_session(&self) -> js_sys::Promise {
        let inner = self.inner.clone();
        run(self.inner.clone(), async move {
            Ok(inner.load().await.map_or(JsValue::NULL, |s| to_js(&s)))
        })
    }
}

impl Inner {
    fn new(options: JsValue) -> Result<Inner> {
        let options = if options.is_undefined() || options.is_null() {
            js_sys::Object::new().into()
        } else {
            options
        };
        if !options.is_object() || js_sys::Array::is_array(&options) {
            return Err(Error::config("options must be an object"));
        }
        let key = js_sys::Reflect::get(&options, &"instanceKey".into())
            .ok()
            .and_then(|k| k.as_string());
        let redact = |e: Error| e.redact(&[key.as_deref().unwrap_or_default()]);
        let nested: &[Nested] = &[("endpoints", check_keys::<EndpointOptions>)];
        let parsed: Options = decode_input(options.clone(), nested)
            .map_err(|m| redact(Error::config("options: ".to_string() + &m)))?;
        let config = Config::from_options(parsed).map_err(redact)?;
        let fetch = match js_sys::Reflect::get(&options, &"fetch".into()) {
            Ok(f) if f.is_undefined() || f.is_null() => {
                Transport::global_fetch().ok_or_else(|| {
                    Error::config("this runtime has no global fetch; pass options.fetch")
                })?
            }
            Ok(f) => f
                .dyn_into()
                .map_err(|_| Error::config("fetch must be a function"))?,
            Err(_) => return Err(Error::config("options.fetch could not be read")),
        };
        let store = match js_sys::Reflect::get(&options, &"store".into()) {
            Ok(s) if s.is_undefined() || s.is_null() => Store::memory(),
            Ok(s) => Store::from_js(s)?,
            Err(_) => return Err(Error::config("options.store could not be read")),
        };
        let transport = Transport {
            fetch,
            timeout_ms: config.timeout_ms,
        };
        let secrets = RefCell::new(config.instance_key.iter().cloned().collect());
        Ok(Inner {
            config,
            transport,
            store,
            secrets,
        })
    }

    fn remember(&self, session: &Session) {
        let mut secrets = self.secrets.borrow_mut();
        for token in [&session.access_token, &session.refresh_token] {
            if !secrets.contains(token) {
                secrets.push(token.clone());
            }
        }
        // Keep the instance key (first) and the newest tokens.
        let excess = secrets.len().saturating_sub(REMEMBERED_SECRETS);
        if excess > 0 {
            secrets.drain(1..=excess);
        }
    }

    fn redact(&self, error: Error) -> Error {
        let secrets = self.secrets.borrow();
        let refs: Vec<&str> = secrets.iter().map(String::as_str).collect();
        error.redact(&refs)
    }

    fn read<T: DeserializeOwned>(
        &self,
        meta: &crate::envelope::ResponseMeta<'_>,
        body: &JsJsonText,
    ) -> Result<T> {
        crate::envelope::read(meta, body, now_ms())?
            .ok_or_else(|| Error::invalid_response("the answer has no Result"))
    }

    async fn load(&self) -> Option<Session> {
        let text = self.store.get(&self.config.storage_key).await?;
        let session = Session::decode(&JsJsonText::from_text(text));
        if let Some(s) = &session {
            self.remember(s);
        }
        session
    }

    async fn save(&self, session: &Session) -> Result<()> {
        self.remember(session);
        self.store
            .set(&self.config.storage_key, &session.encode())
            .await
    }
}

const USER_NESTED: &[Nested] = &[("telematics", check_keys::<Telematics>)];

/// Decodes a caller's argument; `undefined`/`null` is the default value.
fn input<T: DeserializeOwned + Default>(
    value: JsValue,
    name: &str,
    nested: &[Nested],
) -> Result<T> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    if !value.is_object() || js_sys::Array::is_array(&value) {
        return Err(Error::input(name.to_string() + " must be an object"));
    }
    decode_input(value, nested).map_err(Error::input)
}

/// Runs an operation as a Promise; its error is redacted and becomes a `UserServiceError`.
fn run<F>(inner: Rc<Inner>, operation: F) -> js_sys::Promise
where
    F: Future<Output = Result<JsValue>> + 'static,
{
    wasm_bindgen_futures::future_to_promise(async move {
        operation.await.map_err(|e| JsValue::from(inner.redact(e)))
    })
}

#[allow(dead_code)]
fn plain_object(pairs: &[(&str, JsValue)]) -> js_sys::Object {
    let o = js_sys::Object::new();
    for (k, v) in pairs {
        set(&o, k, v);
    }
    o
}
