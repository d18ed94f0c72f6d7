//! The prefix shapes that loggers write (beego, logcat, capnslog, logrus,
//! level words, hclog); [`super::rules`] holds those of pipelines and
//! pastes.

use super::{
    after, all_digits, is_logfmt_start, name_colon, LEVELS, LOGRUS_TTY_LEVELS, MAX_PREFIX,
};

/// beego's logger: a one-letter level (`[C] `, `[E] `) and the caller
/// (`[router.go:854]`, `[asm_amd64.s:573]  `: its own space, then the
/// space beego puts before each message), in either order.
pub(super) fn beego(s: &str) -> Option<&str> {
    let mut rest = s;
    let mut peeled = false;
    for _ in 0..2 {
        let b = rest.as_bytes();
        let level = b.first() == Some(&b'[')
            && matches!(
                b.get(1),
                Some(b'M' | b'A' | b'C' | b'E' | b'W' | b'N' | b'I' | b'D')
            )
            && b.get(2) == Some(&b']');
        if level {
            rest = after(rest, 3)?;
            peeled = true;
            continue;
        }
        let Some(tag) = rest.strip_prefix('[') else {
            break;
        };
        let Some(close) = tag.bytes().take(64).position(|c| c == b']' || c == b' ') else {
            break;
        };
        let Some((file, line)) = tag.get(..close).and_then(|t| t.rsplit_once(':')) else {
            break;
        };
        let caller = tag.as_bytes().get(close) == Some(&b']')
            && (file.ends_with(".go") || file.ends_with(".s"))
            && !line.is_empty()
            && line.bytes().all(|c| c.is_ascii_digit());
        if !caller {
            break;
        }
        // beego's message adds a space of its own after the caller's.
        rest = after(tag, close + 1)?;
        rest = rest.strip_prefix(' ').unwrap_or(rest);
        peeled = true;
    }
    peeled.then_some(rest)
}

/// `E/Go: `, `E/GoLog( 1234): `: Android logcat's level and tag (a
/// gomobile app's Go runtime writes its crash there).
pub(super) fn logcat(s: &str) -> Option<&str> {
    let b = s.as_bytes();
    if !(matches!(b.first(), Some(b'V' | b'D' | b'I' | b'W' | b'E' | b'F'))
        && b.get(1) == Some(&b'/'))
    {
        return None;
    }
    let tag = s.get(2..)?;
    let n = tag
        .bytes()
        .take(64)
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'-'))
        .count();
    let mut rest = tag.get(n..)?;
    if let Some(r) = rest.strip_prefix('(') {
        let close = r.find(')')?;
        let pid = r.get(..close)?.trim();
        if pid.is_empty() || !pid.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        rest = r.get(close + 1..)?;
    }
    (n > 0).then_some(())?;
    rest.strip_prefix(": ").or_else(|| rest.strip_prefix(':'))
}

/// Android logcat's column formats, as `adb logcat -v threadtime` and
/// Android Studio print them: `12-01 12:31:35.108 22021 22154 E GoLog   : `
/// (the date may be gone, peeled by the timestamp rule with its year, and
/// the columns padded with spaces) and
/// `31288-31302 Go   com.example.app  E  ` after the timestamp.
pub(super) fn logcat_columns(s: &str) -> Option<&str> {
    // Columns are padded: `  1234  1250 F` after the timestamp rule.
    let s = s.trim_start_matches(' ');
    let dated = logcat_date(s).and_then(|r| threadtime(r).or_else(|| studio(r)));
    dated.or_else(|| threadtime(s).or_else(|| studio(s)))
}

/// `MM-DD HH:MM:SS.mmm` and the spaces after it.
fn logcat_date(s: &str) -> Option<&str> {
    let b = s.as_bytes();
    let ok = all_digits(b, 0..2)
        && b.get(2) == Some(&b'-')
        && all_digits(b, 3..5)
        && b.get(5) == Some(&b' ')
        && all_digits(b, 6..8)
        && b.get(8) == Some(&b':')
        && all_digits(b, 9..11)
        && b.get(11) == Some(&b':')
        && all_digits(b, 12..14)
        && b.get(14) == Some(&b'.')
        && all_digits(b, 15..18);
    ok.then(|| spaces(s.get(18..)?))?
}

