# MAG Portal: `make demo` runs the portal with demo data, `make test` runs every check.
# Both set up everything they need on a fresh machine (a .venv with Python 3.12+).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
MANAGE := $(BIN)/python manage.py
TEST_SETTINGS := DJANGO_SETTINGS_MODULE=mag_portal.settings_test
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help demo serve test lint typecheck messages makemessages totp bench coverage clean check-python

help:
	@echo "make demo   set up, load demo data and serve the portal at http://$(HOST):$(PORT)"
	@echo "make test   set up and run ruff, mypy, makemigrations --check and the whole pytest suite"
	@echo "            (DATABASE_URL=postgres://postgres@127.0.0.1:5432/mag make test: on PostgreSQL)"
	@echo "make totp   print the current one-time code of the demo chair and Secretariat"

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null || { \
	  echo "MAG Portal needs Python 3.12 or newer, but '$(PYTHON)' is: $$($(PYTHON) --version 2>&1)."; \
	  echo "Install Python 3.12+ (for example 'pyenv install 3.12' or your system's python3.12 package),"; \
	  echo "then run: make $(or $(MAKECMDGOALS),demo) PYTHON=python3.12"; \
	  exit 1; }

$(STAMP): pyproject.toml | check-python
	@if [ -x $(BIN)/python ] && ! $(BIN)/python -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)'; then \
	  echo "Rebuilding $(VENV): it was made with an older Python."; rm -rf $(VENV); fi
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

messages: $(STAMP)
	@if command -v msgfmt >/dev/null 2>&1; then \
	  $(TEST_SETTINGS) $(MANAGE) compilemessages --ignore=.venv -v0; \
	else \
	  echo "gettext's msgfmt is missing: French and Spanish need it (apt-get install gettext)."; \
	  [ -z "$(REQUIRE_TRANSLATIONS)" ] || exit 1; \
	fi

makemessages: $(STAMP)
	$(TEST_SETTINGS) $(MANAGE) makemessages --ignore=.venv --ignore=tests -l fr -l es --no-obsolete

demo: $(STAMP) messages
	DEBUG=1 $(MANAGE) migrate --no-input -v0
	DEBUG=1 $(MANAGE) seed_demo
	@echo ""
	@echo "Serving MAG Portal at http://$(HOST):$(PORT)/ (Ctrl-C stops it)"
	DEBUG=1 $(MANAGE) runserver $(HOST):$(PORT)

serve: $(STAMP)
	DEBUG=1 $(MANAGE) runserver $(HOST):$(PORT)

totp: $(STAMP)
	@DEBUG=1 $(MANAGE) demo_totp

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy mag_portal membership onboarding

test: $(STAMP) lint typecheck
	$(TEST_SETTINGS) $(MANAGE) makemigrations --check --dry-run
	@$(MAKE) --no-print-directory messages REQUIRE_TRANSLATIONS=1
	$(BIN)/pytest -n auto $(PYTEST_ARGS)

coverage: $(STAMP) messages
	$(BIN)/coverage run -m pytest -m "not e2e and not bench" $(PYTEST_ARGS)
	$(BIN)/coverage report

bench: $(STAMP)
	$(BIN)/pytest tests/bench -m bench -s $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) staticfiles .test-media .mypy_cache .ruff_cache
