//! `UserClient`, the JavaScript API.

use crate::api;
use crate::api::login::LoginInput;
use crate::config::{Config, EndpointOptions, Options};
use crate::error::{Error, ErrorCode, Result};
use crate::json::JsonText;
use crate::session::Session;
use crate::wasm::json::{check_keys, decode_input, to_js, JsJsonText, Nested};
use crate::wasm::store::Store;
use crate::wasm::transport::Transport;
use crate::wire::tokens::TokenResult;
use crate::wire::user::{Telematics, UserInput};
use serde::de::DeserializeOwned;
use std::cell::{Cell, RefCell};
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
    listeners: RefCell<Vec<(u32, js_sys::Function)>>,
    next_listener: Cell<u32>,
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

    /// Logs in with `{ deviceToken }`, `{ email, password }` or `{ phone, password }`; stores the
    /// session.
    pub fn login(&self, credentials: JsValue) -> js_sys::Promise {
        let inner = self.inner.clone();
        run(self.inner.clone(), async move {
            let input: LoginInput = input(credentials, "credentials", &[])?;
            let request = api::login::request(&inner.config, &input)?;
            let answer = inner.transport.send(&request).await?;
            let session = api::login::read(&answer.meta(), &answer.body, now_ms())?;
            inner.save(&session).await?;
            inner.emit(Some(&session), "login");
            Ok(to_js(&session))
        })
    }

    /// Clears the stored session (the service has no logout endpoint).
    #[wasm_bindgen(js_name = signOut)]
    pub fn sign_out(&self) -> js_sys::Promise {
        let inner = self.inner.clone();
        run(self.inner.clone(), async move {
            inner.store.remove(&inner.config.storage_key).await?;
            inner.emit(None, "signed_out");
            Ok(JsValue::UNDEFINED)
        })
    }

    /// The signed-in user's profile.
    #[wasm_bindgen(js_name = getUser)]
    pub fn get_user(&self) -> js_sys::Promise {
        let inner = self.inner.clone();
        run(self.inner.clone(), async move {
            let session = inner.session().await?;
            let request = api::users::get_request(&inner.config, &session.access_token);
            let answer = inner.transport.send(&request).await?;
            Ok(to_js(&api::users::read_profile(
                &answer.meta(),
                &answer.body,
                now_ms(),
            )?))
        })
    }

    /// Updates the signed-in user, or with `{ deviceToken }` another user (admin session).
    #[wasm_bindgen(js_name = updateUser)]
    pub fn update_user(&self, changes: JsValue, options: JsValue) -> js_sys::Promise {
        let inner = self.inner.clone();
        run(self.inner.clone(), async move {
            let changes: UserInput = input(changes, "changes", USER_NESTED)?;
            inner.update(&changes, options).await
        })
    }

    /// Sets the telematics parameters: `updateUser({ telematics: params }, options)`.
    #[wasm_bindgen(js_name = setTelematics)]
    pub fn set_telematics(&self, params: JsValue, options: JsValue) -> js_sys::Promise {
        let inner = self.inner.clone();
        run(self.inner.clone(), async move {
            let telematics: Telematics = input(params, "params", &[])?;
            let changes = UserInput {
                telematics: Some(telematics),
                ..Default::default()
            };
            inner.update(&changes, options).await
        })
    }

    /// Deletes a user (admin session). An unknown user rejects with `not_found`.
    #[wasm_bindgen(js_name = deleteUser)]
    pub fn delete_user(&self, device_token: JsValue) -> js_sys::Promise {
        let inner = self.inner.clone();
        run(self.inner.clone(), async move {
            let token = device_token
                .as_string()
                .ok_or_else(|| Error::input("deviceToken must be a string"))?;
            let session = inner.session().await?;
            let request = api::users::delete_request(&inner.config, &session.access_token, &token)?;
            let answer = inner.transport.send(&request).await?;
            api::users::read_done(&answer.meta(), &answer.body, now_ms())?;
            Ok(JsValue::UNDEFINED)
        })
    }

    /// Calls `callback(session | null, reason)` on every session change; returns an unsubscribe
    /// function.
    #[wasm_bindgen(js_name = onSessionChange)]
    pub fn on_session_change(
        &self,
        callback: JsValue,
    ) -> std::result::Result<js_sys::Function, JsValue> {
        let callback: js_sys::Function = callback
            .dyn_into()
            .map_err(|_| JsValue::from(Error::input("callback must be a function")))?;
        let id = self.inner.next_listener.get();
        self.inner.next_listener.set(id + 1);
        self.inner.listeners.borrow_mut().push((id, callback));
        let weak = Rc::downgrade(&self.inner);
        let unsubscribe = Closure::<dyn FnMut()>::new(move || {
            if let Some(inner) = weak.upgrade() {
                inner.listeners.borrow_mut().retain(|(i, _)| *i != id);
            }
        });
        Ok(unsubscribe.into_js_value().unchecked_into())
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
            listeners: RefCell::new(Vec::new()),
            next_listener: Cell::new(0),
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

    /// The stored session, or `no_session`.
    async fn session(&self) -> Result<Session> {
        self.load()
            .await
            .ok_or_else(|| Error::new(ErrorCode::NoSession, "no session: register or log in first"))
    }

    async fn update(&self, changes: &UserInput, options: JsValue) -> Result<JsValue> {
        let target: UpdateOptions = input(options, "options", &[])?;
        let session = self.session().await?;
        let request = api::users::update_request(
            &self.config,
            &session.access_token,
            changes,
            target.device_token.as_deref(),
        )?;
        let answer = self.transport.send(&request).await?;
        api::users::read_done(&answer.meta(), &answer.body, now_ms())?;
        Ok(JsValue::UNDEFINED)
    }

    /// Tells every listener; a listener that throws does not stop the others.
    fn emit(&self, session: Option<&Session>, reason: &str) {
        let listeners: Vec<js_sys::Function> = self
            .listeners
            .borrow()
            .iter()
            .map(|(_, f)| f.clone())
            .collect();
        let value = session.map_or(JsValue::NULL, to_js);
        for listener in listeners {
            let _ = listener.call2(&JsValue::UNDEFINED, &value, &reason.into());
        }
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

/// The options of `updateUser` and `setTelematics`.
#[derive(serde::Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct UpdateOptions {
    device_token: Option<String>,
}
