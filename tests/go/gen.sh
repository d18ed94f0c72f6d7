#!/usr/bin/env bash
# Regenerate the real Go crash fixtures under tests/fixtures/gen/.
#
# For every installed toolchain /usr/lib/go-1.*/bin/go and every case
# directory here (or only the cases named as arguments), the module is copied
# to the fixed path /build/panicdemo (so file paths in stack traces do not
# depend on the checkout location), the case is built and run with a timeout,
# and its crash stream is written to
#   tests/fixtures/gen/go1.NN/<case>.txt        (default GOTRACEBACK)
#   tests/fixtures/gen/go1.NN/<case>.<tb>.txt   (each line of <case>/tracebacks)
#
# Optional per-case files:
#   min_go      minimum Go version, e.g. 1.21 (case skipped on older toolchains)
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
#
# Needs no network beyond loopback. Re-runnable; prints one line per case.
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT_ROOT=$(cd "$HERE/../fixtures" && pwd)/gen
BUILD=/build/panicdemo

export GOTOOLCHAIN=local GOPROXY=off GOSUMDB=off GOWORK=off GOFLAGS= GO111MODULE=on
unset GOTRACEBACK GODEBUG GOROOT
ulimit -c 0

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

toolchains=$(ls -d /usr/lib/go-1.*/bin/go 2>/dev/null | sort -t. -k2,2n)
[ -n "$toolchains" ] || { echo "no Go toolchains under /usr/lib/go-1.*" >&2; exit 1; }

for GO in $toolchains; do
  full=$("$GO" env GOVERSION)            # go1.23.5
  short=$(echo "$full" | sed -E 's/^(go[0-9]+\.[0-9]+).*/\1/')   # go1.23
  tv=$(vnum "${short#go}")
  outdir=$OUT_ROOT/$short
  mkdir -p "$outdir"

  rm -rf "$BUILD"; mkdir -p "$BUILD"
  cp -a "$HERE"/. "$BUILD"/
  rm -f "$BUILD/gen.sh"

  for c in "${cases[@]}"; do
    cdir=$BUILD/$c
    if [ ! -d "$cdir" ]; then echo "$short $c: no such case"; continue; fi
    if [ -f "$cdir/min_go" ] && [ "$(vnum "$(tr -d ' \n' <"$cdir/min_go")")" -gt "$tv" ]; then
      echo "$short $c: skipped (needs go$(tr -d ' \n' <"$cdir/min_go"))"; continue
    fi
    (
      build_flags=(); cgo=0; run_env=(); run_prefix=(); ulimit_v=; mode=build; test_flags=(); run_timeout=15; attempts=3
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
        try=0
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
          # without crashing: retry a few times
          if { [ "$rc" -ne 0 ] && [ -s "$out" ]; } || [ "$try" -ge "$attempts" ]; then break; fi
        done
        head=$(grep -m1 -E '^(panic: |fatal error: |SIG[A-Z]+: |WARNING: DATA RACE|--- FAIL|runtime: )' "$out" || true)
        summary+=" [$tb rc=$rc $(wc -l <"$out")l]"
        [ "$try" -gt 1 ] && summary+="(try $try)"
      done
      echo "$short $c:${summary} ${head:-<no crash header>}"
    )
  done
done
