"""Prize certificates point at their contest round (source_id = round id), not at the Prize row.

Contests delete and recreate Prize rows whenever results are computed again, so a prize row id
was not a stable identity: issuing again after a recompute gave a winner a second certificate.
The round id is in each prize certificate's print group ("round:<id>"). Where a person already
holds two live prize certificates for one round (issued before this fix), only the oldest is
moved; the others keep their old source id and should be revoked by an organizer.
"""

from django.db import migrations


def _round_id(group_key):
    kind, _sep, pk = group_key.partition(":")
    return int(pk) if kind == "round" and pk.isdigit() else None


def prize_source_is_the_round(apps, schema_editor):
    Certificate = apps.get_model("certificates", "Certificate")
    rows = list(
        Certificate.objects.filter(source_kind="prize")
        .order_by("pk")
        .values_list("pk", "holder_id", "group_key", "document_type", "status", "source_id")
    )

    def live(document_type, status):
        return document_type == "certificate" and status != "replaced"

    # Live certificates that already point at their round keep it (and block the others).
    taken = {
        (holder_id, source_id)
        for _pk, holder_id, group_key, document_type, status, source_id in rows
        if live(document_type, status) and _round_id(group_key) == source_id
    }
    for pk, holder_id, group_key, document_type, status, source_id in rows:
        round_id = _round_id(group_key)
        if round_id is None or round_id == source_id:
            continue
        if live(document_type, status):
            if (holder_id, round_id) in taken:
                continue
            taken.add((holder_id, round_id))
        Certificate.objects.filter(pk=pk).update(source_id=round_id)


class Migration(migrations.Migration):
    dependencies = [("certificates", "0001_initial")]

    operations = [
        migrations.RunPython(prize_source_is_the_round, migrations.RunPython.noop, elidable=True)
    ]
