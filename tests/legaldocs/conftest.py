from datetime import date

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from legaldocs.models import Attachment, Issuer, LegalDocument

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def make_document(issuer, number, *, issued_on=date(2026, 1, 8), **fields):
    fields.setdefault("doc_type", LegalDocument.Type.PLAN)
    fields.setdefault("title", f"Văn bản {number}")
    document = LegalDocument(issuer=issuer, number=number, issued_on=issued_on, **fields)
    document.full_clean()
    document.save()
    return document


def make_many(issuer, count, *, start=0):
    """`count` published documents in one bulk insert (bulk_create skips save())."""
    documents = []
    for index in range(start, start + count):
        document = LegalDocument(
            issuer=issuer,
            number=f"{index + 1}/BC-UBND",
            doc_type=LegalDocument.Type.REPORT,
            issued_on=date(2020 + index % 7, 1 + index % 12, 1 + index % 28),
            title=f"Báo cáo công tác cải cách hành chính số {index + 1}",
            slug=f"bc-{index + 1}",
        )
        document.fill_derived()
        documents.append(document)
    return LegalDocument.objects.bulk_create(documents)


def make_file(title="Kế hoạch", name="ke-hoach.pdf", content=PDF_BYTES, collection=None):
    Document = get_document_model()
    document = Document(title=title)
    if collection is not None:
        document.collection = collection
    document.file.save(name, ContentFile(content), save=False)
    document.save()
    return document


def attach(legal_document, wagtail_document, title=""):
    return Attachment.objects.create(
        legal_document=legal_document, file=wagtail_document, title=title
    )


@pytest.fixture
def ubnd(db):
    return Issuer.objects.create(name="Ủy ban nhân dân tỉnh An Lạc", short_name="UBND tỉnh")


@pytest.fixture
def snv(db):
    return Issuer.objects.create(name="Sở Nội vụ tỉnh An Lạc", short_name="Sở Nội vụ")


@pytest.fixture
def plan(ubnd):
    return make_document(
        ubnd,
        "05/KH-UBND",
        title="Kế hoạch cải cách hành chính năm 2026",
        summary="Đến hết năm 2026, 80% hồ sơ được giải quyết trực tuyến toàn trình.",
        signer="Chủ tịch Lê Minh Quang",
    )
