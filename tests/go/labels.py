#!/usr/bin/env python3
"""Build tests/fixtures/gen/labels.tsv from the generated fixtures.
usage: labels.py GEN_DIR GEN_LOG [GEN_LOG...]   (GEN_LOG = stdout of gen.sh, for exit codes
       and toolchain versions), e.g.
  tests/go/labels.py tests/fixtures/gen tests/fixtures/gen/gen.log > tests/fixtures/gen/labels.tsv"""
import glob, json, os, re, sys

GEN = sys.argv[1]
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')


def catalog_classes():
    """Case -> slug of the catalog entry whose `examples` list a generated
    fixture of that case (`gen/go1.NN/<case>[.<traceback>].txt`): the
    catalog, not this script, says what each case must be classified as.
    A case listed by two entries is an error."""
    out = {}
    for f in sorted(glob.glob(os.path.join(ROOT, 'catalog', '*.json'))):
        with open(f, encoding='utf-8') as fh:
            entries = json.load(fh)
        for e in entries if isinstance(entries, list) else []:
            if not isinstance(e, dict) or 'slug' not in e:
                continue
            for ex in e.get('examples', []):
                m = re.match(r'gen/go[0-9.]+/([^/.]+)(?:\.[a-z]+)?\.txt$', ex)
                if not m:
                    continue
                prev = out.setdefault(m.group(1), e['slug'])
                if prev != e['slug']:
                    sys.exit(f"{m.group(1)}: an example of both {prev} and {e['slug']}")
    return out


CLASS = catalog_classes()
# cgo-export-panic: the _cgoexp_ frame is only printed with GOTRACEBACK=system
# or higher, but the _Cfunc_ frame of the C call below it always is.
#
# zap and logrus output (tests/go/loggers/) that panicsig classifies right
# but gets wrong otherwise (tests/common/mod.rs, KNOWN_WRONG): no catalog
# examples, their class is given here. Logger panics get the crash site,
# culprit or message wrong; a recovered panic zap logged is found only in
# JSON mode.
CLASS_OVERRIDE = {(c, 'default'): 'application-panic' for c in (
    'zap-panic', 'zap-dpanic', 'zap-console-panic', 'logrus-panic', 'logrus-json-panic')}
CLASS_OVERRIDE[('zap-recovered', 'default')] = 'recovered-panic-stack'
TEST_CASES = {'test-timeout'}

# Exact toolchain of runs logged before gen.sh logged its toolchain lines
# (Debian golang-1.19/1.21/1.23 under /usr/lib/go-1.NN).
LEGACY_GOVERSION = {'go1.19': 'go1.19.8', 'go1.21': 'go1.21.13', 'go1.23': 'go1.23.5'}

# From gen.sh's output: exit codes from its summaries
#   "go1.23 case: [tb rc=N Nl] ..."
# and the exact version from the toolchain line before them
#   "go1.23 = go1.23.9 /usr/lib/go-1.23/bin/go"
# (the last run of a case wrote its files).
rcs = {}
fullver = {}
for log in sys.argv[2:]:
    cur = {}
    for line in open(log):
        line = line.rstrip('\n')
        m = re.match(r'^(go1\.\d+) = (go\S+) ', line)
        if m:
            cur[m.group(1)] = m.group(2); continue
        m = re.match(r'^(go1\.\d+) (\S+): (.*)$', line)
        if not m: continue
        found = re.findall(r'\[(\w+) rc=(\d+) \d+l\]', m.group(3))
        if found and m.group(1) in cur:
            fullver[(m.group(1), m.group(2))] = cur[m.group(1)]
        elif found:
            fullver.pop((m.group(1), m.group(2)), None)
        for tb, rc in found:
            rcs[(m.group(1), m.group(2), tb)] = rc

GOVER = {}
for d in glob.glob(os.path.join(GEN, 'go1.*')):
    short = os.path.basename(d)
    GOVER[short] = LEGACY_GOVERSION.get(short) or \
        os.popen(f'/usr/lib/go-{short[2:]}/bin/go env GOVERSION').read().strip()

def esc(s):
    return s.replace('\\', '\\\\').replace('\t', '\\t').replace('\r', '\\r').replace('\n', '\\n')

def split_func(line):
    """'main.(*T).F(0x1, ...)' -> 'main.(*T).F' ; returns None if not a frame line."""
    if not line.endswith(')') or line.startswith(('goroutine ', 'created by ', '\t', ' ')):
        return None
    depth = 0
    for i in range(len(line) - 1, -1, -1):
        c = line[i]
        if c == ')': depth += 1
        elif c == '(':
            depth -= 1
            if depth == 0:
                return line[:i]
    return None

