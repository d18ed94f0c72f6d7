//! The catalog as a chain of VRL `if`s, most specific entry first.
//!
//! The native matcher scores every entry and keeps the best (ties to the
//! earlier entry). VRL has no cheap way to do that per event, so the entries
//! are ordered once, here, by descending score with a stable sort: then the
//! first entry whose conditions hold is the one the native matcher picks.

use super::syntax::{ascii_classes, regex, string};
use crate::catalog::read::LISTING_FIELDS;
use crate::catalog::{BucketSpec, Catalog, Lang, MatchSpec, Signature};
use std::fmt::Write as _;

/// The entries' alternatives in the order the chain tests them: the
/// native matcher's own order (by rank, ties in catalog order).
fn ordered(catalog: &Catalog) -> Vec<(&Signature, &MatchSpec)> {
    catalog.ranked().map(|(_, s, m)| (s, m)).collect()
}

/// `(a || b)` of the alternatives, or the one alternative.
fn any(parts: Vec<String>) -> String {
    match parts.len() {
        1 => parts.into_iter().next().unwrap_or_default(),
        _ => format!("({})", parts.join(" || ")),
    }
}

/// The VRL condition for one entry's `match`, over the variables the
/// parser leaves: `kind`, `context`, `message`, `frame_names`, `raiser`,
/// `notes_text`, `nested_text`.
fn condition(m: &MatchSpec) -> String {
    let mut all = Vec::new();
    if let Some(k) = &m.kind {
        let kinds = k.items().iter();
        all.push(any(kinds
            .map(|k| format!("kind == {}", string(k)))
            .collect()));
    }
    if let Some(c) = &m.context {
        all.push(format!("context == {}", string(c)));
    }
    if let Some(s) = &m.message {
        all.push(format!("message == {}", string(s)));
    }
    if let Some(s) = &m.message_prefix {
        all.push(format!("starts_with(message, {})", string(s)));
    }
    if let Some(c) = &m.message_contains {
        let lits = c.items().iter();
        all.push(any(lits
            .map(|s| format!("contains(message, {})", string(s)))
            .collect()));
    }
    if let Some(f) = &m.frame {
        // Function names are joined with newlines; none contains one, so a
        // literal with a newline never matches, as natively.
        all.push(if f.contains('\n') {
            "false".to_string()
        } else {
            format!("contains(frame_names, {})", string(f))
        });
    }
    if let Some(r) = &m.raised_in {
        let lits = r.items().iter();
        all.push(any(lits
            .map(|s| format!("starts_with(raiser, {})", string(s)))
            .collect()));
    }
    if let Some(t) = &m.text {
        let lit = string(t);
        let mut parts = vec![format!("contains(message, {lit})")];
        if !t.contains('\n') {
            parts.push(format!("contains(notes_text, {lit})"));
            parts.push(format!("contains(nested_text, {lit})"));
        }
        all.push(any(parts));
    }
    if let Some(n) = m.min_goroutines {
        all.push(format!("gcount >= {n}"));
    }
    if let Some(b) = &m.bucket {
        all.push(bucket_condition(b));
    }
    // The regex last: `&&` stops at the first false condition, and the
    // literals are cheaper.
    if let Some(r) = &m.message_regex {
        all.push(format!("match(message, {})", regex(&ascii_classes(r))));
    }
    all.join(" && ")
}

/// Some one bucket of `bk` (the parser's stack -> counts object) meets
/// every field of the spec (matcher::bucket_meets).
fn bucket_condition(b: &BucketSpec) -> String {
    let mut all = Vec::new();
    if let Some(states) = &b.state {
        all.push(any(states
            .items()
            .iter()
            .map(|s| format!("includes(array(b.s) ?? [], {})", string(s)))
            .collect()));
    }
    if let Some(n) = b.min_count {
        all.push(format!("(int(b.n) ?? 0) >= {n}"));
    }
    if let Some(m) = b.min_wait_minutes {
        all.push(format!("(int(b.w) ?? -1) >= {m}"));
    }
    if let Some(p) = b.min_percent {
        all.push(format!("(int(b.n) ?? 0) * 100 >= {p} * gcount"));
    }
    if all.is_empty() {
        all.push("true".into());
    }
    format!(
        "length(filter(values(bk)) -> |_k, b| {{ {} }}) > 0",
        all.join(" && ")
    )
}

/// The assignments an entry makes when it matches: scalars and an
/// array, so that every branch gives the variables the same types (VRL
/// merges the types of all branches; a different object type per branch
/// made that merge quadratic).
fn entry(sig: &Signature, m: &MatchSpec, lang: Lang) -> String {
    let commands: Vec<String> = sig.commands.iter().map(|c| string(c)).collect();
    let fields = [
        ("code", string(&sig.code)),
        ("slug", string(&sig.slug)),
        ("title", string(sig.title.get(lang))),
        ("severity", string(sig.severity.as_str())),
        ("category", string(&sig.category)),
        ("summary", string(sig.summary.get(lang))),
        ("remediation", string(sig.remediation.get(lang))),
        ("commands", format!("[{}]", commands.join(", "))),
    ];
    let mut out = String::new();
    for (k, v) in fields {
        let _ = writeln!(out, "      {k} = {v}");
    }
    if let Some(r) = &m.message_regex {
        let has_names =
            regex_lite::Regex::new(r).is_ok_and(|re| re.capture_names().flatten().next().is_some());
        if has_names {
            // Named groups become `details`; the pattern is kept and run
            // once after the chain.
            let _ = writeln!(out, "      pattern = {}", regex(&ascii_classes(r)));
            out.push_str("      has_details = true\n");
        }
    }
    out
}

/// The chain: for the first matching entry, sets `found`, the entry's
/// fields, and `pattern` when its regex has named groups.
///
/// Flat `if`s guarded by `found`, not `else if`: VRL's compiler nests an
/// `else if` chain, and type-checking 100 nested branches took seconds.
pub fn chain(catalog: &Catalog, lang: Lang) -> String {
    let mut out = String::new();
    // The listing's string fields; `commands` is a list.
    for name in LISTING_FIELDS.iter().filter(|f| **f != "commands") {
        let _ = writeln!(out, "    {name} = \"\"");
    }
    out.push_str(
        "    commands = []\n    pattern = r'^$'\n    has_details = false\n    found = false\n",
    );
    for (sig, m) in ordered(catalog) {
        let _ = writeln!(out, "    # {} {}", sig.code, sig.slug);
        let _ = writeln!(out, "    if !found && {} {{", condition(m));
        out.push_str("      found = true\n");
        out.push_str(&entry(sig, m, lang));
        out.push_str("    }\n");
    }
    out
}
