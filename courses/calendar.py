"""iCalendar (RFC 5545) files of course sessions: downloads, the personal subscription feed, and
the updates and cancellations emailed when a session moves or is removed.

Times are written in Vietnam's zone with its VTIMEZONE, so calendars that do not know
Asia/Ho_Chi_Minh (older Outlook, some phones) still show the session at the right hour. A
session's UID never changes, so an update or cancellation replaces the event already imported.
"""

import datetime as dt
import zoneinfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from icalendar import Calendar, Event

#: Sequence numbers of updates count minutes from this moment: always larger than the last one
#: sent, without storing a counter per session.
_SEQUENCE_EPOCH = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


def _zone():
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def _host():
    return settings.WAGTAILADMIN_BASE_URL.split("//")[-1].rstrip("/")


def session_uid(session_id) -> str:
    return f"course-session-{session_id}@{_host()}"


def sequence_now(now=None) -> int:
    now = now or timezone.now()
    return int((now - _SEQUENCE_EPOCH).total_seconds() // 60)


def _calendar(name, method=None):
    calendar = Calendar()
    calendar.add("prodid", "-//CCHC//courses//VI")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    return calendar


def _finish(calendar) -> bytes:
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _event(*, uid, start, end, summary, place="", description="", url="", stamp, sequence=0):
    zone = _zone()
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", start.astimezone(zone))
    event.add("dtend", end.astimezone(zone))
    event.add("summary", summary)
    if place:
        event.add("location", place)
    if description:
        event.add("description", description)
    if url:
        event.add("url", url)
    if sequence:
        event.add("sequence", sequence)
    return event


def _session_event(session, base_url, stamp, sequence=0):
    course = session.course
    summary = course.title if not session.topic else f"{course.title}: {session.topic}"
    lines = [course.summary] if course.summary else []
    if session.lecturer:
        lines.append(session.lecturer)
    if course.online_link:
        lines.append(course.online_link)
    return _event(
        uid=session_uid(session.pk),
        start=session.start,
        end=session.end,
        summary=summary,
        place=session.place,
        description="\n".join(lines),
        url=base_url + course.get_absolute_url() if base_url else "",
        stamp=stamp,
        sequence=sequence,
    )


def build_calendar(sessions, *, name, base_url="", method=None, sequence=0) -> bytes:
    """`sessions` with their course selected (session.course); one VEVENT per session.

    `method="REQUEST"` with a `sequence` makes an update that calendar programs apply to the
    event imported before (same UID); `method="CANCEL"` removes those events."""
    calendar = _calendar(name, method)
    stamp = timezone.now()
    for session in sessions:
        event = _session_event(session, base_url, stamp, sequence)
        if method == "CANCEL":
            event.add("status", "CANCELLED")
        calendar.add_component(event)
    return _finish(calendar)


def build_cancellation(snapshot, *, sequence) -> bytes:
    """METHOD:CANCEL for a session that no longer exists, from the `snapshot` taken before it
    was deleted (see courses.calendar_updates)."""
    calendar = _calendar(snapshot["course_title"], "CANCEL")
    event = _event(
        uid=snapshot["uid"],
        start=dt.datetime.fromisoformat(snapshot["start"]),
        end=dt.datetime.fromisoformat(snapshot["end"]),
        summary=snapshot["summary"],
        place=snapshot.get("place", ""),
        stamp=timezone.now(),
        sequence=sequence,
    )
    event.add("status", "CANCELLED")
    calendar.add_component(event)
    return _finish(calendar)


# ----------------------------------------------------------------------------------------------
# The personal subscription feed
# ----------------------------------------------------------------------------------------------
#
# The address carries the person's id and an HMAC of it with their password hash: nobody can
# guess another person's feed, no token is stored, and changing the password gives a new address
# (the old one stops working), as Django's password-reset tokens do.


def _feed_digest(user) -> str:
    return salted_hmac(
        "courses.calendar_feed", f"{user.pk}:{user.password}", algorithm="sha256"
    ).hexdigest()[:32]


def feed_token(user) -> str:
    return f"{user.pk}-{_feed_digest(user)}"


def feed_url(user) -> str:
    """The webcal:// address a calendar program subscribes to."""
    from django.urls import reverse

    path = reverse("courses:calendar_feed", args=[feed_token(user)])
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/").split("://", 1)[-1]
    return f"webcal://{base}{path}"


def user_for_feed_token(token):
    """The active person whose feed `token` opens, or None."""
    pk, _sep, digest = (token or "").partition("-")
    if not pk.isascii() or not pk.isdigit() or len(pk) > 12 or len(digest) != 32:
        return None
    user = get_user_model().objects.filter(pk=int(pk), is_active=True).first()
    if user is None or not constant_time_compare(digest, _feed_digest(user)):
        return None
    return user
