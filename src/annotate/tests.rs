use super::*;

/// The written JSON is serde_json's for every incident of the real
/// outputs and pastes, in both languages, with and without an
/// incident id.
#[test]
fn written_json_is_serde_jsons_for_every_fixture_incident() {
    let mut n = 0;
    for inc in crate::test_fixtures::incidents(&crate::test_fixtures::CRASH_DIRS) {
        for lang in Lang::ALL {
            let mut a = Annotation::new(&inc, Catalog::builtin(), lang).unwrap();
            for id in [None, Some("0123456789abcdef".to_string())] {
                a.incident_id = id;
                let mut mine = String::new();
                a.write_json(&mut mine);
                assert_eq!(mine, serde_json::to_string(&a).unwrap());
                n += 1;
            }
        }
    }
    assert!(n > 3000, "{n} annotations");
}

/// The record path's members, written from the incident through a
/// borrowed view with the catalog text escaped once per entry, are the
/// owned annotation's: every fixture incident, both languages, every
/// shape, with and without an incident id.
#[test]
fn escaped_tail_members_are_the_members() {
    let mut n = 0;
    for inc in crate::test_fixtures::incidents(&crate::test_fixtures::CRASH_DIRS) {
        for lang in Lang::ALL {
            let mut a = Annotation::new(&inc, Catalog::builtin(), lang).unwrap();
            let mut r = RecordAnnotation::new(inc.clone(), Catalog::builtin(), lang).unwrap();
            for id in [None, Some("0123456789abcdef".to_string())] {
                (a.incident_id, r.incident_id) = (id.clone(), id);
                for shape in Shape::ALL {
                    for compact in [false, true] {
                        let opts = Options {
                            lang,
                            shape,
                            compact,
                            ..Options::DEFAULT
                        };
                        assert_eq!(r.members(&opts), a.members(&opts));
                        n += 1;
                    }
                }
            }
        }
    }
    assert!(n > 1000, "{n} annotations");
}

/// Text added after an entry's tail was written (the lean module's
/// files) replaces it.
#[test]
fn escaped_tail_follows_added_text() {
    let mut c = Catalog::builtin().clone();
    let code = c.signatures().next().unwrap().code.clone();
    let first = |c: &Catalog| c.get(&code).unwrap().clone();
    let before = Annotation::escaped_tail(c.get(&code).unwrap(), Lang::En).to_string();
    assert!(before.contains("\"summary\":"), "{before}");
    assert_eq!(first(&c).escaped.get(Lang::En, String::new), before);
    let text = format!(
        r#"[{{"code":"{code}","title":"T","summary":"new \"summary\"","remediation":"R","commands":[]}}]"#
    );
    c.add_text(Lang::En, &text).unwrap();
    let after = Annotation::escaped_tail(c.get(&code).unwrap(), Lang::En);
    assert!(
        after.starts_with(r#""summary":"new \"summary\"","remediation":"R""#),
        "{after}"
    );
}
