"""The demo register: 20 documents, the 2026 plan among them, one replaced by another, signed
PDFs made at seed time; seeding twice creates nothing new."""

import pytest

from legaldocs.models import Attachment, Issuer, LegalDocument


@pytest.mark.django_db
def test_seed_demo_legaldocs_twice():
    from demo.seeders import legaldocs as demo

    demo.seed()
    demo.seed()
    assert LegalDocument.objects.count() == 20
    assert Issuer.objects.count() == 4
    plan = LegalDocument.objects.get(number="05/KH-UBND", year=2026)
    assert plan.title == "Kế hoạch cải cách hành chính năm 2026"
    assert plan.status == LegalDocument.Status.IN_FORCE
    replaced = LegalDocument.objects.get(status=LegalDocument.Status.REPLACED)
    assert replaced.replaced_by.number == "145/QĐ-UBND"
    assert Attachment.objects.count() == 7
    for attachment in Attachment.objects.select_related("file"):
        with attachment.file.file.open("rb") as handle:
            assert handle.read(5) == b"%PDF-"
    for document in LegalDocument.objects.all():
        document.full_clean()
