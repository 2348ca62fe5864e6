"""Organizers' emails to the people of a course or a contest round ("Gửi thư cho học viên").

An app declares who can be written to through the `register_mailing_audience` hook, returning
an `Audience`: its filters (confirmed, waiting, completed...), the ids of the people each
filter chooses, and the placeholders its messages may use. This module does the rest, the same
for every app: checks the text (lengths, placeholders), previews it for the first recipient,
records the mailing once (an idempotency key: the confirmation posted twice sends once), and
sends it in a task, in batches, counting what was sent, skipped (no account any more, no
email) and what failed, so the organizer's status screen shows the progress.
"""

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import log

from .errors import ServiceError
from .models import BODY_MAX_LENGTH, SUBJECT_MAX_LENGTH, Mailing

#: People loaded and emailed per step of the task (one query and one progress update each).
BATCH_SIZE = 50
#: Placeholders every audience has.
PERSON_PLACEHOLDERS = {
    "ho_ten": _("the person's full name"),
    "email": _("the person's email address"),
    "don_vi": _("the person's unit"),
}
PLACEHOLDER = re.compile(r"\{([^{}\s]{1,40})\}")


class MailingError(ServiceError):
    messages = {
        "subject_missing": _("Write the subject of the email."),
        "subject_too_long": _(
            "The subject is too long: at most %(max)s characters, you wrote %(length)s."
        ),
        "body_missing": _("Write the message."),
        "body_too_long": _(
            "The message is too long: at most %(max)s characters, you wrote %(length)s."
        ),
        "unknown_placeholder": _(
            "“{%(name)s}” is not a placeholder this email can fill. Use one of: %(known)s."
        ),
        "bad_filter": _("Choose who receives the email."),
        "nobody": _("Nobody matches this choice: there is no one to write to."),
        "expired": _("This confirmation is no longer valid; write the email again."),
    }
    status_codes = {"expired": 409}


@dataclass(frozen=True)
class Audience:
    """What an app tells this module about the people it lets organizers write to.

    `recipients(obj, filter)` returns a queryset of user ids (ordered), `values(obj)` the
    placeholders about the course or round, `reason(obj)` the footer line saying why the
    person receives the email, with a link.
    """

    name: str
    filters: Callable[[object], list]
    recipients: Callable[[object, str], object]
    values: Callable[[object], dict]
    placeholders: dict
    reason: Callable[[object], str]
    load: Callable[[int], object]
    label: Callable[[object], str] = str
    extra: dict = field(default_factory=dict)

    def filter_label(self, obj, value) -> str | None:
        return dict(self.filters(obj)).get(value)

    def known_placeholders(self) -> dict:
        return {**PERSON_PLACEHOLDERS, **self.placeholders}


def audiences() -> dict:
    return {
        audience.name: audience
        for audience in (fn() for fn in hooks.get_hooks("register_mailing_audience"))
    }


def get_audience(name) -> Audience:
    return audiences()[name]


# ----------------------------------------------------------------------------------------------
# Text and preview
# ----------------------------------------------------------------------------------------------


def _check_placeholders(audience, *texts):
    known = audience.known_placeholders()
    for text in texts:
        for name in PLACEHOLDER.findall(text):
            if name not in known:
                raise MailingError(
                    "unknown_placeholder",
                    name=name,
                    known=", ".join(f"{{{key}}}" for key in known),
                )


def clean_text(audience, subject, body) -> tuple[str, str]:
    """The subject on one line and the body, checked; refuses with a MailingError."""
    subject = " ".join(str(subject or "").split())
    body = str(body or "").replace("\r\n", "\n").strip()
    if not subject:
        raise MailingError("subject_missing")
    if len(subject) > SUBJECT_MAX_LENGTH:
        raise MailingError("subject_too_long", max=SUBJECT_MAX_LENGTH, length=len(subject))
    if not body:
        raise MailingError("body_missing")
    if len(body) > BODY_MAX_LENGTH:
        raise MailingError("body_too_long", max=BODY_MAX_LENGTH, length=len(body))
    _check_placeholders(audience, subject, body)
    return subject, body