/// `PID TID L TAG : `.
fn threadtime(s: &str) -> Option<&str> {
    let r = spaces(number(s)?)?;
    let r = spaces(number(r)?)?;
    let r = spaces(level_letter(r)?)?;
    let tag = r.bytes().take_while(|c| *c != b' ' && *c != b':').count();
    if !(1..=64).contains(&tag) {
        return None;
    }
    let r = r.get(tag..)?.trim_start_matches(' ').strip_prefix(':')?;
    Some(r.strip_prefix(' ').unwrap_or(r))
}

/// `PID-TID TAG PACKAGE L  `: one or two spaces after the level, so that
/// the message's own indentation stays.
fn studio(s: &str) -> Option<&str> {
    let r = number(number(s)?.strip_prefix('-')?)?;
    let r = token(spaces(r)?, 64)?;
    let r = token(spaces(r)?, 128)?;
    let r = level_letter(spaces(r)?)?.strip_prefix(' ')?;
    Some(r.strip_prefix(' ').unwrap_or(r))
}

/// After 1 to 7 digits.
fn number(s: &str) -> Option<&str> {
    let n = s.bytes().take_while(u8::is_ascii_digit).count();
    (1..=7).contains(&n).then(|| s.get(n..))?
}

/// After one or more spaces.
fn spaces(s: &str) -> Option<&str> {
    let r = s.trim_start_matches(' ');
    (r.len() < s.len()).then_some(r)
}

/// After one of logcat's level letters.
fn level_letter(s: &str) -> Option<&str> {
    matches!(
        s.as_bytes().first(),
        Some(b'V' | b'D' | b'I' | b'W' | b'E' | b'F' | b'A')
    )
    .then(|| s.get(1..))?
}

/// After a run of 1 to `max` bytes other than a space.
fn token(s: &str, max: usize) -> Option<&str> {
    let n = s.bytes().take_while(|c| *c != b' ').count();
    (1..=max).contains(&n).then(|| s.get(n..))?
}

/// capnslog (etcd, rook) after its timestamp: `E | pkg: `.
pub(super) fn capnslog(s: &str) -> Option<&str> {
    let b = s.as_bytes();
    if !(b.first().is_some_and(u8::is_ascii_uppercase) && b.get(1..4) == Some(&b" | "[..])) {
        return None;
    }
    let rest = s.get(4..)?;
    Some(name_colon(rest).unwrap_or(rest))
}

/// Bytes of a service, unit or plugin name.
pub(super) fn is_name_byte(c: u8) -> bool {
    NAME_BYTES.get(usize::from(c)).copied().unwrap_or(false)
}

// Evaluated at compile time: an out-of-range index fails the build.
#[allow(clippy::indexing_slicing)]
pub(super) static NAME_BYTES: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric() || c == b'_' || c == b'-' || c == b'.';
        b += 1;
    }
    t
};

/// A logrus text record (`time="..." level=error msg="panic: boom"`, also
/// go-kit's `level=... ts=... msg=...`): the value of `msg`, up to its
/// closing quote. Escapes inside stay as they are; decoding an escaped
/// multi-line `msg` is [`crate::locate::logfmt_line_text`]'s job.
pub(super) fn logrus_text(s: &str) -> Option<&str> {
    if !is_logfmt_start(s) {
        return None;
    }
    let mut level = false;
    let mut msg = None;
    for (k, v) in (LogfmtFields { s, i: 0, n: 0 }) {
        level |= matches!(k, "level" | "lvl");
        if k == "msg" && msg.is_none() {
            msg = Some(v);
        }
    }
    let value = msg.filter(|_| level)?;
    Some(
        value
            .strip_prefix('"')
            .map_or(value, |v| v.strip_suffix('"').unwrap_or(v)),
    )
}

