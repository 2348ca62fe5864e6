"""Unit coordinators: "Đơn vị của tôi" in the menu, withdrawing a nomination before approval,
the order of nominees (which counts for approval and for seats), the nominee's email and the
unit page's waiting counts and reasons."""

import pytest
from django.core import mail
from django.urls import reverse

from courses import services
from courses.models import Registration
from courses.services import RegistrationError
from tests.factories import UnitFactory, UserFactory

from .factories import CourseFactory

pytestmark = pytest.mark.django_db
Status = Registration.Status


@pytest.fixture
def ward(db):
    return UnitFactory(name="Ủy ban nhân dân phường Trung Tâm")


@pytest.fixture
def coordinator(ward):
    person = UserFactory(unit=ward, full_name="Trần Thị Điều Phối")
    person.coordinated_units.add(ward)
    return person


@pytest.fixture
def staff(ward):
    return [
        UserFactory(unit=ward, full_name=name)
        for name in ("An Văn Một", "Bùi Thị Hai", "Cao Văn Ba")
    ]


def _withdraw_url(registration):
    return reverse("courses:withdraw_nomination", args=[registration.pk])


def _move_url(registration):
    return reverse("courses:move_nomination", args=[registration.pk])


def test_menu_shows_my_unit_to_coordinators_only(client, coordinator, staff, vi):
    client.force_login(coordinator)
    html = client.get("/khoa-hoc/").content.decode()
    assert "Đơn vị của tôi" in html and reverse("courses:coordinator") in html
    client.force_login(staff[0])
    assert "Đơn vị của tôi" not in client.get("/khoa-hoc/").content.decode()


def test_nominee_email_says_who_nominated_them(
    coordinator, staff, ward, vi, django_capture_on_commit_callbacks
):
    course = CourseFactory(requires_approval=True)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.nominate(coordinator, course, [staff[0]])
    (message,) = mail.outbox
    assert message.to == [staff[0].email]
    assert (
        f"Bạn được Trần Thị Điều Phối, cán bộ phụ trách {ward.name}, cử tham gia." in message.body
    )


def test_self_registration_email_names_no_coordinator(staff, django_capture_on_commit_callbacks):
    course = CourseFactory()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.register(staff[0], course)
    assert mail.outbox and "cán bộ phụ trách" not in mail.outbox[0].body


def test_coordinator_withdraws_a_pending_nomination_with_a_confirmation_step(
    client, coordinator, staff, vi, django_capture_on_commit_callbacks
):
    course = CourseFactory(requires_approval=True)
    (registration,) = services.nominate(coordinator, course, [staff[0]])
    client.force_login(coordinator)
    page = client.get(_withdraw_url(registration))
    assert page.status_code == 200
    assert "Rút đề cử An Văn Một" in page.content.decode()
    registration.refresh_from_db()
    assert registration.status == Status.PENDING  # a GET changes nothing

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_withdraw_url(registration), {"reason": "Bận công tác"})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == Status.CANCELLED
    assert registration.decided_by == coordinator and registration.reason == "Bận công tác"
    (message,) = mail.outbox
    assert "Trần Thị Điều Phối" in message.body and "Lý do: Bận công tác" in message.body

    # The unit page says who cancelled and why.
    html = client.get(reverse("courses:coordinator")).content.decode()
    assert "Trần Thị Điều Phối đã hủy" in html and "Bận công tác" in html


def test_withdrawal_is_refused_after_approval(client, coordinator, staff, organizer, vi):
    course = CourseFactory(requires_approval=True)
    (registration,) = services.nominate(coordinator, course, [staff[0]])
    services.approve(registration, by=organizer)
    with pytest.raises(RegistrationError) as error:
        services.withdraw_nomination(coordinator, registration.pk)
    assert error.value.code == "withdraw_decided"
    client.force_login(coordinator)
    page = client.get(_withdraw_url(registration)).content.decode()
    assert "Không thể rút đề cử An Văn Một nữa" in page and "<textarea" not in page
    client.post(_withdraw_url(registration))
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED


def test_withdraw_and_move_are_refused_to_everyone_else(client, coordinator, staff, ward):
    course = CourseFactory(requires_approval=True)
    first, second = services.nominate(coordinator, course, staff[:2])
    other_unit = UnitFactory()
    other_coordinator = UserFactory(unit=other_unit)
    other_coordinator.coordinated_units.add(other_unit)
    for who, expected in [
        (staff[0], 403),  # the nominee
        (staff[1], 403),  # a colleague
        (other_coordinator, 404),  # a coordinator of another unit
    ]:
        client.force_login(who)
        assert client.get(_withdraw_url(first)).status_code == expected
        assert client.post(_withdraw_url(first)).status_code == expected
        assert client.post(_move_url(second), {"direction": "up"}).status_code == expected
    client.logout()
    assert client.post(_withdraw_url(first)).status_code == 302  # to the login
    assert client.post(_move_url(second), {"direction": "up"}).status_code == 302
    client.force_login(coordinator)
    assert client.get(_move_url(second)).status_code == 405  # POST only
    first.refresh_from_db(), second.refresh_from_db()
    assert first.status == second.status == Status.PENDING
    assert [r.pk for r in Registration.objects.filter(course=course)] == [first.pk, second.pk]
    with pytest.raises(RegistrationError):
        services.withdraw_nomination(other_coordinator, first.pk)


