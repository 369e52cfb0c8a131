# Two entry points for a new machine (see README):
#   make compare   set everything up in .venv, then run `evalkit compare`
#   make test      set everything up in .venv, then run ruff, mypy and pytest
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.evalkit-installed

.PHONY: compare test setup clean

# The command that made the committed reports/ (README, "Reports"): a run writes
# its whole set of report files, so reports/ stays consistent and `make test`
# after `make compare` checks files that all come from this run.
compare: $(STAMP)
	$(BIN)/evalkit compare --ci --paired --report html

test: $(STAMP)
	$(BIN)/ruff check evalkit tests benchmarks
	$(BIN)/mypy
	$(BIN)/pytest -m "slow or not slow"

setup: $(STAMP)

# jiojio (GPL-3, ~2.1 GB when running) is not in `all`; it is installed here so that
# `make compare` and CI show every built-in.
# pkuseg 0.0.25 has no wheel and its setup.py imports numpy and Cython, so they
# are installed first and pkuseg is built against them without build isolation.
$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "evalkit needs Python 3.11 or newer: make PYTHON=python3.11 ...")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt numpy cython setuptools wheel
	$(BIN)/python -m pip install --quiet -c constraints.txt --no-build-isolation pkuseg
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[all,jiojio,test]"
	touch $(STAMP)

clean:
	rm -rf $(VENV)
