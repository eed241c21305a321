# planwatch — the two entry points are `make run` and `make test` (see README.md).
SHELL := /bin/bash
JOBS ?= $(shell nproc)
BUILD ?= build
FUZZ_SECONDS ?= 20
PLANWATCH := $(BUILD)/src/cli/planwatch
# Golden cases: every tests/golden/<area>/<case>/ holding an input.<ext>; `make golden-update CASES=dir...`
# rewrites only the given ones.
CASES ?= $(sort $(dir $(wildcard tests/golden/*/*/input.*)))

export JOBS FUZZ_SECONDS

.PHONY: all deps build run test test-release test-asan fuzz bench bench-store bench-http golden-update lint clean

all: build

deps:
	@bash scripts/install-deps.sh

define configure
	@mkdir -p $(BUILD)
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >$(BUILD)/configure.log 2>&1 \
	  || { cat $(BUILD)/configure.log; exit 1; }
endef

build: deps
	$(configure)
	@cmake --build $(BUILD) -j $(JOBS)

# Builds the planwatch binary and serves the API with the demo organisation, users and plan on the
# embedded SQLite database in ./data (PORT=8080 by default); prints the URL and the demo logins.
PORT ?= 8080
run: deps
	$(configure)
	@cmake --build $(BUILD) -j $(JOBS) --target planwatch
	@exec $(PLANWATCH) serve --demo --data data --port $(PORT)

# Every test: release build + ctest (unit, golden, CLI errors, seed scoring), ASan/UBSan build + ctest,
# FUZZ_SECONDS per fuzz target. Every stage runs; the summary lists each and the exit status is 1 if any failed.
test: deps
	@bash scripts/test.sh release asan fuzz

test-release: deps
	@bash scripts/test.sh release

test-asan: deps
	@bash scripts/test.sh asan

# Short runs in `make test`; a longer run: make fuzz FUZZ_SECONDS=600
fuzz: deps
	@bash scripts/test.sh fuzz

bench: build
	@$(BUILD)/bench/planwatch_bench --benchmark_counters_tabular=true

bench-store: build
	@bash scripts/pg-test-cluster.sh start >/dev/null
	@PLANWATCH_BENCH_PG_URL=$$(bash scripts/pg-test-cluster.sh url) PLANWATCH_BENCH_DIR=$(BUILD)/bench-data \
	  $(BUILD)/bench/planwatch_store_bench --benchmark_counters_tabular=true

bench-http: build
	@bash bench/http_bench.sh $(BUILD)

golden-update: build
	@python3 tests/golden/run_golden.py --update $(PLANWATCH) $(CASES)

# clang-tidy over src/ with the rules in .clang-tidy (not part of `make test`). The compile database comes from
# GCC; -Wno-unknown-warning-option lets clang-tidy skip GCC-only warning flags.
lint: build
	@run-clang-tidy-14 -p $(BUILD) -j $(JOBS) -quiet -extra-arg=-Wno-unknown-warning-option '$(CURDIR)/src/.*\.cpp$$'

clean:
	@rm -rf build build-asan build-fuzz
