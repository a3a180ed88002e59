//! Step durations as people write them: `10 min`, `1 h 30 min`, `90m`, `1.5 h`, `45 s`.

/// Seconds in a duration, or a message saying how to write one.
pub fn parse(text: &str) -> Result<u64, String> {
    seconds(text).ok_or_else(|| {
        format!(
            "\"{}\" is not a duration: write it like 10 min, 1 h 30 min, 90m or 1.5 h.",
            text.trim()
        )
    })
}

/// Seconds in a duration, if it is one. (Checked for every step after each edit: no message
/// is made for the many steps without a duration.)
pub fn seconds(text: &str) -> Option<u64> {
    let mut rest = text.trim();
    if rest.is_empty() {
        return None;
    }
    let mut total = 0f64;
    let mut last_unit = f64::INFINITY;
    while !rest.is_empty() {
        let number_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
            .unwrap_or(rest.len());
        let number: f64 = rest[..number_len].replace(',', ".").parse().ok()?;
        rest = rest[number_len..].trim_start();
        let unit_len = rest.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(rest.len());
        let unit = match rest[..unit_len].to_ascii_lowercase().as_str() {
            "h" | "hr" | "hrs" | "hour" | "hours" => 3600.0,
            "m" | "min" | "mins" | "minute" | "minutes" => 60.0,
            "s" | "sec" | "secs" | "second" | "seconds" => 1.0,
            _ => return None,
        };
        // Units from the largest down, each once: "1 h 30 min", not "30 min 1 h".
        if unit >= last_unit {
            return None;
        }
        last_unit = unit;
        total += number * unit;
        rest = rest[unit_len..].trim_start();
    }
    (total.is_finite() && total <= 1e9).then(|| total.round() as u64)
}

/// A total as people read it: `45 s`, `25 min`, `1 h 25 min`.
pub fn text(seconds: u64) -> String {
    let (h, m, s) = (seconds / 3600, (seconds % 3600) / 60, seconds % 60);
    match (h, m, s) {
        (0, 0, s) => format!("{s} s"),
        (0, m, 0) => format!("{m} min"),
        (0, m, s) => format!("{m} min {s} s"),
        (h, 0, _) => format!("{h} h"),
        (h, m, _) => format!("{h} h {m} min"),
    }
}

/// The total of the durations that parse, how many parse, and how many there are.
pub fn total<'a>(durations: impl Iterator<Item = &'a str>) -> (u64, usize, usize) {
    let (mut sum, mut estimated, mut count) = (0, 0, 0);
    for d in durations {
        count += 1;
        if let Some(s) = seconds(d) {
            sum += s;
            estimated += 1;
        }
    }
    (sum, estimated, count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_forms_people_write() {
        for (text, seconds) in [
            ("10 min", 600),
            ("1 h 30 min", 5400),
            ("90m", 5400),
            ("1.5 h", 5400),
            ("1,5h", 5400),
            ("45 s", 45),
            ("2 hours", 7200),
            ("1h30m", 5400),
            (" 5 minutes ", 300),
        ] {
            assert_eq!(parse(text), Ok(seconds), "{text}");
        }
        for bad in ["", "soon", "10", "min", "5 days", "30 min 1 h", "1 h 1 h", "1..5 h", "-5 min"]
        {
            let message = parse(bad).unwrap_err();
            assert!(message.contains("10 min, 1 h 30 min"), "{bad}: {message}");
        }
        assert_eq!(text(5100), "1 h 25 min");
        assert_eq!(text(600), "10 min");
        assert_eq!(text(45), "45 s");
        assert_eq!(total(["10 min", "", "bad", "1 h"].into_iter()), (4200, 2, 4));
    }
}
