# The two commands a newcomer needs: `make run` and `make test`. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run test lint deploy-check bench bench-load clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime-installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime-installed

run: $(VENV)/.runtime-installed
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py first_login
	$(BIN)/python manage.py load_demo --if-empty
	@echo "Serving on http://127.0.0.1:$(PORT)/  (Ctrl-C stops it)"
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest

# Production settings must pass Django's deployment checks with zero warnings.
deploy-check: $(VENV)/.runtime-installed
	DJANGO_ENV=production SECRET_KEY=deploy-check-$$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n') \
	ALLOWED_HOSTS=clinic.example.org CSRF_TRUSTED_ORIGINS=https://clinic.example.org EMAIL_HOST=smtp.example.org \
	$(BIN)/python manage.py check --deploy --fail-level WARNING

# Benchmarks print their figures; they build scratch databases and leave yours alone.
bench: $(VENV)/.runtime-installed
	$(BIN)/python manage.py bench_suggest
	$(BIN)/python manage.py bench_clients
	$(BIN)/python manage.py bench_outcomes

# Requests per second under load (gunicorn + wrk) and the access log at millions of rows: PostgreSQL only,
# set DATABASE_URL. See README "Speed".
bench-load: $(VENV)/.runtime-installed
	$(BIN)/python manage.py bench_load
	$(BIN)/python manage.py bench_access_log --rows 5000000

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
