# Two commands matter (see README): `make run` and `make test`. Both set up first.
# `make results` renders docs/eval/README.md from the saved figures (seconds); `make measure`
# re-measures those figures first (an hour or more; see benchmarks/README.md).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
CORPUS ?= examples/articles
INDEX ?= index
HOST ?= 127.0.0.1
PORT ?= 7860
MH ?= ../shared/bench/multihop-rag
DEV_CORPUS ?= ../shared/corpus
MEASURE_DIR ?= /tmp/assistant-measure
EVAL_DIR := docs/eval
AXE_VERSION := 4.14.1
AXE_JS := $(VENV)/axe/node_modules/axe-core/axe.min.js
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False

.PHONY: setup run test lint bench results measure growth clean-index

# CPU torch first: anything that pulls torch in later would otherwise fetch the CUDA build.
$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e ".[all,dev]"
	touch $@

setup: $(VENV)/.installed
	@# Debian's chromium, for the browser test (tests/test_browser.py skips without it).
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium) \
		|| echo "note: could not install chromium (not root?); the browser test will be skipped"
	@# axe-core from the npm registry, for the browser test's accessibility scan.
	@test -f $(AXE_JS) || (command -v npm >/dev/null && npm install -q --no-audit --no-fund \
		--prefix $(VENV)/axe axe-core@$(AXE_VERSION) >/dev/null) \
		|| echo "note: could not install axe-core (no npm?); the accessibility scan will be skipped"

# Index $(CORPUS), then serve the UI and the API on http://$(HOST):$(PORT)/ (Ctrl-C stops it).
run: setup
	$(BIN)/assistant index "$(CORPUS)" --index-dir "$(INDEX)"
	$(BIN)/python app.py --index-dir "$(INDEX)" --host "$(HOST)" --port "$(PORT)"

test: setup
	$(BIN)/ruff check assistant tests scripts benchmarks research eval app.py
	$(BIN)/python -m pytest -q -ra

bench: setup
	$(BIN)/python benchmarks/bench_index.py

# The results page from the figures already saved in $(EVAL_DIR): no index, no model.
results:
	$(PYTHON) benchmarks/results_page.py

# The growth curves (synthetic articles, near-free embedder; about an hour on 2 cores).
# GROWTH_SIZES=10000,100000,1000000 adds the million-chunk row (about 2.5 hours more, 25 GB of disk).
GROWTH_SIZES ?= 10000,100000
growth: setup
	$(BIN)/python benchmarks/bench_growth.py --sizes $(GROWTH_SIZES) --out $(EVAL_DIR)
	$(MAKE) results

# Re-measure every figure of the results page, then render it. Indexes live in
# $(MEASURE_DIR); the retrained ranker goes there too (the shipped one is left alone),
# and RESULTS files (article text) stay there, out of $(EVAL_DIR).
measure: setup
	mkdir -p "$(MEASURE_DIR)"
	$(BIN)/assistant index "$(MH)/corpus.json" --index-dir "$(MEASURE_DIR)/mh" --no-progress
	$(BIN)/python -u scripts/train_ranker.py --index-dir "$(MEASURE_DIR)/mh" --queries "$(MH)/queries_dev.json" \
		--out "$(MEASURE_DIR)/ranker.txt" --holdout-out "$(MEASURE_DIR)/mh-holdout.json" > "$(MEASURE_DIR)/ranker_cv.log" 2>&1
	grep -v '^  ' "$(MEASURE_DIR)/ranker_cv.log" > $(EVAL_DIR)/ranker_cv.txt
	$(BIN)/assistant eval "$(MEASURE_DIR)/mh-holdout.json" --format multihop-rag --index-dir "$(MEASURE_DIR)/mh" \
		-k 10 --baseline --baseline-cache "$(MEASURE_DIR)/mh-baseline" --no-answer --no-progress \
		--out "$(MEASURE_DIR)/multihop-holdout.jsonl" --report $(EVAL_DIR)/multihop-holdout
	$(BIN)/assistant eval "$(MH)/queries_dev.json" --format multihop-rag --index-dir "$(MEASURE_DIR)/mh" \
		-k 10 --baseline --baseline-cache "$(MEASURE_DIR)/mh-baseline" --no-answer --ranker none --no-progress \
		--out "$(MEASURE_DIR)/multihop-dev.jsonl" --report $(EVAL_DIR)/multihop-dev
	$(BIN)/assistant eval "$(MH)/queries_dev.json" --format multihop-rag --index-dir "$(MEASURE_DIR)/mh" \
		-k 10 --no-progress --out "$(MEASURE_DIR)/multihop-dev-answers.jsonl" --report $(EVAL_DIR)/multihop-dev-answers
	$(BIN)/assistant index "$(DEV_CORPUS)" --index-dir "$(MEASURE_DIR)/dev" --no-progress
	$(BIN)/assistant eval eval/dev_qa.jsonl --index-dir "$(MEASURE_DIR)/dev" --baseline \
		--baseline-cache "$(MEASURE_DIR)/dev-baseline" --no-progress --out "$(MEASURE_DIR)/dev-qa.jsonl" \
		--report $(EVAL_DIR)/dev-qa
	$(BIN)/python benchmarks/bench_search.py --index-dir "$(MEASURE_DIR)/mh" --queries "$(MH)/queries_dev.json" \
		--limit 400 > $(EVAL_DIR)/bench_search.txt
	$(BIN)/python benchmarks/bench_index.py --corpus "$(MH)/corpus.json" > $(EVAL_DIR)/bench_index.txt
	$(MAKE) results

clean-index:
	rm -rf "$(INDEX)"/chroma "$(INDEX)"/lexical "$(INDEX)"/manifest.json
