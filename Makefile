# Two commands: `make run` (set up and serve the demo) and `make test` (set up and run the suite).
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test test-db e2e install migrate messages vendor-messages compilemessages lint format bench clean

$(PY):
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

compilemessages: install
	$(PY) manage.py compile_translations

migrate: install compilemessages
	$(PY) manage.py migrate --noinput

run: migrate
	$(PY) manage.py seed_demo
	@echo "Serving http://127.0.0.1:$(PORT)/ with a task worker; Ctrl-C stops both."
	@trap 'kill 0' INT TERM EXIT; \
	$(PY) manage.py db_worker --queue-name "*" --interval 1 --no-reload & \
	$(PY) manage.py scheduler & \
	$(PY) manage.py runserver 127.0.0.1:$(PORT) --noreload

# The suite runs in one process per core (pytest-xdist; each has its own test database and media
# folders); `make test WORKERS=0` runs it in this process, e.g. to use a debugger.
WORKERS ?= auto
test: compilemessages
	$(PY) -m pytest -n $(WORKERS) --dist worksteal $(PYTEST_ARGS)

# The tests on SQLite start from tests/migrated.sql, a dump of the migrated test database keyed by
# a digest of every migration file; after adding or changing a migration (or upgrading a package
# that brings one), write it again and commit it with the migration. Until then the tests migrate.
test-db: install
	$(PY) -m tests.template_db --write

e2e: compilemessages
	$(PY) -m pytest tests/e2e $(PYTEST_ARGS)

# Each app with its own catalogue is scanned from its own folder; the project catalogue (locale/)
# gets everything else. allauth's screens are translated by hand in locale_vendor/; Wagtail's
# admin too, in locale_vendor/ (django.po after allauth's part, djangojs.po): after a Wagtail
# upgrade run `make vendor-messages`, translate every entry it lists as missing (wording in
# docs/admin-glossary.md), then `make compilemessages`; tests/test_wagtail_vi.py fails until done.
APPS_WITH_CATALOGUES := portal courses contests certificates parindex legaldocs qa
messages: install
	$(PY) manage.py makemessages -l vi -l en --no-obsolete --ignore=.venv --ignore=staticfiles \
		$(addprefix --ignore=,$(APPS_WITH_CATALOGUES)) --ignore=bench --ignore=tests \
		--ignore=templates/allauth --ignore=templates/account --ignore=templates/mfa
	for app in $(APPS_WITH_CATALOGUES); do (cd $$app && ../$(PY) ../manage.py makemessages -l vi -l en --no-obsolete); done

vendor-messages: install
	$(PY) locale_vendor/refresh_wagtail.py

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint --lint --quiet templates */templates

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: migrate
	$(PY) -m bench

clean:
	rm -rf $(VENV) staticfiles .test-media test-db.sqlite3
