use std::time::Instant;
fn main() {
    let crash =
        std::fs::read_to_string("tests/fixtures/corpus/go1.23.5/nil-map-write.txt").unwrap();
    let rec = serde_json::json!({"log": crash}).to_string();
    let cat = panicsig::Catalog::builtin();
    let opts = panicsig::Options::default();
    let _ = panicsig::annotate_record(rec.as_bytes(), cat, &opts);
    let n = 20000;
    let t = Instant::now();
    for _ in 0..n {
        let _ = panicsig::annotate_record(rec.as_bytes(), cat, &opts);
    }
    println!(
        "annotate_record crash: {:.2} us",
        t.elapsed().as_secs_f64() * 1e6 / n as f64
    );
    let t = Instant::now();
    for _ in 0..n {
        let _ = panicsig::scan(&crash);
    }
    println!(
        "scan only: {:.2} us",
        t.elapsed().as_secs_f64() * 1e6 / n as f64
    );
    let inc = panicsig::scan(&crash);
    let t = Instant::now();
    for _ in 0..n {
        let _ = cat.classify(&inc[0]);
    }
    println!(
        "classify only: {:.2} us",
        t.elapsed().as_secs_f64() * 1e6 / n as f64
    );
    let a = panicsig::Annotation::new(&inc[0], cat, panicsig::Lang::En).unwrap();
    let t = Instant::now();
    for _ in 0..n {
        let _ = a.members(&opts);
    }
    println!(
        "members only: {:.2} us",
        t.elapsed().as_secs_f64() * 1e6 / n as f64
    );
}
