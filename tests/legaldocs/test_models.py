"""What the register refuses: a number twice in a year for one issuer, a document in force
before it is issued, a document replacing itself (or its own replacement)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from legaldocs.models import LegalDocument

from .conftest import make_document

pytestmark = pytest.mark.django_db


def test_number_is_unique_per_issuer_and_year_whatever_the_spelling(ubnd, snv, plan, vi):
    with pytest.raises(ValidationError) as error:
        make_document(ubnd, "05 / kh-ubnd", issued_on=date(2026, 6, 1))
    assert "đã có văn bản mang số, ký hiệu này trong năm 2026" in str(error.value.messages)
    # Another issuer, or the same number next year (numbering restarts on 1 January): fine.
    assert make_document(snv, "05/KH-UBND").pk
    again = make_document(ubnd, "05/KH-UBND", issued_on=date(2027, 1, 5))
    assert again.slug == "05-kh-ubnd-2027"


def test_the_database_refuses_a_duplicate_number_too(ubnd, plan):
    duplicate = LegalDocument(
        issuer=ubnd, number="05/kh-ubnd", doc_type="ke-hoach", issued_on=date(2026, 3, 1)
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_a_number_needs_letters_or_digits(ubnd, vi):
    with pytest.raises(ValidationError) as error:
        make_document(ubnd, "/-/")
    assert "number" in error.value.message_dict


def test_effective_date_not_before_issue_date(ubnd, vi):
    with pytest.raises(ValidationError) as error:
        make_document(ubnd, "7/QĐ-UBND", issued_on=date(2026, 2, 1), effective_on=date(2026, 1, 31))
    assert error.value.message_dict["effective_on"] == [
        "Ngày có hiệu lực không được trước ngày ban hành."
    ]
    same_day = make_document(
        ubnd, "8/QĐ-UBND", issued_on=date(2026, 2, 1), effective_on=date(2026, 2, 1)
    )
    assert same_day.pk


def test_a_document_cannot_replace_itself(plan, vi):
    plan.replaced_by = plan
    with pytest.raises(ValidationError) as error:
        plan.full_clean()
    assert error.value.message_dict["replaced_by"] == ["Văn bản không thể tự thay thế chính nó."]


def test_nor_replace_its_own_replacement(ubnd, plan):
    newer = make_document(ubnd, "90/KH-UBND", replaced_by=None)
    plan.replaced_by = newer
    plan.full_clean()
    plan.save()
    newer.replaced_by = plan
    with pytest.raises(ValidationError) as error:
        newer.full_clean()
    assert "replaced_by" in error.value.message_dict


def test_replaced_by_sets_the_status_and_replaced_needs_a_replacement(ubnd, plan, vi):
    newer = make_document(ubnd, "90/KH-UBND")
    plan.replaced_by = newer
    plan.full_clean()
    assert plan.status == LegalDocument.Status.REPLACED
    orphan = LegalDocument(
        issuer=ubnd,
        number="91/KH-UBND",
        doc_type="ke-hoach",
        issued_on=date(2026, 1, 1),
        title="x",
        status=LegalDocument.Status.REPLACED,
    )
    with pytest.raises(ValidationError) as error:
        orphan.full_clean()
    assert error.value.message_dict["replaced_by"] == ["Chọn văn bản thay thế văn bản này."]


def test_slugs_stay_unique(ubnd, snv, plan):
    other = make_document(snv, "05/KH-UBND")
    assert plan.slug == "05-kh-ubnd-2026"
    assert other.slug == "05-kh-ubnd-2026-2"
