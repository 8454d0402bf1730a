# lorarepl — the two commands of the README are `make demo` and `make test`.
# Both install what is missing, build, fetch the demo assets, and are fast when nothing changed.

SWIFT        ?= swift
# One build configuration for the binary and the tests: optimised, with internal symbols visible
# to @testable imports, so `make test` reuses what `make demo` built.
BUILD_FLAGS  := -c release -Xswiftc -enable-testing
BIN          := .build/release/lorarepl
export LORAREPL_HOME ?= $(HOME)/.cache/lorarepl

.PHONY: all deps mpi-deps assets build demo test test-mpi bench fuzz fuzz-smoke clean

all: build

deps:
	@missing=""; for p in libopenblas-dev libedit-dev unzip; do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; fi; \
	if ! command -v pip3 >/dev/null 2>&1 && ! command -v pip >/dev/null 2>&1 && ! python3 -m pip --version >/dev/null 2>&1; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-pip; fi

# Open MPI for the data-parallel tests (docs/distributed.md); lorarepl itself loads it only under mpirun.
mpi-deps:
	@missing=""; for p in openmpi-bin libopenmpi-dev; do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; fi

assets: deps
	@scripts/fetch-assets.sh

build: deps
	$(SWIFT) build $(BUILD_FLAGS) --product lorarepl

demo: build assets
	$(BIN) --version
	$(BIN) run notebooks/sentiment-lora.lnb

test: deps mpi-deps assets
	$(SWIFT) build $(BUILD_FLAGS) --build-tests
	$(SWIFT) test $(BUILD_FLAGS) --skip-build
	@scripts/test-notebooks.sh $(BIN)
	@Tests/MPI/run.sh $(BIN)

# Only the data-parallel tests (2 ranks on this machine).
test-mpi: mpi-deps
	$(SWIFT) build $(BUILD_FLAGS) --product lorarepl
	@Tests/MPI/run.sh $(BIN)

bench: build assets
	$(SWIFT) build $(BUILD_FLAGS) --product lorarepl-bench
	.build/release/lorarepl-bench

# libFuzzer harnesses (docs/reliability.md): FUZZ_SECONDS per harness (default 600).
FUZZ_SECONDS ?= 600
fuzz: deps
	@scripts/fuzz.sh build
	@scripts/fuzz.sh run $(FUZZ_SECONDS)

# CI: build the harnesses and run each for a few seconds, so they cannot rot.
fuzz-smoke: deps
	@scripts/fuzz.sh build
	@scripts/fuzz.sh run 5

clean:
	rm -rf .build
