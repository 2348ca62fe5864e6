"""One migrated SQLite database for all the parallel test workers of a run.

Migrating a test database (242 migrations, most of them Django's, Wagtail's and allauth's) costs
about 20 CPU-seconds, and each pytest-xdist worker used to pay it. Instead, the controlling
process of a parallel run on SQLite starts this module in a process of its own as soon as pytest
is configured, while the workers are still starting and collecting the tests; it migrates a test
database exactly as a worker would and copies it, consistent, to the template's path. Each
worker then starts from a copy of the template (tests/conftest.py, `django_db_setup`) and runs
`migrate`, which finds nothing left to apply. A run in one process (`make test WORKERS=0`), or on
PostgreSQL, migrates as before.

If this process fails, it leaves `<template>.failed` and the workers migrate for themselves.

    python -m tests.template_db <template path>
"""

import os
import sqlite3
import sys
import traceback
from pathlib import Path

ENVIRONMENT = "TEST_DB_TEMPLATE"


def build(template):
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        partial = template.with_name(template.name + ".partial")
        target = sqlite3.connect(partial)
        try:
            connection.ensure_connection()
            connection.connection.backup(target)
        finally:
            target.close()
        os.replace(partial, template)  # the workers see the whole file or none
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def main():
    template = Path(sys.argv[1])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "training_site.settings.test")
    try:
        build(template)
    except BaseException:
        template.with_name(template.name + ".failed").write_text(traceback.format_exc())
        raise


if __name__ == "__main__":
    main()
