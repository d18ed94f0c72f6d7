//! The Fluent Bit suite of tests/fluent_bit.rs, run in WAMR: its `harness`
//! module compiles to the WAMR harness under `--cfg panicsig_wamr`.

#[path = "../../fluent_bit.rs"]
mod suite;
