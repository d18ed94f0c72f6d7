//! The WIT component in wasmtime, loaded by the Rust host example's code:
//! its WIT is `wit/`, every operation gives the native core's result over
//! the fixture corpus, and bad input is a typed error, never a trap.
//!
//! `PANICSIG_COMPONENT` names the component (`make component-test` sets
//! it to dist/component/panicsig.wasm).

use panicsig::annotate::{Options as NativeOptions, Shape as NativeShape};
use panicsig::{api as native, Catalog, Lang as NativeLang};
use panicsig_component_tests::types::{
    Annotation, Bucket, Error, Frame, Incident, Lang, Options, Shape,
};
use panicsig_component_tests::Instance;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use wasmtime::component::Component;
use wasmtime::Engine;

fn component_path() -> String {
    std::env::var("PANICSIG_COMPONENT").unwrap_or_else(|_| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../dist/component/panicsig.wasm"
        )
        .into()
    })
}

/// One compiled component shared by the tests; each test instantiates it.
fn compiled() -> &'static (Engine, Component) {
    static C: OnceLock<(Engine, Component)> = OnceLock::new();
    C.get_or_init(|| {
        let engine = Engine::default();
        let path = component_path();
        let component = Component::from_file(&engine, &path)
            .unwrap_or_else(|e| panic!("{path}: {e:#} (run `make component`)"));
        (engine, component)
    })
}

fn instance() -> Instance {
    let (engine, component) = compiled();
    Instance::instantiate(engine, component).expect("instantiate")
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every fixture and example log: `(path, text)`.
fn fixtures() -> Vec<(String, String)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if matches!(p.extension().and_then(|x| x.to_str()), Some("txt" | "log")) {
                out.push(p);
            }
        }
    }
    let mut paths = Vec::new();
    walk(&repo().join("tests/fixtures"), &mut paths);
    walk(&repo().join("examples/logs"), &mut paths);
    paths.sort();
    let out: Vec<_> = paths
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).expect("read fixture");
            (
                p.display().to_string(),
                String::from_utf8_lossy(&bytes).into_owned(),
            )
        })
        .collect();
    assert!(out.len() > 400, "fixtures missing: {}", out.len());
    out
}

/// `Severity::High` → `high`, as the native JSON names enum values.
fn lower<T: std::fmt::Debug>(v: T) -> String {
    let name = format!("{v:?}");
    name.rsplit("::").next().unwrap_or(&name).to_lowercase()
}

/// The component's annotation in the native JSON layout.
fn annotation_json(a: &Annotation) -> Value {
    let site = |s: &Option<panicsig_component_tests::types::Site>| {
        s.as_ref()
            .map(|s| json!({"function": s.function, "file": s.file, "line": s.line}))
    };
    json!({
        "code": a.code,
        "slug": a.slug,
        "title": a.title,
        "severity": lower(a.severity),
        "category": a.category,
        "kind": lower(a.kind),
        "message": a.message,
        "recovered": a.recovered,
        "context": a.context,
        "goroutine": a.goroutine.as_ref().map(|g| json!({"id": g.id, "state": g.state})),
        "crash_site": site(&a.crash_site),
        "culprit": site(&a.culprit),
        "fingerprint": a.fingerprint,
        "details": a.details.iter().map(|(k, v)| (k.clone(), json!(v))).collect::<serde_json::Map<_, _>>(),
        "nested": a.nested,
        "signal": a.signal.as_ref().map(|s| json!({"name": s.name, "code": s.code, "addr": s.addr})),
        "goroutines": a.goroutines,
        "summary": a.summary,
        "remediation": a.remediation,
        "commands": a.commands,
        "catalog_version": a.catalog_version,
    })
}

fn incident_json(i: &Incident) -> Value {
    let mut v = annotation_json(&i.annotation);
    let obj = v.as_object_mut().expect("object");
    obj.insert("start_line".into(), json!(i.start_line));
    obj.insert("end_line".into(), json!(i.end_line));
    obj.insert("stack".into(), i.stack.iter().map(frame_json).collect());
    obj.insert(
        "buckets".into(),
        i.buckets.iter().map(bucket_json).collect(),
    );
    // The native JSON leaves out zero counts and false marks.
    if i.unbucketed > 0 {
        obj.insert("unbucketed".into(), json!(i.unbucketed));
    }
    normal(v)
}

