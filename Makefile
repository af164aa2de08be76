# Two commands: `make demo` (set up, generate, load, build, summary) and
# `make test` (everything CI runs). Python 3.10+ is the only prerequisite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: setup demo test lint build dashboard clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/attribution demo

build: $(STAMP)
	$(BIN)/attribution build

dashboard: $(STAMP)
	$(BIN)/attribution dashboard

lint: $(STAMP)
	$(BIN)/sqlfluff lint --processes 0 models macros tests/dbt analyses

test: lint
	$(BIN)/python -m pytest

clean:
	rm -rf warehouse data/demo target logs
