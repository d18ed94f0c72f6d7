//! `wrappers::strip` for VRL: each prefix rule of src/wrappers/ as a regex
//! (in the `regex` crate's syntax, which VRL uses), in the same order, and
//! the line-end and indentation steps. tests/vrl/ holds the VRL version to
//! the native one on every line of every fixture, and a unit test below
//! holds [`RULES`] to the native table's names and order.

/// `name: ` (or `name:` ending the line), as `wrappers::name_colon`.
macro_rules! name_colon {
    () => {
        r#"[^ \t:()"]{1,160}:(?: |$)"#
    };
}

/// `host unit[pid]: ` after an ISO timestamp (`host_and_unit(_, true)`).
macro_rules! host_pid {
    () => {
        r#"[^ ]{1,159} [^ \t:()"]{0,150}\[[0-9]+\]:(?: |$)"#
    };
}

/// A zone token after a timestamp, with its space.
macro_rules! zone {
    () => {
        r"(?:[+\-][0-9:]{2,}|UTC|GMT|Z) "
    };
}

/// Level words (`wrappers::LEVELS`).
macro_rules! levels {
    () => {
        "TRACE|DEBUG|INFO|WARN|WARNING|ERROR|ERR|FATAL|CRIT|CRITICAL|EMERG|ALERT|NOTICE|PANIC|DPANIC"
    };
}

/// The prefix rules by native name, each a regex for the prefix it peels
/// (matched at the line's start). `line-number` looks at the date after
/// its prefix: the date is captured as `ln` and put back. `logrus` is not
/// a prefix (it keeps a field's value) and has its own patterns below.
pub const RULES: [(&str, &str); 18] = [
    (
        "markdown",
        r"> ?|`{3,}[A-Za-z0-9_+.\-]{0,20}$|`+|//(?: |$)|[+\-] ",
    ),
    ("fixed", r"ERROR: logging before flag\.Parse: |\$ "),
    ("line-number", r" *[0-9]{1,10} (?P<ln>[0-9]{4}-[0-9]{2})"),
    (
        "cri",
        r"[0-9]{4}-[^ ]{5}T[^ ]{0,148} (?:stdout|stderr) [FP] ",
    ),
    (
        "syslog",
        concat!(
            r"[A-Za-z]{3} [ 0-9][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)? ",
            r#"(?:[^ \t:()"]{0,150}\[[0-9]+\]:(?: |$)|[^ ]{1,159} "#,
            name_colon!(),
            ")"
        ),
    ),
    (
        "klog",
        r"[A-Z][0-9]{4} [0-9][A-Za-z0-9 ._/\-]*:[A-Za-z0-9 :._/\-]*\] ?",
    ),
    (
        "timestamp",
        concat!(
            r"\[[0-9]{4}[-/][0-9]{2}[-/][0-9]{2}",
            r"(?:T[0-9]{2}:[^ \t\]]*\]?[ \t]?(?:",
            zone!(),
            ")?(?:",
            host_pid!(),
            r")?| [0-9]{2}:[^ \t\]]*\]?[ \t]?(?:",
            zone!(),
            ")?)",
            r"|[0-9]{4}[-/][0-9]{2}[-/][0-9]{2}",
            r"(?:T[0-9]{2}:[^ \t]*[ \t]?(?:",
            zone!(),
            ")?(?:",
            host_pid!(),
            r")?| [0-9]{2}:[^ \t]*[ \t]?(?:",
            zone!(),
            ")?)"
        ),
    ),
    ("capnslog", concat!(r"[A-Z] \| (?:", name_colon!(), ")?")),
    ("kubectl", r"\[pod/[^\] ]{0,159}\] ?"),
    ("compose", r"[A-Za-z0-9_.\-]{1,64} +\|(?: |$)"),
    ("logrus", ""),
    (
        "level",
        concat!(
            r" *(?:level=(?i:",
            levels!(),
            r")|\[(?i:",
            levels!(),
            r")\]|(?:",
            levels!(),
            r"))[ \t] *"
        ),
    ),
    (
        "logrus-tty",
        r"(?:TRAC|DEBU|INFO|WARN|ERRO|FATA|PANI)\[[0-9]+\] *",
    ),
    (
        "hclog",
        concat!(
            r"(?:plugin\.|provider\.|plugin: )",
            name_colon!(),
            r"|[A-Za-z0-9_.\-]+ plugin:(?: |$)"
        ),
    ),
    (
        "clock",
        r"\[[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{0,11})?\] ?",
    ),
    (
        "beego",
        r"(?:\[[MACEWNID]\] ?|\[[^\] ]{0,60}\.(?:go|s):[0-9]+\] ? ?){1,2}",
    ),
    (
        "logcat",
        r"[VDIWEF]/[A-Za-z0-9_.\-]{1,64}(?:\([ \t]*[0-9]+[ \t]*\))?: ?",
    ),
    (
        "logcat-columns",
        concat!(
            r" *(?:[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3} +)?",
            r"(?:[0-9]{1,7} +[0-9]{1,7} +[VDIWEFA] +[^ :]{1,64} *: ?",
            r"|[0-9]{1,7}-[0-9]{1,7} +[^ ]{1,64} +[^ ]{1,128} +[VDIWEFA]  ?)",
        ),
    ),
];

