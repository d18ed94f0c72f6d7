#!/usr/bin/env python3
"""Build the demo logs from real Go output in tests/fixtures.

Each log wraps real crash output the way a pipeline delivers it (plain
file, Kubernetes CRI, docker json-file, journald) between ordinary
application lines. Re-run after the fixtures change:
    python3 examples/logs/generate.py
"""
import json
import pathlib

root = pathlib.Path(__file__).resolve().parents[2]
fx = root / "tests" / "fixtures"
out = pathlib.Path(__file__).resolve().parent


def lines(rel):
    return (fx / rel).read_text().splitlines()


app = lines("negative/mixed-app-log.txt")

# 1. A plain service log: two crashes of the same handler (recovered by
#    net/http), a nil-map write that kills the process, a restart.
api = app[:40] + lines("corpus/go1.23.5/http-handler-panic.txt") + app[40:80]
api += lines("corpus/go1.23.5/http-handler-panic.txt") + app[80:120]
api += lines("corpus/go1.23.5/nil-map-write.txt") + ["exit status 2"] + app[120:160]
(out / "api-server.log").write_text("\n".join(api) + "\n")

# 2. Kubernetes CRI log of a pod in a crash loop.
def cri(ls, second):
    return [f"2026-11-24T03:07:{second:02d}.{i:06d}000Z stderr F {l}" for i, l in enumerate(ls)]

k8s = cri(app[:20], 1)
k8s += cri(lines("gen/go1.23/concurrent-map-writes.txt"), 2)
k8s += cri(app[20:40], 9)
k8s += cri(lines("gen/go1.23/concurrent-map-writes.txt"), 11)
(out / "k8s-cri.log").write_text("\n".join(k8s) + "\n")

# 3. docker json-file: one record per line.
def docker(ls):
    return [json.dumps({"log": l + "\n", "stream": "stderr", "time": "2026-11-24T03:07:02.000000001Z"}) for l in ls]

dj = docker(app[:10]) + docker(lines("gen/go1.23/deadlock-chan-receive.txt"))
dj += docker(app[10:20]) + docker(lines("corpus/go1.23.5/data-race.txt"))
(out / "docker-json.log").write_text("\n".join(dj) + "\n")

# 4. journald: a worker that exhausts its file descriptors, then one that
#    recurses forever.
def journald(ls):
    return [f"Nov 24 03:07:02 worker-3 ingest[4121]: {l}" for l in ls]

jd = journald(app[:15]) + journald(lines("corpus/go1.23.5/too-many-open-files.txt"))
jd += journald(app[15:30]) + journald(lines("gen/go1.23/stack-overflow-recursion.txt")[:60])
(out / "worker-journald.log").write_text("\n".join(jd) + "\n")

# 5. A raw (unwrapped) service log with the shapes Fluent Bit's built-in
#    `go` multiline parser does not join: a fatal error with Go 1.21+
#    `gp=` goroutine headers, a SIGQUIT dump and a race report.
raw = app[:10] + lines("gen/go1.23/concurrent-map-iteration-write.txt") + app[10:20]
raw += lines("corpus/go1.23.5/sigquit-dump.txt")[:40] + app[20:30]
raw += lines("corpus/go1.23.5/data-race.txt") + app[30:40]
(out / "service-raw.log").write_text("\n".join(raw) + "\n")
