//! Substring search for the core's few needles (a secret in a message, `://` in a URL), as a
//! plain scan. The strings are short, and core's searcher (`str::contains`, `replace`,
//! `split_once` with a `&str`) costs the `.wasm` 1.6 KB for what this does in a loop.

/// The byte offset of the first `needle` in `text`. An empty needle is found at 0.
///
/// ```
/// use telematics_user::search::find;
/// assert_eq!(find("https://x", "://"), Some(5));
/// assert_eq!(find("é://", "://"), Some(2));
/// assert_eq!(find("http:/x", "://"), None);
/// ```
pub fn find(text: &str, needle: &str) -> Option<usize> {
    let (text, needle) = (text.as_bytes(), needle.as_bytes());
    (0..=text.len().checked_sub(needle.len())?).find(|&i| text[i..].starts_with(needle))
}

/// `text` with every `needle` replaced by `with`, or `None` when it holds none. A match starts
/// at a character boundary (a UTF-8 needle cannot start mid-character), so the pieces between
/// matches are whole strings.
///
/// ```
/// use telematics_user::search::replace;
/// assert_eq!(replace("a-SECRET-SECRET", "SECRET", "*").as_deref(), Some("a-*-*"));
/// assert_eq!(replace("nothing", "SECRET", "*"), None);
/// ```
pub fn replace(text: &str, needle: &str, with: &str) -> Option<String> {
    if needle.is_empty() {
        return None;
    }
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = find(rest, needle) {
        out.push_str(&rest[..at]);
        out.push_str(with);
        rest = &rest[at + needle.len()..];
    }
    if rest.len() == text.len() {
        return None;
    }
    out.push_str(rest);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_core() {
        let texts = [
            "",
            "a",
            "aaa",
            "abcabc",
            "x://y://z",
            "ünïcödé ü",
            "SECRETSECRET",
        ];
        let needles = ["a", "aa", "abc", "://", "ü", "SECRET", "zz", "ünïcödé ü!"];
        for text in texts {
            for needle in needles {
                assert_eq!(find(text, needle), text.find(needle), "{text} {needle}");
                let want = text.contains(needle).then(|| text.replace(needle, "[r]"));
                assert_eq!(replace(text, needle, "[r]"), want, "{text} {needle}");
            }
        }
        assert_eq!(find("abc", ""), Some(0));
        assert_eq!(replace("abc", "", "x"), None);
    }
}
