# panicsig — `make demo` and `make test` do all set-up on a fresh machine.
SHELL := /bin/bash
CARGO ?= cargo
BIN := target/release/panicsig

.PHONY: demo test setup lint unit readme bench clean

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

## Everything CI checks.
test: setup lint unit

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --locked --all-targets -- -D warnings

unit:
	$(CARGO) test --locked

## Rewrite the generated catalog section of the README.
readme:
	PANICSIG_BLESS=1 $(CARGO) test --locked --test readme

clean:
	$(CARGO) clean
