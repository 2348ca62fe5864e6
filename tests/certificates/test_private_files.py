"""Certificate PDFs, bulk prints and template images live on the private storage and reach only
the people allowed to see them, through views that keep them out of caches."""

import importlib
import io
import zipfile

import pypdf
import pytest
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from certificates import printing, rendering, services
from certificates.models import BulkPrintJob, Certificate, CertificateTemplate
from certificates.roles import ROLE_PERMISSIONS
from common.storage import PrivateFileURLError, private_storage
from tests.certificates.factories import CertificateTemplateFactory
from tests.factories import UserFactory
from tests.helpers import admin_client, give_mfa

pytestmark = pytest.mark.django_db


def organizer(**kwargs):
    """A member of the organizers' group as setup_roles makes them, with two-factor on."""
    user = UserFactory(is_staff=True, **kwargs)
    codenames = ["access_admin"] + [
        perm.split(".")[1] for perm in next(iter(ROLE_PERMISSIONS.values()))
    ]
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    give_mfa(user)
    return user


def superuser():
    user = UserFactory(is_staff=True, is_superuser=True)
    give_mfa(user)
    return user


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def pdf_text(data):
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def assert_refused(response):
    """Refused, without the file: 403, or the redirect Wagtail's admin answers PermissionDenied
    with (to the admin home, or to the login page for someone who may not use the admin)."""
    assert response.status_code in (302, 403), response.status_code
    if response.status_code == 302:
        assert response["Location"] in ("/admin/",) or "login" in response["Location"]
    assert not response.streaming
    assert b"%PDF" not in response.content and b"PK\x03\x04" not in response.content
    assert b"PNG" not in response.content


def assert_private_headers(response, disposition):
    # The admin adds its own never-cache directives; these two must be there.
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith(disposition)


# ------------------------------------------------------------------------------------------
# Where the files are
# ------------------------------------------------------------------------------------------


def test_a_certificate_pdf_is_on_the_private_storage_only(make_certificate):
    certificate = make_certificate()
    certificate.refresh_from_db()
    name = certificate.pdf.name
    assert name.startswith("certificates/pdf/")
    assert certificate.pdf.storage is storages["private"]
    assert private_storage().exists(name)
    # Nothing under the public media URL: /media/certificates/pdf/<code>.pdf has no file to serve.
    assert not default_storage.exists(name)
    with pytest.raises(PrivateFileURLError):
        certificate.pdf.url  # noqa: B018


def test_bulk_prints_are_on_the_private_storage_only(make_certificate):
    make_certificate(n=1, group="course:5")
    job = printing.start_bulk_print("course:5", user=organizer())
    printing.run_bulk_print(job.pk)
    job.refresh_from_db()
    for field in (job.pdf, job.zip_file):
        assert field.name.startswith("certificates/bulk/")
        assert private_storage().exists(field.name)
        assert not default_storage.exists(field.name)


def png():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGBA", (20, 20), (200, 0, 0, 255)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def sealed_template(db):
    template = CertificateTemplateFactory()
    template.seal.save("seal.png", ContentFile(png()), save=False)
    template.signature.save("sig.png", ContentFile(png()), save=True)
    return template


def test_signature_and_seal_are_private_and_still_printed(sealed_template, make_certificate):
    for image in (sealed_template.seal, sealed_template.signature):
        assert private_storage().exists(image.name)
        assert not default_storage.exists(image.name)
    certificate = make_certificate(template=sealed_template)
    certificate.refresh_from_db()
    reader = pypdf.PdfReader(certificate.pdf.open("rb"))
    images = reader.pages[0].images
    assert len(images) == 2  # the fetcher read both from the private storage


def test_the_fetcher_reads_template_images_but_no_other_private_file(make_certificate):
    name = private_storage().save("certificates/seals/x.png", ContentFile(b"\x89PNG fake"))
    assert rendering.LocalOnlyFetcher().fetch(f"local:private/{name}").read() == b"\x89PNG fake"
    certificate = make_certificate()
    certificate.refresh_from_db()
    for url in (
        f"local:private/{certificate.pdf.name}",  # another holder's certificate
        f"local:media/{name}",
        "local:private/certificates/bulk/chung-nhan-1.pdf",
        "local:private/certificates/seals/../pdf/x.pdf",
    ):
        with pytest.raises(rendering.RefusedURL):
            rendering.LocalOnlyFetcher().fetch(url)


