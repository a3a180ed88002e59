//! Content words for the conservation checks (tests/conservation.rs and the fuzz target):
//! generated documents put a unique word `w<digits>` in every piece of content.

use std::collections::BTreeMap;

/// How often each content word (`w` and digits, as a whole word) occurs.
pub fn words(text: &str) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let starts = bytes[i] == b'w'
            && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric())
            && bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
        if starts {
            let len = 1 + bytes[i + 1..].iter().take_while(|b| b.is_ascii_digit()).count();
            if !bytes.get(i + len).is_some_and(u8::is_ascii_alphanumeric) {
                *out.entry(text[i..i + len].to_string()).or_default() += 1;
            }
            i += len;
        } else {
            i += 1;
        }
    }
    out
}
