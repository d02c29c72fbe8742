//! JWT `exp` decoding on any text: never a panic, and an `exp` only from a well-formed payload.
#![no_main]

use libfuzzer_sys::fuzz_target;
use telematics_user::json::SerdeJsonText;
use telematics_user::lifecycle::jwt::exp;

fuzz_target!(|data: &[u8]| {
    let token = String::from_utf8_lossy(data);
    if exp::<SerdeJsonText>(&token).is_some() {
        assert_eq!(
            token.split('.').count(),
            3,
            "an exp from a token without three parts"
        );
    }
});
