//! Annotate a msgpack record (Fluent Bit's `event_format msgpack`).
//!
//! Fluent Bit reads our result with `strdup`, so it keeps the bytes up to
//! the first zero byte. What survives, exactly:
//!
//! - a record whose msgpack contains no zero byte passes through whole
//!   (we return a NUL-terminated copy); a record that contains one (any
//!   integer 0, a map of 16 to 255 keys, a string of 256 bytes, ...) is cut
//!   by Fluent Bit at that byte whatever the filter does — use
//!   `event_format json`, the default, which has no such loss;
//! - a crash record is returned with a `go_panic` map of at most 15 keys,
//!   strings only, encoded without zero bytes (string lengths that would
//!   need one get a trailing space), so the annotation itself never adds a
//!   cut point.
//!
//! Decoding is iterative (a counter of values still to skip), so deeply
//! nested records cannot overflow WAMR's small stack.

use crate::annotate::{annotate_text, Annotation, Options};
use crate::catalog::Catalog;
use crate::locate::DEFAULT_KEYS;
use crate::prefilter::msgpack_may_match;

/// A top-level map: its entry count, where its entries start, and the
/// entries as (key bytes if a string, value span).
struct Map<'a> {
    count: usize,
    body: usize,
    entries: Vec<(Option<&'a [u8]>, std::ops::Range<usize>)>,
}

fn be(buf: &[u8], at: usize, n: usize) -> Option<usize> {
    let b = buf.get(at..at.checked_add(n)?)?;
    Some(b.iter().fold(0usize, |acc, x| (acc << 8) | usize::from(*x)))
}

/// One value's header at `at`: (header length, payload bytes, child
/// values to skip after it). `None` for a reserved marker or truncation.
fn head(buf: &[u8], at: usize) -> Option<(usize, usize, usize)> {
    let m = *buf.get(at)?;
    Some(match m {
        0x00..=0x7f | 0xe0..=0xff | 0xc0 | 0xc2 | 0xc3 => (1, 0, 0),
        0x80..=0x8f => (1, 0, usize::from(m & 0x0f) * 2),
        0x90..=0x9f => (1, 0, usize::from(m & 0x0f)),
        0xa0..=0xbf => (1, usize::from(m & 0x1f), 0),
        0xc4 | 0xd9 => (2, be(buf, at + 1, 1)?, 0),
        0xc5 | 0xda => (3, be(buf, at + 1, 2)?, 0),
        0xc6 | 0xdb => (5, be(buf, at + 1, 4)?, 0),
        0xc7 => (3, be(buf, at + 1, 1)?, 0),
        0xc8 => (4, be(buf, at + 1, 2)?, 0),
        0xc9 => (6, be(buf, at + 1, 4)?, 0),
        0xca | 0xce | 0xd2 => (5, 0, 0),
        0xcb | 0xcf | 0xd3 => (9, 0, 0),
        0xcc | 0xd0 => (2, 0, 0),
        0xcd | 0xd1 => (3, 0, 0),
        0xd4 => (3, 0, 0),
        0xd5 => (4, 0, 0),
        0xd6 => (6, 0, 0),
        0xd7 => (10, 0, 0),
        0xd8 => (18, 0, 0),
        0xdc => (3, 0, be(buf, at + 1, 2)?),
        0xdd => (5, 0, be(buf, at + 1, 4)?),
        0xde => (3, 0, be(buf, at + 1, 2)?.checked_mul(2)?),
        0xdf => (5, 0, be(buf, at + 1, 4)?.checked_mul(2)?),
        _ => return None, // 0xc1 is never used
    })
}

/// End of the value starting at `at`, skipping nested values iteratively.
fn skip(buf: &[u8], at: usize) -> Option<usize> {
    let mut pos = at;
    let mut pending: usize = 1;
    while pending > 0 {
        let (h, payload, children) = head(buf, pos)?;
        pos = pos.checked_add(h)?.checked_add(payload)?;
        if pos > buf.len() {
            return None;
        }
        pending = pending.checked_sub(1)?.checked_add(children)?;
    }
    Some(pos)
}

/// The string payload of the value at `at`, if it is a str.
fn str_at(buf: &[u8], at: usize) -> Option<&[u8]> {
    let m = *buf.get(at)?;
    if !matches!(m, 0xa0..=0xbf | 0xd9 | 0xda | 0xdb) {
        return None;
    }
    let (h, len, _) = head(buf, at)?;
    buf.get(at + h..at + h + len)
}

