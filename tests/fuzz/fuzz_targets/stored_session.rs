//! Stored-session parsing on any store content: never a panic, and whatever decodes survives an
//! encode/decode round trip unchanged (so a session read is a session written back).
#![no_main]

use libfuzzer_sys::fuzz_target;
use telematics_user::json::{JsonText, SerdeJsonText};
use telematics_user::session::Session;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    if let Some(session) = Session::decode(&SerdeJsonText::from_text(text)) {
        assert!(!session.access_token.is_empty() && !session.refresh_token.is_empty());
        let again = Session::decode(&SerdeJsonText::from_text(session.encode()));
        assert_eq!(again, Some(session));
    }
});