/// Level words: `ERROR `, `[error] `, `level=error `, after any spaces
/// (zap's console encoder pads the timestamp), followed by spaces or a
/// tab.
pub(super) fn level(s: &str) -> Option<&str> {
    let t = s.trim_start_matches(' ');
    let word_len = t
        .bytes()
        .take(24)
        .take_while(|&c| c != b' ' && c != b'\t')
        .count();
    let word = t.get(..word_len)?;
    let sep = t.as_bytes().get(word_len);
    if !matches!(sep, Some(b' ' | b'\t')) {
        return None;
    }
    let tagged = word
        .strip_prefix("level=")
        .or_else(|| word.strip_prefix('[').and_then(|w| w.strip_suffix(']')));
    let is_level = match tagged {
        Some(w) => LEVELS.iter().any(|l| l.eq_ignore_ascii_case(w)),
        None => LEVELS.contains(&word),
    };
    if !is_level {
        return None;
    }
    let rest = t.get(word_len + 1..)?;
    // One tab is a separator (zap's console encoder); spaces pad.
    Some(rest.trim_start_matches(' '))
}

/// logrus on a terminal: `ERRO[0001] `.
pub(super) fn logrus_tty(s: &str) -> Option<&str> {
    let head = s.get(..4)?;
    if !LOGRUS_TTY_LEVELS.contains(&head) {
        return None;
    }
    let rest = s.get(4..)?.strip_prefix('[')?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let rest = rest.get(digits..)?.strip_prefix(']')?;
    Some(rest.trim_start_matches(' '))
}

/// The plugin name hclog (go-plugin: Terraform, Packer, Nomad, Vault)
/// puts before each line a plugin printed: `plugin.terraform-provider-x: `,
/// `provider.terraform-provider-x: `, `plugin: terraform: ` (older), and
/// Packer's `packer-post-processor-x plugin: `. Exactly one space goes,
/// so a frame file line keeps its tab.
pub(super) fn hclog_name(s: &str) -> Option<&str> {
    if let Some(r) = s
        .strip_prefix("plugin.")
        .or_else(|| s.strip_prefix("provider."))
    {
        return name_colon(r);
    }
    if let Some(r) = s.strip_prefix("plugin: ") {
        return name_colon(r);
    }
    let head = s.as_bytes().get(..MAX_PREFIX.min(s.len()))?;
    // `name plugin:`: a frame's function line fails at its `(`.
    let at = head.iter().take_while(|&&c| is_name_byte(c)).count();
    if at == 0 || !head.get(at..).is_some_and(|r| r.starts_with(b" plugin:")) {
        return None;
    }
    let rest = s.get(at + " plugin:".len()..)?;
    match rest.as_bytes().first() {
        None => Some(rest),
        Some(b' ') => rest.get(1..),
        Some(_) => None,
    }
}

/// The `key=value` fields at the start of a logfmt line (`value` raw:
/// quoted with its quotes and escapes, or bare). Parsing stops at the
/// first token that is not a field; an unterminated quoted value runs to
/// the end of the line.
pub fn logfmt_fields(s: &str) -> Vec<(&str, &str)> {
    LogfmtFields { s, i: 0, n: 0 }.collect()
}

/// The fields of [`logfmt_fields`] one by one, allocating nothing: the
/// wrappers try it on every logfmt line.
struct LogfmtFields<'a> {
    s: &'a str,
    i: usize,
    n: usize,
}

impl<'a> Iterator for LogfmtFields<'a> {
    type Item = (&'a str, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        const MAX_FIELDS: usize = 64;
        let b = self.s.as_bytes();
        if self.n >= MAX_FIELDS || self.i >= b.len() {
            return None;
        }
        let mut i = self.i;
        while b.get(i) == Some(&b' ') {
            i = i.saturating_add(1);
        }
        let key_len = b
            .iter()
            .skip(i)
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'-' | b'@'))
            .count();
        let eq = i.saturating_add(key_len);
        if key_len == 0 || b.get(eq) != Some(&b'=') {
            self.i = b.len();
            return None;
        }
        let key = self.s.get(i..eq).unwrap_or("");
        let start = eq.saturating_add(1);
        let end = if b.get(start) == Some(&b'"') {
            let mut j = start.saturating_add(1);
            loop {
                match b.get(j) {
                    None => break j,
                    Some(b'\\') => j = j.saturating_add(2),
                    Some(b'"') => break j.saturating_add(1),
                    Some(_) => j = j.saturating_add(1),
                }
            }
        } else {
            start.saturating_add(b.iter().skip(start).take_while(|&&c| c != b' ').count())
        };
        let end = end.min(b.len());
        self.i = end;
        self.n = self.n.saturating_add(1);
        Some((key, self.s.get(start..end).unwrap_or("")))
    }
}
