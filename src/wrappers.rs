//! Strip what log pipelines put in front of a Go line: CRI prefixes,
//! journald and klog headers, timestamps and level words.
//!
//! Hand-written byte checks instead of regexes: this runs on every line of
//! an incident, and each rule is a fixed shape.

/// Remove every known wrapper prefix from `line`, outermost first. Never
/// removes leading tabs or spaces that belong to the Go output itself.
pub fn strip(line: &str) -> &str {
    let mut s = line.strip_suffix('\r').unwrap_or(line);
    s = strip_cri(s);
    s = strip_journald(s);
    s = strip_klog(s);
    s = strip_timestamp(s);
    strip_level(s)
}

fn is_digit(b: Option<&u8>) -> bool {
    b.is_some_and(|b| b.is_ascii_digit())
}

fn all_digits(b: &[u8], range: std::ops::Range<usize>) -> bool {
    b.get(range)
        .is_some_and(|r| r.iter().all(u8::is_ascii_digit))
}

/// `2024-05-05T10:00:00.123456789Z stderr F ` (Kubernetes CRI log files).
fn strip_cri(s: &str) -> &str {
    let b = s.as_bytes();
    if !(all_digits(b, 0..4) && b.get(4) == Some(&b'-') && b.get(10) == Some(&b'T')) {
        return s;
    }
    let Some(sp) = s.find(' ') else { return s };
    let rest = s.get(sp + 1..).unwrap_or("");
    let rest = match rest
        .strip_prefix("stdout ")
        .or_else(|| rest.strip_prefix("stderr "))
    {
        Some(r) => r,
        None => return s,
    };
    rest.strip_prefix("F ")
        .or_else(|| rest.strip_prefix("P "))
        .unwrap_or(s)
}

/// `Nov 24 18:12:42 host app[123]: ` (syslog / `journalctl` short format).
fn strip_journald(s: &str) -> &str {
    let b = s.as_bytes();
    let month_ok = b.len() > 16
        && b.first().is_some_and(u8::is_ascii_uppercase)
        && b.get(1..3)
            .is_some_and(|m| m.iter().all(u8::is_ascii_lowercase))
        && b.get(3) == Some(&b' ')
        && (is_digit(b.get(4)) || b.get(4) == Some(&b' '))
        && is_digit(b.get(5))
        && b.get(6) == Some(&b' ')
        && all_digits(b, 7..9)
        && b.get(9) == Some(&b':')
        && b.get(12) == Some(&b':')
        && b.get(15) == Some(&b' ');
    if !month_ok {
        return s;
    }
    // host, then `ident[pid]: `
    let rest = s.get(16..).unwrap_or("");
    let Some(host_end) = rest.find(' ') else {
        return s;
    };
    let after_host = rest.get(host_end + 1..).unwrap_or("");
    match after_host.find(": ") {
        Some(i) if !after_host.get(..i).unwrap_or(" ").contains(' ') => {
            after_host.get(i + 2..).unwrap_or(s)
        }
        _ => s,
    }
}

/// `E1124 18:16:15.975719   30479 runtime.go:79] ` (klog / glog).
fn strip_klog(s: &str) -> &str {
    let b = s.as_bytes();
    let ok = matches!(b.first(), Some(b'I' | b'W' | b'E' | b'F'))
        && all_digits(b, 1..5)
        && b.get(5) == Some(&b' ')
        && all_digits(b, 6..8)
        && b.get(8) == Some(&b':');
    if !ok {
        return s;
    }
    match s.find("] ") {
        Some(i) if i < 80 => s.get(i + 2..).unwrap_or(s),
        _ => s,
    }
}

