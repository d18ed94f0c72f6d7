//! The `@macro` snippets that open incidents in forms other than Go's own
//! headers: framework recoveries, stacks with no header, a header after
//! other text on its line, `FILE:LINE (0xPC)` stacks (src/parse/open.rs,
//! forms.rs, framework.rs, prefix.rs).

/// Snippets for the `@macro` lines of the parser, with [`super::macros`].
pub const MACROS: [(&str, &str); 8] = [
    // Builder::prefixed and Builder::framework: the incident opened on
    // this line counts only once a goroutine block or signal line follows
    // (Confirm::Stack).
    (
        "open_awaiting_stack",
        r#"nnotes = 0
notes_text = ""
conf = true
ph = "h"
@reset
cs = true"#,
    ),
    // Builder::headless: stacks with no header, `rv` the recovery line
    // before them (or ""), `gl` their goroutine header line (or "").
    (
        "headless",
        r#"st = 1
kind = "dump"
message = ""
if rv != "" {
  p = rv
  @recovered_value
}
recovered = false
context = ""
nnotes = 0
notes_text = ""
conf = true
ph = "g"
@reset
hl = true
gcount = ngn
gkept = 1
gid = 0
if gl != "" {
  gid = to_int(replace(gl, r'@GOROUTINE@', "${id}")) ?? 0
}
gstate = ngs
@open_goroutine"#,
    ),
    // Builder::prefixed: the header `hx` stood after `wp` on its line (or
    // lost its space): it counts once a goroutine block or signal line
    // follows, and `wp` is taken off the incident's further lines.
    (
        "open_prefixed",
        r#"st = 1
context = ""
if starts_with(hx, "panic: ") {
  kind = "panic"
  message = replace(hx, r'@PANIC_VALUE@', "${v}")
  @logrus_value
  recovered = replace(hx, r'@PANIC_VALUE@', "${r}") != ""
  if starts_with(message, "test timed out after ") {
    context = "test"
  }
} else {
  kind = "fatal"
  message = replace(hx, r'^fatal error: (?P<v>.*?)\s*$', "${v}")
  recovered = false
}
if context == "" && starts_with(pline, "--- FAIL") {
  context = "test"
}
@open_awaiting_stack
pfx = wp
pfn = replace(wp, r'[0-9]+', "0")
pfl = length(pfn)"#,
    ),
    // lines::goroutine_within: a goroutine header ending a log line opens
    // a headless stack (`ho`). The text before it is the value, unless it
    // is a bare label (`Stack:`) that names none: then a recent line that
    // mentioned a panic is.
    (
        "goroutine_within",
        r#"t = replace(line, r'\s+$', "")
gl = replace(t, r'^.+(?P<g>goroutine .*)$', "${g}")
if match(gl, r'@GOROUTINE@') {
  rv = strip_whitespace(replace(t, r'^(?P<b>.+)goroutine .*$', "${b}"))
  label = length(split(strip_whitespace(replace(rv, r':+$', "")), r'\s+')) <= 2
  if label && !(!match(rv, r'^[ \t/]') && match(rv, r'anic|ANIC|runtime error: |crashed with')) {
    rv = ""
    if mno >= 0 && ln > mno && ln - mno <= @MENTION_LINES@ {
      rv = strip_whitespace(mtx)
    }
  }
  ngs = replace(gl, r'@GOROUTINE@', "${state}")
  ngw = to_int(replace(gl, r'^[^\[]*\[[^\]]*?, (?P<w>[0-9]+) minutes?(?:, [^\]]*)?\]:\s*$|^.*$', "${w}")) ?? -1
  ngn = 1
  ho = "g"
}"#,
    ),
    // Prefix::strip: `line` without the prefix its header stood after,
    // matched by shape (any digit run for a digit run); a line that is
    // the prefix alone is blank; a prefix of spaces is any indentation.
    (
        "unprefix",
        r#"if starts_with(replace(line, r'[0-9]+', "0"), pfn) {
  n = 0
  cut = 0
  for_each(parse_regex_all(line, r'(?P<t>[0-9]+|[^0-9]+)') ?? []) -> |_k, m| {
    tk = string(m.t) ?? ""
    if n < pfl {
      if match(tk, r'^[0-9]') {
        n = n + 1
        cut = cut + length(tk)
      } else if n + length(tk) <= pfl {
        n = n + length(tk)
        cut = cut + length(tk)
      } else {
        cut = cut + pfl - n
        n = pfl
      }
    }
  }
  line = slice(line, cut) ?? line
} else if replace(line, r'\s+$', "") == replace(pfx, r'\s+$', "") {
  line = ""
} else if match(pfx, r'^ +$') {
  line = replace(line, r'^ +', "")
}"#,
    ),
    // Builder::pc_frame: the frame `ff`:`fl` of a `FILE:LINE (0xPC)` or
    // bare `file.go:N` stack, without a function. The first opens the
    // stack (an unnamed goroutine if none was seen) and confirms a header
    // that needed one. (A function line pending before it is dropped.)
    (
        "pc_frame",
        r#"if !pcs {
  @commit
  if gcount == 0 {
    gcount = 1
    gkept = 1
    newg = true
    gid = 0
    gstate = ""
    @open_goroutine
  }
  pcs = true
  ph = "g"
  if cs {
    conf = false
    cs = false
  }
}
if ends_with(ff, "runtime/panic.go") || ends_with(ff, "runtime/panic.c") {
  saw_panic = true
}
has_pend = false
fn_ = ""
fseen = fseen + 1
cb = false
dpush = true
fph = ph
fgk = gkept"#,
    ),
    // builder::recovered_message: the value a recovery line `p` names.
    (
        "recovered_value",
        r#"message = p
if match(p, r'(?i)panic: ') {
  message = replace(p, r'^.*(?i:panic: )(?P<v>.*)$', "${v}")
} else if match(p, r'(?i)panicked: ') {
  message = replace(p, r'^.*(?i:panicked: )(?P<v>.*)$', "${v}")
} else if match(p, r'(?i)recovered: ') {
  message = replace(p, r'^.*(?i:recovered: )(?P<v>.*)$', "${v}")
}
if contains(message, "runtime error: ") {
  message = replace(message, r'^.*?(?P<v>runtime error: .*)$', "${v}")
}
message = strip_whitespace(message)"#,
    ),
    // framework::header and Builder::framework: a framework's recovery
    // line opens an incident that counts once a stack follows. Echo ends
    // the line with the goroutine header of its stack.
    (
        "framework",
        r#"t = replace(line, r'\s+$', "")
fwv = ""
fwk = true
if match(t, r'\] PANIC (whilst|during) ') {
  fwv = replace(t, r'^.*?\] PANIC (whilst|during) (?P<r>.*)$', "${r}")
  if contains(fwv, " Value: ") {
    fwv = replace(fwv, r'^.*? Value: (?P<v>.*)$', "${v}")
  } else if contains(fwv, ": ") {
    fwv = replace(fwv, r'^.*?: (?P<v>.*)$', "${v}")
  } else {
    fwv = ""
  }
  fwv = strip_whitespace(fwv)
} else if contains(t, "] PANIC: ") {
  fwv = strip_whitespace(replace(t, r'^.*?\] PANIC: (?P<v>.*)$', "${v}"))
} else if starts_with(t, "PANIC: ") {
  fwv = strip_whitespace(replace(t, r'^PANIC: (?P<v>.*)$', "${v}"))
} else if contains(t, "Handler crashed with error ") {
  fwv = replace(strip_whitespace(replace(t, r'^.*?Handler crashed with error (?P<v>.*)$', "${v}")), r'\]+$', "")
} else if contains(t, "recovered from panic ") {
  fwv = replace(t, r'^.*?recovered from panic (?P<v>.*)$', "${v}")
  if starts_with(fwv, "\"") {
    fwv = replace(fwv, r'^"(?P<q>[^"]*)(?:".*)?$', "${q}")
  } else {
    fwv = strip_whitespace(fwv)
  }
} else if contains(t, "panic caught: ") {
  fwv = strip_whitespace(replace(t, r'^.*?panic caught: (?P<v>.*)$', "${v}"))
} else if contains(t, "PANIC RECOVER") {
  fwv = strip_whitespace(replace(replace(t, r'^.*?PANIC RECOVER(?P<v>.*)$', "${v}"), r'^[\]: \t]+', ""))
} else if contains(t, "panic recovered:") {
  fwv = strip_whitespace(replace(t, r'^.*?panic recovered:(?P<v>.*)$', "${v}"))
} else {
  fwk = false
}
if fwk {
  gl = ""
  if ends_with(fwv, "]:") && match(fwv, r'^.+goroutine ') {
    gl = replace(fwv, r'^.+(?P<g>goroutine .*)$', "${g}")
    if match(gl, r'@GOROUTINE@') {
      fwv = replace(replace(fwv, r'^(?P<m>.+)goroutine .*$', "${m}"), r'\s+$', "")
    } else {
      gl = ""
    }
  }
  st = 1
  kind = "panic"
  message = fwv
  recovered = true
  context = "recovered"
  @open_awaiting_stack
  aw = message == ""
  if gl != "" {
    gcount = 1
    gkept = 1
    gid = to_int(replace(gl, r'@GOROUTINE@', "${id}")) ?? 0
    gstate = replace(gl, r'@GOROUTINE@', "${state}")
    ngs = gstate
    ngw = to_int(replace(gl, r'^[^\[]*\[[^\]]*?, (?P<w>[0-9]+) minutes?(?:, [^\]]*)?\]:\s*$|^.*$', "${w}")) ?? -1
    @open_goroutine
    ph = "g"
    conf = false
    cs = false
  }
}"#,
    ),
];
