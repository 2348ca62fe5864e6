"""The organizer's figures and export as services, the one registration window, the contests'
entry point for a final-test score, and refusals as ServiceError."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from common.errors import ServiceError
from courses import public, services
from courses.errors import RegistrationError
from courses.models import Attendance, Course, Registration
from tests.factories import UnitFactory, UserFactory
from tests.helpers import admin_client

from .factories import CourseFactory, SessionFactory, held

pytestmark = pytest.mark.django_db
S = Registration.Status


def test_registration_error_is_a_service_error_and_still_in_services():
    assert issubclass(RegistrationError, ServiceError)
    assert services.RegistrationError is RegistrationError
    with override("vi"):
        assert RegistrationError("full").message != "The course is full and has no waiting list."


def test_dashboard_figures_and_participation_by_unit():
    now = timezone.now()
    unit, other = UnitFactory(name="Sở Nội vụ"), UnitFactory(name="Sở Tư pháp")
    staff = [UserFactory(unit=unit) for _ in range(4)]
    UserFactory(unit=unit, is_active=False)  # not counted in the unit's headcount
    outsider = UserFactory(unit=other)
    course = CourseFactory(capacity=3, sessions=0)
    held = SessionFactory(course=course, date=timezone.localdate(now) - dt.timedelta(days=1))
    SessionFactory(course=course)  # not held yet
    regs = [services.register(person, course, now=now) for person in [*staff[:2], outsider]]
    services.register(staff[2], course, now=now)  # waiting list
    services.mark_attendance(
        held, {regs[0].pk: Attendance.Status.PRESENT, regs[1].pk: Attendance.Status.ABSENT}, by=None
    )
    figures = services.dashboard(course, now)
    assert (figures.seated, figures.seats_left, figures.waitlisted, figures.pending) == (3, 0, 1, 0)
    assert figures.attendance_rate == 33  # 1 present of 3 seats at the one session held
    assert figures.completion_rate is None
    assert figures.counts == {S.CONFIRMED: 3, S.WAITLISTED: 1}
    rows = [(r.unit, r.participants, r.headcount, r.rate) for r in figures.by_unit]
    assert rows == [("Sở Nội vụ", 2, 4, 50.0), ("Sở Tư pháp", 1, 1, 100.0)]


def test_dashboard_draws_the_shared_bar_chart(client, organizer):
    unit = UnitFactory(name="Sở Nội vụ")
    course = CourseFactory()
    services.register(UserFactory(unit=unit), course)
    UserFactory(unit=unit)
    body = client.get(reverse("courses_admin:dashboard", args=[course.pk])).content.decode()
    assert 'class="bar-chart-table"' in body
    assert "Sở Nội vụ" in body and "50,0%" in body and "1/2" in body
    assert 'style="width' not in body  # the strict CSP allows no inline style


def test_export_counts_attendance_by_status_code_in_any_language():
    course = CourseFactory(capacity=5, sessions=3)
    registration = services.register(UserFactory(), course)
    sessions = list(held(course).sessions.all())
    marks = (Attendance.Status.PRESENT, Attendance.Status.LATE, Attendance.Status.ABSENT)
    for session, mark in zip(sessions, marks, strict=True):
        services.mark_attendance(session, {registration.pk: mark}, by=None)
    for language in ("vi", "en"):
        with override(language):
            headers, rows = services.export_table(
                course, services.with_positions(Registration.objects.filter(course=course))
            )
            assert rows[0][-3] == 2  # present and late count, absent does not


def test_one_definition_of_an_open_registration():
    now = timezone.now()
    day = dt.timedelta(days=1)
    cases = {
        "open": {"registration_opens_at": now - day, "registration_closes_at": now + day},
        "unbounded": {"registration_opens_at": None, "registration_closes_at": None},
        "opens_now": {"registration_opens_at": now, "registration_closes_at": None},
        "closes_now": {"registration_opens_at": None, "registration_closes_at": now},
        "later": {"registration_opens_at": now + day, "registration_closes_at": now + 2 * day},
        "past": {"registration_opens_at": now - 2 * day, "registration_closes_at": now - day},
        "draft": {"status": Course.Status.DRAFT},
        "cancelled": {"status": Course.Status.CANCELLED},
    }
    courses = {name: CourseFactory(sessions=0, **fields) for name, fields in cases.items()}
    in_sql = set(Course.objects.open_for_registration(now).values_list("pk", flat=True))
    for name, course in courses.items():
        assert course.registration_is_open(now) == (course.pk in in_sql), name
    assert {name for name, c in courses.items() if c.registration_is_open(now)} == {
        "open",
        "unbounded",
        "opens_now",
    }
    assert courses["later"].registration_refusal(now) == "not_open_yet"
    assert courses["past"].registration_refusal(now) == "closed"
    assert courses["cancelled"].registration_refusal(now) == "course_cancelled"
    assert courses["draft"].registration_refusal(now) == "not_published"
    with pytest.raises(RegistrationError) as error:
        services.register(UserFactory(), courses["closes_now"], now=now)
    assert error.value.code == "closed"


def test_public_record_test_result_keeps_the_best_and_refuses_as_a_service_error():
    course = CourseFactory()
    person = UserFactory()
    services.register(person, course)
    public.record_test_result(person=person, course=course, score=Decimal("7.5"))
    public.record_test_result(person=person, course=course, score=6)
    assert Registration.objects.get(person=person).final_test_score == Decimal("7.50")
    with pytest.raises(ServiceError) as error:
        public.record_test_result(person=person, course=course, score=11)
    assert error.value.code == "score_invalid"
    with pytest.raises(ServiceError) as error:
        public.record_test_result(person=UserFactory(), course=course, score=5)
    assert error.value.code == "not_participant"


def test_a_cancelled_course_cannot_be_cancelled_again():
    course = CourseFactory()
    services.cancel_course(course, by=None, reason="Hoãn")
    with pytest.raises(RegistrationError) as error:
        services.cancel_course(course, by=None, reason="Hoãn")
    assert error.value.code == "course_cancelled"


def test_admin_screens_refuse_without_the_permission_before_looking_up_the_course(client):
    admin_client(client, UserFactory(is_staff=True))
    missing = reverse("courses_admin:dashboard", args=[999999])
    assert client.get(missing).status_code in (302, 403)