/// Every rule but `logrus`, as one anchored alternation: the regex crate
/// takes the first alternative that matches, as `wrappers::peel` takes
/// the first rule.
pub fn prefix() -> String {
    let parts: Vec<&str> = RULES
        .iter()
        .filter(|(_, p)| !p.is_empty())
        .map(|(_, p)| *p)
        .collect();
    // Spaces before a prefix go with it (`wrappers::peel`).
    format!("^ *(?:{})", parts.join("|"))
}

/// A logfmt value: quoted (escapes skipped; unterminated runs to the end)
/// or bare up to the next space.
macro_rules! field {
    () => {
        r#" *[A-Za-z0-9_.@\-]+=(?:"(?:[^"\\]|\\.)*(?:"|\\?$)|[^ "][^ ]*(?: |$)|(?: |$))"#
    };
}

/// [`field!`] for the record decoder.
pub const FIELD: &str = field!();

/// The patterns of the parser that [`super::PATTERNS`] fills in.
pub const PATTERNS: [(&str, &str); 6] = [
    // wrappers::line_end: CR, a literal `^M`, a fence glued to the end.
    ("LINE_END", r"(?:\r|\^M|```)+$"),
    // logrus_text: a logfmt record's start, a `level` or `lvl` field
    // among its leading fields...
    ("LOGFMT_START", r"^ *(?:time|level|ts)="),
    (
        "LOGRUS_LEVEL",
        concat!(r"^(?:", field!(), r")*? *(?:level|lvl)="),
    ),
    // ... and the value of the first `msg`, without its quotes.
    (
        "LOGRUS_MSG",
        concat!(
            r"^(?:",
            field!(),
            r#")*? *msg=(?:"(?P<mq>(?:[^"\\]|\\.)*)(?:"|(?P<bs>\\)?$)|(?P<mb>[^ "][^ ]*|)).*$"#
        ),
    ),
    // indentation: lines that open a crash block...
    (
        "OPENS_BLOCK",
        r"^(?:panic:(?:[^\t]|$)|fatal error: |\[signal |\[originating from goroutine |WARNING: DATA RACE|runtime stack:|SIG[A-Z]|goroutine [0-9]|goroutine profile: |PC=|Exception 0x|signal arrived during |instruction bytes:|#\t0x|[0-9]+ @ 0x|-----\s*$|[a-z0-9]{1,7} \s*0x|runtime: |stack: frame=\{|0x[0-9a-fA-F]+: )",
    ),
    // ... and a traceback's function line (`is_function_line`).
    (
        "FUNCTION_LINE",
        r"^(?:created by |\.{3,5}\s*$|\.\.\..*\.\.\.\s*$|(?:[^ \t(]*\.[^ \t(]*|panic)\(.*\)\s*$)",
    ),
];

#[cfg(test)]
mod tests {
    #[test]
    fn rules_follow_the_native_table() {
        let native: Vec<&str> = crate::wrappers::RULES.iter().map(|r| r.name).collect();
        let here: Vec<&str> = super::RULES.iter().map(|(n, _)| *n).collect();
        assert_eq!(native, here);
    }
}
