"""Emails of the accounts app, sent after the transaction that changed the account committed."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

#: A coordinator or the organizers confirmed the person's unit, or said they are not in it.
UNIT_KINDS = ("confirmed", "refused")


def build_unit_message(person, kind, unit) -> EmailMultiAlternatives:
    context = {
        "person": person,
        "unit": unit,
        "profile_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("accounts:profile"),
        "site_name": settings.WAGTAIL_SITE_NAME,
        "agency": settings.AGENCY_NAME,
    }
    subject = render_to_string(f"accounts/email/unit_{kind}_subject.txt", context)
    body = render_to_string(f"accounts/email/unit_{kind}.txt", context)
    return EmailMultiAlternatives(subject=" ".join(subject.split()), body=body, to=[person.email])


@task()
def send_unit_email(person_id, kind, unit_id):
    from .models import Unit, User

    person = User.objects.filter(pk=person_id, is_active=True).first()
    unit = Unit.objects.filter(pk=unit_id).first()
    if person is None or unit is None or kind not in UNIT_KINDS:
        return
    with translation.override("vi"):
        build_unit_message(person, kind, unit).send()