fn frame_json(f: &Frame) -> Value {
    json!({"function": f.function, "file": f.file, "line": f.line, "runtime": f.runtime})
}

fn bucket_json(b: &Bucket) -> Value {
    json!({
        "count": b.count,
        "states": b.states,
        "wait_min": b.wait_min,
        "wait_max": b.wait_max,
        "locked": (b.locked > 0).then_some(b.locked),
        "ids": b.ids,
        "own": b.own.as_ref().map(frame_json),
        "created_by": b.created_by.as_ref().map(frame_json),
        "stack": b.stack.iter().map(frame_json).collect::<Vec<_>>(),
        "crashed": b.crashed.then_some(true),
    })
}

/// Drop nulls and empty collections: the native JSON omits some of them.
fn normal(v: Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.into_iter()
                .map(|(k, v)| (k, normal(v)))
                .filter(|(_, v)| {
                    !(v.is_null()
                        || v.as_array().is_some_and(Vec::is_empty)
                        || v.as_object().is_some_and(serde_json::Map::is_empty))
                })
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.into_iter().map(normal).collect()),
        other => other,
    }
}

fn native_json<T: serde::Serialize>(v: &T) -> Value {
    normal(serde_json::to_value(v).expect("serialise"))
}

fn options(lang: Lang) -> Options {
    Options {
        lang,
        shape: Shape::Nested,
        compact: false,
        key: None,
    }
}

#[test]
fn the_component_exports_the_wit_world() {
    let bytes = std::fs::read(component_path()).expect("run `make component`");
    let wit_component::DecodedWasm::Component(decoded, world) =
        wit_component::decode(&bytes).expect("decodes as a component")
    else {
        panic!("not a component");
    };
    let mut ours = wit_parser::Resolve::default();
    let (pkg, _) = ours.push_dir(repo().join("wit")).expect("wit/ parses");
    let our_world = ours.select_world(&[pkg], Some("panicsig")).expect("world");

    // The same exports, each interface printed the same way.
    let render = |r: &wit_parser::Resolve, w: wit_parser::WorldId| -> Vec<String> {
        let mut out: Vec<String> = r.worlds[w]
            .exports
            .iter()
            .map(|(key, item)| {
                let wit_parser::WorldItem::Interface { id, .. } = item else {
                    return format!("{} (not an interface)", r.name_world_key(key));
                };
                let iface = &r.interfaces[*id];
                let mut funcs: Vec<String> = iface
                    .functions
                    .values()
                    .map(|f| {
                        let params: Vec<String> = f
                            .params
                            .iter()
                            .map(|p| format!("{}: {}", p.name, type_name(r, &p.ty)))
                            .collect();
                        let result = f
                            .result
                            .as_ref()
                            .map(|t| type_name(r, t))
                            .unwrap_or_default();
                        format!("{}({}) -> {}", f.name, params.join(", "), result)
                    })
                    .collect();
                funcs.sort();
                format!(
                    "{}\n  {}",
                    r.id_of(*id).unwrap_or_default(),
                    funcs.join("\n  ")
                )
            })
            .collect();
        out.sort();
        out
    };
    assert_eq!(render(&decoded, world), render(&ours, our_world));

    // Every type of the interfaces matches in full.
    let types = |r: &wit_parser::Resolve| -> Vec<String> {
        let mut out = Vec::new();
        for (_, iface) in r.interfaces.iter() {
            let Some(p) = iface.package else { continue };
            if r.packages[p].name.namespace != "panicsig" {
                continue;
            }
            for (name, id) in &iface.types {
                out.push(format!("{name} = {}", type_def(r, *id)));
            }
        }
        out.sort();
        out
    };
    let ours_types = types(&ours);
    assert!(ours_types.len() >= 10, "{ours_types:?}");
    assert_eq!(types(&decoded), ours_types);
}

fn type_name(r: &wit_parser::Resolve, t: &wit_parser::Type) -> String {
    match t {
        wit_parser::Type::Id(id) => match &r.types[*id].name {
            Some(n) => n.clone(),
            None => type_def(r, *id),
        },
        other => format!("{other:?}").to_lowercase(),
    }
}

