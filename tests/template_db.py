"""The migrated SQLite database the tests start from.

Migrating a test database runs 244 migrations, most of them Django's, Wagtail's and allauth's;
rendering the model states between them costs 20 to 80 CPU-seconds depending on the machine,
longer than most test files take. So a test run on SQLite starts from a dump instead, the way
Rails loads `structure.sql`:

- `tests/migrated.sql` is the SQL text of a freshly migrated test database (`sqlite3`'s
  `iterdump`), headed by a digest of every migration file of every installed app. A run whose
  migrations have the same digest loads it (a fraction of a second) and then runs `migrate`,
  which finds nothing to apply but still sends `post_migrate` (permissions, content types, the
  site's name), so code that only those handlers use stays current.
- When a migration is added or changed (or a package upgrade brings its own), the digest no
  longer matches: the run says so once, and migrates as before. A parallel run then migrates
  one template in a process of its own while its workers start, and each worker copies it (see
  `tests/conftest.py`). `make test-db` writes the dump again; commit it with the migration.
- CI (`.ci/run`) migrates a fresh database and checks that the committed dump is exactly what
  the migrations give (`--check`), so a dump that drifted, or a data migration whose code
  changed under it, fails the run instead of testing a schema nobody deploys.

    python -m tests.template_db --write     # rewrite tests/migrated.sql
    python -m tests.template_db --check     # fail when it differs from a fresh migration
    python -m tests.template_db <path>      # migrate a template database to <path>
"""

import difflib
import functools
import hashlib
import importlib.util
import os
import sqlite3
import sys
import traceback
from pathlib import Path

ENVIRONMENT = "TEST_DB_TEMPLATE"
DUMP = Path(__file__).with_name("migrated.sql")
HEADER = "-- The migrated test database: python -m tests.template_db --write (make test-db).\n"
DIGEST_PREFIX = "-- migrations "
# What differs between two migrations of the same files, fixed so that they give one text: the
# time each migration ran, and the random translation key of Wagtail's first two pages.
NORMALIZE = (
    "UPDATE django_migrations SET applied = '2000-01-01 00:00:00'",
    "UPDATE wagtailcore_page SET translation_key = printf('%032x', id)",
)


@functools.cache
def migrations_digest():
    """SHA-256 of every migration file of every installed app (Django set up); read once per
    process (the header, the controller and each worker's set-up all ask)."""
    from django.apps import apps
    from django.db.migrations.loader import MigrationLoader

    digest = hashlib.sha256()
    for config in sorted(apps.get_app_configs(), key=lambda config: config.label):
        module_name, _explicit = MigrationLoader.migrations_module(config.label)
        try:
            spec = importlib.util.find_spec(module_name) if module_name else None
        except ImportError:
            spec = None
        if spec is None or not spec.submodule_search_locations:
            continue
        for folder in spec.submodule_search_locations:
            for path in sorted(Path(folder).glob("*.py")):
                digest.update(f"\0{config.label}/{path.name}\0".encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def dump_matches():
    """Whether tests/migrated.sql was written from the migrations installed now."""
    try:
        with DUMP.open(encoding="utf-8") as handle:
            lines = [handle.readline(), handle.readline()]
    except FileNotFoundError:
        return False
    return lines[1].strip() == DIGEST_PREFIX + migrations_digest()


def load_dump(database):
    """Create the SQLite database file `database` from the dump."""
    database = Path(database)
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    partial = database.with_name(database.name + ".partial")
    partial.unlink(missing_ok=True)
    target = sqlite3.connect(partial)
    try:
        target.executescript(DUMP.read_text(encoding="utf-8"))
    finally:
        target.close()
    os.replace(partial, database)


def _dump_text(raw_connection, digest):
    for statement in NORMALIZE:
        raw_connection.execute(statement)
    raw_connection.commit()
    lines = [HEADER, f"{DIGEST_PREFIX}{digest}\n"]
    lines.extend(f"{line}\n" for line in raw_connection.iterdump())
    return "".join(lines)


def _migrated(action):
    """Migrate a fresh test database exactly as a test run would and call `action` with its
    raw sqlite3 connection; the database is destroyed afterwards."""
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    if connection.vendor != "sqlite":
        raise SystemExit("The test database dump is SQLite's: unset DATABASE_URL.")
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        connection.ensure_connection()
        return action(connection.connection)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def build(template):
    def copy(raw_connection):
        partial = template.with_name(template.name + ".partial")
        target = sqlite3.connect(partial)
        try:
            raw_connection.backup(target)
        finally:
            target.close()
        os.replace(partial, template)  # the workers see the whole file or none

    _migrated(copy)


def write():
    text = _migrated(lambda raw: _dump_text(raw, migrations_digest()))
    DUMP.write_text(text, encoding="utf-8")
    sys.stdout.write(f"{DUMP.name}: {text.count(chr(10))} lines written\n")


def check():
    fresh = _migrated(lambda raw: _dump_text(raw, migrations_digest()))
    committed = DUMP.read_text(encoding="utf-8") if DUMP.exists() else ""
    if fresh == committed:
        sys.stdout.write(f"{DUMP.name} is what the migrations give.\n")
        return 0
    diff = difflib.unified_diff(
        committed.splitlines(), fresh.splitlines(), "committed", "migrated", lineterm="", n=1
    )
    sys.stdout.write("\n".join(list(diff)[:60]) + "\n")
    sys.stdout.write(
        f"{DUMP.name} differs from a fresh migration: run `make test-db` and commit it.\n"
    )
    return 1


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "training_site.settings.test")
    argument = sys.argv[1]
    if argument == "--write":
        return write()
    if argument == "--check":
        sys.exit(check())
    template = Path(argument)
    try:
        build(template)
    except BaseException:
        template.with_name(template.name + ".failed").write_text(traceback.format_exc())
        raise


if __name__ == "__main__":
    main()
