"""Tell registered people when a session they hold a seat for moves or is removed.

Organizers edit sessions inside the course form (modelcluster saves each session, and deletes
the removed ones, as ordinary model saves and deletes), so the signals of Session are where a
change is seen whatever screen made it. Only what a calendar shows counts as a change (date,
times, venue); the emails go out after commit, with an .ics that replaces (METHOD:REQUEST, same
UID, a higher SEQUENCE) or cancels (METHOD:CANCEL) the event people imported before.
"""

from django.db import transaction
from django.db.models.signals import post_save, pre_delete, pre_save
from django.dispatch import receiver
from django.utils import timezone

from .calendar import session_uid
from .models import Course, Registration, Session

#: What a calendar entry shows of a session.
CALENDAR_FIELDS = ("date", "starts_at", "ends_at", "venue")


def _announced(course) -> bool:
    return course.status == Course.Status.PUBLISHED


def _seated_person_ids(course_id):
    return list(
        Registration.objects.filter(
            course_id=course_id, status=Registration.Status.CONFIRMED
        ).values_list("person_id", flat=True)
    )


@receiver(pre_save, sender=Session, dispatch_uid="courses-session-before")
def remember_calendar_fields(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        instance._calendar_before = None
        return
    instance._calendar_before = (
        Session.objects.filter(pk=instance.pk).values(*CALENDAR_FIELDS).first()
    )


@receiver(post_save, sender=Session, dispatch_uid="courses-session-changed")
def announce_change(sender, instance, created, raw=False, **kwargs):
    before = getattr(instance, "_calendar_before", None)
    if raw or created or not before:
        return
    if all(before[field] == getattr(instance, field) for field in CALENDAR_FIELDS):
        return
    course = instance.course
    now = timezone.now()
    if not _announced(course) or instance.end < now:
        return
    from .tasks import send_session_changed

    session_id = instance.pk
    transaction.on_commit(lambda: send_session_changed.enqueue(session_id))


@receiver(pre_delete, sender=Session, dispatch_uid="courses-session-removed")
def announce_removal(sender, instance, **kwargs):
    course = instance.course
    if not _announced(course) or instance.end < timezone.now():
        return
    person_ids = _seated_person_ids(course.pk)
    if not person_ids:
        return
    summary = course.title if not instance.topic else f"{course.title}: {instance.topic}"
    snapshot = {
        "uid": session_uid(instance.pk),
        "course_id": course.pk,
        "course_title": course.title,
        "summary": summary,
        "start": instance.start.isoformat(),
        "end": instance.end.isoformat(),
        "place": instance.place,
        "person_ids": person_ids,
    }
    from .tasks import send_session_cancelled

    transaction.on_commit(lambda: send_session_cancelled.enqueue(snapshot))
