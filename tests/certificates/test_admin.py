import io
import zipfile

import pypdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from PIL import Image

from certificates import printing
from certificates.errors import CertificateError
from certificates.models import BulkPrintJob, Certificate, CertificateTemplate
from tests.certificates.factories import BODY
from tests.factories import UserFactory
from tests.helpers import admin_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    return admin_client(client, user)


def png_bytes(size=(40, 40)):
    buffer = io.BytesIO()
    Image.new("RGBA", size, (200, 0, 0, 255)).save(buffer, "PNG")
    return buffer.getvalue()


def template_post(**overrides):
    data = {
        "name": "Mẫu mới",
        "kind": "certificate",
        "parent_agency": "Ủy ban nhân dân tỉnh An Lạc",
        "agency": "Sở Nội vụ tỉnh An Lạc",
        "agency_code": "SNV",
        "national_heading": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "motto": "Độc lập - Tự do - Hạnh phúc",
        "title": "GIẤY CHỨNG NHẬN",
        "body": BODY,
        "place_name": "",
        "signer_title": "GIÁM ĐỐC",
        "signer_name": "Trần Văn Bình",
        "border": "ornate",
        "paper_size": "A4",
        "orientation": "landscape",
    }
    data.update(overrides)
    return data


ADD_URL = "wagtailsnippets_certificates_certificatetemplate:add"


