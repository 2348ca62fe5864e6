"""iCalendar (.ics) files: one event per session."""

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event


def build_calendar(sessions, *, name, base_url="") -> bytes:
    """`sessions` with their course selected (session.course); one VEVENT per session."""
    calendar = Calendar()
    calendar.add("prodid", "-//CCHC//courses//VI")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now()
    for session in sessions:
        course = session.course
        event = Event()
        event.add(
            "uid", f"course-session-{session.pk}@{settings.WAGTAILADMIN_BASE_URL.split('//')[-1]}"
        )
        event.add("dtstamp", stamp)
        event.add("dtstart", session.start)
        event.add("dtend", session.end)
        summary = course.title if not session.topic else f"{course.title}: {session.topic}"
        event.add("summary", summary)
        if session.place:
            event.add("location", session.place)
        lines = [course.summary] if course.summary else []
        if session.lecturer:
            lines.append(session.lecturer)
        if course.online_link:
            lines.append(course.online_link)
        if lines:
            event.add("description", "\n".join(lines))
        if base_url:
            event.add("url", base_url + course.get_absolute_url())
        calendar.add_component(event)
    return calendar.to_ical()
