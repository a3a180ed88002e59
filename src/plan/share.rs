//! Share links: the plan travels in the URL fragment (`#plan=…`), which browsers never
//! send to a server. JSON, raw DEFLATE (miniz_oxide), URL-safe base64 without padding.

use super::model::Plan;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

/// The fragment key.
pub const KEY: &str = "plan=";
/// The longest encoded plan a share link may carry. Browsers accept far longer URLs,
/// but chat tools and mail clients cut links around this size.
pub const MAX_ENCODED: usize = 32 * 1024;
/// A decoded plan may not be larger than this (a small link must not inflate into
/// gigabytes).
pub const MAX_DECODED: usize = 4 * 1024 * 1024;

/// Encodes a plan for a share link (without `#plan=`); the error says why not.
pub fn encode(plan: &Plan) -> Result<String, String> {
    let json = serde_json::to_vec(&plan.normalized()).map_err(|e| e.to_string())?;
    let packed = miniz_oxide::deflate::compress_to_vec(&json, 9);
    let text = URL_SAFE_NO_PAD.encode(packed);
    if text.len() > MAX_ENCODED {
        return Err(format!(
            "the plan is too large for a link ({} KB compressed; the limit is {} KB). Download the Markdown instead",
            text.len() / 1024,
            MAX_ENCODED / 1024
        ));
    }
    Ok(text)
}

/// Decodes the text after `#plan=`; the error is a sentence for the user.
pub fn decode(text: &str) -> Result<Plan, String> {
    if text.len() > MAX_ENCODED * 2 {
        return Err("the link is too long to be a plan from this editor".into());
    }
    let packed = URL_SAFE_NO_PAD
        .decode(text.trim().trim_end_matches('='))
        .map_err(|_| "the link is damaged (it is not valid base64)".to_string())?;
    let json =
        miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_DECODED).map_err(|_| {
            "the link is damaged (its data does not decompress, or is too large)".to_string()
        })?;
    // From text, as drafts are read from storage: one copy of the JSON reader in the app.
    let json = String::from_utf8(json)
        .map_err(|_| "the link does not hold a plan (its data is not text)".to_string())?;
    let plan: Plan =
        serde_json::from_str(&json).map_err(|e| format!("the link does not hold a plan ({e})"))?;
    Ok(plan.normalized())
}

/// The encoded plan in a URL fragment such as `#plan=…`, if there is one.
pub fn from_fragment(fragment: &str) -> Option<&str> {
    fragment.strip_prefix('#').unwrap_or(fragment).strip_prefix(KEY)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::example_plan;

    #[test]
    fn round_trip() {
        let link = encode(&example_plan()).unwrap();
        assert!(link.len() < 1200, "{}", link.len());
        assert!(link.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
        assert_eq!(decode(&link).unwrap(), example_plan().normalized());
        assert_eq!(from_fragment(&format!("#plan={link}")), Some(link.as_str()));
        assert_eq!(from_fragment("#other"), None);
    }

    #[test]
    fn malformed_links_are_refused_with_a_reason() {
        assert!(decode("!!!").unwrap_err().contains("base64"));
        assert!(decode(&URL_SAFE_NO_PAD.encode(b"not deflate at all"))
            .unwrap_err()
            .contains("decompress"));
        let not_plan = URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(b"[1,2,3]", 9));
        assert!(decode(&not_plan).unwrap_err().contains("does not hold a plan"));
        // A bomb: 16 MB of spaces compresses to a short link and must not be inflated.
        let bomb =
            URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(&vec![b' '; 16 << 20], 9));
        assert!(bomb.len() < MAX_ENCODED * 2);
        assert!(decode(&bomb).unwrap_err().contains("too large"));
        assert!(decode(&"A".repeat(MAX_ENCODED * 3)).unwrap_err().contains("too long"));
    }

    #[test]
    fn too_large_plans_say_so() {
        let mut plan = example_plan();
        // Text that does not compress well.
        plan.purpose =
            (0..40_000u32).map(|i| char::from_u32(0x4E00 + (i * 7919) % 20_000).unwrap()).collect();
        assert!(encode(&plan).unwrap_err().contains("too large for a link"));
    }
}