def is_runtime(fn, file):
    if fn.startswith(('runtime.', 'internal/runtime/', 'runtime/internal/')) or fn == 'panic':
        return True
    if re.search(r'/src/(internal/)?runtime/', file):   # e.g. sync.fatal, time.Sleep, sync.runtime_Semacquire
        return True
    return False

# A structured logger's own frames. Its Panic / DPanic (zap) or Panic
# (logrus) logs the record, then calls panic for the program: the crash
# site is the logger's frame that called panic (the first frame below it,
# as realworld/README.md labels crash functions), the culprit the
# program's frame that called the logger.
LOGGER_FRAMES = ('go.uber.org/zap.', 'go.uber.org/zap/', 'github.com/sirupsen/logrus.')

def is_logger(fn):
    return fn.startswith(LOGGER_FRAMES)

def is_user(fn):
    if is_logger(fn): return False
    if fn.startswith('main.'): return True
    first = fn.split('/')[0] if '/' in fn else fn.split('.')[0]
    return '.' in first

def parse_frames(lines):
    """lines of one goroutine block (after header) -> [(func, file:line)]"""
    out = []
    i = 0
    while i < len(lines):
        l = lines[i]
        # '' ends the block; GODEBUG=tracebackancestors adds sections
        # "[originating from goroutine N]:" of the creators' stacks
        if l == '' or l.startswith('[originating from goroutine '): break
        fn = split_func(l)
        if fn is not None and i + 1 < len(lines) and lines[i+1].startswith('\t'):
            loc = lines[i+1].strip()
            loc = re.sub(r' \+0x[0-9a-f]+.*$', '', loc)
            loc = re.sub(r' fp=0x.*$', '', loc)
            out.append((fn, loc)); i += 2; continue
        i += 1
    return out

GHDR = re.compile(r'^goroutine (\d+)(?: gp=\S+ m=\S+(?: mp=\S+)?)? \[([^\]]*)\]:$')

def goroutine_blocks(lines):
    blocks = []
    for i, l in enumerate(lines):
        m = GHDR.match(l)
        if m:
            blocks.append((m.group(1), m.group(2).split(',')[0], parse_frames(lines[i+1:]), i))
    return blocks

PROFILE_FRAME = re.compile(r'^#\t0x[0-9a-f]+\t(\S+?)\+0x[0-9a-f]+\t+(\S+:\d+)$')

def profile_blocks(lines):
    # goroutine profile (debug=1): "N @ 0x..." records of "#\t0xPC\tfunc+0xOFF\t\tfile:line" frames
    blocks = []
    for i, l in enumerate(lines):
        if re.match(r'^\d+ @( 0x[0-9a-f]+)+$', l):
            frames = []
            for f in lines[i+1:]:
                m = PROFILE_FRAME.match(f)
                if not m: break
                frames.append((m.group(1), m.group(2)))
            blocks.append(('', '', frames, i))
    return blocks

# the panic frame as a goroutine trace prints it, and as runtime.Callers
# names it (zap's stacktrace field, zap.Stack)
PANIC_FRAMES = ('panic', 'runtime.gopanic')

def crash_frame(frames):
    # frames below the LAST panic( frame, first one that is not runtime
    last = -1
    for k, (fn, loc) in enumerate(frames):
        if fn in PANIC_FRAMES: last = k
    for fn, loc in frames[last+1:]:
        if not is_runtime(fn, loc):
            return fn, loc
    return '', ''

def user_frame(frames):
    # first frame of the program's own code, searched from the crash site
    # (below the last panic( frame) like the corpus labels, then the whole stack
    last = -1
    for k, (fn, loc) in enumerate(frames):
        if fn in PANIC_FRAMES: last = k
    for fn, loc in frames[last+1:] + frames[:last+1]:
        if is_user(fn) and not loc.startswith('_testmain.go'): return fn, loc
    return '', ''

def record_fields(line):
    """The fields of a structured log record: a JSON object, or logfmt
    (slog's text handler, logrus' text formatter); {} for other lines."""
    fields = {}
    if line.startswith('{'):
        try:
            fields = json.loads(line)
        except ValueError:
            return {}
        return fields if isinstance(fields, dict) else {}
    for m in re.finditer(r'(\w+)=("(?:[^"\\]|\\.)*"|\S*)', line):
        v = m.group(2)
        try:
            fields[m.group(1)] = json.loads(v) if v.startswith('"') else v
        except ValueError:
            fields[m.group(1)] = v
    return fields