# ------------------------------------------------------------------------------------------
# Who gets a certificate's PDF
# ------------------------------------------------------------------------------------------


def test_each_role_and_the_headers_of_a_certificate_download(client, make_certificate):
    holder = UserFactory()
    certificate = make_certificate(holder)
    url = certificate.get_download_url()
    response = client.get(url)
    assert response.status_code == 302 and "/tai-khoan/login/" in response["Location"]
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    for person in (holder, organizer()):
        admin_client(client, person)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert_private_headers(response, f'attachment; filename="{certificate.serial}.pdf"')
        assert body(response).startswith(b"%PDF-")


def test_private_file_names_in_vietnamese_follow_rfc_5987():
    from common.storage import private_file_response

    name = private_storage().save("tests/x.pdf", ContentFile(b"%PDF-1.7"))
    response = private_file_response(name, filename="Giấy chứng nhận.pdf")
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''Gi%E1%BA%A5y%20ch%E1%BB%A9ng%20nh%E1%BA%ADn.pdf"
    )
    assert response["Content-Type"] == "application/pdf"
    assert_private_headers(response, "attachment;")


# ------------------------------------------------------------------------------------------
# Revoked certificates
# ------------------------------------------------------------------------------------------


def test_revoking_stamps_the_stored_pdf(make_certificate, django_capture_on_commit_callbacks):
    certificate = make_certificate()
    with django_capture_on_commit_callbacks(execute=True):
        services.revoke(certificate, reason="fraud")
    certificate.refresh_from_db()
    assert certificate.pdf_status == Certificate.Status.REVOKED
    assert "ĐÃ THU HỒI" in pdf_text(certificate.pdf.read())


def test_a_revoked_certificate_is_served_stamped_even_before_the_task_ran(client, make_certificate):
    holder = UserFactory()
    certificate = make_certificate(holder)
    certificate.refresh_from_db()
    assert "ĐÃ THU HỒI" not in pdf_text(certificate.pdf.read())
    services.revoke(certificate, reason="fraud")  # its re-rendering waits for a commit never run
    admin_client(client, holder)
    response = client.get(certificate.get_download_url())
    assert response.status_code == 200
    assert "ĐÃ THU HỒI" in pdf_text(body(response))


def test_my_certificates_offers_no_revoked_or_replaced_pdf(client, make_certificate):
    holder = UserFactory()
    valid = make_certificate(holder, n=1)
    revoked = make_certificate(holder, n=2)
    services.revoke(revoked, reason="ineligible")
    replaced = make_certificate(holder, n=3)
    services.reissue(replaced)
    admin_client(client, holder)
    html = client.get(reverse("certificates:mine")).content.decode()
    assert valid.get_download_url() in html
    assert revoked.get_download_url() not in html
    assert replaced.get_download_url() not in html
    assert "Đã thu hồi" in html and "không còn hiệu lực" in html


def test_bulk_print_leaves_out_revoked_and_replaced_certificates(make_certificate):
    kept = make_certificate(n=1, group="course:7")
    revoked = make_certificate(n=2, group="course:7")
    services.revoke(revoked, reason="ineligible")
    replaced = make_certificate(n=3, group="course:7")
    replacement = services.reissue(replaced)
    assert list(printing.certificates_to_print("course:7")) == [kept, replacement]
    job = printing.start_bulk_print("course:7", user=organizer())
    printing.run_bulk_print(job.pk)
    job.refresh_from_db()
    assert job.total == 2
    text = pdf_text(job.pdf.read())
    assert kept.serial in text and replacement.serial in text
    assert revoked.serial not in text and replaced.serial not in text
    with zipfile.ZipFile(job.zip_file.open("rb")) as archive:
        assert sorted(archive.namelist()) == sorted(
            [f"{kept.serial}.pdf", f"{replacement.serial}.pdf"]
        )


