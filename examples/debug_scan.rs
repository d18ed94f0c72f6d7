fn main() {
    let text = std::fs::read_to_string(std::env::args().nth(1).unwrap()).unwrap();
    for i in panicsig::scan(&text) {
        println!(
            "{:?} {:?} {}-{}",
            i.kind, i.message, i.start_line, i.end_line
        );
    }
}
