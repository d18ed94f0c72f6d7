//! The prefix shapes of [`super::RULES`], one function each.

use super::loggers::is_name_byte;
use super::{after, all_digits, is_digit, name_colon, FIXED, MAX_PREFIX};

/// Markdown and e-mail paste damage: `> ` quote markers, ```` ``` ````
/// fences alone on a line (with a language tag) or glued to the text, a
/// backtick glued before it, a `// ` comment marker (output pasted into a
/// Go comment), a `- ` or `+ ` diff marker (a ```` ```diff ```` fence used
/// to colour the paste).
pub(super) fn markdown(s: &str) -> Option<&str> {
    match s.as_bytes().first()? {
        b'>' => after(s, 1),
        b'-' | b'+' => s.get(1..)?.strip_prefix(' '),
        b'`' => {
            let n = s.bytes().take_while(|&c| c == b'`').count();
            let rest = s.get(n..)?;
            let tag = rest.len() <= 20
                && rest
                    .bytes()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'+' | b'.'));
            if n >= 3 && tag {
                s.get(s.len()..)
            } else {
                Some(rest)
            }
        }
        b'/' => {
            let rest = s.strip_prefix("//")?;
            if rest.is_empty() {
                Some(rest)
            } else {
                rest.strip_prefix(' ')
            }
        }
        _ => None,
    }
}

/// [`FIXED`] literal prefixes.
pub(super) fn fixed(s: &str) -> Option<&str> {
    FIXED.iter().find_map(|p| s.strip_prefix(p))
}

/// `2024-05-05T10:00:00.123456789Z stderr F ` (Kubernetes CRI log files).
pub(super) fn cri(s: &str) -> Option<&str> {
    let b = s.as_bytes();
    if !(all_digits(b, 0..4) && b.get(4) == Some(&b'-') && b.get(10) == Some(&b'T')) {
        return None;
    }
    let sp = s.get(..MAX_PREFIX.min(s.len()))?.find(' ')?;
    let rest = s.get(sp + 1..)?;
    let rest = rest
        .strip_prefix("stdout ")
        .or_else(|| rest.strip_prefix("stderr "))?;
    rest.strip_prefix("F ").or_else(|| rest.strip_prefix("P "))
}

/// `Nov 24 18:12:42` (the month in any case) at the start of `b`.
pub(crate) fn is_syslog_stamp(b: &[u8]) -> bool {
    b.get(3) == Some(&b' ')
        && b.get(..3)
            .is_some_and(|m| m.iter().all(u8::is_ascii_alphabetic))
        && (is_digit(b.get(4)) || b.get(4) == Some(&b' '))
        && is_digit(b.get(5))
        && b.get(6) == Some(&b' ')
        && all_digits(b, 7..9)
        && b.get(9) == Some(&b':')
        && all_digits(b, 10..12)
        && b.get(12) == Some(&b':')
        && all_digits(b, 13..15)
}

/// `Nov 24 18:12:42 host unit[123]: ` (syslog, `journalctl` short and
/// short-precise formats). The month in any case, the unit any name
/// without spaces (`k3s.service`, `user@1000.service`, `kernel`), with or
/// without `[pid]`; a record whose message is empty ends at the colon.
pub(super) fn syslog(s: &str) -> Option<&str> {
    let b = s.as_bytes();
    let stamp = is_syslog_stamp(b);
    if !stamp {
        return None;
    }
    // Fractional seconds (`-o short-precise`), then the host.
    let frac = if b.get(15) == Some(&b'.') {
        1 + b.iter().skip(16).take_while(|c| c.is_ascii_digit()).count()
    } else {
        0
    };
    let rest = s.get(15 + frac..)?.strip_prefix(' ')?;
    // A paste may have lost the host (`May 03 16:11:34 containerd[19317]: `).
    unit_with_pid(rest).or_else(|| host_and_unit(rest, false))
}

/// `unit[pid]: ` at the start of `s`.
pub(super) fn unit_with_pid(s: &str) -> Option<&str> {
    let rest = name_colon(s)?;
    let name = s.get(..s.len().saturating_sub(rest.len()))?.trim_end();
    let pid = name
        .strip_suffix(":")?
        .strip_suffix(']')?
        .rsplit_once('[')?
        .1;
    (!pid.is_empty() && pid.bytes().all(|c| c.is_ascii_digit())).then_some(rest)
}

/// ` 13043 2024-08-09T01:45:13.2083163Z `: the line-number column of a
/// CI log copied from its raw view, before the timestamp.
pub(super) fn line_number(s: &str) -> Option<&str> {
    let t = s.trim_start_matches(' ');
    let b = t.as_bytes();
    let n = b.iter().take(10).take_while(|c| c.is_ascii_digit()).count();
    let rest = t.get(n..)?.strip_prefix(' ')?;
    let r = rest.as_bytes();
    let date = n > 0 && all_digits(r, 0..4) && r.get(4) == Some(&b'-') && all_digits(r, 5..7);
    date.then_some(rest)
}

