# Abdi — the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_EMPLOYEES ?= 2000
DEMO_SEED ?= 42
DEMO_PASSWORD ?= abdi-demo-2026

.PHONY: run test install migrate demo lint format bench bench-tools bench-season bench-table clean vendor messages mutation

# Local runs need a secret key (Abdi refuses to start without one when DEBUG is off): one random
# key per checkout, kept in var/secret_key. Production sets DJANGO_SECRET_KEY itself.
export DJANGO_SECRET_KEY ?= $(shell test -s var/secret_key || (mkdir -p var && umask 077 && $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > var/secret_key); cat var/secret_key)

$(BIN)/activate: requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	touch $(BIN)/activate

install: $(BIN)/activate

migrate: install
	@mkdir -p var
	@echo "==> [1/4] Menyiapkan basis data (migrate)…"
	@set -o pipefail; $(PY) manage.py migrate --noinput -v 1 | grep --line-buffered -E "Applying|No migrations"
	@$(PY) manage.py createcachetable

demo: migrate
	@echo "==> [2/4] Mengisi data demo ($(DEMO_EMPLOYEES) pegawai; beberapa menit pada basis data kosong)…"
	@$(PY) manage.py seed_demo --if-empty --employees $(DEMO_EMPLOYEES) --seed $(DEMO_SEED) --password $(DEMO_PASSWORD)

# Sets everything up, seeds the demo agency on an empty database, serves on $(HOST):$(PORT)
# with a task worker beside it, prints the demo logins once the server answers, and sends the
# access log to var/access.log so that the table stays on screen.
run: demo
	@echo "==> [3/4] Mengumpulkan berkas statis (collectstatic)…"
	@$(PY) manage.py collectstatic --noinput -v 0
	@echo "==> [4/4] Menjalankan Abdi di http://$(HOST):$(PORT)/ …"
	@set -m; \
	$(PY) manage.py db_worker --interval 1 --no-reload & worker=$$!; \
	$(BIN)/gunicorn config.wsgi --bind $(HOST):$(PORT) --workers 2 --threads 4 --no-control-socket \
	  --access-logfile var/access.log --log-level warning & server=$$!; \
	trap 'kill $$worker $$server 2>/dev/null' EXIT INT TERM; \
	for i in $$(seq 1 60); do $(PY) -c "import urllib.request as u; u.urlopen('http://$(HOST):$(PORT)/healthz', timeout=2)" 2>/dev/null && break; sleep 1; done; \
	$(PY) manage.py demo_logins --password $(DEMO_PASSWORD) --url http://$(HOST):$(PORT)/; \
	echo ""; \
	echo "Log akses: var/access.log (tail -f var/access.log). Peringatan dan galat tampil di sini."; \
	echo "Hentikan dengan Ctrl+C."; \
	wait $$server

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Lint, then the whole suite (browser tests included) on SQLite, or on DATABASE_URL when set.
test: lint
	$(BIN)/lint-imports
	$(BIN)/mypy abdi config
	$(BIN)/python manage.py makemigrations --check --dry-run -v 0
	$(BIN)/pytest -q -n 2 --dist loadfile -m "not browser"
	$(BIN)/pytest -q -p no:xdist -m browser

# Seeds and measures the personnel pages (bench/run.py), then prints every figure in
# bench/results.json against its target (misses marked). The other benches are run on their own;
# see bench/README.md. Benches are never part of `make test`.
bench: install
	$(PY) bench/run.py
	$(PY) bench/figures.py

# Prints the figures of bench/results.json against their targets without running anything.
bench-table:
	$(PY) bench/figures.py

# The bench tools (locust, matplotlib, py-spy) live in .venv-bench, never in .venv: locust
# registers a pytest plugin and loads gevent. Pinned in requirements-bench.lock.
BENCH_VENV := .venv-bench
$(BENCH_VENV)/bin/locust: requirements-bench.lock
	test -x $(BENCH_VENV)/bin/python || $(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet -r requirements-bench.lock
	touch $(BENCH_VENV)/bin/locust

bench-tools: $(BENCH_VENV)/bin/locust

# The evaluation-season load test (locust, gunicorn, PostgreSQL, Redis, db_worker) on a database
# seeded once (SEASON_DB_URL); SEASON_ARGS e.g. "--servers 2" or "--users 60 --hold 30".
bench-season: install bench-tools
	$(PY) bench/season_load.py $(SEASON_ARGS)
	$(PY) bench/figures.py

# Mutation testing of the regulation rules (mutmut, configured in pyproject.toml), then the
# regulation data mutations (scripts/regulation_mutations.py). Long: not part of `make test`.
# Survivors are listed by `$(BIN)/mutmut results`; see docs/decisions/0020-*.md.
mutation: install
	rm -rf mutants
	$(BIN)/mutmut run --max-children 2 || true
	$(BIN)/mutmut results
	$(PY) scripts/regulation_mutations.py

# Collects new msgids into locale/en (keeping the translations), lists what is left to
# translate, and compiles the .mo (committed, so a fresh machine needs no gettext tools).
# See docs/decisions/0011-i18n.md.
messages: install
	$(PY) manage.py makemessages -l en --no-location --ignore=.venv --ignore=var --ignore=static \
	  --ignore=bench --ignore=test-artifacts
	$(PY) scripts/translate_check.py todo
	$(PY) manage.py compilemessages -l en --ignore=.venv
	$(PY) scripts/translate_check.py

vendor:
	./scripts/vendor_static.sh

clean:
	rm -rf var/abdi.sqlite3* var/staticfiles var/media
