# Mitra Pustaka task runner. `make run` and `make test` are the Quick start;
# the rest are helpers. Run `make help` for the list.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
APPS := portal news partners visits
STAMP_RUN := $(VENV)/.installed-run
STAMP_TEST := $(VENV)/.installed-test
# `make run` serves on 127.0.0.1:$(PORT); absolute links (calendar feeds,
# e-mails, canonical addresses) follow it unless DJANGO_BASE_URL is set.
PORT ?= 8000
RUN_ADDRESS = 127.0.0.1:$(PORT)
RUN_ENV = DJANGO_BASE_URL=$${DJANGO_BASE_URL:-http://$(RUN_ADDRESS)}
# vnu.jar and axe-core for the HTML and accessibility checks (npm, pinned in
# the folder's package-lock.json; node_modules is git-ignored).
CHECKERS := tests/browser/checkers
STAMP_CHECKERS := $(CHECKERS)/node_modules/.installed
# The loopback OpenID Connect provider of the SSO tests and `make sso-demo`
# (npm oidc-provider, pinned in the folder's package-lock.json).
SSO := scripts/sso
STAMP_SSO := $(SSO)/node_modules/.installed

.DEFAULT_GOAL := help
.PHONY: help run test coverage install install-test check-pages migrate demo lint lint-imports fmt migrations-check messages compile messages-check check-deploy browser-deps sso-demo bench scaleout loadtest security clean

help: ## Show this list
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  %-18s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP_RUN): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(STAMP_TEST): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@ $(STAMP_RUN)

install: $(STAMP_RUN) ## Create .venv and install the portal

# --ignore-scripts: vnu-jar's install script would download a Java runtime;
# the system's Java (default-jre-headless) runs vnu.jar.
$(STAMP_CHECKERS): $(CHECKERS)/package.json $(CHECKERS)/package-lock.json
	@if command -v npm >/dev/null; then \
		npm ci --prefix $(CHECKERS) --ignore-scripts --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm is missing: the HTML and accessibility checks will be skipped (apt-get install npm)"; fi

$(STAMP_SSO): $(SSO)/package.json $(SSO)/package-lock.json
	@if command -v npm >/dev/null; then \
		npm ci --prefix $(SSO) --ignore-scripts --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm is missing: the SSO round-trip tests will be skipped (apt-get install npm)"; fi

install-test: $(STAMP_TEST) $(STAMP_CHECKERS) $(STAMP_SSO) ## Install the portal and the test tools (pip, and npm for the page checkers)

migrate: install compile ## Apply database migrations
	$(MANAGE) migrate --noinput

demo: migrate ## Load the demo site and accounts (only when the site is empty)
	$(MANAGE) load_demo_data --if-empty

run: migrate ## Install, migrate, load demo data and serve on http://127.0.0.1:8000 (or PORT=...)
	$(RUN_ENV) $(MANAGE) load_demo_data --if-empty
	$(RUN_ENV) $(MANAGE) sync_site_address
	$(RUN_ENV) $(MANAGE) runserver $(RUN_ADDRESS)

sso-demo: migrate $(STAMP_SSO) ## Like `make run`, with university sign-in against an OpenID Connect provider on 127.0.0.1 (see README)
	@command -v node >/dev/null || { echo "node is missing: apt-get install npm"; exit 1; }
	PORT=$(PORT) $(BIN)/python scripts/sso/demo.py

test: install-test compile ## Run the whole test suite (browser tests need Chromium)
	$(BIN)/pytest $(PYTEST_ARGS)

coverage: install-test compile ## The whole test suite under coverage, then the report (fails below fail_under in pyproject.toml)
	$(BIN)/coverage erase
	$(BIN)/coverage run -m pytest $(PYTEST_ARGS)
	$(BIN)/coverage report

check-pages: install-test compile ## Nu Html Checker and axe over the public and partner pages (both languages)
	$(BIN)/pytest -q tests/browser/test_html_and_a11y.py $(PYTEST_ARGS)

lint: install-test ## ruff check and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

lint-imports: install-test ## Import layering contracts ([tool.importlinter] in pyproject.toml)
	$(BIN)/lint-imports --no-cache

fmt: install-test ## Format and autofix with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: install ## Fail when models and migrations disagree
	$(MANAGE) makemigrations --check --dry-run

MAKEMESSAGES := $(MANAGE) makemessages --locale id --locale en --no-obsolete \
	--ignore '.venv/*' --ignore 'tests/*' --ignore 'scripts/*' --ignore 'staticfiles/*'

messages: install ## Update the catalogues (English is filled from the source), then compile
	$(MAKEMESSAGES)
	for po in $$(find . -path ./.venv -prune -o -path '*/locale/en/LC_MESSAGES/django.po' -print); do \
		msgen --no-wrap -o "$$po" "$$po"; done
	$(MAKE) compile

compile: install ## Compile the catalogues (.po to .mo)
	@command -v msgfmt >/dev/null || { echo "GNU gettext is missing: apt-get install gettext"; exit 1; }
	$(MANAGE) compilemessages --ignore '.venv/*' -v0

messages-check: install ## Fail on stale, untranslated or fuzzy catalogue entries
	$(MAKEMESSAGES) -v0
	$(BIN)/python scripts/check_messages.py

check-deploy: install ## Run Django's deployment checks with production settings
	DJANGO_SETTINGS_MODULE=portal.settings.production \
	DJANGO_SECRET_KEY=ci-check-deploy-$$(printf '%064d' 0 | tr 0 x) \
	DJANGO_ALLOWED_HOSTS=portal.example.org \
	DJANGO_CSRF_TRUSTED_ORIGINS=https://portal.example.org \
	DJANGO_BASE_URL=https://portal.example.org \
	$(MANAGE) check --deploy --fail-level WARNING

bench: install-test compile ## Measure public pages under gunicorn + PostgreSQL + Redis with wrk (see README)
	@command -v wrk >/dev/null || { apt-get install -y -qq wrk || { echo "wrk is missing: apt-get install wrk"; exit 1; }; }
	$(BIN)/python scripts/bench/run.py

scaleout: install compile ## Two app servers behind nginx share sessions, forms and the page cache (see README)
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || apt-get install -y -qq nginx-light
	$(BIN)/python scripts/scaleout/run.py

loadtest: install-test compile ## 50 partners submit and 4 staff approve visits at once on PostgreSQL (see README)
	$(BIN)/python scripts/loadtest/visits.py

security: install-test ## bandit over the portal's code (no unexplained finding)
	$(BIN)/bandit -q -c pyproject.toml -r portal news partners visits -x '*/migrations/*'

browser-deps: ## Install Chromium, its driver and the DejaVu fonts (reply letters) from Debian (needs root)
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-dejavu-core

clean: ## Remove the virtual environment, database, media and caches
	rm -rf $(VENV) db.sqlite3 media staticfiles .test-media .pytest_cache .ruff_cache .coverage .coverage.* htmlcov \
		$(CHECKERS)/node_modules $(SSO)/node_modules test-results
