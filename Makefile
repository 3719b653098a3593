# Two commands matter (see README): `make run` and `make test`. Both set up first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
CORPUS ?= examples/articles
INDEX ?= index
HOST ?= 127.0.0.1
PORT ?= 7860
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False

.PHONY: setup run test lint bench clean-index

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

# Index $(CORPUS), then serve the UI and the API on http://$(HOST):$(PORT)/ (Ctrl-C stops it).
run: setup
	$(BIN)/assistant index "$(CORPUS)" --index-dir "$(INDEX)"
	$(BIN)/python app.py --index-dir "$(INDEX)" --host "$(HOST)" --port "$(PORT)"

test: setup
	$(BIN)/ruff check assistant tests scripts app.py
	$(BIN)/python -m pytest -q -ra

bench: setup
	$(BIN)/python scripts/bench_index.py

clean-index:
	rm -rf "$(INDEX)"/chroma "$(INDEX)"/lexical "$(INDEX)"/manifest.json
