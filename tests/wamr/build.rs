//! The shared harness (tests/harness) picks WAMR under this cfg.
fn main() {
    println!("cargo::rustc-check-cfg=cfg(panicsig_wamr)");
    println!("cargo::rustc-cfg=panicsig_wamr");
}
