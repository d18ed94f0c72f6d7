#!/usr/bin/env python3
"""The Fluent Bit modules in a real Fluent Bit: CPU time per module.

    python3 benches/fluent-bit.py [RUNS]     (make fluent-bit-bench)

For each generated log of `make bench` (target/bench/logs/service.log,
adversarial.log) and each module (the floor and passthrough modules of
benches/, panicsig's default and `wamr-heap` builds), runs Fluent Bit
`tail` -> `wasm` filter (`go_panic_filter`, JSON, default settings) ->
`null` until the whole log is read, RUNS times interleaved (default 3),
and prints the best process CPU time (user + sys) of each, the same for a
one-line log (start-up: loading a module, which for panicsig includes
compiling its catalog), and the records/s by CPU time without start-up,
as a ratio to the floor module's. Needs `fluent-bit` on PATH or FLUENT_BIT set; says
that it skipped otherwise.
"""

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODULES = {
    "floor": ROOT / "benches/floor/target/wasm32-wasip1/release/floor.wasm",
    "passthrough": ROOT / "benches/passthrough/target/wasm32-wasip1/release/passthrough.wasm",
    "panicsig": ROOT / "dist/fluent-bit/panicsig.wasm",
    "panicsig wamr-heap": ROOT / "dist/fluent-bit/heap/panicsig.wasm",
}
LOGS = ["service", "adversarial"]


def run(binary, module, log, tmp):
    """CPU seconds of one Fluent Bit run over `log` with `module`."""
    db = tmp / "tail.db"
    if db.exists():
        db.unlink()
    conf = tmp / "fluent-bit.conf"
    conf.write_text(f"""[SERVICE]
    flush        1
    log_level    error
[INPUT]
    name         tail
    path         {log}
    read_from_head true
    exit_on_eof  true
    buffer_max_size 1M
[FILTER]
    name          wasm
    match         *
    wasm_path     {module}
    function_name go_panic_filter
[OUTPUT]
    name  null
    match *
""")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.monotonic()
    subprocess.run([binary, "-c", str(conf)], stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, timeout=600)
    wall = time.monotonic() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    binary = os.environ.get("FLUENT_BIT") or shutil.which("fluent-bit")
    if not binary:
        print("fluent-bit-bench: skipped, `fluent-bit` is not on PATH (set FLUENT_BIT)")
        return
    missing = [str(p) for p in MODULES.values() if not p.exists()]
    logs = {n: ROOT / f"target/bench/logs/{n}.log" for n in LOGS}
    missing += [str(p) for p in logs.values() if not p.exists()]
    if missing:
        sys.exit("fluent-bit-bench: run `make bench` first; missing " + ", ".join(missing))
    version = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout
    print(f"fluent-bit-bench: {version.splitlines()[0] if version else binary}, best of {runs}")
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        one = tmp / "one.log"
        one.write_text("GET /healthz 200\n")
        start = {m: min(run(binary, p, one, tmp)[0] for _ in range(runs)) for m, p in MODULES.items()}
        for name, log in logs.items():
            lines = sum(1 for _ in log.open())
            best = {m: (float("inf"), 0.0) for m in MODULES}
            for _ in range(runs):
                for m, path in MODULES.items():
                    best[m] = min(best[m], run(binary, path, log, tmp))
            per = {m: (cpu - start[m]) / lines for m, (cpu, _) in best.items()}
            print(f"\n{name}.log, {lines} lines")
            print("| module | CPU s | start-up CPU s | µs CPU per record | records/s by CPU ÷ floor |")
            print("| --- | --- | --- | --- | --- |")
            for m, (cpu, _) in best.items():
                print(f"| {m} | {cpu:.2f} | {start[m]:.2f} | {per[m] * 1e6:.2f} | "
                      f"{per['floor'] / per[m]:.2f}× |")


if __name__ == "__main__":
    main()
