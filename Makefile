# Two commands for a fresh machine: `make serve` (install, build, serve with live reload)
# and `make test` (install test tools and a browser if missing, run every test).
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

CHART_RUNTIME := plugins/academy/site/assets/vega-runtime.js

.PHONY: serve build test lint chromium clean

$(BIN)/mkdocs: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --editable .
	touch $@

# JavaScript the site is built with, from the npm registry (Node.js is on every machine we use).
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The chart runtime served to readers: Vega without the Vega-Lite compiler (specs are compiled at build time).
$(CHART_RUNTIME): js/vega-runtime.mjs node_modules/.installed
	npm run --silent build:charts

$(VENV)/.test-tools: $(BIN)/mkdocs
	$(BIN)/python -m pip install --quiet --editable '.[test]'
	touch $@

serve: $(BIN)/mkdocs $(CHART_RUNTIME)
	$(BIN)/mkdocs serve --livereload --dev-addr 127.0.0.1:8000

build: $(BIN)/mkdocs $(CHART_RUNTIME)
	$(BIN)/mkdocs build --strict

# Browser tests drive Debian's Chromium; install it when missing and we may (CI runs as root).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium is missing: install Debian's chromium package (browser tests need it)"; fi; }

# ruff and mypy, configured in pyproject.toml; `make test` runs them too, as part of the suite.
lint: $(VENV)/.test-tools
	$(BIN)/python -m pytest tests/test_lint.py

# node_modules also holds ical.js (the calendar parser behind Thunderbird) for the calendar tests.
# One pytest-xdist worker per core, each test module whole on one worker (its built site is built once);
# `.venv/bin/python -m pytest tests/test_x.py` runs a module on its own, in one process.
test: $(VENV)/.test-tools $(CHART_RUNTIME) chromium node_modules/.installed
	$(BIN)/python -m pytest --numprocesses auto --dist loadscope

clean:
	rm -rf site $(VENV) node_modules $(CHART_RUNTIME)
