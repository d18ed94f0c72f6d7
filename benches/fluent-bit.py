#!/usr/bin/env python3
"""The Fluent Bit modules in a real Fluent Bit: CPU time per module.

    python3 benches/fluent-bit.py [RUNS]     (make fluent-bit-bench)

For each generated log of `make bench` (target/bench/logs/quiet.log,
service.log, adversarial.log), a log of 20,000 crash header records,
and each module (the floor and passthrough modules of benches/,
panicsig's default and `wamr-heap` builds, and where `make
fluent-bit-bench` compiled them and they are newer than their module,
the floor and panicsig's modules compiled ahead of time), runs Fluent
Bit `tail` -> `wasm` filter (`go_panic_filter`, JSON, default settings)
-> `null` until the whole log is read, RUNS rounds of every module one
after another (default 5), and prints the process CPU time (user + sys)
of a one-line log (start-up: loading a module, which for panicsig
includes compiling its catalog), then per log the µs of CPU per record
without start-up, what that adds to the floor's, and the records/s by
CPU time as a ratio to the floor module's (and to the compiled
floor's). Each is the median over the rounds, ratios and differences
taken round by round: the machine's speed drifts between rounds more
than between two runs in a row. Then which of panicsig's modules meet
the throughput goals. A run that does not end well (a module Fluent Bit
cannot load) stops the bench. Needs `fluent-bit` on PATH or
FLUENT_BIT set; says that it skipped otherwise.
"""

import os
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parents[1]
MODULES = {
    "floor": ROOT / "benches/floor/target/wasm32-wasip1/release/floor.wasm",
    "passthrough": ROOT / "benches/passthrough/target/wasm32-wasip1/release/passthrough.wasm",
    "panicsig": ROOT / "dist/fluent-bit/panicsig.wasm",
    "panicsig wamr-heap": ROOT / "dist/fluent-bit/heap/panicsig.wasm",
}
# Each compiled module and the module it was compiled from.
AOT = {
    "floor AOT": (ROOT / "target/bench/floor.aot", MODULES["floor"]),
    "panicsig AOT": (ROOT / "dist/fluent-bit/panicsig.aot", MODULES["panicsig"]),
    "panicsig wamr-heap AOT": (ROOT / "dist/fluent-bit/heap/panicsig.aot",
                               MODULES["panicsig wamr-heap"]),
}
LOGS = ["quiet", "service", "adversarial"]
# The crash header record `make bench` times in WAMR.
HEADER = "panic: runtime error: index out of range [4] with length 2"


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
    done = subprocess.run([binary, "-c", str(conf)], stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, errors="replace", timeout=600)
    if done.returncode != 0 or "[error]" in done.stderr:
        sys.exit(f"fluent-bit-bench: {module} on {log.name} failed "
                 f"(exit {done.returncode}): {done.stderr.strip()[-500:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    binary = os.environ.get("FLUENT_BIT") or shutil.which("fluent-bit")
    if not binary:
        print("fluent-bit-bench: skipped, `fluent-bit` is not on PATH (set FLUENT_BIT)")
        return
    missing = [str(p) for p in MODULES.values() if not p.exists()]
    modules = dict(MODULES)
    # Left out when missing, or older than its module (stale).
    modules.update({m: aot for m, (aot, src) in AOT.items()
                    if aot.exists() and src.exists() and aot.stat().st_mtime >= src.stat().st_mtime})
    logs = {n: ROOT / f"target/bench/logs/{n}.log" for n in LOGS}
    missing += [str(p) for p in logs.values() if not p.exists()]
    if missing:
        sys.exit("fluent-bit-bench: run `make bench` first; missing " + ", ".join(missing))
    version = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout
    print(f"fluent-bit-bench: {version.splitlines()[0] if version else binary}, median of {runs} rounds")
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        one = tmp / "one.log"
        one.write_text("GET /healthz 200\n")
        logs["crash headers"] = tmp / "headers.log"
        logs["crash headers"].write_text((HEADER + "\n") * 20_000)
        start = {m: median([run(binary, p, one, tmp) for _ in range(runs)])
                 for m, p in modules.items()}
        ratios_of, above = {}, {}
        for name, log in logs.items():
            lines = sum(1 for _ in log.open())
            # µs per record of each module in each round, start-up left out.
            rounds = []
            for _ in range(runs):
                rounds.append({m: (run(binary, path, log, tmp) - start[m]) / lines * 1e6
                               for m, path in modules.items()})
            floors = [f for f in ("floor", "floor AOT") if f in modules]
            print(f"\n{name}, {lines} lines")
            print("| module | start-up CPU s | µs CPU per record | µs above the floor | "
                  + " | ".join(f"records/s by CPU ÷ {f}" for f in floors) + " |")
            print("| --- " * (3 + len(floors)) + "| --- |")
            for m in modules:
                # Pair by pair: each round's runs came one after another.
                ratio = {f: median([r[f] / r[m] for r in rounds]) for f in floors}
                # Above the floor run the same way, compiled or not.
                floor = "floor AOT" if m.endswith("AOT") and "floor AOT" in modules else "floor"
                above.setdefault(name, {})[m] = median([r[m] - r[floor] for r in rounds])
                ratios_of.setdefault(name, {})[m] = min(ratio.values())
                print(f"| {m} | {start[m]:.2f} | {median([r[m] for r in rounds]):.2f} | "
                      f"{above[name][m]:.2f} | "
                      + " | ".join(f"{ratio[f]:.2f}×" for f in floors) + " |")
        goals(ratios_of, above["crash headers"])


def goals(ratios_of, header_us):
    """Which of panicsig's modules meet the throughput goals: records/s
    at least 0.9× every floor's (interpreted and compiled), and at most
    100 µs for a crash header record above the floor run the same way."""
    ours = [m for m in header_us if m.startswith("panicsig")]
    print("\n| goal | modules that meet it |\n| --- | --- |")
    for log in LOGS:
        met = [m for m in ours if ratios_of[log][m] >= 0.9]
        print(f"| ≥ 0.9× the floor's records/s, {log} | {', '.join(met) or 'none'} |")
    met = [m for m in ours if header_us[m] <= 100]
    print(f"| ≤ 100 µs per crash header record | {', '.join(met) or 'none'} |")


if __name__ == "__main__":
    main()