def structured_record(text):
    """A record (slog, zap, logrus) that logged a recovered panic with the
    stack taken while panicking (debug.Stack(): a `panic(` frame; zap's
    stacktrace field or zap.Stack: a `runtime.gopanic` one; also as an
    `error` object's `stack` beside its `message`), or a gRPC
    call whose error is go-grpc-middleware's `panic caught: VALUE`, a blank
    line and the stack: (its line, the panic value, the stack's lines),
    else None."""
    for line in text.split('\n'):
        fields = record_fields(line)
        for key in ('stack', 'stacktrace'):
            stack = fields.get(key)
            if isinstance(stack, str) and 'panic' in fields and \
                    ('panic(' in stack or '\nruntime.gopanic\n' in stack):
                return line, str(fields['panic']), stack.split('\n')
        # ECS / Datadog: an `error` object with the value and the stack.
        err = fields.get('error')
        if isinstance(err, dict) and isinstance(err.get('stack'), str) and \
                'panic(' in err['stack'] and isinstance(err.get('message'), str):
            return line, err['message'], err['stack'].split('\n')
        # go-grpc-middleware v2: its PanicError's text in grpc.error.
        err = fields.get('grpc.error')
        if isinstance(err, str) and err.startswith('panic caught: ') and '\n\n' in err:
            value, stack = err[len('panic caught: '):].split('\n\n', 1)
            return line, value, stack.split('\n')
    return None


def bare_frames(lines):
    """zap's stack format (its stacktrace field, zap.Stack): a function
    line without arguments, then `\tfile:line`."""
    return [(lines[i], lines[i+1].strip()) for i in range(len(lines) - 1)
            if lines[i] and not lines[i].startswith('\t') and lines[i+1].startswith('\t')]


LOGRUS_ENTRY = re.compile(r'^\(\*logrus\.Entry\) 0x[0-9a-f]+$')

def logger_panic_message(lines, hi, value):
    """logrus' Panic panics with the *logrus.Entry, which the runtime prints
    as `(*logrus.Entry) 0x...`: the message is the `msg` of the record at
    level panic it logged just before."""
    if not LOGRUS_ENTRY.match(value):
        return value
    for l in reversed(lines[:hi]):
        f = record_fields(l)
        if str(f.get('level', '')).lower() == 'panic' and isinstance(f.get('msg'), str):
            return f['msg']
    return value


def record_label(rel, short, case, tb, line, value, stack):
    """The label of a fixture whose crash is one structured record: a
    recovered panic, its value and the stack's first goroutine."""
    gid = gstate = cfn = cloc = ufn = uloc = ''
    blocks = goroutine_blocks(stack)
    if blocks:
        gid, gstate, frames, _ = blocks[0]
        cfn, cloc = crash_frame(frames)
        ufn, uloc = user_frame(frames)
    else:
        frames = bare_frames(stack)
        cfn, cloc = crash_frame(frames)
        ufn, uloc = user_frame(frames)
    rc = rcs.get((short, case, tb), '')
    cls = CLASS_OVERRIDE.get((case, tb), CLASS.get(case, '?'))
    row = [rel, fullver.get((short, case)) or GOVER.get(short, short), case, 'panic', line, value, cls, cfn, cloc, gid, gstate, tb, rc, 'stderr', '', line, ufn, uloc]
    return '\t'.join(esc(x) for x in row)


