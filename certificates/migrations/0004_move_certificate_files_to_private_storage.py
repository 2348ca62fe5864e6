"""Move certificate PDFs, bulk prints and template images from public media to private storage.

Until 0003 they were stored under MEDIA_ROOT, which the web server serves to anyone who knows
(or guesses: bulk prints were numbered) the address. Each file keeps its name, so the rows stay
as they are. Safe to run again, and safe when a file is gone: a certificate whose PDF is missing
loses the name and is rendered again the next time it is downloaded; a missing bulk print or
template image keeps its name (the job page then answers "not found", the template prints
without the image) and is reported.

Run `migrate` where both MEDIA_ROOT and PRIVATE_MEDIA_ROOT (or both buckets) are reachable.
"""

from django.db import migrations

from common.storage import move_to_private

FILE_FIELDS = [
    ("Certificate", ("pdf",)),
    ("BulkPrintJob", ("pdf", "zip_file")),
    ("CertificateTemplate", ("signature", "seal", "background")),
]


def move_certificate_files(apps, schema_editor):
    missing = 0
    for model_name, fields in FILE_FIELDS:
        model = apps.get_model("certificates", model_name)
        for field in fields:
            rows = model.objects.exclude(**{field: ""}).values_list("pk", field)
            for pk, name in rows.iterator():
                stored = move_to_private(name)
                if stored is None:
                    missing += 1
                    if model_name == "Certificate":
                        model.objects.filter(pk=pk).update(pdf="", pdf_status="", rendered_at=None)
                elif stored != name:
                    model.objects.filter(pk=pk).update(**{field: stored})
    # PDFs of valid certificates were rendered valid (a status only ever moves away from valid);
    # revoked and replaced ones are rendered again, stamped, before they are served.
    Certificate = apps.get_model("certificates", "Certificate")
    Certificate.objects.filter(status="valid", pdf_status="").exclude(pdf="").update(
        pdf_status="valid"
    )
    if missing:
        print(f"\n  {missing} certificate file(s) were missing from media storage.")  # noqa: T201


class Migration(migrations.Migration):
    dependencies = [("certificates", "0003_certificate_files_on_private_storage")]

    operations = [migrations.RunPython(move_certificate_files, migrations.RunPython.noop)]