/// `[00:11:11] ` / `[00:11:11.123] `: a CI job's elapsed time (AppVeyor,
/// Travis folds).
pub(super) fn clock(s: &str) -> Option<&str> {
    let b = s.as_bytes();
    let ok = b.first() == Some(&b'[')
        && all_digits(b, 1..3)
        && b.get(3) == Some(&b':')
        && all_digits(b, 4..6)
        && b.get(6) == Some(&b':')
        && all_digits(b, 7..9);
    if !ok {
        return None;
    }
    let close = 9 + b.iter().skip(9).take(12).position(|&c| c == b']')?;
    let frac = b.get(9..close)?;
    if !(frac.is_empty()
        || frac.first() == Some(&b'.') && frac.iter().skip(1).all(u8::is_ascii_digit))
    {
        return None;
    }
    after(s, close + 1)
}

/// `host unit[pid]: ` after a syslog timestamp. With `need_pid` (after an
/// ISO timestamp, where the shape is less distinctive) the unit must carry
/// its `[pid]`.
pub(super) fn host_and_unit(s: &str, need_pid: bool) -> Option<&str> {
    let host_end = s.get(..MAX_PREFIX.min(s.len()))?.find(' ')?;
    if host_end == 0 {
        return None;
    }
    let unit = s.get(host_end + 1..)?;
    let rest = name_colon(unit)?;
    let name = unit.get(..unit.len() - rest.len())?.trim_end();
    let name = name.strip_suffix(':')?;
    if need_pid {
        let pid = name.strip_suffix(']')?.rsplit_once('[')?.1;
        if pid.is_empty() || !pid.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
    }
    Some(rest)
}

/// `E1124 18:16:15.975719   30479 runtime.go:79] ` (klog / glog): any
/// level letter, then anything up to the `]` that closes the header as
/// long as it is the header's kind of text (time, thread id and file:line
/// in any order).
pub(super) fn klog(s: &str) -> Option<&str> {
    let b = s.as_bytes();
    let ok = b.first().is_some_and(u8::is_ascii_uppercase)
        && all_digits(b, 1..5)
        && b.get(5) == Some(&b' ')
        && is_digit(b.get(6));
    if !ok {
        return None;
    }
    let close = b.iter().take(MAX_PREFIX).position(|&c| c == b']')?;
    let head = b.get(6..close)?;
    let header_text = head.iter().all(|&c| {
        c.is_ascii_alphanumeric() || matches!(c, b' ' | b':' | b'.' | b'_' | b'-' | b'/')
    });
    if !header_text || !head.contains(&b':') {
        return None;
    }
    after(s, close + 1)
}

/// `2026/11/24 18:12:42 `, `2026-11-24T18:12:42.123Z ` (GitHub Actions
/// prints seven fraction digits), `2026-11-24 18:12:42,123 +0000 `,
/// `2021-05-27T10:46:33.875+0300 ` and `[2026-11-24 ...] `, each followed
/// by one space or tab. After an ISO timestamp, a syslog `host unit[pid]: `
/// goes too (RFC 5424 and `journalctl -o short-iso`).
pub(super) fn timestamp(s: &str) -> Option<&str> {
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
        return None;
    }
    // The timestamp runs to the first space or tab after the time (or to
    // `]`); a zone token such as `+0000` or `UTC` may follow.
    let end = 11
        + b.iter()
            .skip(11)
            .take_while(|&&c| !(c == b' ' || c == b'\t' || (bracket && c == b']')))
            .count();
    let mut rest = inner.get(end..)?;
    if bracket {
        rest = rest.strip_prefix(']').unwrap_or(rest);
    }
    rest = rest
        .strip_prefix(' ')
        .or_else(|| rest.strip_prefix('\t'))
        .unwrap_or(rest);
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
    if b.get(10) == Some(&b'T') {
        if let Some(r) = host_and_unit(rest, true) {
            return Some(r);
        }
    }
    Some(rest)
}

/// `kubectl logs --prefix`: `[pod/api-7d9/app] `.
pub(super) fn kubectl(s: &str) -> Option<&str> {
    let rest = s.strip_prefix("[pod/")?;
    let close = rest
        .bytes()
        .take(MAX_PREFIX)
        .position(|c| c == b']' || c == b' ')?;
    if rest.as_bytes().get(close) != Some(&b']') {
        return None;
    }
    after(rest, close + 1)
}

/// docker compose: `svc_1  | `, `api-1 | ` (or `svc_1  |` ending the
/// line).
pub(super) fn compose(s: &str) -> Option<&str> {
    let b = s.as_bytes();
    // A name and a space first: a frame's function line fails at its `(`.
    let name = b.iter().take_while(|&&c| is_name_byte(c)).count();
    if name == 0 || name > 64 || b.get(name) != Some(&b' ') {
        return None;
    }
    let bar = crate::find::byte(b'|', b.get(..MAX_PREFIX.min(b.len()))?)?;
    let head = b.get(..bar)?;
    if !head.iter().skip(name).all(|&c| c == b' ') {
        return None;
    }
    let rest = s.get(bar + 1..)?;
    match rest.as_bytes().first() {
        None => Some(rest),
        Some(b' ') => rest.get(1..),
        Some(_) => None,
    }
}