def label(path):
    rel = os.path.relpath(path, GEN)
    short = rel.split('/')[0]
    base = os.path.basename(path)[:-4]
    parts = base.split('.')
    tb = 'default'
    if parts[-1] in ('all', 'system', 'crash', 'none', 'single'):
        tb = parts[-1]; case = '.'.join(parts[:-1])
    else:
        case = base
    text = open(path, encoding='utf-8', errors='replace').read()
    rec = structured_record(text)
    if rec is not None:
        return record_label(rel, short, case, tb, *rec)
    # A terminal's CR LF line ends, or their CR shown as `^M`, are not
    # part of the crash (terminal-crlf, terminal-caret-m).
    # The block's first line is given as printed.
    raw_lines = text.split('\n')
    lines = [re.sub(r'(?:\r|\^M)+$', '', l) for l in raw_lines]
    kind = first = msg = block = gid = gstate = cfn = cloc = ufn = uloc = ''
    hi = None
    http_value = None
    for i, l in enumerate(lines):
        if l.startswith('WARNING: DATA RACE'):
            kind, hi = 'race', i; break
        # net/http's recovery log line, HTTP/1 or its bundled HTTP/2 server:
        # `2024/01/01 10:00:00 http2: panic serving ADDR: VALUE`.
        m = re.search(r'\bhttp2?: panic serving [^ ]+: (.*)$', l)
        if m:
            kind, hi, http_value = 'panic', i, m.group(1); break
        if l.startswith('panic: '):
            kind, hi = 'panic', i; break
        if l.startswith('fatal error: '):
            kind, hi = 'fatal', i; break
        if re.match(r'^SIG[A-Z]+: ', l):
            kind = 'dump' if l.startswith(('SIGQUIT', 'SIGABRT')) else 'signal'
            hi = i; break
    bare = False
    if hi is None:
        # a dump without a header: pprof debug=2 or runtime.Stack(all)
        # goroutine blocks, or a pprof debug=1 goroutine profile
        for i, l in enumerate(lines):
            if GHDR.match(l) or l.startswith('goroutine profile: total '):
                kind, hi, bare = 'dump', i, True; break
    if hi is None:
        kind = 'none'
    else:
        first = lines[hi]
        if kind == 'race':
            block = lines[hi-1] if hi > 0 and lines[hi-1].startswith('====') else first
            msg = lines[hi+1].rstrip(':')
            m = re.search(r'by (?:goroutine (\d+)|main goroutine)', msg)
            gid = (m.group(1) or '1') if m else ''
            m = re.search(r'^Goroutine %s \((\w+)\)' % gid, text, re.M)
            gstate = m.group(1) if m else ('running' if gid == '1' else '')
            # first access stack: indented frames "  fn()\n      file:line +0x"
            fr = []
            j = hi + 2
            while j + 1 < len(lines) and lines[j].startswith('  ') and not lines[j].startswith('      '):
                fr.append((lines[j].strip()[:lines[j].strip().rfind('(')], re.sub(r' \+0x.*$', '', lines[j+1].strip())))
                j += 2
            cfn, cloc = next(((f, l) for f, l in fr if not is_runtime(f, l)), ('', ''))
            ufn, uloc = user_frame(fr)
        else:
            # block starts at the runtime: lines directly preceding the header
            b = hi
            while b > 0 and (lines[b-1].startswith(('runtime: ', 'unexpected fault address', 'object=', ' *(object'))):
                b -= 1
            block = raw_lines[b]
            if kind == 'panic' and http_value is not None:
                msg = http_value
            elif kind == 'panic':
                v = first[len('panic: '):]
                v = re.sub(r' \[recovered(?:, repanicked)?\]$', '', v)   # go1.25+: ", repanicked"
                vlines = [v]
                for l in lines[hi+1:]:
                    # Before Go 1.23 a value's own blank lines print as
                    # they are: the value ends at the stacks, not at them.
                    ends = l == '' and short >= 'go1.23'
                    if ends or l.startswith('\tpanic: ') or l.startswith('[signal ') or l.startswith('goroutine '):
                        break
                    # Go 1.23 prints further lines of a multi-line value
                    # after a tab that is not part of the value.
                    vlines.append(l[1:] if short >= 'go1.23' and l.startswith('\t') else l)
                while short < 'go1.23' and len(vlines) > 1 and vlines[-1] == '':
                    vlines.pop()
                # A value starting with a newline prints as `panic: ` alone:
                # the message is the text after it, as for a value's
                # trailing whitespace.
                msg = logger_panic_message(lines, hi, '\n'.join(vlines).lstrip('\n'))
            elif kind == 'fatal':
                msg = first[len('fatal error: '):]
            elif bare and not first.startswith('goroutine profile: '):
                msg = ''
            else:
                msg = first
            blocks = goroutine_blocks(lines[hi:]) or profile_blocks(lines[hi:])
            if blocks:
                gid, gstate, frames, _ = blocks[0]
                cfn, cloc = crash_frame(frames)
                ufn, uloc = user_frame(frames)
                if not ufn:
                    for _, _, fr, _ in blocks[1:]:
                        ufn, uloc = user_frame(fr)
                        if ufn: break
            # A dump crashed nowhere, unless its signal came from C code
            # (abort() in a cgo call): then the calling goroutine did.
            if kind == 'dump' and 'signal arrived during cgo execution' not in lines[hi:hi+4]:
                cfn = cloc = ''
    rc = rcs.get((short, case, tb), '')
    stream = 'stdout' if case in TEST_CASES else 'stderr'
    cls = CLASS_OVERRIDE.get((case, tb), CLASS.get(case, '?'))
    # Go 1.25+ reports a wild address faulted in runtime code as
    # `unexpected fault address` + `fatal error: fault`.
    if case == 'unexpected-signal-runtime' and msg == 'fault':
        cls = 'unexpected-fault-address'
    if kind == 'none': cls = 'none'
    row = [rel, fullver.get((short, case)) or GOVER.get(short, short), case, kind, first, msg, cls, cfn, cloc, gid, gstate, tb, rc, stream, '', block, ufn, uloc]
    return '\t'.join(esc(x) for x in row)

hdr = 'file\tgo_version\tcase\tkind\tfirst_line\tmessage\texpected_class\tcrash_function\tcrash_file_line\tgoroutine_id\tgoroutine_state\ttraceback\texit_code\tstream\tother_file\tblock_first_line\tuser_function\tuser_file_line'
rows = [label(p) for p in sorted(glob.glob(os.path.join(GEN, 'go1.*', '*.txt')))]
print(hdr)
print('\n'.join(rows))
