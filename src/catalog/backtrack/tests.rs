use super::{Backtrack, Outcome};
use proptest::prelude::*;
use regex_lite::Regex;

/// regex-lite's answer in the backtracker's terms.
pub(in crate::catalog) fn reference(re: &Regex, hay: &str) -> Outcome {
    match re.captures(hay) {
        None => Outcome::NoMatch,
        Some(c) => Outcome::Match(
            (0..c.len())
                .map(|i| c.get(i).map(|m| (m.start(), m.end())))
                .collect(),
        ),
    }
}

/// Both engines on `hay`, when the pattern is in the subset.
fn agree(pattern: &str, hay: &str) -> Result<(), TestCaseError> {
    let Ok(re) = Regex::new(pattern) else {
        return Ok(());
    };
    let Some(b) = Backtrack::compile(pattern) else {
        return Ok(());
    };
    let names: Vec<Option<String>> = re.capture_names().map(|n| n.map(str::to_string)).collect();
    prop_assert_eq!(b.names(), &names[..], "{:?}", pattern);
    prop_assert_eq!(
        b.captures(hay),
        reference(&re, hay),
        "{:?} on {:?}",
        pattern,
        hay
    );
    Ok(())
}

#[test]
fn the_subset_is_the_catalogs_syntax() {
    for p in [
        r"^runtime error: index out of range \[(?P<index>-?\d+)\](?: with length (?P<length>\d+))?$",
        r"(?:(?P<op>[a-z][a-z/]*) (?P<path>[/.~]\S*|[\w.-]+): )?read-only file system",
        r"^interface conversion: (?P<interface>.+?) is nil, not (?P<asserted>.+)$",
        r#"lookup (?P<host>[^\s:]+)(?: on (?P<server>\S+))?: no such host"#,
        r"(a)|b\b|c\B",
    ] {
        assert!(Backtrack::compile(p).is_some(), "{p}");
    }
    // Left to regex-lite: flags, counted repetition, `\<`, classes it
    // reads differently, escapes for control characters.
    for p in [
        r"(?i)panic",
        r"a{2}",
        r"\<a",
        r"[[:alpha:]]",
        r"[\w-x]",
        r"\n",
        r"(?<n>a)",
    ] {
        assert!(Backtrack::compile(p).is_none(), "{p}");
    }
}

#[test]
fn long_haystacks_are_left_to_regex_lite() {
    let b = Backtrack::compile(r"^a+$").unwrap();
    assert_eq!(b.captures(&"a".repeat(200_000)), Outcome::Unknown);
    assert_eq!(b.captures("aaa"), Outcome::Match(vec![Some((0, 3))]));
}

#[test]
fn unicode_haystacks_match_on_character_boundaries() {
    for (p, h) in [
        (r"(.)(.+?)\b", "é日本x y"),
        (r"[^é]+(?P<e>é)", "ab日é"),
        (r"\S+\s", "日本 x"),
        (r"x*", "日"),
        (r"(?:)*$", "日本"),
    ] {
        agree(p, h).unwrap();
    }
}

/// Patterns from the subset's grammar over a few characters.
fn pattern() -> impl Strategy<Value = String> {
    let atom = prop_oneof![
        Just("a".to_string()),
        Just("b".to_string()),
        Just(":".to_string()),
        Just(" ".to_string()),
        Just("é".to_string()),
        Just(".".to_string()),
        Just(r"\d".to_string()),
        Just(r"\S".to_string()),
        Just(r"\w".to_string()),
        Just(r"\.".to_string()),
        Just("[a-c1]".to_string()),
        Just("[^ :]".to_string()),
        Just(r"[\w.-]".to_string()),
        Just("^".to_string()),
        Just("$".to_string()),
        Just(r"\b".to_string()),
        Just(r"\B".to_string()),
    ];
    atom.prop_recursive(4, 24, 4, |inner| {
        let quant = prop_oneof![
            Just(""),
            Just("?"),
            Just("*"),
            Just("+"),
            Just("??"),
            Just("*?"),
            Just("+?")
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 1..4).prop_map(|v| v.concat()),
            prop::collection::vec(inner.clone(), 2..4).prop_map(|v| v.join("|")),
            (inner.clone(), quant.clone()).prop_map(|(a, q)| format!("(?:{a}){q}")),
            (inner.clone(), quant).prop_map(|(a, q)| format!("({a}){q}")),
            inner.prop_map(|a| format!("(?P<g>{a})")),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100_000))]

    /// Any pattern of the subset finds what regex-lite finds, groups
    /// included, on any haystack.
    #[test]
    fn same_match_and_groups_as_regex_lite(
        p in pattern(),
        hay in "[ab: é1.\\-_\n]{0,12}",
    ) {
        agree(&p, &hay)?;
    }
}
