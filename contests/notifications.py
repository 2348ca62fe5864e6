"""Emails to winners when a round's results are published (contests.signals.results_published
is sent after the publishing transaction commits)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from .signals import results_published


@receiver(results_published, dispatch_uid="contests-prize-emails")
def email_winners(sender, round, **kwargs):
    send_prize_emails.enqueue(round.pk)


@task()
def send_prize_emails(round_id):
    """One email per prize of the round; a person whose account is gone or inactive gets none."""
    from .models import Prize, Round

    round_ = Round.objects.select_related("contest").filter(pk=round_id).first()
    if round_ is None or round_.results_published_at is None:
        return 0
    base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    results_url = base_url + reverse("contests:results", args=[round_.contest.slug, round_.pk])
    learning_url = base_url + reverse("accounts:learning_record")
    prizes = Prize.objects.filter(round=round_, person__is_active=True).select_related("person")
    sent = 0
    with translation.override("vi"):
        for prize in prizes:
            context = {
                "person": prize.person,
                "prize": prize,
                "round": round_,
                "contest": round_.contest,
                "results_url": results_url,
                "learning_url": learning_url,
                "site_name": settings.WAGTAIL_SITE_NAME,
                "agency": settings.AGENCY_NAME,
            }
            subject = render_to_string("contests/email/prize_subject.txt", context).strip()
            body = render_to_string("contests/email/prize.txt", context)
            EmailMultiAlternatives(
                subject=" ".join(subject.split()), body=body, to=[prize.person.email]
            ).send()
            sent += 1
    return sent
