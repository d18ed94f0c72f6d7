#!/usr/bin/env python3
"""The shipped example pipelines in the real shippers, over every fixture.

    python3 tests/e2e/run.py fluent-bit [MODULE [HEAP]]   (make fluent-bit-e2e)
    python3 tests/e2e/run.py vector                       (make vector-e2e)

Each fixture (tests/fixtures/{corpus,gen,realworld}/**.txt and the negative
ones) is tailed from its own file through the example's multiline joining
and the panicsig step (the wasm filter, the VRL program). Then, per file:

- no record is lost: the lines of its records, in order, are the file's
  (empty lines aside: Fluent Bit's multiline engine drops those outside a
  record);
- every record is what `panicsig annotate` makes of it: its annotation
  removed, the record goes through the CLI, and the two must be equal.

MODULE is the Fluent Bit module to load (dist/fluent-bit/panicsig.wasm
by default; an ahead-of-time compiled `.aot` file too), HEAP the filter's
`wasm_heap_size` (the `wamr-heap` module's copies of the records go there).

Needs `fluent-bit` / `vector` on PATH (or FLUENT_BIT / VECTOR set to the
binary); says that it skipped otherwise. Not part of `make test`: neither
shipper is built there (docs/fluent-bit.md and examples/vector/README.md, "End-to-end", say
how to build them).
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CLI = ROOT / "target" / "debug" / "panicsig"
ADDED = ("go_panic", "go_panic_incident")


def added(record):
    """What panicsig added to a record. Incident ids hash the record's
    time, which the shipper and the CLI see differently: only whether
    one is there counts."""
    out = {}
    for k in ADDED:
        if k not in record:
            continue
        v = record[k]
        if isinstance(v, dict):
            v = {a: b for a, b in v.items() if a != "incident_id"}
        else:
            v = "(linked)"
        out[k] = v
    return out


def fixtures():
    out = []
    for d in ("corpus", "gen", "realworld"):
        out += sorted((ROOT / "tests/fixtures" / d).rglob("*.txt"))
    out += sorted((ROOT / "tests/fixtures/negative").glob("*.txt"))
    return out


def stage(tmp):
    """Copy each fixture to its own flat name; returns {name: original}.
    A paste may end without a newline; a file a service writes does not,
    and both shippers' tail inputs hold an unterminated last line back
    until its newline comes. The copy gets one."""
    names = {}
    for f in fixtures():
        name = str(f.relative_to(ROOT / "tests/fixtures")).replace("/", "__")
        data = f.read_bytes()
        if data and not data.endswith(b"\n"):
            data += b"\n"
        (tmp / "in" / name).write_bytes(data)
        names[name] = f
    return names


def run_fluent_bit(binary, tmp, module, heap):
    conf = tmp / "fluent-bit.conf"
    heap_line = f"\n    wasm_heap_size    {heap}" if heap else ""
    conf.write_text(f"""[SERVICE]
    flush         1
    grace         2
    log_level     warn
    parsers_file  {ROOT}/examples/fluent-bit/parsers_multiline.conf

