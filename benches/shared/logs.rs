//! Generated logs for the Fluent Bit benchmarks, deterministic from a
//! seed: `make bench` measures the modules on them in WAMR and writes
//! them to target/bench/logs/ for runs in a real Fluent Bit
//! (docs/fluent-bit.md, "Speed").
//!
//! - `quiet`: the same kind of lines with no needle at all, the log of a
//!   service that is not crashing.
//! - `service`: what a busy Go service prints, lines of about 150 bytes
//!   (logfmt, JSON and access-log lines), with 0.1% one-line
//!   recovered-panic log lines (`... panic: runtime error: index out of
//!   range [4] with length 2 goroutine=418 recovered=true`), which are
//!   not crashes by themselves.
//! - `adversarial`: a third of the lines mention `panic`, `goroutine` or
//!   `SIG` in ordinary ways (settings, shutdown handlers, worker pools,
//!   recovered errors in a field), and 0.1% of the records are real crash
//!   headers.

/// xorshift64: the same lines on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

const PATHS: [&str; 6] = [
    "/api/v1/orders",
    "/api/v1/payments/charge",
    "/api/v2/users/profile",
    "/healthz",
    "/api/v1/cart/items",
    "/metrics",
];
const SERVICES: [&str; 4] = ["payments-api", "orders", "checkout", "inventory"];

/// One ordinary line (no needle), about 150 bytes.
fn ordinary(r: &mut Rng, i: u64) -> String {
    let (s, m) = (i / 60 % 60, i % 60);
    let svc = r.pick(&SERVICES);
    let path = r.pick(&PATHS);
    let id = r.next() & 0xffff_ffff;
    match r.below(3) {
        0 => format!(
            "time=2026-11-24T10:{s:02}:{m:02}.{:03}Z level=info msg=\"request done\" svc={svc} method=GET path={path}/{} status=200 dur={}ms req_id={id:08x}",
            r.below(1000), r.below(9000), r.below(400)
        ),
        1 => format!(
            "{{\"ts\":\"2026-11-24T10:{s:02}:{m:02}Z\",\"level\":\"info\",\"svc\":\"{svc}\",\"msg\":\"cache refresh\",\"keys\":{},\"took_ms\":{},\"trace\":\"{id:08x}{:08x}\"}}",
            r.below(5000), r.below(90), r.next() & 0xffff_ffff
        ),
        _ => format!(
            "10.0.{}.{} - - [24/Nov/2026:10:{s:02}:{m:02} +0000] \"POST {path} HTTP/1.1\" 201 {} \"-\" \"Go-http-client/1.1\" rt={}.{:03}",
            r.below(255), r.below(255), r.below(20000), r.below(3), r.below(1000)
        ),
    }
}

/// Lines that mention a needle without being a crash.
const MENTIONS: [&str; 8] = [
    "level=info msg=\"config loaded\" panic_on_error=false strict=true workers=16 region=eu-west-1",
    "level=info msg=\"shutdown handler installed\" signals=SIGTERM,SIGINT grace=30s svc=checkout",
    "level=debug msg=\"goroutine pool resized\" size=64 idle=12 busy=52 svc=orders queue=118",
    "level=warn msg=\"recovered worker\" svc=orders worker=6 reason=\"panic: nil pointer dereference in plugin (handled)\"",
    "2026/11/24 10:00:38 goroutine 17 finished batch 186 in 486ms rows=5120 svc=inventory",
    "2026/11/24 10:00:54 non-fatal error: cache miss for key order:2182, falling back to database",
    "level=info msg=\"goroutine leak check passed\" before=51 after=51 svc=payments-api",
    "level=info msg=\"received SIGHUP, reloading certificates\" certs=3 svc=payments-api",
];

/// The one-line recovered-panic log line of the `service` log.
const RECOVERED: &str = "ERROR [payments-api] req_id=fb54 panic: runtime error: index out of range [4] with length 2 goroutine=418 recovered=true";

/// A crash header record, one line of a crash shipped line by line.
pub const CRASH_HEADER: &str = "panic: runtime error: index out of range [4] with length 2";

/// `n` lines from `seed`: `special(i)` where it gives one, else an
/// ordinary line.
fn lines(n: u64, seed: u64, special: impl Fn(&mut Rng, u64) -> Option<String>) -> Vec<String> {
    let mut r = Rng(seed);
    (0..n)
        .map(|i| special(&mut r, i).unwrap_or_else(|| ordinary(&mut r, i)))
        .collect()
}

/// `n` lines of the `quiet` log.
pub fn quiet(n: u64) -> Vec<String> {
    lines(n, 0x5eed_0003, |_, _| None)
}

/// `n` lines of the `service` log.
pub fn service(n: u64) -> Vec<String> {
    lines(n, 0x5eed_0001, |_, i| {
        (i % 1000 == 500).then(|| RECOVERED.to_string())
    })
}

/// `n` lines of the `adversarial` log.
pub fn adversarial(n: u64) -> Vec<String> {
    lines(n, 0x5eed_0002, |r, i| {
        if i % 1000 == 500 {
            Some(CRASH_HEADER.to_string())
        } else if i % 3 == 0 {
            let mention = r.pick(&MENTIONS);
            Some(format!("time=2026-11-24T10:00:{:02}Z {mention}", i % 60))
        } else {
            None
        }
    })
}
