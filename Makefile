# Register ECTs: `make run` serves the service with demo data; `make test` runs every test.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: install chromium frontend static run serve worker migrate seed test test-fast lint format bench bench-finance bench-ab-bulk fuzz clean

install: $(VENV)/.installed chromium

# Browser tests drive Debian's Chromium through the playwright package (never `playwright install`).
# CI machines run as root, so apt-get can add it; elsewhere a warning says how to get it.
chromium:
	@test -x /usr/bin/chromium || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
		|| echo "warning: /usr/bin/chromium is missing and could not be installed (apt-get install chromium); browser tests will fail"

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

# GOV.UK Frontend's precompiled assets are committed in frontend/dist, so nothing here needs Node.js.
# After changing its version in package.json: `make frontend` (needs npm) refreshes them; commit the result.
frontend:
	npm install --no-audit --no-fund --silent
	$(PYTHON) frontend/build.py

static: install
	$(PY) manage.py collectstatic --noinput --verbosity 0

migrate: install
	$(PY) manage.py create_database
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo

# The worker (periodic and queued jobs, see README) runs in the background beside the web server and is stopped
# when the server stops (Ctrl-C included: a background job of a script ignores SIGINT, hence the trap).
run: seed static
	mkdir -p .data; $(PY) manage.py procrastinate worker >.data/worker.log 2>&1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	echo "Background worker started (pid $$worker, log in .data/worker.log)"; \
	$(PY) manage.py runserver 0.0.0.0:$(PORT)

# The background worker alone: periodic jobs (statuses that flip at midnight, statements becoming payable, nightly
# refreshes, TRS and GIAS) and queued tasks. `make run` already starts one beside the web server.
worker: migrate
	$(PY) manage.py procrastinate worker

# Tests are handed to the two workers one at a time. Not `--dist loadgroup`/`loadfile`: they key tests by node id,
# and schemathesis gives all of an operation-parametrized test's cases one node id, so all but one would silently
# not run.
test: install
	$(PY) -m ruff check .
	$(PY) -m pytest -n 2 -q

test-fast: install
	$(PY) -m pytest -q -x --reuse-db

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: install
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

bench: install
	$(PY) -m bench
	$(PY) -m bench --ab-bulk

# Schemathesis over the whole v3 contract with many more examples per operation than `make test` uses.
FUZZ_EXAMPLES ?= 300
fuzz: install
	SCHEMATHESIS_MAX_EXAMPLES=$(FUZZ_EXAMPLES) $(PY) -m pytest -p no:xdist -q api/v3/tests/test_schemathesis.py

clean:
	rm -rf $(VENV) .data node_modules

bench-finance: install
	$(PY) -m bench --finance

# 10,000 outcome rows checked and committed by the bulk upload jobs, against their targets.
bench-ab-bulk: install
	$(PY) -m bench --ab-bulk
