//! Searching and splitting text for the core's few needles (a secret in a message, `://` in a
//! URL, the dots of a JWT), as plain scans over bytes. The strings are short, and core's
//! searchers (`contains`, `replace`, `split` with a `&str` or a `char`, which bring `memchr`
//! and UTF-8 decoding) cost the `.wasm` about 3 KB for what these loops do. Prefix tests elsewhere
//! take a `&str` (`starts_with("/")`), never a `char`: core encodes a `char` pattern to UTF-8 at
//! run time, and its encoder alone costs 0.2 KB gzip.

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

/// The pieces of `text` between the bytes for which `is_separator` holds, empty ones included,
/// as `str::split` gives them. A separator must be ASCII, so that every piece is whole text.
///
/// ```
/// use telematics_user::search::pieces;
/// let parts: Vec<&str> = pieces("a.b..c", |b| b == b'.').collect();
/// assert_eq!(parts, ["a", "b", "", "c"]);
/// ```
pub fn pieces(text: &str, is_separator: fn(u8) -> bool) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let piece = rest?;
        match piece.bytes().position(is_separator) {
            Some(at) => {
                rest = Some(&piece[at + 1..]);
                Some(&piece[..at])
            }
            None => {
                rest = None;
                Some(piece)
            }
        }
    })
}

/// `text` without the `/`s that end it.
pub fn without_trailing_slashes(text: &str) -> &str {
    let mut end = text.len();
    while end > 0 && text.as_bytes()[end - 1] == b'/' {
        end -= 1;
    }
    &text[..end]
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
        for text in texts.iter().chain(&["", ".", "a.", ".a", "x.y.z", "é.ü"]) {
            let ours: Vec<&str> = pieces(text, |b| b == b'.' || b == b'a').collect();
            let core: Vec<&str> = text.split(['.', 'a']).collect();
            assert_eq!(ours, core, "{text}");
            assert_eq!(without_trailing_slashes(&(text.to_string() + "//")), *text);
        }
    }
}