fn type_def(r: &wit_parser::Resolve, id: wit_parser::TypeId) -> String {
    use wit_parser::TypeDefKind as K;
    match &r.types[id].kind {
        K::Record(rec) => format!(
            "record {{{}}}",
            rec.fields
                .iter()
                .map(|f| format!("{}: {}", f.name, type_name(r, &f.ty)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        K::Enum(e) => format!(
            "enum {{{}}}",
            e.cases
                .iter()
                .map(|c| c.name.clone())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        K::Variant(v) => format!(
            "variant {{{}}}",
            v.cases
                .iter()
                .map(|c| format!(
                    "{}({})",
                    c.name,
                    c.ty.as_ref().map(|t| type_name(r, t)).unwrap_or_default()
                ))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        K::Option(t) => format!("option<{}>", type_name(r, t)),
        K::List(t) => format!("list<{}>", type_name(r, t)),
        K::Tuple(t) => format!(
            "tuple<{}>",
            t.types
                .iter()
                .map(|t| type_name(r, t))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        K::Result(res) => format!(
            "result<{}, {}>",
            res.ok.as_ref().map(|t| type_name(r, t)).unwrap_or_default(),
            res.err
                .as_ref()
                .map(|t| type_name(r, t))
                .unwrap_or_default()
        ),
        K::Type(t) => type_name(r, t),
        K::Resource => "resource".into(),
        K::Handle(wit_parser::Handle::Own(t)) => {
            format!("own<{}>", r.types[*t].name.clone().unwrap_or_default())
        }
        K::Handle(wit_parser::Handle::Borrow(t)) => {
            format!("borrow<{}>", r.types[*t].name.clone().unwrap_or_default())
        }
        other => format!("{other:?}"),
    }
}

#[test]
fn scan_equals_the_native_core_over_the_corpus() {
    let mut p = instance();
    let a = p.annotator().clone();
    let mut incidents = 0;
    for lang in [Lang::En, Lang::Zh] {
        a.call_configure(&mut p.store, &options(lang))
            .expect("configure");
        let native_lang = if lang == Lang::Zh {
            NativeLang::Zh
        } else {
            NativeLang::En
        };
        let opts = NativeOptions {
            lang: native_lang,
            ..NativeOptions::default()
        };
        for (path, text) in fixtures() {
            let got: Vec<Value> = a
                .call_scan(&mut p.store, &text)
                .unwrap_or_else(|e| panic!("{path}: {e:#}"))
                .iter()
                .map(incident_json)
                .collect();
            let want: Vec<Value> = native::scan(&text, Catalog::builtin(), &opts)
                .iter()
                .map(native_json)
                .collect();
            assert_eq!(got, want, "{path} ({lang:?})");
            incidents += got.len();
        }
    }
    assert!(incidents > 800, "{incidents}");
}

#[test]
fn annotate_text_equals_the_native_core() {
    let mut p = instance();
    let a = p.annotator().clone();
    let mut hits = 0;
    for (path, text) in fixtures() {
        let got = a.call_annotate_text(&mut p.store, &text).expect("no trap");
        let want = native::annotate(&text, Catalog::builtin(), &NativeOptions::default());
        assert_eq!(
            got.as_ref().map(|a| normal(annotation_json(a))),
            want.as_ref().map(native_json),
            "{path}"
        );
        hits += usize::from(got.is_some());
    }
    assert!(hits > 400, "{hits}");
}

#[test]
fn annotate_record_equals_the_native_core_in_every_shape() {
    let mut p = instance();
    let a = p.annotator().clone();
    // Records: each JSON line of the example logs, and each fixture as the
    // `log` field of one record (a multiline-joined crash).
    let mut records: Vec<String> = Vec::new();
    for (path, text) in fixtures() {
        if path.contains("examples/logs") {
            records.extend(
                text.lines()
                    .filter(|l| l.starts_with('{'))
                    .map(str::to_string),
            );
        } else {
            records.push(json!({"log": text, "stream": "stderr"}).to_string());
        }
    }
    let mut annotated = 0;
    for (shape, native_shape) in [
        (Shape::Nested, NativeShape::Nested),
        (Shape::Ecs, NativeShape::Ecs),
        (Shape::Otel, NativeShape::Otel),
    ] {
        for compact in [false, true] {
            let o = Options {
                lang: Lang::En,
                shape,
                compact,
                key: None,
            };
            let native_opts = NativeOptions {
                shape: native_shape,
                compact,
                ..NativeOptions::default()
            };
            for r in &records {
                let got = a
                    .call_annotate_record(&mut p.store, r, &o)
                    .expect("no trap");
                let want = native::annotate_record(r, Catalog::builtin(), &native_opts);
                assert_eq!(got.as_ref().ok(), want.as_ref().ok(), "{r}");
                annotated += usize::from(got.as_deref().is_ok_and(|g| g != r));
            }
        }
    }
    assert!(annotated > 1000, "{annotated}");
}

#[test]
fn bad_input_is_a_typed_error() {
    let mut p = instance();
    let a = p.annotator().clone();
    for bad in [
        "",
        "not json",
        "[1,2]",
        "{\"log\":",
        "{\"a\":1}}",
        "\"panic: x\"",
    ] {
        match a
            .call_annotate_record(&mut p.store, bad, &options(Lang::En))
            .expect("no trap")
        {
            Err(Error::InvalidRecord(m)) => assert!(!m.is_empty()),
            other => panic!("{bad:?}: {other:?}"),
        }
    }
    let before = a.call_catalog(&mut p.store).expect("catalog").len();
    let bad_signatures = [
        "[",
        "{}",
        r#"[{"code":"GP101","slug":"dup","title":"t","severity":"low","category":"c","match":{"message":"x"},"summary":{"en":"s","zh":"s"},"remediation":{"en":"r","zh":"r"}}]"#,
        r#"{"code":"X1","slug":"x1","title":"t","severity":"low","category":"c","match":{"message_regex":"("},"summary":{"en":"s","zh":"s"},"remediation":{"en":"r","zh":"r"}}"#,
        r#"{"code":"X1","slug":"x1","title":"t","severity":"dire","category":"c","match":{"message":"x"},"summary":{"en":"s","zh":"s"},"remediation":{"en":"r","zh":"r"}}"#,
    ];
    for bad in bad_signatures {
        match a.call_add_signatures(&mut p.store, bad).expect("no trap") {
            Err(Error::InvalidSignatures(m)) => assert!(!m.is_empty(), "{bad}"),
            other => panic!("{bad}: {other:?}"),
        }
    }
    assert_eq!(a.call_catalog(&mut p.store).expect("catalog").len(), before);
}

#[test]
fn user_signatures_classify_and_are_per_instance() {
    let mut p = instance();
    let a = p.annotator().clone();
    // A real panic with an application message (the generic fallback).
    let path = repo().join("tests/fixtures/gen/go1.23/repanic-recovered.txt");
    let text = &std::fs::read_to_string(path).expect("fixture");
    let before = a.call_scan(&mut p.store, text).expect("scan");
    assert_eq!(before.len(), 1);
    assert_ne!(before[0].annotation.code, "ACME001");
    let sig = r#"[{"code":"ACME001","slug":"user-not-found","title":"User lookup panicked","severity":"critical","category":"business","match":{"kind":"panic","message_regex":"^user (?P<user>\\d+) not found$"},"summary":{"en":"A user id missing from the store.","zh":"存储中缺少该用户。"},"remediation":{"en":"Check the user sync job.","zh":"检查用户同步任务。"},"commands":["userctl sync --dry-run"]}]"#;
    assert!(matches!(
        a.call_add_signatures(&mut p.store, sig).expect("no trap"),
        Ok(1)
    ));
    let after = a.call_scan(&mut p.store, text).expect("scan");
    assert_eq!(after[0].annotation.code, "ACME001");
    assert_eq!(
        after[0].annotation.commands,
        vec!["userctl sync --dry-run".to_string()]
    );
    assert_eq!(
        after[0].annotation.details,
        vec![("user".to_string(), "7".to_string())]
    );
    let listed = a.call_catalog(&mut p.store).expect("catalog");
    assert_eq!(listed.first().map(|s| s.code.as_str()), Some("ACME001"));

    // A second instance still has the built-in catalog only.
    let mut q = instance();
    let b = q.annotator().clone();
    assert_ne!(
        b.call_scan(&mut q.store, text).expect("scan")[0]
            .annotation
            .code,
        "ACME001"
    );
}

#[test]
fn catalog_equals_the_native_catalog() {
    let mut p = instance();
    let a = p.annotator().clone();
    for (lang, native_lang) in [(Lang::En, NativeLang::En), (Lang::Zh, NativeLang::Zh)] {
        a.call_configure(&mut p.store, &options(lang))
            .expect("configure");
        let got: Vec<Value> = a
            .call_catalog(&mut p.store)
            .expect("catalog")
            .iter()
            .map(|s| {
                normal(json!({
                    "code": s.code, "slug": s.slug, "title": s.title,
                    "severity": lower(s.severity), "category": s.category,
                    "summary": s.summary, "remediation": s.remediation, "commands": s.commands,
                }))
            })
            .collect();
        let want: Vec<Value> = native::signatures(Catalog::builtin(), native_lang)
            .iter()
            .map(native_json)
            .collect();
        assert_eq!(got, want);
        assert!(got.len() >= 90);
    }
}

#[test]
fn the_streaming_scanner_finds_incidents_whole_across_chunks() {
    let mut p = instance();
    let a = p.annotator().clone();
    let scanner = a.scanner();
    let mut compared = 0;
    // Every 7th fixture, and the example logs (JSON lines, CRI, journald).
    let sample = fixtures()
        .into_iter()
        .enumerate()
        .filter(|(i, (path, _))| i % 7 == 0 || path.contains("examples/logs"))
        .map(|(_, f)| f);
    for (path, text) in sample {
        let whole: Vec<Value> = a
            .call_scan(&mut p.store, &text)
            .expect("scan")
            .iter()
            .map(incident_json)
            .collect();
        for size in [1usize, 13, 4096] {
            let s = scanner.call_constructor(&mut p.store).expect("scanner");
            let mut got = Vec::new();
            for chunk in text.as_bytes().chunks(size) {
                got.extend(scanner.call_push(&mut p.store, s, chunk).expect("push"));
            }
            got.extend(scanner.call_finish(&mut p.store, s).expect("finish"));
            s.resource_drop(&mut p.store).expect("drop");
            let got: Vec<Value> = got.iter().map(incident_json).collect();
            assert_eq!(got, whole, "{path} in chunks of {size}");
            compared += got.len();
        }
    }
    assert!(compared > 100, "{compared}");
}

#[test]
fn arbitrary_bytes_and_huge_inputs_never_trap() {
    let mut p = instance();
    let a = p.annotator().clone();
    let scanner = a.scanner();
    let s = scanner.call_constructor(&mut p.store).expect("scanner");
    // xorshift bytes: invalid UTF-8, NULs, stray needles.
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut bytes = Vec::with_capacity(1 << 20);
    for i in 0..(1 << 20) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        bytes.push(if i % 997 == 0 { b'\n' } else { (x >> 24) as u8 });
        if i % 50_000 == 0 {
            bytes.extend_from_slice(b"\npanic: \xff\xfe\ngoroutine 1 [running]:\n");
        }
    }
    for chunk in bytes.chunks(65_537) {
        scanner
            .call_push(&mut p.store, s, chunk)
            .expect("push never traps");
    }
    scanner
        .call_finish(&mut p.store, s)
        .expect("finish never traps");
    s.resource_drop(&mut p.store).expect("drop");

    // A 10 MB line, a deeply nested record, a 100k-frame stack.
    let long = format!("panic: {}\n", "x".repeat(10 << 20));
    assert_eq!(a.call_scan(&mut p.store, &long).expect("no trap").len(), 1);
    let nested = format!(
        "{}\"log\":\"panic: x\"{}",
        "{\"a\":".repeat(100_000),
        "}".repeat(100_000)
    );
    a.call_annotate_record(&mut p.store, &nested, &options(Lang::En))
        .expect("no trap")
        .ok();
    let mut deep = String::from("panic: deep\n\ngoroutine 1 [running]:\n");
    for i in 0..100_000 {
        deep.push_str(&format!("main.f{i}()\n\t/src/main.go:{i} +0x1d\n"));
    }
    let found = a.call_scan(&mut p.store, &deep).expect("no trap");
    assert_eq!(found.len(), 1);
    // The instance still works afterwards.
    let (_, real) = &fixtures()[0];
    let mut fresh = instance();
    let b = fresh.annotator().clone();
    let want: Vec<Value> = b
        .call_scan(&mut fresh.store, real)
        .expect("scan")
        .iter()
        .map(incident_json)
        .collect();
    let got: Vec<Value> = a
        .call_scan(&mut p.store, real)
        .expect("scan")
        .iter()
        .map(incident_json)
        .collect();
    assert_eq!(got, want);
}