fn map(buf: &[u8]) -> Option<Map<'_>> {
    let (h, _, children) = head(buf, 0)?;
    let m = *buf.first()?;
    if !matches!(m, 0x80..=0x8f | 0xde | 0xdf) {
        return None;
    }
    let mut entries = Vec::new();
    let mut pos = h;
    for _ in 0..children / 2 {
        let key_end = skip(buf, pos)?;
        let key = str_at(buf, pos);
        let val_end = skip(buf, key_end)?;
        entries.push((key, key_end..val_end));
        pos = val_end;
    }
    // The whole buffer must be exactly one map.
    (pos == buf.len()).then_some(Map {
        count: children / 2,
        body: h,
        entries,
    })
}

fn put_len(out: &mut Vec<u8>, fix: u8, fix_max: usize, m16: u8, m32: u8, n: usize) {
    if n <= fix_max {
        out.push(fix | n as u8);
    } else if let Ok(n16) = u16::try_from(n) {
        out.push(m16);
        out.extend_from_slice(&n16.to_be_bytes());
    } else {
        out.push(m32);
        out.extend_from_slice(&(n as u32).to_be_bytes());
    }
}

/// A string whose encoding has no zero byte: lengths whose big-endian
/// bytes contain a zero get trailing spaces.
fn put_str(out: &mut Vec<u8>, s: &str) {
    let mut s = s.replace('\0', " ");
    loop {
        let n = s.len();
        let clean = n < 32 || (n < 256 && n != 0) || {
            let mut v = Vec::new();
            put_len(&mut v, 0xa0, 31, 0xda, 0xdb, n);
            v.iter().skip(1).all(|b| *b != 0)
        };
        if clean {
            break;
        }
        s.push(' ');
    }
    let n = s.len();
    if n < 32 {
        out.push(0xa0 | n as u8);
    } else if n < 256 {
        out.push(0xd9);
        out.push(n as u8);
    } else {
        put_len(out, 0xa0, 31, 0xda, 0xdb, n);
    }
    out.extend_from_slice(s.as_bytes());
}

/// The `go_panic` map: strings only, at most 15 entries (a larger map's
/// header holds a zero byte). `compact` keeps code and severity.
fn go_panic_fields(a: &Annotation, compact: bool) -> Vec<(&'static str, String)> {
    if compact {
        return vec![("code", a.code.clone()), ("severity", a.severity.clone())];
    }
    let site = |s: &Option<crate::annotate::Site>| {
        s.as_ref()
            .map(|s| format!("{} {}:{}", s.function, s.file, s.line))
            .unwrap_or_default()
    };
    vec![
        ("code", a.code.clone()),
        ("slug", a.slug.clone()),
        ("title", a.title.clone()),
        ("severity", a.severity.clone()),
        ("category", a.category.clone()),
        ("kind", a.kind.clone()),
        ("message", a.message.clone()),
        ("crash_site", site(&a.crash_site)),
        ("culprit", site(&a.culprit)),
        ("fingerprint", a.fingerprint.clone()),
        ("remediation", a.remediation.clone()),
        ("commands", a.commands.join("\n")),
        ("catalog_version", a.catalog_version.clone()),
    ]
}

