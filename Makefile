# planwatch — the two entry points are `make run` and `make test` (see README.md).
SHELL := /bin/bash
JOBS ?= $(shell nproc)
BUILD ?= build
CMAKE_FLAGS ?=
FUZZ_SECONDS ?= 20
PLANWATCH := $(BUILD)/src/cli/planwatch

.PHONY: all deps build run test test-release test-asan fuzz fuzz-build bench golden-update lint clean

all: build

deps:
	@bash scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

run: build
	@echo
	@echo "== planwatch: importing the demo plan (demo/plan-demo.txt) =="
	@$(PLANWATCH) import demo/plan-demo.txt
	@echo
	@echo "The web server and demo logins arrive with issue #3 (monitoring core and HTTP API)."
	@echo "Try: $(PLANWATCH) import --json demo/plan-demo.txt"

# Every test: release build + ctest (unit, golden, seed scoring), sanitizer build + ctest, short fuzz runs.
test: test-release test-asan fuzz
	@echo "make test: all suites passed"

test-release: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-asan: deps
	@cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DPLANWATCH_SANITIZE=ON -DPLANWATCH_BENCH=OFF >/dev/null
	@cmake --build build-asan -j $(JOBS)
	@cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j $(JOBS)

fuzz-build: deps
	@CC=clang-14 CXX=clang++-14 cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DPLANWATCH_FUZZ=ON -DPLANWATCH_TESTS=OFF -DPLANWATCH_BENCH=OFF \
	  -DCMAKE_C_FLAGS="-fsanitize=fuzzer-no-link,address,undefined" \
	  -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link,address,undefined" >/dev/null
	@cmake --build build-fuzz -j $(JOBS)

# Short runs in `make test`; a longer run: make fuzz FUZZ_SECONDS=600
fuzz: fuzz-build
	@bash fuzz/run.sh build-fuzz $(FUZZ_SECONDS)

bench: build
	@$(BUILD)/bench/planwatch_bench --benchmark_counters_tabular=true

golden-update: build
	@python3 tests/golden/run_golden.py --update $(PLANWATCH) tests/golden/*/*/

lint: build
	@run-clang-tidy-14 -p $(BUILD) -quiet 'src/.*\.cpp' 2>/dev/null || clang-tidy-14 -p $(BUILD) src/*/*.cpp

clean:
	@rm -rf build build-asan build-fuzz
