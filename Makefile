# Everyday commands. `make run` and `make test` are the two set-up commands of
# README.md: both install everything on a fresh machine first.
PY      := .venv/bin/python
RASA    := .venv/bin/rasa
UV_VERSION := 0.13.8

.PHONY: install run train shell test lint validate unit stories nlu-eval bench lock clean \
	db test-postgres

install: .venv/.installed

.venv/.installed: requirements/dev.lock packages/de_referral_nlp/pyproject.toml
	scripts/install.sh $(UV_VERSION)
	touch $@

## Train only when data, domain, config or the spaCy package changed: Rasa 3
## itself writes a new model on every call, even when nothing changed.
TRAINING_INPUTS := config.yml domain.yml $(shell find data -name '*.yml') data/nlu/knowledge.yml \
	packages/de_referral_nlp/de_referral_nlp/__init__.py bot/linear_intents.py

train: install models/.trained

## The knowledge base's questions as NLU training data: data/nlu/knowledge.yml
## is generated from knowledge/ (docs/knowledge-base.md); `make train` does this too.
.PHONY: kb
kb: install
	$(PY) -m bot.knowledge.nlu_export

data/nlu/knowledge.yml: $(wildcard knowledge/*.yml knowledge/entries/*.yml) data/nlu/entities.yml \
		| .venv/.installed
	$(PY) -m bot.knowledge.nlu_export

models/.trained: $(TRAINING_INPUTS) .venv/.installed
	$(RASA) train --quiet
	touch $@

run: train
	scripts/run.sh

shell: train
	scripts/run.sh shell

## Create or upgrade the database (DATABASE_URL, default referral.db) to the
## newest migration. scripts/run.sh does this too, before starting the bot.
db: install
	$(PY) -m bot.migrate upgrade

## Replace all rows with the deterministic German demo data (bot/demo_data.py):
## three programs, the showcase cases and 3,000 referrers. Needs `make db` first.
.PHONY: demo-data
demo-data: install
	$(PY) -m bot.demo_data --reset

## An account for the agent console: `make agent USER=max NAME=Max` (asks for
## the password twice). USER must be given on the command line: the shell's
## own $USER is never taken.
.PHONY: agent
agent: install
	@if [ "$(origin USER)" != "command line" ] || [ -z "$(NAME)" ]; then \
	  echo "usage: make agent USER=max NAME=Max" >&2; exit 2; fi
	$(PY) -m bot.agents create "$(USER)" --name "$(NAME)"

## Delete conversations older than the retention (CONVERSATION_RETENTION_DAYS,
## default 90; DAYS=30 overrides) from the tracker store: bot/retention.py.
.PHONY: prune-conversations
prune-conversations: install
	$(PY) -m bot.retention $(if $(DAYS),--days $(DAYS))

## The metrics report (containment, fallback rate, handoff reasons, first
## response, CSAT, top intents per program) as one HTML file: DAYS=7 overrides.
.PHONY: report
report: install
	$(PY) -m web.report $(if $(DAYS),--days $(DAYS))

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
test: lint validate train web-deps browser-deps
	$(PY) -m pytest
	$(MAKE) --no-print-directory stories

## The database-backed tests once more against a throwaway PostgreSQL cluster
## (scripts/postgres.sh, stopped also on failure): everything marked `db`
## (all of tests/db) or `server` (real Rasa and action servers).
test-postgres: install train web-deps browser-deps
	@set -e; trap 'bash scripts/postgres.sh stop' EXIT; trap 'exit 130' INT TERM; \
	bash scripts/postgres.sh start; \
	TEST_DATABASE_URL="$$(bash scripts/postgres.sh url)" $(PY) -m pytest -m "db or server"

bench: train
	$(PY) -m tools.bench

## Re-resolve the pinned lock file after editing requirements/*.in.
lock:
	python3 -m uv pip compile --python-version 3.11 --no-header \
	  --override requirements/overrides.txt requirements/dev.in -o requirements/dev.lock

clean:
	rm -rf models reports results .pytest_cache

## ---- Web app and chat widget (web/, docs/widget.md) ----
.PHONY: web web-deps browser-deps test-browser

## The socket.io browser client from the npm registry (exact versions in
## web/package.json, web/package-lock.json without download URLs) into web/node_modules.
web-deps: web/node_modules/.installed

web/node_modules/.installed: web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund
	touch $@

## Debian's chromium and chromium-driver for the browser tests (tests marked
## `browser`). Runs apt-get only when /usr/bin/chromium is missing, and only as root.
browser-deps:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    chromium chromium-driver fonts-dejavu-core; \
	else echo "Chromium is missing: run 'sudo make browser-deps'." >&2; exit 1; fi

## Only the web app (demo pages with the widget) on WEB_PORT (default 8080);
## `make run` starts it too, next to Rasa.
web: install web-deps
	$(PY) -m web

## Only the widget's tests: channel, web app, headless Chromium (starts Rasa).
test-browser: install train web-deps browser-deps
	$(PY) -m pytest tests/test_web_app.py tests/test_socketio_channel.py \
	  tests/server/test_widget_channel.py tests/server/test_widget_browser.py
