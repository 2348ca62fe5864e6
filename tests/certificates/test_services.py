import datetime as dt

import pytest
from django.utils import timezone
from wagtail.models import ModelLogEntry

from certificates import pdfs, services
from certificates.errors import CertificateError
from certificates.models import Certificate, NumberCounter
from tests.certificates.conftest import achievement
from tests.certificates.factories import CertificateTemplateFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_issue_snapshots_the_holder_and_numbers_in_sequence(template, make_certificate):
    person = UserFactory(full_name="Lê Thị Hồng Nhung", date_of_birth=dt.date(1990, 3, 5))
    first = make_certificate(person, n=1)
    second = make_certificate(n=2)
    year = timezone.localdate().year
    assert first.serial == f"SNV-{year}-000001"
    assert second.serial == f"SNV-{year}-000002"
    assert first.register_number == f"0001/{year}/GCN-SNV"
    assert second.register_no == 2
    assert first.holder_name == "Lê Thị Hồng Nhung"
    assert first.holder_birth_date == dt.date(1990, 3, 5)
    assert first.unit_name == person.unit.name
    assert "Ngày sinh: 05/03/1990" in first.body_text
    assert first.place_name == "An Lạc"
    assert len(first.code) >= 32  # 24 random bytes
    # The snapshot does not follow later edits of the person or template.
    person.full_name = "Tên Khác"
    person.save()
    template.signer_name = "Người Khác"
    template.save()
    first.refresh_from_db()
    assert first.holder_name == "Lê Thị Hồng Nhung"
    assert first.signer_name == "Trần Văn Bình"
    assert ModelLogEntry.objects.filter(action="certificates.issue").count() == 2


def test_issue_renders_the_pdf_after_commit(make_certificate):
    certificate = make_certificate()
    certificate.refresh_from_db()
    assert certificate.pdf.name.endswith(".pdf")
    assert certificate.rendered_at is not None
    assert certificate.pdf.read().startswith(b"%PDF-")


def test_second_issue_for_the_same_source_is_refused_and_uses_no_number(make_certificate, vi):
    person = UserFactory()
    make_certificate(person, n=7)
    with pytest.raises(CertificateError) as excinfo:
        make_certificate(person, n=7)
    assert excinfo.value.code == "already_issued"
    assert "đã được cấp" in str(excinfo.value)  # Vietnamese message
    assert Certificate.objects.count() == 1
    assert NumberCounter.objects.get(sequence="serial").last_value == 1
    # The same person for another source is fine, and the number continues without a gap.
    assert make_certificate(person, n=8).serial_no == 2


def test_numbering_runs_per_agency_and_year(template, make_certificate):
    other = CertificateTemplateFactory(agency="Sở Tư pháp tỉnh An Lạc", agency_code="STP")
    a = make_certificate(n=1)
    b = make_certificate(n=2, template=other)
    next_year = timezone.now() + dt.timedelta(days=366)
    c = make_certificate(n=3, now=next_year)
    assert (a.serial_no, b.serial_no, c.serial_no) == (1, 1, 1)
    assert b.serial.startswith("STP-")
    assert c.year == a.year + 1


def test_name_of_300_characters_is_refused_with_a_message(template):
    person = UserFactory()
    # Longer than any profile allows (e.g. from an import): refused before any number is used.
    person.full_name = "Nguyễn " * 50
    with pytest.raises(CertificateError) as excinfo:
        services.issue(template=template, holder=person, what=achievement())
    assert excinfo.value.code == "name_too_long"
    assert Certificate.objects.count() == 0
    assert not NumberCounter.objects.exists()


def test_revoke_records_reason_and_date(make_certificate):
    certificate = make_certificate()
    organizer = UserFactory()
    now = timezone.now()
    services.revoke(certificate, reason="fraud", note="Hồ sơ giả", user=organizer, now=now)
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
    assert certificate.revoked_at == now
    assert certificate.revoke_reason == "fraud"
    entry = ModelLogEntry.objects.get(action="certificates.revoke")
    assert entry.user_id == organizer.pk
    with pytest.raises(CertificateError):
        services.revoke(certificate, reason="fraud")
    with pytest.raises(CertificateError):
        services.revoke(make_certificate(n=2), reason="not-a-reason")


def test_reissue_gives_new_numbers_and_marks_the_old_one_replaced(make_certificate):
    person = UserFactory(full_name="Phạm Văn Sai")
    old = make_certificate(person)
    person.full_name = "Phạm Văn Đúng"
    person.save()
    new = services.reissue(old, user=person)
    old.refresh_from_db()
    assert old.status == Certificate.Status.REPLACED
    assert old.replacement == new
    assert new.replaces == old
    assert new.serial_no == old.serial_no + 1
    assert new.register_no == old.register_no + 1
    assert new.holder_name == "Phạm Văn Đúng"
    assert new.code != old.code
    assert ModelLogEntry.objects.filter(action="certificates.reissue").count() == 1
    # The replacement now holds the "once per source" place.
    with pytest.raises(CertificateError):
        make_certificate(person)
    with pytest.raises(CertificateError):
        services.reissue(old)


def test_a_revoked_certificate_cannot_be_reissued_and_stays_revoked(client, make_certificate, vi):
    from django.urls import reverse

    certificate = make_certificate()
    services.revoke(certificate, reason="fraud")
    with pytest.raises(CertificateError) as excinfo:
        services.reissue(certificate)
    assert excinfo.value.code == "not_reissuable"
    assert "Chỉ cấp lại được giấy chứng nhận còn hiệu lực" in str(excinfo.value)
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
    assert Certificate.objects.count() == 1
    assert not ModelLogEntry.objects.filter(action="certificates.reissue").exists()
    html = client.get(reverse("certificates:verify_code", args=[certificate.code])).content.decode()
    assert "Đã thu hồi" in html


def test_certification_for_a_lost_certificate(make_certificate):
    original = make_certificate()
    confirmation = services.certify_completion(original)
    assert confirmation.document_type == Certificate.DocumentType.CONFIRMATION
    assert confirmation.confirms == original
    assert confirmation.register_book == "XN"
    assert confirmation.register_no == 1
    assert original.serial in confirmation.body_text
    assert confirmation.title == "GIẤY XÁC NHẬN HOÀN THÀNH"
    original.refresh_from_db()
    assert original.status == Certificate.Status.VALID
    with pytest.raises(CertificateError):
        services.certify_completion(confirmation)


def test_rendering_again_only_when_asked(make_certificate):
    certificate = make_certificate()
    certificate.refresh_from_db()
    first = certificate.rendered_at
    assert pdfs.render(certificate.pk).rendered_at == first
    assert pdfs.render(certificate.pk, force=True).rendered_at > first


def test_certificates_are_part_of_the_personal_data_download(make_certificate):
    from accounts.services import export_personal_data

    person = UserFactory()
    assert export_personal_data(person)["certificates"] == {"certificates": []}
    certificate = make_certificate(person)
    [row] = export_personal_data(person)["certificates"]["certificates"]
    assert (row["serial"], row["holder_name"]) == (certificate.serial, certificate.holder_name)
