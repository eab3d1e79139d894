# Together — the two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app app
HOST ?= 127.0.0.1
PORT ?= 5000
WORKERS ?= 2

.PHONY: run dev test bench lint format install install-test clean translations

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --upgrade pip

$(VENV)/.installed: $(VENV)/bin/python pyproject.toml
	$(PY) -m pip install -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install -e '.[test]'
	touch $@

# Lighthouse for the browser tests' scores (pinned: 13 wants a newer Node than Debian's)
LIGHTHOUSE := tools/lighthouse/node_modules/.bin/lighthouse
$(LIGHTHOUSE): tools/lighthouse/package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed for Lighthouse: apt-get install -y npm"; exit 1; }
	cd tools/lighthouse && npm ci --no-audit --no-fund --loglevel=error

install: $(VENV)/.installed
	$(VENV)/bin/pybabel compile -d planner/translations

install-test: $(VENV)/.installed-test $(LIGHTHOUSE)

## Set up, migrate, load the activity library; serve with gunicorn on http://127.0.0.1:5000 and run
## one reminder sender beside it (honcho + Procfile: stopping one stops both)
run: install
	$(FLASK) db upgrade
	$(FLASK) library sync
	$(FLASK) progress summarise
	WEB_COMMAND="$(VENV)/bin/gunicorn --config gunicorn.conf.py --workers $(WORKERS) --bind $(HOST):$(PORT) app:app" \
	FLASK_COMMAND="$(FLASK)" $(VENV)/bin/honcho start -f Procfile

## Development server with the reloader and debugger (never expose it)
dev: install
	$(FLASK) db upgrade
	$(FLASK) library sync
	$(FLASK) progress summarise
	$(FLASK) run --debug --host $(HOST) --port $(PORT)

## The whole test suite (set TEST_DATABASE_URL to run it on PostgreSQL)
test: install-test
	$(PY) -m pytest

## Benchmarks that print their figures
bench: install-test
	$(PY) bench/bench_planning.py
	$(PY) bench/plan_quality.py
	$(PY) bench/bench_http.py
	$(PY) bench/bench_progress.py
	@if [ -n "$$BENCH_DATABASE_URL" ]; then $(PY) bench/bench_households.py; \
	else echo "bench_households.py needs PostgreSQL: set BENCH_DATABASE_URL=postgresql+psycopg://... to run it"; fi
	$(PY) bench/bench_reminders.py
	$(PY) bench/bench_i18n.py

## Extract every message, update the es/fr (and pseudo) catalogues, compile them (see README "Languages")
translations: $(VENV)/.installed
	$(VENV)/bin/pybabel extract -F babel.cfg -k lazy_gettext -k _l -k N_ -o planner/translations/messages.pot --no-location --sort-output -w 100 --project Together .
	$(VENV)/bin/pybabel update -i planner/translations/messages.pot -d planner/translations --no-fuzzy-matching --ignore-obsolete -w 100
	$(PY) -m planner.pseudo_locale planner/translations/messages.pot
	$(VENV)/bin/pybabel compile -d planner/translations
	$(FLASK) library translations

lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-test
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) .pytest_cache tools/lighthouse/node_modules
