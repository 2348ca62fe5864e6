"""A question's life: sent (reference, consent, a form sent twice), answered (the reader is
emailed, text and HTML), published or not, spam; what is kept and for how long."""

import datetime as dt

import pytest
from django.utils import timezone

from common.errors import ServiceError
from common.signals import public_content_changed
from qa import services
from qa.models import Question
from tests.factories import UserFactory

from .conftest import QUESTION, make_question

pytestmark = pytest.mark.django_db


def test_submit_gives_a_reference_by_kind_and_year(vi):
    when = timezone.make_aware(dt.datetime(2026, 9, 2, 8, 0))
    question = make_question(when=when)
    assert question.reference == f"HD-2026-{question.pk:05d}"
    assert question.status == Question.Status.NEW
    assert question.consented_at == when
    feedback = make_question(kind="phan-anh", title="Phản ánh", when=when)
    assert feedback.reference == f"PA-2026-{feedback.pk:05d}"
    assert Question.objects.published().count() == 0


def test_submit_refuses_without_consent():
    with pytest.raises(ServiceError) as refusal:
        services.submit(**QUESTION, consent=False, token="x")
    assert refusal.value.code == "no_consent"
    assert Question.objects.count() == 0


def test_the_same_form_twice_makes_one_question():
    first = services.submit(**QUESTION, consent=True, token="same-form")
    second = services.submit(**QUESTION, consent=True, token="same-form")
    assert first.pk == second.pk and first.reference == second.reference
    assert Question.objects.count() == 1


@pytest.mark.parametrize(
    ("show_as", "shown"),
    [("name", "Nguyễn Văn Hùng"), ("initials", "N.V.H."), ("anonymous", "Bạn đọc")],
)
def test_public_name_follows_the_readers_choice(show_as, shown, vi):
    assert make_question(show_as=show_as).public_name == shown


def test_answer_emails_the_reader_without_publishing(
    question, mailoutbox, django_capture_on_commit_callbacks
):
    editor = UserFactory(is_staff=True)
    text = '<p>Trong <b>ngày</b>.</p><ol><li>Bước một</li></ol><p><a href="https://dichvucong.gov.vn">Cổng</a></p>'
    with django_capture_on_commit_callbacks(execute=True):
        services.answer(question, text=text, by=editor)
    question.refresh_from_db()
    assert question.status == Question.Status.ANSWERED
    assert question.answered_by == editor and question.answer_sent_at is not None
    assert question.published_at is None
    [mail] = mailoutbox
    assert mail.to == ["hung@example.vn"]
    assert question.reference in mail.subject and "Trả lời câu hỏi" in mail.subject
    assert "Kính gửi Nguyễn Văn Hùng" in mail.body
    assert "- Bước một" in mail.body and "Cổng (https://dichvucong.gov.vn)" in mail.body
    assert "không đăng trên cổng" in mail.body
    html, mime = mail.alternatives[0]
    assert mime == "text/html" and "<b>ngày</b>" in html
    assert Question.objects.published().count() == 0


def test_answer_and_publish_emails_the_link_and_purges_public_pages(
    question, mailoutbox, django_capture_on_commit_callbacks
):
    announced = []

    def listener(sender, **kwargs):
        announced.append(sender)

    public_content_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.answer(question, text="<p>Trong ngày.</p>", by=None, publish=True)
    finally:
        public_content_changed.disconnect(listener)
    question.refresh_from_db()
    assert question.status == Question.Status.PUBLISHED and question.published_at
    assert announced == [Question]
    [mail] = mailoutbox
    assert question.get_absolute_url() in mail.body


@pytest.mark.parametrize("text", ["", "<p> </p>", "<p><br></p>"])
def test_an_empty_answer_is_refused(question, text):
    with pytest.raises(ServiceError) as refusal:
        services.answer(question, text=text, by=None)
    assert refusal.value.code == "answer_empty"


def test_a_huge_answer_is_refused(question):
    with pytest.raises(ServiceError) as refusal:
        services.answer(question, text="<p>" + "a" * 20001 + "</p>", by=None)
    assert refusal.value.code == "answer_too_long"


def test_spam_cannot_be_answered_or_published(question, mailoutbox):
    services.mark_spam(question, by=None)
    with pytest.raises(ServiceError):
        services.answer(question, text="<p>x</p>", by=None, publish=True)
    with pytest.raises(ServiceError):
        services.publish(question, by=None)
    assert mailoutbox == []


def test_publish_needs_an_answer_and_withhold_takes_it_off(
    question, mailoutbox, django_capture_on_commit_callbacks
):
    with pytest.raises(ServiceError) as refusal:
        services.publish(question, by=None)
    assert refusal.value.code == "not_answered"
    with django_capture_on_commit_callbacks(execute=True):
        services.answer(question, text="<p>Trả lời.</p>", by=None)
        services.publish(question, by=None)
    assert Question.objects.published().count() == 1
    assert len(mailoutbox) == 2
    services.withhold(question, by=None)
    question.refresh_from_db()
    assert question.status == Question.Status.NOT_PUBLISHED and question.published_at is None
    assert Question.objects.published().count() == 0


def test_purge_keeps_details_only_as_long_as_the_form_says():
    now = timezone.now()
    old = now - services.RETENTION - dt.timedelta(days=1)
    old_new = make_question(title="Cũ chưa trả lời", when=old)
    old_public = make_question(title="Cũ đã đăng", when=old, status="published", phone="0912")
    recent = make_question(title="Mới", when=now - dt.timedelta(days=40))
    spam = make_question(title="Rác", when=now - dt.timedelta(days=31))
    spam.status = Question.Status.SPAM
    spam.save()
    assert services.purge_expired(now) == {"spam": 1, "unpublished": 1, "contacts": 1}
    assert not Question.objects.filter(pk__in=[old_new.pk, spam.pk]).exists()
    old_public.refresh_from_db()
    assert (old_public.email, old_public.phone, old_public.name) == ("", "", "Nguyễn Văn Hùng")
    assert Question.objects.filter(pk=recent.pk).exists()