[INPUT]
    name              tail
    path              {tmp}/in/*.txt
    read_from_head    true
    path_key          file
    buffer_max_size   8M
    multiline.parser  go_crash
    tag               fx.*

[FILTER]
    name              wasm
    match             fx.*
    wasm_path         {module}
    function_name     go_panic_filter
    accessible_paths  .{heap_line}

[OUTPUT]
    name    file
    match   *
    path    {tmp}/out
    file    records.json
    format  plain
""")
    (tmp / "out").mkdir()
    # Not `exit_on_eof`: Fluent Bit 5.1.1 stops before the multiline
    # parser flushes its last record (and crashes at that shutdown). Run
    # until the output has not grown for a while, past `flush_timeout`.
    return run_until_quiet([binary, "-c", str(conf)], tmp / "out/records.json")


def run_until_quiet(cmd, out):
    import time
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    last, stable = -1, 0
    while stable < 4:
        time.sleep(2)
        if p.poll() is not None:
            sys.exit(f"{cmd[0]} exited with {p.returncode}")
        size = out.stat().st_size if out.exists() else 0
        stable = stable + 1 if size == last and size > 0 else 0
        last = size
    p.terminate()
    p.wait(timeout=60)
    return [json.loads(l) for l in out.read_text().splitlines() if l]


def run_vector(binary, tmp):
    import re
    yaml = (ROOT / "examples/vector/vector.yaml").read_text()
    start = re.search(r"start_pattern: '(.*)'", yaml).group(1)
    cond = re.search(r"condition_pattern: '(.*)'", yaml).group(1)
    conf = tmp / "vector.yaml"
    conf.write_text(f"""data_dir: {tmp}/data
sources:
  fx:
    type: file
    include: ["{tmp}/in/*.txt"]
    read_from: beginning
    fingerprint:
      strategy: device_and_inode
    multiline:
      start_pattern: '{start}'
      mode: continue_through
      condition_pattern: '{cond}'
      timeout_ms: 1000
transforms:
  go_panic:
    type: remap
    inputs: [fx]
    file: {ROOT}/examples/vector/panicsig.vrl
sinks:
  out:
    type: file
    inputs: [go_panic]
    path: {tmp}/out/records.json
    encoding:
      codec: json
""")
    (tmp / "out").mkdir()
    (tmp / "data").mkdir()
    # Vector does not stop at the end of a file either.
    return run_until_quiet([binary, "--config", str(conf), "--quiet"], tmp / "out/records.json")


def main():
    which = sys.argv[1] if len(sys.argv) > 1 else ""
    env, text_key = {"fluent-bit": ("FLUENT_BIT", "log"), "vector": ("VECTOR", "message")}.get(
        which, (None, None))
    if env is None:
        sys.exit("usage: run.py fluent-bit|vector")
    binary = os.environ.get(env) or shutil.which(which)
    if not binary:
        print(f"{which}-e2e: skipped, `{which}` is not on PATH (set {env} to its binary)")
        return
    module = Path(sys.argv[2]).resolve() if len(sys.argv) > 2 else ROOT / "dist/fluent-bit/panicsig.wasm"
    heap = sys.argv[3] if len(sys.argv) > 3 else None
    version = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout
    what = version.splitlines()[0] if version else binary
    if which == "fluent-bit":
        what += f", {module.relative_to(ROOT) if module.is_relative_to(ROOT) else module}"
        what += f", wasm_heap_size {heap}" if heap else ""
    print(f"{which}-e2e: {what}")
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        (tmp / "in").mkdir()
        names = stage(tmp)
        records = run_fluent_bit(binary, tmp, module, heap) if which == "fluent-bit" else run_vector(binary, tmp)
        by_file = {}
        file_key = "file"
        for r in records:
            name = Path(r.get(file_key, "")).name
            by_file.setdefault(name, []).append(r)
        lost, wrong, annotated = [], [], 0
        for name, original in names.items():
            got = by_file.get(name, [])
            lines = []
            for r in got:
                # A joined record ends with its last line's newline.
                text = str(r.get(text_key, ""))
                lines += (text[:-1] if text.endswith("\n") else text).split("\n")
            want = original.read_text(errors="replace").splitlines()
            # Fluent Bit's multiline engine never flushes an empty line
            # outside a record (it has no bytes to flush): empty lines do
            # not count, every other line must be there, in order.
            kept = lambda ls: [l.rstrip("\r") for l in ls if l.strip()]
            if kept(lines) != kept(want):
                lost.append(f"{name}: {len(want)} lines in, {len(lines)} out")
            # The records without their annotation, through the CLI.
            bare = [{text_key: r.get(text_key, "")} for r in got]
            stdin = "".join(json.dumps(b) + "\n" for b in bare)
            cli = subprocess.run([str(CLI), "annotate", "--key", text_key], input=stdin,
                                 capture_output=True, text=True, check=True)
            expect = [json.loads(l) for l in cli.stdout.splitlines() if l]
            for r, e in zip(got, expect):
                mine, theirs = added(r), added(e)
                if which == "vector":
                    # A remap program sees one event: it cannot link the
                    # records after a crash to it (examples/vector/README.md).
                    theirs.pop("go_panic_incident", None)
                annotated += "go_panic" in mine
                if mine != theirs:
                    wrong.append(f"{name}: {which} {json.dumps(mine)[:300]}\n  cli {json.dumps(theirs)[:300]}")
        print(f"{which}-e2e: {len(names)} files, {len(records)} records, "
              f"{annotated} annotated, {len(lost)} with lost lines, {len(wrong)} mismatches")
        for m in lost + wrong:
            print("  " + m)
        if lost or wrong:
            sys.exit(1)


if __name__ == "__main__":
    main()