# ------------------------------------------------------------------------------------------
# Who gets a bulk print
# ------------------------------------------------------------------------------------------


@pytest.fixture
def finished_job(make_certificate, django_capture_on_commit_callbacks):
    holder = UserFactory(full_name="Phan Thị Học Viên")
    make_certificate(holder, n=1, group="course:3")
    owner = organizer()
    with django_capture_on_commit_callbacks(execute=True):
        job = printing.start_bulk_print("course:3", user=owner)
    job.refresh_from_db()
    assert job.status == BulkPrintJob.Status.DONE
    return job, owner, holder


def test_only_the_organizer_who_printed_gets_the_bulk_files(client, finished_job):
    job, owner, holder = finished_job
    urls = [
        reverse("certificates_print:file", args=[job.pk, "pdf"]),
        reverse("certificates_print:file", args=[job.pk, "zip"]),
    ]
    page = reverse("certificates_print:job", args=[job.pk])
    for url in [*urls, page]:
        response = client.get(url)  # anonymous
        assert response.status_code == 302 and "login" in response["Location"]
    for person in (holder, organizer()):
        admin_client(client, person)
        for url in [*urls, page]:
            assert_refused(client.get(url))
    # The other organizer's list of recent jobs does not show it either.
    assert page not in client.get(reverse("certificates_print:index")).content.decode()
    for person in (owner, superuser()):
        admin_client(client, person)
        pdf, archive = (client.get(url) for url in urls)
        assert pdf.status_code == archive.status_code == 200
        assert_private_headers(pdf, f'attachment; filename="chung-nhan-{job.pk}.pdf"')
        assert_private_headers(archive, f'attachment; filename="chung-nhan-{job.pk}.zip"')
        assert body(pdf).startswith(b"%PDF-")
        assert body(archive).startswith(b"PK\x03\x04")
    admin_client(client, owner)
    assert page in client.get(reverse("certificates_print:index")).content.decode()
    assert client.get(reverse("certificates_print:file", args=[job.pk, "exe"])).status_code == 404


# ------------------------------------------------------------------------------------------
# Template images in the admin
# ------------------------------------------------------------------------------------------


def test_template_images_are_shown_to_template_editors_only(client, sealed_template):
    url = reverse("certificates_admin:template_image", args=[sealed_template.pk, "seal"])
    assert client.get(url).status_code == 302  # anonymous: to the login page
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="access_admin"))
    give_mfa(viewer)
    admin_client(client, viewer)
    assert_refused(client.get(url))
    admin_client(client, organizer())
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert_private_headers(response, 'inline; filename="seal')
    assert body(response) == png()
    for field in ("background", "pdf", "..%2Fpdf"):
        bad = f"/admin/chung-nhan/cap/mau/{sealed_template.pk}/anh/{field}/"
        assert client.get(bad).status_code == 404


def test_the_edit_form_and_the_live_preview_use_the_admin_image_view(client, sealed_template):
    seal_url = reverse("certificates_admin:template_image", args=[sealed_template.pk, "seal"])
    admin_client(client, organizer())
    edit = reverse(
        "wagtailsnippets_certificates_certificatetemplate:edit", args=[sealed_template.pk]
    )
    response = client.get(edit)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="{seal_url}"' in html
    assert "/media/certificates/" not in html
    preview = sealed_template.serve_preview(None, "").content.decode()
    assert f'src="{seal_url}"' in preview
    assert "/media/" not in preview


def test_a_new_seal_uploaded_in_the_admin_lands_on_the_private_storage(client, sealed_template):
    from tests.certificates.test_admin import template_post

    admin_client(client, superuser())
    data = template_post(seal=SimpleUploadedFile("dau.png", png(), content_type="image/png"))
    edit = reverse(
        "wagtailsnippets_certificates_certificatetemplate:edit", args=[sealed_template.pk]
    )
    response = client.post(edit, data)
    assert response.status_code == 302
    seal = CertificateTemplate.objects.get(pk=sealed_template.pk).seal
    assert "dau" in seal.name
    assert private_storage().exists(seal.name) and not default_storage.exists(seal.name)


# ------------------------------------------------------------------------------------------
# Moving files stored before
# ------------------------------------------------------------------------------------------