def test_template_with_images_is_created(staff):
    data = template_post(
        seal=SimpleUploadedFile("seal.png", png_bytes(), content_type="image/png"),
        signature=SimpleUploadedFile("sig.png", png_bytes(), content_type="image/png"),
    )
    response = staff.post(reverse(ADD_URL), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    template = CertificateTemplate.objects.get()
    assert template.seal.name.startswith("certificates/seals/")


def test_broken_placeholders_get_a_clear_message(staff):
    response = staff.post(reverse(ADD_URL), template_post(body="Chứng nhận {ho_ten} {hoten}"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Trường thay thế không hợp lệ: {hoten}" in html
    response = staff.post(reverse(ADD_URL), template_post(body="Chứng nhận {ho_ten"))
    assert "không khớp" in response.content.decode()
    assert not CertificateTemplate.objects.exists()


def test_a_30_mb_seal_is_refused_with_a_message(staff):
    big = png_bytes() + b"\0" * (30 * 1024 * 1024)
    data = template_post(seal=SimpleUploadedFile("seal.png", big, content_type="image/png"))
    response = staff.post(reverse(ADD_URL), data)
    assert response.status_code == 200
    assert "ảnh chỉ được tối đa 2 MB" in response.content.decode()
    assert not CertificateTemplate.objects.exists()


def test_a_remote_image_url_is_not_an_image(staff):
    data = template_post(seal="http://example.com/seal.png")
    response = staff.post(reverse(ADD_URL), data)
    # A URL is not a file: the field stays empty and nothing is fetched.
    assert response.status_code == 302
    assert not CertificateTemplate.objects.get().seal


def test_template_preview_pdf_and_live_preview(staff, template):
    response = staff.get(reverse("certificates_admin:template_pdf", args=[template.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pypdf.PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Nguyễn Thị Phương Thảo" in text
    preview = template.serve_preview(None, "")
    assert "Nguyễn Thị Phương Thảo" in preview.content.decode()
    assert "/static/fonts/LiberationSerif-Regular.ttf" in preview.content.decode()


def test_register_list_and_xlsx_export(staff, make_certificate, django_assert_max_num_queries):
    for n in range(3):
        make_certificate(n=n)
    url = reverse("wagtailsnippets_certificates_certificate:list")
    response = staff.get(url)
    assert response.status_code == 200
    with django_assert_max_num_queries(40) as captured:
        staff.get(url)
    count = len(captured)
    for n in range(3, 8):
        make_certificate(n=n)
    with django_assert_max_num_queries(count):
        staff.get(url)
    # Nobody edits the register by hand.
    assert staff.get(reverse("wagtailsnippets_certificates_certificate:add")).status_code in (
        302,
        403,
    )
    response = staff.get(reverse("certificates_admin:register_export"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Số vào sổ"
    assert len(rows) == 1 + 8


def test_revoke_from_the_admin(staff, make_certificate):
    certificate = make_certificate()
    url = reverse("certificates_admin:action", args=[certificate.pk, "revoke"])
    response = staff.post(url, {"reason": "ineligible", "note": "", "confirm": "yes"}, follow=True)
    assert "Đã thu hồi giấy chứng nhận." in response.content.decode()
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
    response = staff.post(url, {"reason": "ineligible"}, follow=True)
    assert "Chỉ thực hiện được với giấy chứng nhận còn hiệu lực." in response.content.decode()


def test_a_revoked_certificate_cannot_be_reissued_from_the_admin(staff, make_certificate):
    from certificates import services

    certificate = make_certificate()
    services.revoke(certificate, reason="ineligible")
    manage = staff.get(reverse("certificates_admin:manage", args=[certificate.pk]))
    reissue_url = reverse("certificates_admin:action", args=[certificate.pk, "reissue"])
    assert reissue_url not in manage.content.decode()
    response = staff.post(reissue_url, follow=True)
    assert "Chỉ cấp lại được giấy chứng nhận còn hiệu lực" in response.content.decode()
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
    assert Certificate.objects.count() == 1


def test_admin_screens_need_permissions(client, make_certificate):
    certificate = make_certificate()
    from django.contrib.auth.models import Permission

    nobody = UserFactory(is_staff=True)
    nobody.user_permissions.add(Permission.objects.get(codename="access_admin"))
    admin_client(client, nobody)
    assert client.get(reverse("certificates_print:index")).status_code in (302, 403)
    response = client.post(
        reverse("certificates_admin:action", args=[certificate.pk, "revoke"]), {"reason": "fraud"}
    )
    assert response.status_code in (302, 403)
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.VALID


def test_bulk_print_builds_one_pdf_and_a_zip(
    staff, make_certificate, django_capture_on_commit_callbacks
):
    people = [UserFactory(full_name=f"Hoàng Thị Lựu {i}") for i in range(4)]
    certificates = [
        make_certificate(person, n=i, group="course:9") for i, person in enumerate(people)
    ]
    make_certificate(n=99, group="course:10")  # another course, not printed
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(reverse("certificates_print:index"), {"group": "course:9"})
    job = BulkPrintJob.objects.get()
    assert response["Location"] == reverse("certificates_print:job", args=[job.pk])
    assert job.status == BulkPrintJob.Status.DONE
    assert (job.done, job.total, job.percent) == (4, 4, 100)
    status = staff.get(reverse("certificates_print:job", args=[job.pk]), {"format": "json"}).json()
    assert status["finished"] and status["percent"] == 100
    page = staff.get(reverse("certificates_print:job", args=[job.pk])).content.decode()
    assert "Tải tệp PDF" in page
    pdf = staff.get(reverse("certificates_print:file", args=[job.pk, "pdf"]))
    reader = pypdf.PdfReader(io.BytesIO(b"".join(pdf.streaming_content)))
    assert len(reader.pages) == 4
    texts = [p.extract_text() for p in reader.pages]
    for certificate, text in zip(certificates, texts, strict=True):
        assert certificate.serial in text
    archive = staff.get(reverse("certificates_print:file", args=[job.pk, "zip"]))
    with zipfile.ZipFile(io.BytesIO(b"".join(archive.streaming_content))) as zipped:
        names = sorted(zipped.namelist())
        assert names == sorted(f"{c.serial}.pdf" for c in certificates)
        single = pypdf.PdfReader(io.BytesIO(zipped.read(names[0])))
        assert len(single.pages) == 1


def test_bulk_print_in_chunks_keeps_register_order_and_every_page(make_certificate, monkeypatch):
    """Chunks of 2 for 5 certificates: three WeasyPrint documents joined into one PDF, every page
    once, in register order, progress counted across chunks, and no temporary file left."""
    monkeypatch.setattr(printing, "CHUNK", 2)
    people = [UserFactory(full_name=f"Đặng Văn Khoa {i}") for i in range(5)]
    certificates = [make_certificate(p, n=i, group="course:21") for i, p in enumerate(people)]
    job = printing.start_bulk_print("course:21")
    seen = []
    render_chunk = printing._render_chunk
    monkeypatch.setattr(
        printing,
        "_render_chunk",
        lambda ids, path: seen.append((list(ids), path)) or render_chunk(ids, path),
    )
    printing.run_bulk_print(job.pk)
    job.refresh_from_db()
    assert job.status == BulkPrintJob.Status.DONE and (job.done, job.total) == (5, 5)
    assert [len(ids) for ids, _path in seen] == [2, 2, 1]
    assert not any(path.exists() or path.parent.exists() for _ids, path in seen)
    with job.pdf.open("rb") as handle:
        # strict: a wrong cross-reference table or object number is an error, not a repair.
        reader = pypdf.PdfReader(io.BytesIO(handle.read()), strict=True)
    assert reader.trailer["/Root"]["/Pages"]["/Count"] == 5
    texts = [page.extract_text() for page in reader.pages]
    assert len(texts) == 5
    ordered = sorted(certificates, key=lambda c: (c.register_book, c.register_no))
    for certificate, text in zip(ordered, texts, strict=True):
        assert certificate.serial in text
    assert reader.metadata.title.endswith("(5)")
    with job.zip_file.open("rb") as handle, zipfile.ZipFile(io.BytesIO(handle.read())) as zipped:
        assert sorted(zipped.namelist()) == sorted(f"{c.serial}.pdf" for c in certificates)


def test_bulk_print_of_an_empty_selection_gets_a_message(staff):
    response = staff.post(
        reverse("certificates_print:index"), {"group": "course:12345"}, follow=True
    )
    assert response.status_code == 200
    assert "Hãy chọn một khóa học hoặc một đợt thi để in." in response.content.decode()
    with pytest.raises(CertificateError) as excinfo:
        printing.start_bulk_print("course:12345")
    assert excinfo.value.code == "empty_print"
    assert not BulkPrintJob.objects.exists()


def test_malformed_numbers_in_the_admin_are_not_server_errors(staff, make_certificate):
    make_certificate()
    for year in ("²", "9" * 5000, "99999999999"):
        response = staff.get(reverse("certificates_admin:register_export"), {"year": year})
        assert response.status_code == 200
    for source in ("course:²", "round:" + "9" * 5000):
        response = staff.post(reverse("certificates_admin:issue"), {"source": source})
        assert response.status_code in (200, 302)


def test_revoking_asks_first_naming_the_holder_and_the_serial(staff, make_certificate):
    certificate = make_certificate(UserFactory(full_name="Đỗ Thị Hạnh"))
    url = reverse("certificates_admin:action", args=[certificate.pk, "revoke"])
    response = staff.post(url, {"reason": "ineligible", "note": "Sai đối tượng"})
    assert response.status_code == 200
    text = response.content.decode()
    assert f"thu hồi giấy chứng nhận số {certificate.serial} của Đỗ Thị Hạnh" in text
    assert "Trang tra cứu công khai hiển thị giấy này là đã thu hồi" in text
    assert "có dấu “đã thu hồi”" in text
    assert "lý do: Không đủ điều kiện." in text
    assert 'name="note" value="Sai đối tượng"' in text
    assert "Đồng ý, thu hồi" in text and "Không, quay lại" in text
    assert reverse("certificates_admin:manage", args=[certificate.pk]) in text
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.VALID

    staff.post(url, {"reason": "ineligible", "note": "Sai đối tượng", "confirm": "yes"})
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
    assert certificate.revoke_note == "Sai đối tượng"


def test_reissuing_asks_first_then_issues_a_new_serial(staff, make_certificate):
    certificate = make_certificate(UserFactory(full_name="Đỗ Thị Hạnh"))
    url = reverse("certificates_admin:action", args=[certificate.pk, "reissue"])
    response = staff.post(url)
    assert response.status_code == 200
    text = response.content.decode()
    assert f"cấp lại giấy chứng nhận số {certificate.serial} của Đỗ Thị Hạnh" in text
    assert "số hiệu mới" in text and "đã được thay thế" in text
    assert "Đồng ý, cấp lại" in text
    assert Certificate.objects.count() == 1

    response = staff.post(url, {"confirm": "yes"})
    new = Certificate.objects.exclude(pk=certificate.pk).get()
    assert response.url == reverse("certificates_admin:manage", args=[new.pk])
    assert new.serial != certificate.serial
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REPLACED