/// Annotate a msgpack record with the options of the JSON path (`key`,
/// `lang`, `shape`, `compact`); `None` passes it through. A record that
/// already holds a key the annotation adds passes through, as in JSON.
pub fn annotate(record: &[u8], catalog: &Catalog, opts: &Options) -> Option<Vec<u8>> {
    // msgpack strings are raw bytes, so the sampled record prefilter of
    // the JSON path applies before any decoding.
    if !msgpack_may_match(record) {
        return None;
    }
    let m = map(record)?;
    let field = |key: &str| {
        m.entries.iter().find_map(|(k, v)| {
            (*k == Some(key.as_bytes()))
                .then(|| str_at(record, v.start))
                .flatten()
        })
    };
    let text = match opts.key.as_deref() {
        Some(key) => field(key)?,
        None => DEFAULT_KEYS.iter().find_map(|key| field(key))?,
    };
    let text = String::from_utf8_lossy(text);
    let a = annotate_text(&text, catalog, opts.lang)?;
    let flat = a.shape_fields(opts);
    let nested = go_panic_fields(&a, opts.compact);
    let taken = |key: &str| m.entries.iter().any(|(k, _)| *k == Some(key.as_bytes()));
    if taken("go_panic") || flat.iter().any(|(k, _)| taken(k)) {
        return None;
    }
    let mut out = Vec::with_capacity(record.len() + 2048);
    let count = m.count.checked_add(1)?.checked_add(flat.len())?;
    put_len(&mut out, 0x80, 15, 0xde, 0xdf, count);
    out.extend_from_slice(record.get(m.body..)?);
    for (k, v) in &flat {
        put_str(&mut out, k);
        put_str(&mut out, v);
    }
    put_str(&mut out, "go_panic");
    out.push(0x80 | nested.len() as u8);
    for (k, v) in &nested {
        put_str(&mut out, k);
        put_str(&mut out, v);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn str_(s: &str) -> Vec<u8> {
        let mut v = Vec::new();
        put_str(&mut v, s);
        v
    }

    #[test]
    fn skips_nested_values_without_recursion() {
        // [[[...[1]...]]] 100k deep, then a string.
        let mut v = vec![0x91; 100_000];
        v.push(0x01);
        let end = skip(&v, 0);
        assert_eq!(end, Some(v.len()));
        assert_eq!(skip(&[0x92, 0x01], 0), None, "truncated array");
    }

    #[test]
    fn annotates_a_crash_map_and_keeps_its_entries() {
        let crash = "panic: assignment to entry in nil map\n\ngoroutine 1 [running]:\nmain.main()\n\t/a/main.go:3 +0x1d\n";
        let mut rec = vec![0x82];
        rec.extend(str_("log"));
        rec.extend(str_(crash));
        rec.extend(str_("n"));
        rec.push(0x07);
        let out = annotate(&rec, Catalog::builtin(), &Options::DEFAULT).expect("annotated");
        assert_eq!(out.first(), Some(&0x83));
        assert_eq!(out.get(1..rec.len()), rec.get(1..));
        let m = map(&out).expect("valid msgpack map");
        assert_eq!(m.count, 3);
        assert!(
            !out.get(rec.len()..).unwrap_or(&[]).contains(&0),
            "annotation adds no zero byte"
        );
        // Not a crash, not a map, trailing garbage: untouched.
        assert!(annotate(
            &[0x81, 0xa1, b'a', 0x01],
            Catalog::builtin(),
            &Options::DEFAULT
        )
        .is_none());
        assert!(annotate(&[0x91, 0x01], Catalog::builtin(), &Options::DEFAULT).is_none());
        let mut junk = rec.clone();
        junk.push(0xc0);
        assert!(annotate(&junk, Catalog::builtin(), &Options::DEFAULT).is_none());
    }

    #[test]
    fn string_lengths_never_encode_a_zero_byte() {
        for n in [0, 31, 32, 255, 256, 512, 65_536] {
            let v = str_(&"x".repeat(n));
            let header_len = v.len()
                - v.iter()
                    .rev()
                    .take_while(|&&b| b == b'x' || b == b' ')
                    .count();
            assert!(!v[..header_len].contains(&0) || n == 0, "len {n}");
        }
    }

    /// A map's string entries, keyed by string.
    fn strings(buf: &[u8]) -> Vec<(String, String)> {
        let m = map(buf).expect("a map");
        m.entries
            .iter()
            .filter_map(|(k, v)| {
                let k = String::from_utf8_lossy((*k)?).to_string();
                let v = str_at(buf, v.start)?;
                Some((k, String::from_utf8_lossy(v).trim_end().to_string()))
            })
            .collect()
    }

    /// The `go_panic` map of an annotated record.
    fn go_panic(out: &[u8]) -> Vec<(String, String)> {
        let m = map(out).expect("a map");
        let (_, v) = m
            .entries
            .iter()
            .find(|(k, _)| *k == Some(&b"go_panic"[..]))
            .expect("go_panic");
        strings(out.get(v.clone()).expect("in range"))
    }

    fn record(entries: &[(&str, &str)]) -> Vec<u8> {
        let mut rec = vec![0x80 | entries.len() as u8];
        for (k, v) in entries {
            rec.extend(str_(k));
            rec.extend(str_(v));
        }
        rec
    }

    const CRASH: &str = "panic: assignment to entry in nil map\n\ngoroutine 1 [running]:\nmain.main()\n\t/a/main.go:3 +0x1d\n";

    /// `key`, `lang`, `compact` and `shape` as the JSON path reads them,
    /// and a catalog with user signatures.
    #[test]
    fn options_and_user_signatures_apply() {
        use crate::annotate::Shape;
        use crate::catalog::Lang;
        let rec = record(&[("log", "ok"), ("body", CRASH)]);
        let cat = Catalog::builtin();
        assert!(
            annotate(&rec, cat, &Options::DEFAULT).is_none(),
            "`log` holds no crash"
        );
        let body = Options {
            key: Some("body".into()),
            ..Options::DEFAULT
        };
        let out = annotate(&rec, cat, &body).expect("annotated from `body`");
        let gp = go_panic(&out);
        assert!(gp.contains(&("code".into(), "GP104".into())), "{gp:?}");
        let compact = Options {
            compact: true,
            ..body.clone()
        };
        let gp = go_panic(&annotate(&rec, cat, &compact).expect("annotated"));
        assert_eq!(
            gp,
            [
                ("code".into(), "GP104".into()),
                ("severity".into(), "high".into())
            ]
        );
        let ecs = Options {
            shape: Shape::Ecs,
            ..body.clone()
        };
        let top = strings(&annotate(&rec, cat, &ecs).expect("annotated"));
        assert!(
            top.contains(&("error.code".into(), "GP104".into())),
            "{top:?}"
        );
        let zh = Options {
            lang: Lang::Zh,
            ..body.clone()
        };
        let gp = go_panic(&annotate(&rec, cat, &zh).expect("annotated"));
        let title = gp
            .iter()
            .find(|(k, _)| k == "title")
            .map(|(_, v)| v.clone());
        assert!(title.is_some_and(|t| !t.is_ascii()), "a Chinese title");
        let (user, _) = cat
            .with_added(
                r#"[{"code":"U100","slug":"nil-map-in-main","title":"Nil map in main","severity":"high",
                  "category":"custom","match":{"kind":"panic","message":"assignment to entry in nil map","frame":"main.main"},
                  "summary":{"en":"x","zh":"x"},"remediation":{"en":"x","zh":"x"},"commands":[]}]"#,
            )
            .expect("user signature reads");
        let gp = go_panic(&annotate(&rec, &user, &body).expect("annotated"));
        assert!(gp.contains(&("code".into(), "U100".into())), "{gp:?}");
    }

    /// Over every fixture, the msgpack path's `go_panic` holds what the
    /// JSON path's says, field by field (sites as `function file:line`,
    /// commands one per line).
    #[test]
    fn every_fixture_annotates_as_in_json() {
        let texts = crate::test_fixtures::read_all(&[
            "tests/fixtures/corpus/go1.19.8",
            "tests/fixtures/corpus/go1.23.5",
            "tests/fixtures/gen/go1.23",
            "tests/fixtures/gen/go1.27",
        ]);
        let cat = Catalog::builtin();
        let mut annotated = 0;
        for text in &texts {
            let text = String::from_utf8_lossy(text);
            let json = serde_json::json!({ "log": text }).to_string();
            let from_json =
                crate::annotate::record::annotate_record(json.as_bytes(), cat, &Options::DEFAULT)
                    .map(|out| {
                        let v: serde_json::Value = serde_json::from_slice(&out).expect("JSON out");
                        let gp = &v["go_panic"];
                        let s = |k: &str| gp[k].as_str().unwrap_or_default().trim_end().to_string();
                        let site = |k: &str| {
                            let o = &gp[k];
                            if o.is_null() {
                                return String::new();
                            }
                            format!(
                                "{} {}:{}",
                                o["function"].as_str().unwrap_or_default(),
                                o["file"].as_str().unwrap_or_default(),
                                o["line"]
                            )
                        };
                        let commands: Vec<&str> = gp["commands"]
                            .as_array()
                            .map(|a| a.iter().filter_map(|c| c.as_str()).collect())
                            .unwrap_or_default();
                        let mut f = vec![];
                        for k in [
                            "code", "slug", "title", "severity", "category", "kind", "message",
                        ] {
                            f.push((k.to_string(), s(k)));
                        }
                        f.push(("crash_site".into(), site("crash_site")));
                        f.push(("culprit".into(), site("culprit")));
                        f.push(("fingerprint".into(), s("fingerprint")));
                        f.push(("remediation".into(), s("remediation")));
                        f.push(("commands".into(), commands.join("\n")));
                        f.push(("catalog_version".into(), s("catalog_version")));
                        f
                    });
            let from_msgpack = annotate(&record(&[("log", &text)]), cat, &Options::DEFAULT)
                .map(|out| go_panic(&out));
            assert_eq!(from_msgpack, from_json, "{text}");
            annotated += usize::from(from_json.is_some());
        }
        assert!(annotated > 300, "{annotated} fixtures annotated");
    }
}
