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

.PHONY: demo test lint typecheck unit venv clean

venv: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/lksmatch demo

lint: $(STAMP)
	$(BIN)/ruff check .

typecheck: $(STAMP)
	$(BIN)/mypy geo matching store lksmatch

unit: $(STAMP)
	$(BIN)/pytest

test: lint typecheck unit

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
