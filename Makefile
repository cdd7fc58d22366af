# lksmatch — every set-up step lives here, so `make demo` and `make test` work on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# Reference data: LKSMATCH_DATA_DIR if set; in our development layout the sibling
# ../shared/data folder is used when it exists; otherwise lksmatch downloads the pinned
# files once and caches them in data/cache/.
ifeq ($(origin LKSMATCH_DATA_DIR), undefined)
  ifneq ($(wildcard ../shared/data/boundaries),)
    export LKSMATCH_DATA_DIR := $(abspath ../shared/data)
  endif
endif

.PHONY: demo test lint typecheck unit venv clean browser data axe

# axe-core (the accessibility rules engine) for the browser suite's WCAG audit, pinned; a set-up
# step from the npm registry (the tests never download).
AXE_VERSION := 4.14.1
AXE := .tools/node_modules/axe-core/axe.min.js

# The browser tests drive Debian's Chromium and ChromeDriver; install them when missing
# (needs root or sudo; without them the browser tests are skipped with a message).
browser:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  echo "installing Debian's chromium and chromium-driver for the browser tests"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium chromium-driver \
	    || echo "could not install chromium: the browser tests will be skipped"; \
	fi

venv: $(STAMP)

axe: $(AXE)

$(AXE):
	@command -v npm >/dev/null || { echo "npm is needed to install axe-core for the accessibility tests"; exit 2; }
	npm install --silent --no-audit --no-fund --prefix .tools axe-core@$(AXE_VERSION)

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# The reference data, fetched once and verified (a set-up step: the tests never download).
# With LKSMATCH_DATA_DIR set this only checks that the folder holds the pinned files.
data: $(STAMP)
	$(BIN)/lksmatch data fetch

demo: $(STAMP)
	$(BIN)/lksmatch demo

lint: $(STAMP)
	$(BIN)/ruff check .

typecheck: $(STAMP)
	$(BIN)/mypy geo matching stats store demo lksmatch

unit: $(STAMP) browser data axe
	$(BIN)/pytest

test: lint typecheck unit

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .tools
