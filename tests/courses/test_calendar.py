"""Calendars that stay right: Vietnam's VTIMEZONE in every .ics, the personal subscription feed,
and the updating or cancelling .ics emailed when a session moves or is removed."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from courses import services
from courses.calendar import feed_token, session_uid
from courses.models import Course
from tests.factories import UserFactory

from .factories import CourseFactory, SessionFactory

pytestmark = pytest.mark.django_db
HCM = "Asia/Ho_Chi_Minh"


def parse(content) -> Calendar:
    return Calendar.from_ical(content)


def assert_vietnam_zone(calendar):
    zones = calendar.walk("VTIMEZONE")
    assert [str(zone["tzid"]) for zone in zones] == [HCM]
    tz = zones[0].to_tz()
    assert tz.utcoffset(dt.datetime(2026, 3, 5, 8, 0)) == dt.timedelta(hours=7)
    for event in calendar.walk("VEVENT"):
        start = event["dtstart"]
        assert start.params["TZID"] == HCM
        assert start.dt.utcoffset() == dt.timedelta(hours=7)


def test_downloads_carry_vietnam_time_zone(client, user):
    course = CourseFactory(sessions=2)
    calendar = parse(client.get(reverse("courses:course_ics", args=[course.slug])).content)
    assert_vietnam_zone(calendar)
    first = calendar.walk("VEVENT")[0]
    assert (first["dtstart"].dt.hour, first["dtstart"].dt.minute) == (8, 0)
    assert b"TZID=Asia/Ho_Chi_Minh:" in calendar.to_ical()
    services.register(user, course)
    client.force_login(user)
    assert_vietnam_zone(parse(client.get(reverse("courses:my_ics")).content))


def test_feed_needs_the_right_secret_and_follows_changes(client, user):
    mine = CourseFactory(sessions=2, title="Lớp của tôi")
    services.register(user, mine)
    cancelled = CourseFactory(sessions=1, title="Lớp bị hủy")
    services.register(user, cancelled)
    CourseFactory(sessions=1, title="Lớp người khác")
    url = reverse("courses:calendar_feed", args=[feed_token(user)])

    response = client.get(url)  # no login: the address is the key
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "private" in response["Cache-Control"]
    calendar = parse(response.content)
    assert_vietnam_zone(calendar)
    summaries = sorted(str(event["summary"]) for event in calendar.walk("VEVENT"))
    assert len(summaries) == 3 and all("người khác" not in s for s in summaries)

    Course.objects.filter(pk=cancelled.pk).update(status=Course.Status.CANCELLED)
    session = mine.sessions.first()
    session.starts_at, session.ends_at = dt.time(13, 30), dt.time(16, 0)
    session.save()
    events = parse(client.get(url).content).walk("VEVENT")
    assert len(events) == 2
    moved = next(e for e in events if str(e["uid"]) == session_uid(session.pk))
    assert moved["dtstart"].dt.hour == 13 and moved["dtstart"].dt.minute == 30


def test_feed_refuses_forged_and_old_addresses(client, user):
    other = UserFactory()
    token = feed_token(user)
    pk, digest = token.split("-")
    for bad in (
        f"{other.pk}-{digest}",  # someone else's id with my digest
        f"{pk}-{'0' * 32}",
        f"{pk}-{digest[:-1]}",
        "abc-" + digest,
        "²-" + digest,
        "9" * 40 + "-" + digest,
        "",
    ):
        if not bad:
            continue
        assert client.get(f"/khoa-hoc/lich/{bad}.ics").status_code == 404, bad
    assert feed_token(user) != feed_token(other)
    user.set_password("a new password 123")
    user.save()
    assert client.get(reverse("courses:calendar_feed", args=[token])).status_code == 404
    assert client.get(reverse("courses:calendar_feed", args=[feed_token(user)])).status_code == 200
    user.is_active = False
    user.save()
    assert client.get(reverse("courses:calendar_feed", args=[feed_token(user)])).status_code == 404


def test_my_courses_offers_the_subscription(client, user):
    client.force_login(user)
    page = client.get(reverse("courses:my_courses")).content.decode()
    assert f"webcal://testserver/khoa-hoc/lich/{feed_token(user)}.ics" in page


def test_moving_a_session_emails_an_updating_calendar(user, django_capture_on_commit_callbacks):
    course = CourseFactory(sessions=2)
    services.register(user, course)
    waiting_elsewhere = UserFactory()
    services.register(waiting_elsewhere, CourseFactory(sessions=1))
    session = course.sessions.first()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        session.topic = "Chủ đề mới"  # not shown as a time or place: no email
        session.save()
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        session.date = session.date + dt.timedelta(days=1)
        session.venue = "Hội trường B, Sở Nội vụ"
        session.save()
    assert [message.to for message in mail.outbox] == [[user.email]]
    message = mail.outbox[0]
    assert course.title in message.subject
    assert "Hội trường B" in message.body and session.date.strftime("%d/%m/%Y") in message.body
    (name, content, mimetype) = message.attachments[0]
    assert mimetype.startswith("text/calendar")
    calendar = parse(content)
    assert str(calendar["method"]) == "REQUEST"
    assert_vietnam_zone(calendar)
    (event,) = calendar.walk("VEVENT")
    assert str(event["uid"]) == session_uid(session.pk)
    assert int(event["sequence"]) > 0
    assert event["dtstart"].dt.date() == session.date


def test_removing_a_session_emails_a_cancellation(user, django_capture_on_commit_callbacks):
    course = CourseFactory(sessions=2)
    services.register(user, course)
    session = course.sessions.first()
    uid = session_uid(session.pk)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        session.delete()
    assert [message.to for message in mail.outbox] == [[user.email]]
    calendar = parse(mail.outbox[0].attachments[0][1])
    assert str(calendar["method"]) == "CANCEL"
    (event,) = calendar.walk("VEVENT")
    assert str(event["uid"]) == uid and str(event["status"]) == "CANCELLED"
    assert "Your registration" not in mail.outbox[0].body  # Vietnamese, not English


def test_no_email_for_drafts_past_sessions_or_new_sessions(
    user, django_capture_on_commit_callbacks
):
    draft = CourseFactory(sessions=1, status=Course.Status.DRAFT)
    past = CourseFactory(sessions=0)
    old = SessionFactory(course=past, date=timezone.localdate() - dt.timedelta(days=3))
    services.register(user, past)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        session = draft.sessions.first()
        session.date += dt.timedelta(days=1)
        session.save()
        old.starts_at = dt.time(9, 0)
        old.save()
        SessionFactory(course=past)
        old.delete()
    assert mail.outbox == []


def test_cancelling_a_course_emails_a_cancellation_of_every_session(
    user, django_capture_on_commit_callbacks
):
    organizer = UserFactory(is_staff=True)
    course = CourseFactory(sessions=3)
    services.register(user, course)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_course(course, by=organizer, reason="Thay đổi kế hoạch")
    (message,) = [m for m in mail.outbox if m.to == [user.email]]
    calendar = parse(message.attachments[0][1])
    assert str(calendar["method"]) == "CANCEL"
    events = calendar.walk("VEVENT")
    assert sorted(str(e["uid"]) for e in events) == sorted(
        session_uid(pk) for pk in course.sessions.values_list("pk", flat=True)
    )
    assert {str(e["status"]) for e in events} == {"CANCELLED"}
    assert_vietnam_zone(calendar)
