# Everyday commands. `make run` and `make test` are the two set-up commands of
# README.md: both install everything on a fresh machine first.
PY      := .venv/bin/python
RASA    := .venv/bin/rasa
UV_VERSION := 0.13.8

.PHONY: install run train shell test lint validate unit stories nlu-eval bench lock clean

install: .venv/.installed

.venv/.installed: requirements/dev.lock packages/de_referral_nlp/pyproject.toml
	scripts/install.sh $(UV_VERSION)
	touch $@

## Train only when data, domain, config or the spaCy package changed: Rasa 3
## itself writes a new model on every call, even when nothing changed.
TRAINING_INPUTS := config.yml domain.yml $(shell find data -name '*.yml') \
	packages/de_referral_nlp/de_referral_nlp/__init__.py

train: install models/.trained

models/.trained: $(TRAINING_INPUTS) .venv/.installed
	$(RASA) train --quiet
	touch $@

run: train
	scripts/run.sh

shell: train
	scripts/run.sh shell

lint: install
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

validate: install
	$(RASA) data validate --fail-on-warnings

stories: train
	$(RASA) test core --stories tests/stories --fail-on-prediction-errors --out reports/stories

nlu-eval: train
	$(PY) -m tools.nlu_eval

## The whole suite: lint, data validation, training, pytest (unit, NLU
## quality, real servers), test stories.
test: lint validate train
	$(PY) -m pytest
	$(MAKE) --no-print-directory stories

bench: train
	$(PY) -m tools.bench

## Re-resolve the pinned lock file after editing requirements/*.in.
lock:
	python3 -m uv pip compile --python-version 3.11 --no-header \
	  --override requirements/overrides.txt requirements/dev.in -o requirements/dev.lock

clean:
	rm -rf models reports results .pytest_cache
