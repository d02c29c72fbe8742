//! The wasm suite in headless Chromium.
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod common;

mod storage {
    //! Web Storage adapters: browser only.
    use crate::common::lifecycle::{options_for, server, signed_in};
    use crate::common::{prop, settle};
    use telematics_user::UserClient;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen_test::*;

    // The adapters are the shell's JavaScript, which the package exports as it is.
    #[wasm_bindgen(module = "/src/wasm/shell.js")]
    extern "C" {
        #[wasm_bindgen(js_name = localStorageStore)]
        fn local_storage_store() -> JsValue;
        #[wasm_bindgen(js_name = sessionStorageStore)]
        fn session_storage_store() -> JsValue;
    }

    fn storage(name: &str) -> web_storage::Storage {
        js_sys::Reflect::get(&js_sys::global(), &name.into())
            .unwrap()
            .unchecked_into()
    }

    mod web_storage {
        use wasm_bindgen::prelude::*;
        #[wasm_bindgen]
        extern "C" {
            pub type Storage;
            #[wasm_bindgen(method, js_name = getItem)]
            pub fn get_item(this: &Storage, key: &str) -> Option<String>;
            #[wasm_bindgen(method, js_name = setItem)]
            pub fn set_item(this: &Storage, key: &str, value: &str);
        }
    }

    #[wasm_bindgen_test]
    async fn web_storage_stores_keep_the_session_and_drop_corrupt_entries() {
        for (name, store) in [
            ("localStorage", local_storage_store()),
            ("sessionStorage", session_storage_store()),
        ] {
            let key = format!("test:{name}");
            let server = server();
            let with_store = || {
                let o = options_for(&server);
                js_sys::Reflect::set(&o, &"store".into(), &store).unwrap();
                js_sys::Reflect::set(&o, &"storageKey".into(), &key.as_str().into()).unwrap();
                o
            };
            signed_in(with_store()).await;
            let stored = storage(name).get_item(&key).expect("nothing was written");
            assert!(stored.contains("\"refreshToken\":\"RT-1\""), "{stored}");

            let reloaded = UserClient::new(with_store().into()).unwrap();
            let session = settle(reloaded.get_session()).await.unwrap();
            assert_eq!(
                prop(&session, "accessToken").as_string().as_deref(),
                Some("AT-1")
            );

            storage(name).set_item(&key, "{\"v\":1,\"accessToken\":");
            assert!(settle(reloaded.get_session()).await.unwrap().is_null());
            assert_eq!(
                storage(name).get_item(&key),
                None,
                "{name}: the corrupt entry stays"
            );
        }
    }
}

mod locks {
    //! Web Locks: a refresh never waits forever for a tab that holds the lock and hangs.
    use crate::common::lifecycle::{options_for, server, signed_in, sleep};
    use crate::common::{prop, settle};
    use wasm_bindgen_test::*;

    #[wasm_bindgen_test]
    async fn a_stuck_lock_holder_delays_a_refresh_but_does_not_block_it() {
        let held = js_sys::Function::new_no_args(
            "return new Promise((granted) => navigator.locks.request( \
               'telematics-user:test:stuck', () => { granted(); return new Promise(() => {}); }));",
        );
        let granted: js_sys::Promise = held
            .call0(&wasm_bindgen::JsValue::UNDEFINED)
            .unwrap()
            .into();
        wasm_bindgen_futures::JsFuture::from(granted).await.unwrap();
        let server = server();
        let o = options_for(&server);
        js_sys::Reflect::set(&o, &"storageKey".into(), &"test:stuck".into()).unwrap();
        js_sys::Reflect::set(&o, &"lockWaitMs".into(), &1_500.into()).unwrap();
        let client = signed_in(o).await;
        let pending = client.refresh();
        // While the other holder has the lock, no refresh goes out...
        sleep(700).await;
        assert_eq!(js_sys::Array::from(&prop(&server, "presented")).length(), 0);
        // ...and once the wait limit passes, the refresh goes ahead without it.
        let session = settle(pending).await.unwrap();
        assert_eq!(
            prop(&session, "accessToken").as_string().as_deref(),
            Some("AT-2")
        );
    }
}
