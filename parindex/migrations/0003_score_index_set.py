import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_index_set(apps, schema_editor):
    """Each existing score row gets its assessment's set (one UPDATE)."""
    Score = apps.get_model("parindex", "Score")
    Assessment = apps.get_model("parindex", "Assessment")
    Score.objects.update(
        index_set_id=Subquery(
            Assessment.objects.filter(pk=OuterRef("assessment_id")).values("index_set_id")[:1]
        )
    )


class Migration(migrations.Migration):

    dependencies = [
        ("parindex", "0002_news_metric"),
    ]

    operations = [
        migrations.AddField(
            model_name="score",
            name="index_set",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="parindex.indexset",
                verbose_name="index set",
            ),
        ),
        migrations.RunPython(fill_index_set, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="score",
            name="index_set",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="parindex.indexset",
                verbose_name="index set",
            ),
        ),
        migrations.AddIndex(
            model_name="score",
            index=models.Index(
                fields=["index_set", "assessment", "final_score", "appraised_score", "self_score"],
                name="parindex_score_set_totals",
            ),
        ),
    ]