/// `2026/11/24 18:12:42 `, `2026-11-24T18:12:42.123Z `,
/// `2026-11-24 18:12:42,123 +0000 ` and `[2026-11-24 ...] `.
fn strip_timestamp(s: &str) -> &str {
    let (inner, bracket) = match s.strip_prefix('[') {
        Some(r) => (r, true),
        None => (s, false),
    };
    let b = inner.as_bytes();
    let date = all_digits(b, 0..4)
        && matches!(b.get(4), Some(b'-' | b'/'))
        && all_digits(b, 5..7)
        && matches!(b.get(7), Some(b'-' | b'/'))
        && all_digits(b, 8..10)
        && matches!(b.get(10), Some(b'T' | b' '))
        && all_digits(b, 11..13)
        && b.get(13) == Some(&b':');
    if !date {
        return s;
    }
    // The timestamp runs to the first space after the time (or to `]`);
    // a zone token such as `+0000` or `UTC` may follow.
    let mut end = 11;
    while let Some(&c) = b.get(end) {
        if c == b' ' || (bracket && c == b']') {
            break;
        }
        end += 1;
    }
    let mut rest = inner.get(end..).unwrap_or("");
    if bracket {
        rest = rest.strip_prefix(']').unwrap_or(rest);
    }
    rest = rest.strip_prefix(' ').unwrap_or(rest);
    let zone_len = rest
        .bytes()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == b'+' || *c == b'-' || *c == b':')
        .count();
    if let Some(z) = rest.get(..zone_len) {
        let is_zone = (z.starts_with('+') || z.starts_with('-'))
            && z.len() >= 3
            && z.bytes().skip(1).all(|c| c.is_ascii_digit() || c == b':')
            || matches!(z, "UTC" | "GMT" | "Z");
        if is_zone && rest.as_bytes().get(zone_len) == Some(&b' ') {
            rest = rest.get(zone_len + 1..).unwrap_or(rest);
        }
    }
    rest
}

/// Level words that loggers put before the message: `ERROR `, `[error] `,
/// `level=error `. A bare word must be upper case and have no colon, so
/// that Go's own `fatal error:` and `WARNING: DATA RACE` are never eaten.
fn strip_level(s: &str) -> &str {
    const LEVELS: [&str; 12] = [
        "DEBUG", "INFO", "WARN", "WARNING", "ERROR", "ERR", "FATAL", "CRIT", "CRITICAL", "EMERG",
        "ALERT", "NOTICE",
    ];
    let Some((word, rest)) = s.split_once(' ') else {
        return s;
    };
    let tagged = word
        .strip_prefix("level=")
        .or_else(|| word.strip_prefix('[').and_then(|w| w.strip_suffix(']')));
    let is_level = match tagged {
        Some(w) => LEVELS.iter().any(|l| l.eq_ignore_ascii_case(w)),
        None => LEVELS.contains(&word),
    };
    if is_level {
        rest.trim_start_matches(' ')
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::strip;

    #[test]
    fn strips_each_wrapper_and_keeps_go_indentation() {
        let cases = [
            (
                "2024-05-05T10:00:00.123456789Z stderr F panic: x",
                "panic: x",
            ),
            (
                "2024-05-05T10:00:00.123456789Z stdout P \tmain.go:3",
                "\tmain.go:3",
            ),
            ("Nov 24 18:12:42 web-1 api[812]: panic: boom", "panic: boom"),
            (
                "E1124 18:16:15.975719   30479 runtime.go:79] Observed a panic: x",
                "Observed a panic: x",
            ),
            (
                "2026/11/24 18:12:42 http: panic serving a: b",
                "http: panic serving a: b",
            ),
            ("2026-11-24T18:12:42.123Z ERROR panic: x", "panic: x"),
            (
                "2026-11-24 18:12:42,123 +0000 [error] fatal error: y",
                "fatal error: y",
            ),
            ("[2026-11-24 18:12:42] panic: z", "panic: z"),
            ("\tpanic: nested", "\tpanic: nested"),
            ("panic: plain", "panic: plain"),
            ("goroutine 1 [running]:\r", "goroutine 1 [running]:"),
        ];
        for (input, want) in cases {
            assert_eq!(strip(input), want, "input {input:?}");
        }
    }

    #[test]
    fn leaves_lookalikes_alone() {
        for s in [
            "INFORMATION panic",
            "E12 short",
            "2026 was a year",
            "Nov 24",
            "fatal error: stack overflow",
            "WARNING: DATA RACE",
        ] {
            assert_eq!(strip(s), s);
        }
    }
}
