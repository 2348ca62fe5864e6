"""The reader's email with the answer, sent after the transaction that saved it has committed."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task


def build_answer_message(question) -> EmailMultiAlternatives:
    base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    context = {
        "question": question,
        "public_url": base_url + question.get_absolute_url() if question.is_published else "",
        "list_url": base_url + "/hoi-dap/",
        "site_name": settings.WAGTAIL_SITE_NAME,
        "agency": settings.AGENCY_NAME,
    }
    subject = render_to_string("qa/email/answer_subject.txt", context).strip()
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=render_to_string("qa/email/answer.txt", context),
        to=[question.email],
    )
    message.attach_alternative(render_to_string("qa/email/answer.html", context), "text/html")
    return message


@task()
def send_answer(question_id):
    """Email the reader the answer as it is now (a later edit sends the newer one)."""
    from .models import Question

    question = Question.objects.filter(pk=question_id).first()
    if question is None or not question.email or not question.answer:
        return 0
    if question.status not in (Question.Status.ANSWERED, Question.Status.PUBLISHED):
        return 0
    # Stored texts and emails are in the site's language, whoever clicked the button.
    with translation.override(settings.LANGUAGE_CODE):
        build_answer_message(question).send()
    Question.objects.filter(pk=question.pk).update(answer_sent_at=timezone.now())
    return 1


@task()
def purge_expired_questions():
    from . import services

    return services.purge_expired()
