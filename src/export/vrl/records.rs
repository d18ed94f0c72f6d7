//! `Scanner::record_text` for VRL: a line that holds a crash's lines
//! escaped (a logfmt `msg="...\n..."`, a console line ending in JSON
//! fields with a stack, a whole escaped stack) or syslog lines a paste
//! joined into one is read as its decoded lines, as src/parse/records.rs
//! does. The field names come from the native tables (`locate`).
//!
//! Go's `\xNN` and `\uNNNN` escapes in logfmt values stay as written here
//! (VRL cannot compute a character); tracebacks do not hold them.

use super::syntax::{escape, regex};
use super::wrap::FIELD;
use crate::locate::{
    stack_only_keys, CRASH_LEVELS, ERROR_MESSAGE_KEYS, LEVEL_KEYS, MESSAGE_KEYS, STACK_KEYS,
    VALUE_KEYS,
};

/// A syslog timestamp and its space (`records::is_stamp`), captured as `s`.
const STAMP: &str = r"[A-Za-z]{3} [ 0-9][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2} ";

/// `records::glued_goroutine`: a crash header, then ` goroutine N
/// [state]:` (Go 1.23's `gp=` fields may come before the state) ending
/// the line, as `h` and `g`.
const GLUED: &str =
    r"(?P<h>.*?(?:panic|fatal error): .*?) (?P<g>goroutine [0-9]+ [^\]\n]*\[[^\]\n]*\]:)\s*$";

/// A logfmt value (`LogfmtFields`): quoted to its closing quote (or the
/// end), or bare up to the next space.
const LOGFMT_VALUE: &str = r#"(?P<v>"(?:[^"\\]|\\.)*(?:"|\\?$)|[^ ]*)"#;