def fill(text, values) -> str:
    """`text` with each known {placeholder} replaced (unknown ones were refused earlier)."""
    return PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), m.group(0))), text)


def person_values(person) -> dict:
    unit = getattr(person, "unit", None)
    return {
        "ho_ten": person.full_name,
        "email": person.email,
        "don_vi": unit.name if unit is not None else "",
    }


def can_receive(person) -> bool:
    """A deleted (erased, deactivated) account or one without an email address is skipped."""
    return person is not None and person.is_active and bool(person.email)


def _people(ids):
    return get_user_model().objects.filter(pk__in=ids).select_related("unit").in_bulk()


def counts(audience, obj) -> list[tuple[str, str, int]]:
    """(filter, label, how many people) for the compose screen: one query per filter."""
    return [
        (value, label, audience.recipients(obj, value).count())
        for value, label in audience.filters(obj)
    ]


@dataclass
class Preview:
    subject: str
    body: str
    count: int
    skipped: int
    first: object
    filter_label: str
    key: str


def preview(audience, obj, filter_value, subject, body) -> Preview:
    """The email as the first recipient who can receive it will read it, and how many people
    it goes to (and how many of them will be skipped)."""
    label = audience.filter_label(obj, filter_value)
    if label is None:
        raise MailingError("bad_filter")
    subject, body = clean_text(audience, subject, body)
    ids = audience.recipients(obj, filter_value)
    User = get_user_model()
    chosen = User.objects.filter(pk__in=ids)
    count = chosen.count()
    if not count:
        raise MailingError("nobody")
    receivers = chosen.filter(is_active=True).exclude(email="")
    first = receivers.select_related("unit").order_by("full_name", "pk").first()
    skipped = count - receivers.count()
    message = build_message(audience, obj, first, subject, body) if first else None
    return Preview(
        subject=message.subject if message else subject,
        body=message.body if message else body,
        count=count,
        skipped=skipped,
        first=first,
        filter_label=label,
        key=uuid.uuid4().hex,
    )


def build_message(audience, obj, person, subject, body, values=None) -> EmailMessage:
    """The email to one person, in Vietnamese: the organizer's text with its placeholders
    filled, and the project's plain-text footer (why they receive it, the agency)."""
    values = {**(values if values is not None else audience.values(obj)), **person_values(person)}
    with translation.override("vi"):
        context = {
            "body": fill(body, values),
            "reason": audience.reason(obj),
            "site_name": settings.WAGTAIL_SITE_NAME,
            "agency": settings.AGENCY_NAME,
        }
        text = render_to_string("common/email/mailing.txt", context)
    return EmailMessage(
        subject=" ".join(fill(subject, values).split()), body=text, to=[person.email]
    )


# ----------------------------------------------------------------------------------------------
# Recording and sending
# ----------------------------------------------------------------------------------------------


def create_mailing(audience, obj, filter_value, subject, body, *, by, key) -> tuple[Mailing, bool]:
    """Record the mailing and enqueue its sending (after commit). The confirmation's `key`
    makes it idempotent: the same key again (a double click, a reload) returns the mailing
    already recorded, and nothing more is sent. Returns (mailing, created)."""
    try:
        key = uuid.UUID(str(key))
    except ValueError:
        raise MailingError("expired") from None
    existing = Mailing.objects.filter(key=key).first()
    if existing is not None:
        return _same_mailing(existing, audience, obj), False
    label = audience.filter_label(obj, filter_value)
    if label is None:
        raise MailingError("bad_filter")
    subject, body = clean_text(audience, subject, body)
    ids = list(audience.recipients(obj, filter_value))
    if not ids:
        raise MailingError("nobody")
    try:
        with transaction.atomic():
            mailing = Mailing.objects.create(
                audience=audience.name,
                object_id=obj.pk,
                object_label=str(audience.label(obj))[:300],
                filter=filter_value,
                filter_label=str(label)[:150],
                subject=subject,
                body=body,
                created_by=by,
                key=key,
                recipients=ids,
                total=len(ids),
            )
    except IntegrityError:
        # The same confirmation posted twice at once: the other request recorded it.
        return _same_mailing(Mailing.objects.get(key=key), audience, obj), False
    # In the course's or round's own history too (Wagtail's log), next to its other actions.
    log(
        obj,
        "common.mailing",
        user=by,
        data={
            "mailing": mailing.pk,
            "filter": filter_value,
            "count": mailing.total,
            "subject": subject,
        },
    )
    from .tasks import send_mailing

    transaction.on_commit(lambda: send_mailing.enqueue(mailing.pk))
    return mailing, True


