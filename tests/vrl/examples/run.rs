//! Run a VRL program on files, each as one `{"message": text}` event, and
//! print the event's `go_panic` beside the native annotation:
//! `cargo run --example run -- PROGRAM.vrl FILE...` (a debugging aid).

use panicsig::{Catalog, Lang};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((program, files)) = args.split_first() else {
        eprintln!("usage: run PROGRAM.vrl FILE...");
        std::process::exit(2);
    };
    let source = std::fs::read_to_string(program).unwrap_or_else(|e| panic!("{program}: {e}"));
    let program = match panicsig_vrl_tests::compile(&source, panicsig_vrl_tests::Schema::Unknown) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    for f in files {
        let text = std::fs::read_to_string(f).unwrap_or_else(|e| panic!("{f}: {e}"));
        let out = panicsig_vrl_tests::run(&program, panicsig_vrl_tests::event(&text));
        println!("== {f}");
        match out {
            Ok(v) => {
                let ann = match &v {
                    vrl::value::Value::Object(m) => m.get("go_panic").cloned(),
                    _ => None,
                };
                match ann {
                    Some(a) => {
                        println!("vrl:    {}", serde_json::to_string(&a).unwrap_or_default())
                    }
                    None => println!("vrl:    none"),
                }
            }
            Err(e) => println!("vrl:    error {e}"),
        }
        let native = panicsig::annotate_text(&text, Catalog::builtin(), Lang::En);
        println!(
            "native: {}",
            serde_json::to_string(&native).unwrap_or_default()
        );
    }
}
