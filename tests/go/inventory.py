#!/usr/bin/env python3
"""Every crash message a Go toolchain's sources can print, as a table.

usage: inventory.py GO   (a `go` binary or a GOROOT)   (make inventory GO=...)

Reads the toolchain's own src/ (every Go release ships it) and prints, one
row per call site, tab-separated: version, package, file:line, kind,
message, function. `kind` is how the message reaches a log:

  fatal   throw / fatal / fatalthrow / fatalpanic text: `fatal error: M`
  panic   panic("M"), panic(errors.New("M")), panic(plainError("M")),
          panic(fmt.Sprintf("M", ...)) and friends: `panic: M`
  runtime panic(errorString("M")) and the bounds-error formats:
          `panic: runtime error: M`

A message built at run time keeps its literal parts; format verbs stay as
they are (`%d`, `%v`, `%x`, `%y` for the bounds formats), and a
concatenation `"a" + x + "b"` becomes `a%vb`. `function` is the function
whose body holds the call, named as a Go traceback names it
(`runtime.(*mheap).grow`, `math/big.nat.div`; a closure is named by the
function around it): the frame under the panic or throw in a real crash.

Packages: the runtime (and internal/runtime), sync, reflect and the
standard library a service uses (see PACKAGES), restricted to those a
program importing them links (`go list -deps`): generators, commands,
`_`-prefixed and testdata directories, test files and files marked
`//go:build ignore` are left out. Files for every platform count.
"""

import os
import re
import subprocess
import sys

PACKAGES = [
    "runtime", "internal/runtime", "runtime/internal", "internal/sync", "sync", "reflect",
    "net/http", "encoding", "text/template", "html/template", "regexp", "time",
    "strings", "bytes", "context", "database/sql", "os/exec", "io", "bufio", "sort",
    "math/big", "unicode/utf8",
]

# Calls whose first argument is the message, and the kind it prints as.
CALLS = [
    (r"\bthrow\(", "fatal"),
    (r"\bfatal\(", "fatal"),
    (r"\bfatalthrow\(", "fatal"),
    (r"\bpanic\(errorString\(", "runtime"),
    (r"\bpanic\(plainError\(", "panic"),
    (r"\bpanic\(errors\.New\(", "panic"),
    (r"\bpanic\(fmt\.Sprintf\(", "panic"),
    (r"\bpanic\(fmt\.Errorf\(", "panic"),
    (r"\bpanic\(", "panic"),
]

STRING = r'"(?:[^"\\]|\\.)*"|`[^`]*`'


def goroot(arg):
    if os.path.isdir(os.path.join(arg, "src", "runtime")):
        return arg
    out = subprocess.run([arg, "env", "GOROOT"], capture_output=True, text=True, check=True)
    return out.stdout.strip()


def linked_packages(root):
    """The import paths, under PACKAGES, of the packages a program that
    imports every public package of PACKAGES links."""
    go = os.path.join(root, "bin", "go")
    # Debian's GOROOT links src/ elsewhere; `go list ./...` patterns do
    # not follow the link, so the tree it points into is named instead.
    real = os.path.dirname(os.path.realpath(os.path.join(root, "src")))
    env = dict(os.environ, GOROOT=real, GOTOOLCHAIN="local", GOFLAGS="")
    listed = subprocess.run(
        [go, "list", *(p + "/..." for p in PACKAGES)],
        capture_output=True, text=True, check=True, env=env, cwd=real,
    ).stdout.split()
    public = [p for p in listed if "internal" not in p.split("/")]
    deps = subprocess.run(
        [go, "list", "-deps", "-f", "{{if ne .Name \"main\"}}{{.ImportPath}}{{end}}", *public],
        capture_output=True, text=True, check=True, env=env, cwd=real,
    ).stdout.split()
    under = lambda p: any(p == q or p.startswith(q + "/") for q in PACKAGES)
    return {p for p in deps if under(p)}


# A top-level function declaration: receiver (optional) and name.
FUNC = re.compile(r"^func\s*(?:\(\s*(?:\w+\s+)?(\*?)\s*([\w.]+)(\[[^\]]*\])?\s*\)\s*)?(\w+)", re.M)