/// The patterns the snippet uses by name.
pub fn patterns() -> [(&'static str, String); 7] {
    [
        // What the parser looks at: text an incident can open on, or a
        // console line's field that decoding joins to its message.
        (
            "OPENS_OR_FIELDS",
            format!(r#"{}|"(?:{})"\s*:"#, super::OPENS, VALUE_KEYS.join("|")),
        ),
        // A syslog line with a second timestamp after its own (the other
        // forms hold an escaped newline).
        // Or a crash header with a goroutine header glued to its end.
        ("RECORD_HINT", format!("(?m)^{STAMP}.*{STAMP}|(?m){GLUED}")),
        ("JOINED_SYSLOG", format!("^{STAMP}.*{STAMP}")),
        ("GLUED_GOROUTINE", format!("^{GLUED}")),
        ("STAMP", format!("(?P<s>{STAMP})")),
        // locate::is_panicking: a `panic(` or `runtime.gopanic` frame, or
        // an indented line of the runtime's panic file.
        (
            "PANICKING",
            r"(?m)^\s*(?:panic\(|runtime\.gopanic)|^[\t ].*/runtime/panic\.go:".to_string(),
        ),
        // The leading fields of a logfmt record, as `f`.
        ("LOGFMT_SPAN", format!("^(?P<f>(?:{FIELD})*)")),
    ]
}

/// Every leading field of a logfmt record (`LogfmtFields`), as `k`/`v`.
fn logfmt_fields() -> String {
    regex(&format!(r" *(?P<k>[A-Za-z0-9_.@\-]+)={LOGFMT_VALUE}"))
}

/// The string fields named in `keys` of JSON text that may be cut
/// (`locate::string_field`): `q` is the opening quote, `b` the body.
fn json_fields(keys: &[&str]) -> String {
    let keys: Vec<String> = keys.iter().map(|k| escape(k)).collect();
    regex(&format!(
        r#""(?P<k>{})"\s*:\s*(?P<q>"?)(?P<b>(?:[^"\\]|\\.)*)"#,
        keys.join("|")
    ))
}

/// A VRL array literal of strings.
fn array(keys: &[&str]) -> String {
    let items: Vec<String> = keys.iter().map(|k| super::syntax::string(k)).collect();
    format!("[{}]", items.join(", "))
}

/// `Scanner::record_text` on `raw`: sets `rtx` and `has_rtx`.
pub fn record_text() -> String {
    let stacks: Vec<&str> = stack_only_keys().collect();
    TEMPLATE
        .replace("@LOGFMT_FIELDS@", &logfmt_fields())
        .replace("@LEVEL_KEYS@", &array(&LEVEL_KEYS))
        .replace("@STACK_KEYS@", &array(&STACK_KEYS))
        .replace("@STACK_ONLY_KEYS@", &array(&stacks))
        .replace("@VALUE_KEYS@", &array(&VALUE_KEYS))
        .replace("@MESSAGE_KEYS@", &array(&MESSAGE_KEYS))
        .replace("@ERROR_MESSAGE_KEYS@", &array(&ERROR_MESSAGE_KEYS))
        .replace("@CRASH_LEVELS@", &array(&CRASH_LEVELS))
        .replace(
            "@JSON_FIELDS@",
            &json_fields(&[&STACK_KEYS[..], &MESSAGE_KEYS[..]].concat()),
        )
}

/// The snippet; `@NAME@` are filled by [`record_text`] and [`patterns`].
const TEMPLATE: &str = r#"rtx = ""
has_rtx = false
if match(raw, r'@JOINED_SYSLOG@') {
  rtx = slice(replace(raw, r'@STAMP@', "\n${s}"), 1) ?? raw
  has_rtx = true
} else if match(raw, r'@GLUED_GOROUTINE@') {
  rtx = replace(raw, r'@GLUED_GOROUTINE@', "${h}\n${g}")
  has_rtx = true
} else if contains(raw, "\\n") {
  # The forms below read the line's first MAX_LINE_BYTES.
  rcut = raw
  if length(rcut) > @MAX_LINE_BYTES@ {
    rcut = slice(rcut, 0, @MAX_LINE_BYTES@) ?? rcut
  }
  if contains(raw, "msg=") {
    # locate::logfmt_line_text: the record after its wrappers, its
    # message, and the stack of a crash level.
    rec = replace(rcut, r'@LINE_END@', "")
    lf = false
    going = true
    for_each([1, 2, 3, 4, 5, 6, 7, 8]) -> |_k, _r| {
      if going {
        if match(rec, r'@LOGFMT_START@') {
          lf = true
          going = false
        } else {
          peeled = replace(rec, r'@WRAP@', "${ln}")
          going = length(peeled) < length(rec)
          rec = peeled
        }
      }
    }
    if lf && match(rec, r'@LOGRUS_LEVEL@') {
      span = parse_regex(rec, r'@LOGFMT_SPAN@').f ?? ""
      lfields = parse_regex_all(span, @LOGFMT_FIELDS@) ?? []
      pk = ["msg", "message"]
      pmode = ""
      @logfmt_pick
      has_lmsg = has_lfv
      lmsg = lfv
      pk = @LEVEL_KEYS@
      @logfmt_pick
      if has_lfv && includes(@CRASH_LEVELS@, downcase(lfv)) {
        pk = @STACK_KEYS@
        pmode = "ne"
        @logfmt_pick
      } else {
        # locate::panicking_stack: at any level, a stack captured while
        # panicking, after `message: value`.
        pk = @STACK_ONLY_KEYS@
        pmode = "pan"
        @logfmt_pick
        if has_lfv {
          stk = lfv
          pk = @VALUE_KEYS@
          pmode = ""
          @logfmt_pick
          if has_lfv && strip_whitespace(lfv) != "" {
            if has_lmsg && !contains(lmsg, strip_whitespace(lfv)) {
              lmsg = replace(lmsg, r'\s+$', "") + ": " + strip_whitespace(lfv)
            } else if !has_lmsg {
              lmsg = lfv
              has_lmsg = true
            }
          }
          lfv = stk
          has_lfv = true
        }
      }
      if has_lmsg && has_lfv && !contains(lmsg, strip_whitespace(lfv)) {
        if !ends_with(lmsg, "\n") {
          lmsg = lmsg + "\n"
        }
        rtx = lmsg + lfv
        has_rtx = true
      } else if has_lmsg {
        rtx = lmsg
        has_rtx = true
      } else if has_lfv {
        rtx = lfv
        has_rtx = true
      }
    }
  }
  ci = int(find(rcut, "{\"")) ?? -1
  if !has_rtx && ci >= 0 {
    # locate::console_line_text: `TS  ERROR  msg  {"stacktrace": "..."}`
    # reads as `TS  ERROR  msg: PANIC` and the stack's lines.
    jms = parse_regex_all(slice(rcut, ci) ?? "", @JSON_FIELDS@) ?? []
    jk = @STACK_ONLY_KEYS@
    jnl = true
    @json_pick
    if has_jv {
      rtx = jv
      jk = @VALUE_KEYS@
      jnl = false
      @json_pick
      if !has_jv {
        # locate::error_object_message: an `"error": {...}` object's
        # `message` (ECS, Datadog).
        eat = int(find(slice(rcut, ci) ?? "", r'"error"\s*:\s*\{')) ?? -1
        if eat >= 0 {
          jall = jms
          jms = parse_regex_all(slice(rcut, ci + eat + 7) ?? "", @JSON_FIELDS@) ?? []
          jk = @ERROR_MESSAGE_KEYS@
          @json_pick
          jms = jall
        }
      }
      if has_jv {
        rtx = ": " + strip_whitespace(jv) + "\n" + rtx
      } else {
        rtx = "\n" + rtx
      }
      lead = replace(slice(rcut, 0, ci) ?? "", r'\s+$', "")
      # What wrappers::strip leaves of the text before the object.
      lpl = slice(rcut, 0, ci) ?? ""
      going = true
      for_each([1, 2, 3, 4, 5, 6, 7, 8]) -> |_k, _r| {
        if going {
          peeled = replace(lpl, r'@WRAP@', "${ln}")
          going = length(peeled) < length(lpl)
          lpl = peeled
        }
      }
      if strip_whitespace(lpl) == "" {
        # The line is the JSON record itself, alone or behind a line
        # prefix: its message leads.
        lead = ""
        jk = @MESSAGE_KEYS@
        @json_pick
        if has_jv {
          lead = replace(jv, r'\s+$', "")
        }
      }
      rtx = lead + rtx
      has_rtx = true
    }
  }
  if !has_rtx && contains(rcut, "\\n\\t") {
    # records::escaped_stack: the whole line unquoted.
    uq = rcut
    @unquote
    rtx = uq
    has_rtx = true
  }
}"#;

/// The snippets [`record_text`] refers to.
pub const MACROS: [(&str, &str); 4] = [
    // locate::unquote_go for the escapes a traceback holds: backslash
    // pairs first (split on them), then `\n`, `\t`, `\r`, `\"`, `\'`.
    // Joined by hand: Vector's VRL types `join` over `map_values` as
    // fallible, which the crate's release does not.
    (
        "unquote",
        r#"uqs = split(uq, "\\\\")
uq = ""
for_each(uqs) -> |ui, piece| {
  if ui > 0 {
    uq = uq + "\\"
  }
  uq = uq + replace(replace(replace(replace(replace(piece, "\\n", "\n"), "\\t", "\t"), "\\r", "\r"), "\\\"", "\""), "\\'", "'")
}"#,
    ),
    // The first of the keys `pk` among the logfmt `lfields` (its first
    // field), as Field::string reads it: `lfv`, `has_lfv`. A key whose
    // value is blank (`pmode` "ne", crash_stack) or not a stack captured
    // while panicking ("pan", locate::is_panicking) is passed over.
    (
        "logfmt_pick",
        r#"has_lfv = false
lfv = ""
for_each(pk) -> |_i, key| {
  seen = false
  for_each(lfields) -> |_j, lff| {
    if !has_lfv && !seen && lff.k == key {
      seen = true
      lfv = string(lff.v) ?? ""
      if starts_with(lfv, "\"") {
        uq = replace(slice(lfv, 1) ?? "", r'"$', "")
        @unquote
        lfv = uq
      }
      has_lfv = pmode == "" || (pmode == "ne" && strip_whitespace(lfv) != "") || (pmode == "pan" && match(lfv, r'@PANICKING@'))
    }
  }
}"#,
    ),
    // The first of the keys `jk` with a JSON string value in `jms`
    // (locate::string_field, the first field of each key): `jv`,
    // `has_jv`. With `jnl`, only a value of several lines counts.
    (
        "json_pick",
        r#"has_jv = false
jv = ""
for_each(jk) -> |_i, key| {
  seen = false
  for_each(jms) -> |_j, jm| {
    if !has_jv && !seen && jm.k == key {
      seen = true
      @json_string
      if jnl && !contains(strip_whitespace(jv), "\n") {
        has_jv = false
      }
    }
  }
}"#,
    ),
    // A JSON string body, decoded without up to five trailing bytes
    // where it was cut inside an escape.
    (
        "json_string",
        r#"if jm.q == "\"" {
  jb = string(jm.b) ?? ""
  for_each([0, 1, 2, 3, 4, 5]) -> |_d, d| {
    if !has_jv && length(jb) >= d {
      jd = parse_json("\"" + (slice(jb, 0, length(jb) - d) ?? "") + "\"") ?? null
      if is_string(jd) {
        jv = string(jd) ?? ""
        has_jv = true
      }
    }
  }
}"#,
    ),
];