def _same_mailing(mailing, audience, obj):
    if mailing.audience != audience.name or mailing.object_id != obj.pk:
        raise MailingError("expired")
    return mailing


def history(audience, obj):
    return Mailing.objects.filter(audience=audience.name, object_id=obj.pk).select_related(
        "created_by"
    )


def send(mailing_id, *, batch_size=BATCH_SIZE) -> Mailing | None:
    """Send a recorded mailing (the task's work). Claimed once: a second run of the task for
    the same mailing finds it no longer waiting and sends nothing. Each batch is one query for
    its people, one connection, and one progress update."""
    now = timezone.now()
    claimed = Mailing.objects.filter(pk=mailing_id, status=Mailing.Status.QUEUED).update(
        status=Mailing.Status.SENDING,
        started_at=Coalesce("started_at", Value(now)),
        progressed_at=now,
    )
    if not claimed:
        return None
    mailing = Mailing.objects.get(pk=mailing_id)
    try:
        audience = get_audience(mailing.audience)
        obj = audience.load(mailing.object_id)
        ids = mailing.recipients
        values = audience.values(obj) if obj is not None else {}
        for start in range(mailing.position, len(ids), batch_size):
            chunk = ids[start : start + batch_size]
            people = _people(chunk)
            sent = skipped = failed = 0
            with get_connection() as connection:
                for pk in chunk:
                    person = people.get(pk)
                    if obj is None or not can_receive(person):
                        skipped += 1
                        continue
                    message = build_message(
                        audience, obj, person, mailing.subject, mailing.body, values
                    )
                    message.connection = connection
                    try:
                        message.send()
                    except Exception:  # noqa: BLE001  (one bad address must not stop the rest)
                        failed += 1
                    else:
                        sent += 1
            Mailing.objects.filter(pk=mailing.pk).update(
                position=start + len(chunk),
                progressed_at=timezone.now(),
                sent=F("sent") + sent,
                skipped=F("skipped") + skipped,
                failed=F("failed") + failed,
            )
    except Exception as error:
        Mailing.objects.filter(pk=mailing.pk).update(
            status=Mailing.Status.FAILED, finished_at=timezone.now(), error=str(error)[:1000]
        )
        raise
    Mailing.objects.filter(pk=mailing.pk).update(
        status=Mailing.Status.DONE, finished_at=timezone.now()
    )
    mailing.refresh_from_db()
    return mailing


#: A mailing "sending" with no batch finished for this long has lost its worker.
STALLED_AFTER = timedelta(minutes=10)


def resume_stalled(*, now=None) -> int:
    """Mailings whose worker died mid-send (a deploy, a crash) go on from the batch they had
    reached: put back in the queue and sent again by the task. The batch in flight when the
    worker died may have reached some of its people (at most one batch, BATCH_SIZE people, may
    get the message twice). Idempotent: a mailing is put back only if it has not moved since it
    was read. Returns the number resumed."""
    from .tasks import send_mailing

    now = now or timezone.now()
    resumed = 0
    stalled = Mailing.objects.filter(
        status=Mailing.Status.SENDING, progressed_at__lt=now - STALLED_AFTER
    ).values_list("pk", "progressed_at")
    for pk, progressed_at in stalled:
        if Mailing.objects.filter(
            pk=pk, status=Mailing.Status.SENDING, progressed_at=progressed_at
        ).update(status=Mailing.Status.QUEUED):
            transaction.on_commit(lambda pk=pk: send_mailing.enqueue(pk))
            resumed += 1
    return resumed
