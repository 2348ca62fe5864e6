"""Organizer and coordinator screens: edit-form capacity race, pagination, move reason, staff list."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import ModelLogEntry

from courses import admin_views, services, views
from courses.models import Course, Registration
from courses.viewsets import CourseForm
from tests.factories import UnitFactory, UserFactory

from .factories import CourseFactory, course_edit_data

pytestmark = pytest.mark.django_db
S = Registration.Status


def test_edit_form_capacity_race_is_an_error_message_not_a_500(client, organizer, vi, monkeypatch):
    """Seats taken between the form's unlocked check and the save: the hook reports it and keeps
    the capacity at least the seats taken."""
    course = CourseFactory(capacity=3, sessions=0)
    for _ in range(2):
        services.register(UserFactory(), course)
    # The unlocked check in the form saw fewer seats (the race), so it let capacity 1 through.
    monkeypatch.setattr(CourseForm, "clean_capacity", lambda form: form.cleaned_data["capacity"])
    url = reverse("wagtailsnippets_courses_course:edit", args=[course.pk])
    response = client.post(url, course_edit_data(course, 1), follow=True)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Số chỗ hiện là 2." in body
    assert Course.objects.get(pk=course.pk).capacity == 2  # never below the seats taken
    assert services.seats_taken(course) == 2


def test_edit_form_refuses_a_huge_capacity(client, organizer):
    course = CourseFactory(capacity=3, sessions=0)
    url = reverse("wagtailsnippets_courses_course:edit", args=[course.pk])
    response = client.post(url, course_edit_data(course, 99999999999))
    assert response.status_code == 200
    assert "capacity" in response.context["form"].errors
    assert Course.objects.get(pk=course.pk).capacity == 3


def count_queries(get, *args):
    with CaptureQueriesContext(connection) as context:
        response = get(*args)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_registrations_paginated_with_filters_kept(client, organizer, monkeypatch):
    monkeypatch.setattr(admin_views, "PER_PAGE", 3)
    course = CourseFactory(capacity=20)
    for _ in range(4):
        services.register(UserFactory(), course)
    url = reverse("courses_admin:registrations", args=[course.pk])
    body = client.get(url, {"status": S.CONFIRMED}).content.decode()
    assert "Trang 1/2" in body
    assert "?status=confirmed&amp;trang=2" in body
    assert body.count('class="move-form"') == 3
    few = count_queries(client.get, url, {"status": S.CONFIRMED, "trang": 2})
    second = client.get(url, {"status": S.CONFIRMED, "trang": 2}).content.decode()
    assert second.count('class="move-form"') == 1 and "Trang 2/2" in second
    assert "4 đăng ký" in second  # the total, not the page's rows
    for _ in range(8):
        services.register(UserFactory(), course)
    assert count_queries(client.get, url, {"status": S.CONFIRMED, "trang": 2}) == few


def test_move_reason_is_asked_and_logged(client, organizer, vi):
    course = CourseFactory(capacity=1)
    a = services.register(UserFactory(), course)
    b = services.register(UserFactory(), course)
    url = reverse("courses_admin:registrations", args=[course.pk])
    page = client.get(url).content.decode()
    for registration in (a, b):
        field = f'id="move-reason-{registration.pk}" name="reason"'
        assert field in page and f'form="move-form-{registration.pk}"' in page
        assert f'<label class="visually-hidden" for="move-reason-{registration.pk}">' in page
    assert f"Lý do chuyển {a.person.full_name}" in page
    client.post(url, {"move": a.pk, "target": S.WAITLISTED, "reason": "  Đổi người đi học  "})
    entry = ModelLogEntry.objects.get(action="courses.move")
    assert entry.data["reason"] == "Đổi người đi học"
    assert Registration.objects.get(pk=b.pk).status == S.CONFIRMED


def coordinator_and_staff(n):
    unit = UnitFactory()
    coordinator = UserFactory(unit=unit)
    coordinator.coordinated_units.add(unit)
    return coordinator, [UserFactory(unit=unit) for _ in range(n)]


def test_nominate_lists_who_cancelled_here_but_is_active_elsewhere(client):
    coordinator, (cancelled, active, other) = coordinator_and_staff(3)
    course, elsewhere = CourseFactory(), CourseFactory()
    registration = services.register(cancelled, course)
    services.cancel(registration, by=cancelled)
    services.register(cancelled, elsewhere)
    services.register(active, course)
    client.force_login(coordinator)
    page = client.get(reverse("courses:nominate", args=[course.slug])).content.decode()
    assert cancelled.full_name in page  # may be nominated again
    assert other.full_name in page
    assert active.full_name not in page  # already registered here


def test_coordinator_home_paginated(client, monkeypatch):
    monkeypatch.setattr(views, "COORDINATOR_PER_PAGE", 2)
    coordinator, staff = coordinator_and_staff(3)
    course = CourseFactory()
    for person in staff:
        services.register(person, course)
    client.force_login(coordinator)
    url = reverse("courses:coordinator")
    body = client.get(url).content.decode()  # also creates the site settings once
    few = count_queries(client.get, url)
    assert "Trang 1/2" in body and "?trang=2" in body
    assert sum(p.full_name in body for p in staff) == 2
    body = client.get(url, {"trang": 2}).content.decode()
    assert sum(p.full_name in body for p in staff) == 1 and "Trang 2/2" in body
    for person in [UserFactory(unit=staff[0].unit) for _ in range(5)]:
        services.register(person, CourseFactory())
    assert count_queries(client.get, url) == few
