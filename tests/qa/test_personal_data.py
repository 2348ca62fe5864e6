"""A person's questions in "download my data" and in deleting the account, and a reader
without an account asking by email (manage.py qa_reader_data)."""

import io
import json

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command

from accounts import personal_data as registry
from qa import personal_data
from qa.models import Question

from .conftest import make_question

pytestmark = pytest.mark.django_db


@pytest.fixture
def asked(user):
    EmailAddress.objects.create(user=user, email="khac@example.vn", verified=True)
    return {
        "public": make_question(email=user.email.upper(), status="published", phone="0912345678"),
        "private": make_question(title="Chưa trả lời", email="khac@example.vn", unit="Xã A"),
        "by_account": make_question(title="Từ tài khoản", email="x@example.vn", user=user),
        "other": make_question(title="Của người khác", email="nguoi-khac@example.vn"),
    }


def test_the_section_is_registered():
    assert "qa" in [section.name for section in registry.registered_sections()]


def test_export_holds_every_question_of_the_account(user, asked, vi):
    data = personal_data.export(user)
    subjects = sorted(row["subject"] for row in data["questions"])
    assert subjects == sorted([asked["public"].title, "Chưa trả lời", "Từ tài khoản"])
    row = next(row for row in data["questions"] if row["phone"])
    assert row["status"] == "Đã đăng" and row["reference"] == asked["public"].reference
    used = {key for row in data["questions"] for key in row} | {"questions"}
    assert used <= set(personal_data.LABELS)


def test_erase_deletes_the_unpublished_and_anonymises_the_published(
    user, asked, client, django_capture_on_commit_callbacks, vi
):
    with django_capture_on_commit_callbacks(execute=True):
        personal_data.erase(user, now=None)
    assert not Question.objects.filter(
        pk__in=[asked["private"].pk, asked["by_account"].pk]
    ).exists()
    public = Question.objects.get(pk=asked["public"].pk)
    assert (public.name, public.email, public.phone, public.unit, public.user) == (
        "",
        "",
        "",
        "",
        None,
    )
    assert public.public_name == "Bạn đọc"
    assert Question.objects.filter(pk=asked["other"].pk).exists()
    html = client.get(public.get_absolute_url()).content.decode()
    assert "Bạn đọc" in html and "Nguyễn Văn Hùng" not in html


def test_a_reader_without_account_by_email(db):
    make_question(email="Doc.Gia@example.vn", status="published")
    make_question(title="Riêng", email="doc.gia@example.vn")
    out = io.StringIO()
    call_command("qa_reader_data", "doc.gia@example.vn", stdout=out)
    assert len(json.loads(out.getvalue())["questions"]) == 2
    call_command("qa_reader_data", "doc.gia@example.vn", "--erase", stdout=io.StringIO())
    assert Question.objects.count() == 1
    assert Question.objects.get().email == ""