def enclosing(text, pos, package):
    """The traceback name of the top-level function around `pos`."""
    found = None
    for m in FUNC.finditer(text, 0, pos):
        found = m
    if not found:
        return ""
    star, recv, generic, name = found.groups()
    if not recv:
        return f"{package}.{name}"
    recv = recv + ("[...]" if generic else "")
    return f"{package}.({star}{recv}).{name}" if star else f"{package}.{recv}.{name}"


def version(root):
    with open(os.path.join(root, "VERSION"), encoding="utf-8") as f:
        return f.readline().strip()


def literal(s):
    """The text of a Go string literal."""
    if s.startswith("`"):
        return s[1:-1]
    body = s[1:-1]
    return re.sub(r'\\(.)', lambda m: {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}.get(m.group(1), m.group(1)), body)


def message(args):
    """The message of a call's argument text: literals joined, other
    operands as `%v`; None when the argument holds no literal."""
    parts = re.split(r"(" + STRING + r")", args)
    out, seen = "", False
    for i, p in enumerate(parts):
        if i % 2 == 1:
            out += literal(p)
            seen = True
        else:
            p = p.strip().strip("+").strip()
            # Arguments after the format (`, x, y`) end the message.
            if "," in p and seen:
                break
            if p and seen:
                out += "%v"
    return out if seen else None


def call_args(text, start):
    """The argument text of the call whose `(` is at `start`."""
    depth, i = 0, start
    while i < len(text):
        c = text[i]
        if c in "\"`":
            m = re.compile(STRING).match(text, i)
            i = m.end() if m else i + 1
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return text[start + 1:i]
        i += 1
    return None


def rows(root):
    ver = version(root)
    linked = linked_packages(root)
    for pkg in PACKAGES:
        base = os.path.join(root, "src", pkg)
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames[:] = [d for d in dirnames if d not in ("testdata", "vendor")]
            for name in sorted(filenames):
                if not name.endswith(".go") or name.endswith("_test.go"):
                    continue
                path = os.path.join(dirpath, name)
                with open(path, encoding="utf-8", errors="replace") as f:
                    text = f.read()
                rel = os.path.relpath(path, os.path.join(root, "src"))
                package = os.path.dirname(rel)
                if package not in linked or re.search(r"^//go:build ignore$", text, re.M):
                    continue
                for m in re.finditer(r"\b(?:throw|fatal|fatalthrow|panic)\(", text):
                    line_start = text.rfind("\n", 0, m.start()) + 1
                    if text[line_start:m.start()].lstrip().startswith("//"):
                        continue
                    if text[line_start:m.start()].rstrip().endswith("func"):
                        continue
                    kind = next(k for pat, k in CALLS if re.compile(pat).match(text, m.start()))
                    args = call_args(text, m.end() - 1)
                    if args is None:
                        continue
                    inner = args
                    for wrapper in ("errorString(", "plainError(", "errors.New(", "fmt.Sprintf(", "fmt.Errorf("):
                        if inner.startswith(wrapper) and inner.endswith(")"):
                            inner = inner[len(wrapper):-1]
                    msg = message(inner)
                    if not msg:
                        continue
                    line = text.count("\n", 0, m.start()) + 1
                    yield (ver, package, f"{rel}:{line}", kind, msg, enclosing(text, m.start(), package))
    # The bounds-error formats of runtime/error.go.
    path = os.path.join(root, "src", "runtime", "error.go")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    for m in re.finditer(r"var boundsErrorFmts = \[\.\.\.\]string\{(.*?)\n\}", text, re.S):
        for lm in re.finditer(r":\s*(" + STRING + r")", m.group(1)):
            line = text.count("\n", 0, m.start(1) + lm.start()) + 1
            yield (ver, "runtime", f"runtime/error.go:{line}", "runtime", literal(lm.group(1)), "runtime.boundsError.Error")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__.split("\n\n")[1])
    root = goroot(sys.argv[1])
    print("version\tpackage\tsite\tkind\tmessage\tfunction")
    seen = set()
    for r in rows(root):
        if r in seen:
            continue
        seen.add(r)
        esc = r[4].replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
        print("\t".join((*r[:4], esc, r[5])))


if __name__ == "__main__":
    main()
