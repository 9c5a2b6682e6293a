# Two commands for a fresh machine: `make serve` (install, build, serve with live reload)
# and `make test` (install test tools and a browser if missing, run every test).
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test lint chromium clean

$(BIN)/mkdocs: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --editable .
	touch $@

$(VENV)/.test-tools: $(BIN)/mkdocs
	$(BIN)/python -m pip install --quiet --editable '.[test]'
	touch $@

serve: $(BIN)/mkdocs
	$(BIN)/mkdocs serve --livereload --dev-addr 127.0.0.1:8000

build: $(BIN)/mkdocs
	$(BIN)/mkdocs build --strict

# Browser tests drive Debian's Chromium; install it when missing and we may (CI runs as root).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium is missing: install Debian's chromium package (browser tests need it)"; fi; }

# ruff and mypy, configured in pyproject.toml; `make test` runs them too, as part of the suite.
lint: $(VENV)/.test-tools
	$(BIN)/python -m pytest tests/test_lint.py

test: $(VENV)/.test-tools chromium
	$(BIN)/python -m pytest

clean:
	rm -rf site $(VENV)