def test_self_registration_is_not_the_coordinators_to_withdraw(client, coordinator, staff):
    course = CourseFactory(requires_approval=True)
    registration = services.register(staff[0], course)
    client.force_login(coordinator)
    assert client.post(_withdraw_url(registration)).status_code == 404


def test_order_of_nominees_decides_who_is_approved_into_the_seats(
    client, coordinator, staff, organizer
):
    course = CourseFactory(requires_approval=True, capacity=1, waiting_list_enabled=True)
    first, second, third = services.nominate(coordinator, course, staff)
    client.force_login(coordinator)
    # Third to the top, with two presses of "move up".
    client.post(_move_url(third), {"direction": "up"})
    response = client.post(_move_url(third), {"direction": "up"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"?moved={third.pk}-up")
    pending = list(Registration.objects.filter(course=course, status=Status.PENDING))
    assert pending == [third, first, second]
    # At the top already: nothing moves.
    assert services.move_nomination(coordinator, third.pk, "up") is False
    # The organizers' bulk approval takes them in that order: the first gets the seat.
    for registration in Registration.objects.filter(course=course, status=Status.PENDING):
        services.approve(registration, by=organizer)
    third.refresh_from_db(), first.refresh_from_db(), second.refresh_from_db()
    assert third.status == Status.CONFIRMED
    assert services.waiting_position(first) == 1 and services.waiting_position(second) == 2


def test_order_of_waiting_nominees_decides_who_gets_a_freed_seat(coordinator, staff, organizer):
    course = CourseFactory(capacity=1, waiting_list_enabled=True)
    seated, waiting_a, waiting_b = services.nominate(coordinator, course, staff)
    assert (seated.status, waiting_a.status, waiting_b.status) == (
        Status.CONFIRMED,
        Status.WAITLISTED,
        Status.WAITLISTED,
    )
    outsider = UserFactory()
    late = services.register(outsider, course)
    assert services.move_nomination(coordinator, waiting_b.pk, "up") is True
    waiting_b.refresh_from_db(), late.refresh_from_db()
    assert services.waiting_position(waiting_b) == 1
    assert services.waiting_position(late) == 3  # someone of another unit keeps their place
    with pytest.raises(RegistrationError) as error:
        services.move_nomination(coordinator, seated.pk, "down")
    assert error.value.code == "reorder_decided"
    services.cancel(seated, by=organizer, reason="Đổi người")
    waiting_b.refresh_from_db()
    assert waiting_b.status == Status.CONFIRMED


def test_nominate_keeps_the_order_given_when_a_row_is_reused(coordinator, staff, organizer):
    course = CourseFactory(requires_approval=True)
    (old,) = services.nominate(coordinator, course, [staff[2]])
    services.withdraw_nomination(coordinator, old.pk)
    services.nominate(coordinator, course, [staff[0], staff[2]])
    pending = list(Registration.objects.filter(course=course, status=Status.PENDING))
    assert [r.person for r in pending] == [staff[0], staff[2]]


def test_unit_page_shows_waiting_counts_and_who_cancelled(client, coordinator, staff, vi):
    course = CourseFactory(capacity=1, waiting_list_enabled=True)
    seated, waiting, _ = services.nominate(coordinator, course, staff)
    services.cancel(waiting, by=waiting.person)
    client.force_login(coordinator)
    response = client.get(reverse("courses:coordinator"))
    listed = response.context["courses"]
    assert [(c.waiting_count, c.pending_count) for c in listed] == [(1, 0)]
    html = response.content.decode()
    assert "Người đăng ký tự hủy" in html
    assert "Trong danh sách chờ" in html


def test_unit_page_query_count_does_not_grow(
    client, coordinator, ward, django_assert_max_num_queries
):
    courses = [CourseFactory(requires_approval=True) for _ in range(2)]
    client.force_login(coordinator)
    people = [UserFactory(unit=ward) for _ in range(6)]
    services.nominate(coordinator, courses[0], people[:2])
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("courses:coordinator"))
    services.nominate(coordinator, courses[1], people[2:])
    services.withdraw_nomination(
        coordinator, Registration.objects.filter(course=courses[1]).first().pk
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("courses:coordinator"))


def test_nominate_page_lists_nominees_in_order_with_keyboard_buttons(
    client, coordinator, staff, vi
):
    course = CourseFactory(requires_approval=True)
    first, second, third = services.nominate(coordinator, course, staff)
    client.force_login(coordinator)
    url = reverse("courses:nominate", args=[course.slug]) + f"?moved={second.pk}-up"
    html = client.get(url).content.decode()
    assert html.index("An Văn Một") < html.index("Bùi Thị Hai") < html.index("Cao Văn Ba")
    assert html.count('name="direction" value="up"') == 3
    # The first "up" and the last "down" are disabled; the button just pressed keeps the focus.
    assert html.count(" disabled") == 2
    assert html.count("autofocus") == 1
