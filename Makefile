# The two commands of the README: `make release` and `make test`. Both create .venv
# and install the project from pyproject.toml when it is missing or out of date.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: release test bench lint eval

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

release: $(STAMP)
	$(BIN)/policy-records release

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python bench/run.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy policy_records flows

# Scores on the project's own evaluation set (38 unseen-style texts) and on the seed gold (../shared).
SCORER := ../shared/eval/score.py
eval: $(STAMP)
	rm -rf .cache/eval
	$(BIN)/policy-records release --no-prefect --no-expectations --raw tests/fixtures/eval/raw \
		--dist .cache/eval/dist --pointer .cache/eval/datapackage.json > /dev/null
	python3 $(SCORER) --package .cache/eval/datapackage.json --raw tests/fixtures/eval/raw \
		--gold tests/fixtures/eval/gold.json --show 5
	python3 $(SCORER) --package datapackage.json --raw raw --gold ../shared/gold/seeds.json --show 5
