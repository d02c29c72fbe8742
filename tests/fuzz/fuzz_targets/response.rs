//! Every reader of a service answer on any status, headers and body: never a panic; a session
//! read from an answer always holds both tokens; an error never repeats the old session's tokens.
#![no_main]

use libfuzzer_sys::fuzz_target;
use telematics_user::api::{login, refresh, register, users};
use telematics_user::envelope::{retry_after_seconds, says_unauthorized, ResponseMeta};
use telematics_user::json::{JsonText, SerdeJsonText};
use telematics_user::session::Session;

const NOW: u64 = 1_790_000_000_000;

fuzz_target!(|data: &[u8]| {
    let Some((&[hi, lo, flags], rest)) = data.split_first_chunk::<3>() else {
        return;
    };
    let status = 100 + (u16::from_be_bytes([hi, lo]) % 500);
    let text = String::from_utf8_lossy(rest).into_owned();
    // A header value is a prefix of the body: the fuzzer steers both at once.
    let header = text.get(..text.len().min(40)).unwrap_or("");
    let meta = ResponseMeta {
        status,
        retry_after: (flags & 1 == 1).then_some(header),
        date: (flags & 2 == 2).then_some(header),
    };
    let body = SerdeJsonText::from_text(text.clone());
    let old = Session {
        device_token: "device".into(),
        access_token: "OLD-ACCESS-TOKEN".into(),
        refresh_token: "OLD-REFRESH-TOKEN".into(),
        expires_at: None,
        issued_at: None,
    };

    let sessions = [
        login::read(&meta, &body, NOW).ok(),
        refresh::read(&meta, &body, &old, NOW)
            .map_err(|e| {
                let shown = format!("{e} {e:?}");
                assert!(
                    !shown.contains("OLD-ACCESS-TOKEN") && !shown.contains("OLD-REFRESH-TOKEN")
                );
            })
            .ok(),
    ];
    for session in sessions.into_iter().flatten() {
        assert!(!session.access_token.is_empty() && !session.refresh_token.is_empty());
    }
    if let Ok(registration) = register::read(&meta, &body, NOW) {
        let _ = format!("{registration:?}");
    }
    let _ = users::read_profile(&meta, &body, NOW);
    let _ = users::read_done(&meta, &body, NOW);
    let _ = says_unauthorized(&meta, &body);
    let _ = retry_after_seconds::<SerdeJsonText>(header, NOW);
    let _ = SerdeJsonText::http_date_ms(header);
});
