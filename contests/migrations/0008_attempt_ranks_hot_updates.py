"""Computing results rewrites `counted` and `rank` on every attempt that moves. With neither
column in an index and room left in each page, PostgreSQL rewrites such a row in its own page
without writing any index (a HOT update): the partial index on (round, rank) goes, and the
attempt table keeps half of each page free (fillfactor 50; docs/contests.md, "Results").

The fillfactor applies to pages written from now on: an existing table takes it for its old
pages only when rewritten (`VACUUM FULL contests_attempt`; docs/operations.md). SQLite has no
fillfactor: there the migration only drops the index."""

from django.db import migrations, models

FILLFACTOR = 50


def _set_fillfactor(value):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        table = schema_editor.quote_name(apps.get_model("contests", "Attempt")._meta.db_table)
        if value is None:
            schema_editor.execute(f"ALTER TABLE {table} RESET (fillfactor)")
        else:
            schema_editor.execute(f"ALTER TABLE {table} SET (fillfactor = {int(value)})")

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("contests", "0007_attempt_indexes_for_ranking"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="attempt",
            name="attempt_counted_rank",
        ),
        migrations.RunPython(_set_fillfactor(FILLFACTOR), _set_fillfactor(None)),
    ]