def test_the_migration_moves_public_files_to_the_private_storage(make_certificate):
    from django.apps import apps

    migration = importlib.import_module(
        "certificates.migrations.0004_move_certificate_files_to_private_storage"
    )
    certificate, lost = make_certificate(n=1), make_certificate(n=2)
    template = certificate.template
    # As stored before: on the public default storage.
    pdf = default_storage.save("certificates/pdf/old-code.pdf", ContentFile(b"%PDF-old"))
    seal = default_storage.save("certificates/seals/old-seal.png", ContentFile(b"\x89PNG old"))
    bulk = default_storage.save("certificates/bulk/chung-nhan-99.pdf", ContentFile(b"%PDF-bulk"))
    Certificate.objects.filter(pk=certificate.pk).update(pdf=pdf, pdf_status="")
    Certificate.objects.filter(pk=lost.pk).update(pdf="certificates/pdf/gone.pdf")
    CertificateTemplate.objects.filter(pk=template.pk).update(seal=seal)
    job = BulkPrintJob.objects.create(group_key="course:1", label="x", pdf=bulk)

    for _run in range(2):  # a second run finds everything in place
        migration.move_certificate_files(apps, None)
        for name, data in ((pdf, b"%PDF-old"), (seal, b"\x89PNG old"), (bulk, b"%PDF-bulk")):
            assert not default_storage.exists(name)
            with private_storage().open(name) as handle:
                assert handle.read() == data
        certificate.refresh_from_db()
        lost.refresh_from_db()
        assert certificate.pdf.name == pdf and certificate.pdf_status == "valid"
        assert lost.pdf.name == "" and lost.rendered_at is None  # rendered again when asked
        assert CertificateTemplate.objects.get(pk=template.pk).seal.name == seal
        assert BulkPrintJob.objects.get(pk=job.pk).pdf.name == bulk
    # A copy left on the public storage by an interrupted run is removed.
    default_storage.save(pdf, ContentFile(b"%PDF-old"))
    migration.move_certificate_files(apps, None)
    assert not default_storage.exists(pdf)


# ------------------------------------------------------------------------------------------
# Settings
# ------------------------------------------------------------------------------------------


def test_a_private_root_inside_a_served_folder_is_a_system_error(settings, tmp_path):
    from common.checks import private_media_root_is_not_public

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STATIC_ROOT = tmp_path / "static"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    assert private_media_root_is_not_public() == []
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "media" / "private"
    assert [error.id for error in private_media_root_is_not_public()] == ["common.E001"]
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    assert len(private_media_root_is_not_public()) == 2


def load_expression(mode, env, expression):
    """`expression` evaluated on the settings of `mode` in a fresh interpreter with `env`."""
    import json
    import subprocess
    import sys

    from django.conf import settings

    code = (
        # Settings only, no django.setup(): nothing instantiates the storages (the S3 one needs
        # the optional "s3" extra).
        f"import json; from django.conf import settings; print(json.dumps({expression}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={"DJANGO_SETTINGS_MODULE": f"training_site.settings.{mode}", "PATH": "/usr/bin", **env},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_keeps_private_files_in_a_private_bucket_or_folder():
    env = {
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "cchc.example.gov.vn",
        "DATABASE_URL": "postgres://cchc@db.example:5432/cchc",
        "REDIS_URL": "redis://redis.example:6379/0",
    }
    on_disk = load_expression("production", env, "settings.STORAGES['private']['BACKEND']")
    assert on_disk == "common.storage.PrivateFileSystemStorage"
    s3 = {**env, "AWS_STORAGE_BUCKET_NAME": "media", "AWS_PRIVATE_STORAGE_BUCKET_NAME": "ho-so"}
    backend, bucket, acl = load_expression(
        "production",
        s3,
        "[settings.STORAGES['private'][k] if k == 'BACKEND' else "
        "settings.STORAGES['private']['OPTIONS'][k] for k in ('BACKEND', 'bucket_name', "
        "'default_acl')]",
    )
    assert (backend, bucket, acl) == ("common.storage_s3.PrivateS3Storage", "ho-so", "private")
