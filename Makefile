# Everyday commands. `make run` and `make test` are the two set-up commands of
# README.md: both install everything on a fresh machine first.
PY      := .venv/bin/python
RASA    := .venv/bin/rasa
UV_VERSION := 0.13.8

.PHONY: help install run train shell test test-fast lint validate stories nlu-eval bench lock clean \
	db test-postgres

## List the targets with the first sentence of their description.
help:
	@awk '/^## ---/{ next } /^## /{ doc = doc " " substr($$0, 4); next } /^\.PHONY/{ next } \
	  /^[a-z][a-z-]*:/{ if (doc) { sub(/\. .*/, ".", doc); \
	    printf "  make %-20s%s\n", substr($$1, 1, length($$1) - 1), doc } } \
	  { doc = "" }' $(MAKEFILE_LIST)

## Install Python packages into .venv (scripts/install.sh; once, and after lock changes).
install: .venv/.installed

.venv/.installed: requirements/dev.lock packages/de_referral_nlp/pyproject.toml
	scripts/install.sh $(UV_VERSION)
	touch $@

## Train only when data, domain, config or the spaCy package changed: Rasa 3
## itself writes a new model on every call, even when nothing changed.
TRAINING_INPUTS := config.yml domain.yml $(shell find data -name '*.yml') data/nlu/knowledge.yml \
	packages/de_referral_nlp/de_referral_nlp/__init__.py \
	bot/dialect.py nlu_components/linear_intents.py .venv/.spacy-base

## Which spaCy base package the pipeline finds (de_referral_nlp uses
## de_core_news_sm when it is installed): the file changes only when that
## does, so installing or removing the package retrains.
.PHONY: FORCE
.venv/.spacy-base: FORCE | .venv/.installed
	@$(PY) -c "import importlib.metadata as m, pathlib; p = pathlib.Path('$@'); \
	  names = sorted(d.metadata['Name'] + '==' + d.version for d in m.distributions() \
	    if d.metadata['Name'].replace('-', '_').startswith('de_core_news')); \
	  text = '\n'.join(names) + '\n'; \
	  p.write_text(text) if not p.exists() or p.read_text() != text else None"

## Train the Rasa model when its inputs changed (models/), and fit the
## knowledge-base matcher when its questions changed (.cache/kb-matcher/).
train: install models/.trained
	$(PY) -m bot.knowledge.matcher

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

## Install, train if needed, start action server, Rasa and web app (scripts/run.sh).
run: train
	scripts/run.sh

## Chat with the bot in the terminal.
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

## ruff check and format check.
lint: install
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

## rasa data validate, warnings count as errors.
validate: install
	$(RASA) data validate --fail-on-warnings

## Rasa's test stories (tests/stories) against the trained model.
stories: train
	$(RASA) test core --stories tests/stories --fail-on-prediction-errors --out reports/stories

## NLU scores on the held-out, dev and public evaluation sets (tools/nlu_eval.py).
nlu-eval: train
	$(PY) -m tools.nlu_eval

## The whole suite: lint, data validation, training, pytest (unit, NLU
## quality, real servers), test stories.
test: lint validate train web-deps browser-deps
	$(PY) -m pytest
	$(MAKE) --no-print-directory stories

## Only the tests that start no server or browser and take under a few
## seconds each (the edit-test loop).
test-fast: install
	$(PY) -m pytest -m "not server and not browser and not slow"

## The database-backed tests once more against a throwaway PostgreSQL cluster
## (scripts/postgres.sh, stopped also on failure): everything marked `db`
## (all of tests/db) or `server` (real Rasa and action servers).
test-postgres: install train web-deps browser-deps
	@set -e; trap 'bash scripts/postgres.sh stop' EXIT; trap 'exit 130' INT TERM; \
	bash scripts/postgres.sh start; \
	TEST_DATABASE_URL="$$(bash scripts/postgres.sh url)" $(PY) -m pytest -m "db or server"

## Benchmarks: this bot side by side with the stock `rasa init` bot (throughput,
## latency at 1, 10 and 50 customers at once, memory), NLU, training time
## (tools/bench.py, docs/performance.md). Options in BENCH_ARGS, e.g.
## BENCH_ARGS="--skip-train --concurrency 1,10 --profiles embedded,prod".
bench: train
	$(PY) -m tools.bench $(BENCH_ARGS)

## Re-resolve the pinned lock file after editing requirements/*.in.
lock:
	python3 -m uv pip compile --python-version 3.11 --no-header \
	  --override requirements/overrides.txt requirements/dev.in -o requirements/dev.lock

## Remove trained models and reports.
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

## Only the widget's and console's browser tests: channel, web app, headless Chromium (starts Rasa).
test-browser: install train web-deps browser-deps
	$(PY) -m pytest tests/test_web_app.py tests/test_socketio_channel.py \
	  tests/server/test_widget_channel.py tests/server/test_widget_browser.py \
	  tests/server/test_rasa_webchat_browser.py tests/test_chat_contract.py \
	  tests/test_console_browser.py

## ---- Production profile (scripts/prod.sh, docs/deployment.md) ----
.PHONY: prod prod-stop prod-deps test-prod

## The production profile in the foreground: PostgreSQL, Redis, two Rasa and
## two action servers behind nginx on http://127.0.0.1:8088 (PROD_PORT); Ctrl-C stops it.
prod: train web-deps prod-deps
	scripts/prod.sh run

## Stop a production profile that was left running (scripts/prod.sh start).
prod-stop:
	scripts/prod.sh stop

## Debian's redis-server, nginx-light and postgresql for the production profile
## (apt-get only when one is missing, and only as root).
prod-deps:
	@scripts/prod.sh deps

## The tests marked `prod` (tests/prod): the production profile is started
## once (stopped also on failure), then two Rasa processes, WebSocket and the failure cases.
test-prod: install train web-deps browser-deps prod-deps
	$(PY) -m pytest -m prod tests/prod
