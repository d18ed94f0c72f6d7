//! The `@macro` snippets of the VRL parser: code it runs in several
//! places, expanded where `parse.vrl` names them (VRL has no functions).

/// Snippets for the `@macro` lines of the parser (VRL has no functions).
pub const MACROS: [(&str, &str); 13] = [
    // lines::header and the goroutine header forms: what `line` opens,
    // as `hk` (kind), `hm` (message), `hr`, `hc`; `is_gh` and its state,
    // wait and count.
    (
        "recognise",
        r#"hk = ""
hm = ""
hr = false
hc = ""
if match(line, r'^(?:panic: .*\S|fatal error: .*\S|Observed a panic: |Recovered from panic: |WARNING: DATA RACE|Exception 0x[0-9a-fA-F]|SIG[A-Z]{2,}:|goroutine profile: total [0-9]+\s*$)|http2?: panic serving ') {
  if starts_with(line, "panic: ") {
    hk = "panic"
    hm = replace(line, r'@PANIC_VALUE@', "${v}")
    hr = replace(line, r'@PANIC_VALUE@', "${r}") != ""
    if starts_with(hm, "test timed out after ") {
      hc = "test"
    }
  } else if starts_with(line, "fatal error: ") {
    hk = "fatal"
    hm = replace(line, r'^fatal error: (?P<v>.*?)\s*$', "${v}")
  } else if match(line, r'http2?: panic serving ') {
    hk = "panic"
    hm = replace(line, r'^.*?http2?: panic serving (?:.*?: (?P<v>.*?)|.*?)\s*$', "${v}")
    hr = true
    hc = "http"
  } else if starts_with(line, "Observed a panic: ") || starts_with(line, "Recovered from panic: ") {
    # apimachinery prints the value twice, `"v" (v)`: the part in
    # parentheses (a cut line lost the closing one).
    hk = "panic"
    hm = replace(line, r'^(?:Observed a|Recovered from) panic: (?P<v>.*?)\s*$', "${v}")
    if contains(hm, "\" (") {
      hm = replace(hm, r'^.*?" \((?P<v>.*?)\)?$', "${v}")
    } else if contains(hm, " (") {
      hm = replace(hm, r'^.*? \((?P<v>.*?)\)?$', "${v}")
    } else {
      hm = replace(hm, r'^"+|"+$', "")
    }
    hr = true
    hc = "k8s"
  } else if starts_with(line, "WARNING: DATA RACE") {
    hk = "race"
    hm = "data race"
  } else if starts_with(line, "goroutine profile: ") {
    hk = "dump"
    hm = strip_whitespace(line)
  } else {
    hk = "signal"
    if starts_with(line, "SIGQUIT:") || starts_with(line, "SIGABRT:") {
      hk = "dump"
    }
    hm = replace(line, r'\s+$', "")
  }
}
is_gh = starts_with(line, "goroutine ") && match(line, r'@GOROUTINE@')
# A goroutine profile's `N @ 0x...` record: N goroutines, one stack.
is_rec = !is_gh && match(line, r'^[0-9]+ @(?: 0x[0-9a-f]+)+\s*$')
ngs = ""
ngw = -1
ngn = 1
if is_gh {
  ngs = replace(line, r'@GOROUTINE@', "${state}")
  ngw = to_int(replace(line, r'^[^\[]*\[[^\]]*?, (?P<w>[0-9]+) minutes?(?:, [^\]]*)?\]:\s*$|^.*$', "${w}")) ?? -1
} else if is_rec {
  ngn = to_int(replace(line, r'^(?P<n>[0-9]+) .*$', "${n}")) ?? 1
  is_gh = true
}"#,
    ),
    // wrappers::strip: `line` is `raw` without its line-end damage and
    // every wrapper prefix, outermost first (up to eight; no rule starts
    // with a tab, as wrappers::CANDIDATES knows), then the indentation step.
    (
        "strip",
        r#"line = replace(raw, r'@LINE_END@', "")
peeling = !starts_with(line, "\t")
for_each([1, 2, 3, 4, 5, 6, 7, 8]) -> |_k, _r| {
  if peeling {
    peeling = false
    peeled = line
    if match(line, r'@LOGFMT_START@') && match(line, r'@LOGRUS_LEVEL@') && match(line, r'@LOGRUS_MSG@') {
      peeled = replace(line, r'@LOGRUS_MSG@', "${mq}${bs}${mb}")
    } else {
      peeled = replace(line, r'@WRAP@', "${ln}")
    }
    if length(peeled) < length(line) {
      line = peeled
      peeling = true
    }
  }
}
if match(line, r'^ *(?:\*\*?|__?)(?:panic|fatal error): ') {
  # wrappers::emphasis: `**panic: x**`, `_panic: x_`, after any indentation.
  line = replace(line, r'^ +', "")
  em = replace(line, r'^(?P<m>\*\*?|__?).*$', "${m}")
  line = slice(line, length(em)) ?? line
  if ends_with(line, em) {
    line = slice(line, 0, length(line) - length(em)) ?? line
  }
}
body = line
lead = ""
tab = false
if match(line, r'^[ \t]') && !starts_with(line, "\t/") {
  body = replace(line, r'^[ \t]+', "")
  lead = replace(line, r'^(?P<l>[ \t]*).*$', "${l}")
  tab = contains(lead, "\t")
  if match(body, r'@OPENS_BLOCK@') && !(tab && starts_with(body, "panic: ")) {
    line = body
  } else if lead != "  " && match(body, r'@FUNCTION_LINE@') {
    line = body
  } else if !tab && match(body, r'^/.*\.go:[0-9]+\s*$') {
    line = body
  } else if tab && contains(lead, " ") {
    line = replace(line, r'^[ \t]* ', "")
  }
}"#,
    ),
    // Build `fr` from `fn_`, `ff`, `fl` (lines::frame), with the
    // Frame::is_runtime and "own code" tests precomputed for
    // crash_site and culprit.
    (
        "frame",
        r#"if starts_with(fn_, "panic(") {
  fn_ = "panic"
}
f_rt = fn_ == "panic" || match(fn_, r'^(?:runtime\.|internal/runtime/|runtime/internal/)|\.runtime_|^sync\.(?:throw|fatal)$') || ((!starts_with(fn_, "syscall.") || contains(ff, "runtime/internal/")) && (contains(ff, "/src/runtime/") || contains(ff, "/src/internal/runtime/") || match(ff, r'^(?:internal/)?runtime/')))
f_std = match(fn_, r'^(?:[^/.]*/|[^/.]+(?:\.[^/]*)?$)') && !match(fn_, r'^main(?:\.[^/]*)?$')
fr = {"function": fn_, "file": ff, "line": fl, "rt": f_rt, "own": !f_rt && !f_std && !ends_with(ff, "_testmain.go") && !match(fn_, r'@LOGGER_FRAME@')}"#,
    ),
    // push_frame: `fr` to the runtime stack or the goroutine that was
    // current when the frame was taken (`fph`, `fgk`). Only the first
    // goroutine's frames are kept; of the others, only the first frame in
    // the program's code (the culprit's fallback).
    (
        "push",
        r#"if !cb {
  if fph == "r" {
    if length(rt) < @MAX_FRAMES@ {
      rt = push(rt, fr)
      frame_names = frame_names + "\n" + fn_
    }
  } else if fgk == 1 {
    if length(frames) < @MAX_FRAMES@ {
      frames = push(frames, fr)
      frame_names = frame_names + "\n" + fn_
    }
  } else if fgk > 1 && curn < @MAX_FRAMES@ {
    curn = curn + 1
    if !has_other && fr.own {
      other = fr
      has_other = true
    }
  }
  if fph == "g" && ing && gkn < @MAX_FRAMES@ {
    gk = gk + fn_ + "\t" + ff + ":" + to_string(fl) + "\n"
    gkn = gkn + 1
  }
}"#,
    ),
    // Buckets::add: count the goroutine block just read in the bucket of
    // its stack (function, file and line of each frame).
    (
        "fold",
        r#"if ing {
  cur = get(bk, [gk]) ?? null
  if cur != null {
    bs = array(cur.s) ?? []
    if gs != "" && length(bs) < @MAX_BUCKET_STATES@ && !includes(bs, gs) {
      bs = push(bs, gs)
    }
    bw = int(cur.w) ?? -1
    if gw > bw {
      bw = gw
    }
    bk = set(bk, [gk], {"n": (int(cur.n) ?? 0) + gn, "s": bs, "w": bw}) ?? bk
  } else if nbk < @MAX_BUCKETS@ {
    bs = []
    if gs != "" {
      bs = [gs]
    }
    bk = set(bk, [gk], {"n": gn, "s": bs, "w": gw}) ?? bk
    nbk = nbk + 1
  }
  ing = false
}"#,
    ),
    // A goroutine block starts: its header's state, wait and count.
    (
        "open_goroutine",
        r#"ing = true
gk = ""
gkn = 0
gs = ngs
gw = ngw
gn = ngn"#,
    ),
    // Scanner::close: keep the incident if confirmed (Builder::confirmed,
    // Builder::finish: a function line whose file line never came is a
    // frame). Signal and dump headers need a `PC=` line or a
    // goroutine block; a headless stack needs a frame with its file line,
    // and is a recovered panic when a `panic(` frame shows it was one and
    // the line before it named the value.
    (
        "close",
        r#"if hl {
  if fseen > 0 {
    conf = false
  }
  if saw_panic && message != "" {
    kind = "panic"
    recovered = true
    context = "recovered"
  } else {
    message = ""
    if saw_panic {
      kind = "panic"
    }
  }
}
if !conf {
  st = 2
  if has_pend {
    fn_ = pend
    ff = ""
    fl = 0
    cb = pend_cb
    fph = ph
    fgk = gkept
    has_pend = false
    @frame
    @push
  }
  @fold
} else {
  st = 0
}"#,
    ),
    // flush_pending: a function line whose file line never came. The
    // frame is taken here and pushed after the line's branch.
    (
        "flush",
        r#"if has_pend {
  fn_ = pend
  ff = ""
  fl = 0
  has_pend = false
  cb = pend_cb
  pend_cb = false
  dpush = true
  fph = ph
  fgk = gkept
}"#,
    ),
    // commit_tentative: unindented lines after `panic:` were the value,
    // up to its last line that is not blank. A framework header awaiting
    // its value takes the last non-blank one. The lines are kept stripped
    // of their wrappers (`sline`).
    (
        "commit",
        r#"v = ""
lastnb = -1
for_each(tent) -> |k, t| {
  if strip_whitespace(t) != "" {
    lastnb = k
  }
}
for_each(tent) -> |k, t| {
  if aw {
    s = strip_whitespace(t)
    if s != "" {
      v = s
    }
  } else if kind != "fatal" && k <= lastnb {
    if length(message) < @MAX_MESSAGE_BYTES@ {
      if message != "" {
        message = message + "\n"
      }
      message = message + replace(t, r'\s+$', "")
    }
    mlines = mlines + 1
  }
}
if aw {
  aw = false
  message = v
}
tent = []"#,
    ),
    // note: lines that belong to the incident but carry no frame, for
    // `text` conditions (capped like Incident::notes).
    // model::split_at_panic over the frames `sf`: where the frames below
    // the last panic frame start (`sb`), past old net/http's recovering
    // closure.
    (
        "split_at_panic",
        r#"sb = 0
for_each(sf) -> |i, f| {
  if f.function == "panic" || f.function == "runtime.gopanic" || f.function == "runtime.panic" {
    sb = i + 1
  }
}
if sb == 0 {
  for_each(sf) -> |i, f| {
    if i == sb && starts_with(f.function, "net/http.(*conn).serve.func") {
      sb = i + 1
    }
  }
}
"#,
    ),
    // open::logrus_value: logrus' Panic prints its *Entry; the message is
    // the `msg` of the panic-level record on the line before.
    (
        "logrus_value",
        r#"if starts_with(message, "(*logrus.Entry) 0x") {
  lv = ""
  if contains(praw, "level=panic") {
    lv = replace(praw, r'^(?:.*? )?msg=(?:"(?P<q>[^"\\]*)"|(?P<b>[^" ][^ ]*)).*$|^.*$', "${q}${b}")
  } else if contains(praw, "\"level\":\"panic\"") {
    lv = replace(praw, r'^.*?"msg":"(?P<q>[^"\\]*)".*$|^.*$', "${q}")
  }
  if lv != "" {
    message = lv
  }
}"#,
    ),
    (
        "note",
        r#"if nnotes < @MAX_NOTES@ {
  nnotes = nnotes + 1
  notes_text = notes_text + "\n" + line
}"#,
    ),
    // The builder state of a new incident.
    (
        "reset",
        r#"nested = []
nested_text = ""
signal = {}
has_signal = false
gcount = 0
gkept = 0
gid = 0
gstate = ""
frames = []
rt = []
frame_names = ""
curn = 0
other = {}
has_other = false
pend = ""
has_pend = false
pend_cb = false
saw_panic = false
mlines = 1
tent = []
bk = {}
nbk = 0
ing = false
gk = ""
gkn = 0
hl = false
fseen = 0
cs = false
aw = false
pcs = false
bstk = false
pfx = ""
pfn = ""
pfl = 0"#,
    ),
];
