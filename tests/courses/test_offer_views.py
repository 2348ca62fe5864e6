"""Pages of offered seats: the offer on the course page, "Nhận chỗ" and "Nhường chỗ" (POST only,
own offer only, CSRF), waiting-list positions, and what organizers see."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from courses import services
from courses.models import Course, Registration
from tests.factories import UserFactory

from .factories import CourseFactory, course_edit_data

pytestmark = pytest.mark.django_db
S = Registration.Status


@pytest.fixture
def offered(db):
    """A full course in offer mode whose one seat was just freed: `first` holds the offer,
    `second` and `third` wait behind."""
    course = CourseFactory(capacity=1, freed_seat=Course.FreedSeat.OFFER, offer_hours=24)
    holder = services.register(UserFactory(), course)
    first, second, third = (UserFactory() for _ in range(3))
    for person in (first, second, third):
        services.register(person, course)
    services.cancel(holder)
    assert Registration.objects.get(person=first).status == S.OFFERED
    return course, first, second, third


def urls(course):
    return (
        reverse("courses:accept_offer", args=[course.slug]),
        reverse("courses:decline_offer", args=[course.slug]),
    )


def test_course_page_shows_the_offer_with_deadline_and_both_buttons(client, offered, vi):
    course, first, second, _third = offered
    accept, decline = urls(course)
    client.force_login(first)
    page = client.get(course.get_absolute_url()).content.decode()
    deadline = Registration.objects.get(person=first).offer_expires_at
    assert timezone.localtime(deadline).strftime("%d/%m/%Y %H:%M") in page
    assert "Bạn được mời nhận chỗ" in page and "Còn lại: 23 giờ" in page
    assert f'action="{accept}"' in page and f'href="{decline}"' in page
    assert "Nhận chỗ" in page and "Nhường chỗ" in page
    assert reverse("courses:sign_up", args=[course.slug]) not in page  # no second sign-up
    # The others see where they stand, and no offer.
    client.force_login(second)
    page = client.get(course.get_absolute_url()).content.decode()
    assert "Bạn đang ở vị trí 1 trong danh sách chờ" in page
    assert f'action="{accept}"' not in page
    assert "có 24 giờ để nhận" in page


def test_accept_is_post_only_and_needs_login(client, offered):
    course, first, _second, _third = offered
    accept, _decline = urls(course)
    assert client.post(accept).status_code == 302  # to the login page
    assert Registration.objects.get(person=first).status == S.OFFERED
    client.force_login(first)
    assert client.get(accept).status_code == 405
    assert Registration.objects.get(person=first).status == S.OFFERED


def test_accept_checks_csrf(offered):
    course, first, _second, _third = offered
    accept, decline = urls(course)
    client = Client(enforce_csrf_checks=True)
    client.force_login(first)
    assert client.post(accept).status_code == 403
    assert client.post(decline, {"confirm": "yes"}).status_code == 403
    assert Registration.objects.get(person=first).status == S.OFFERED


def test_accept_confirms_the_seat(client, offered, vi):
    course, first, second, _third = offered
    accept, _decline = urls(course)
    client.force_login(first)
    response = client.post(accept, follow=True)
    assert "Bạn đã nhận chỗ" in response.content.decode()
    assert Registration.objects.get(person=first).status == S.CONFIRMED
    assert Registration.objects.get(person=second).status == S.WAITLISTED


def test_someone_else_cannot_accept_the_offer(client, offered, vi):
    course, first, second, _third = offered
    accept, decline = urls(course)
    for intruder in (second, UserFactory()):
        client.force_login(intruder)
        response = client.post(accept, follow=True)
        assert "Bạn không có lời mời nhận chỗ" in response.content.decode()
        client.post(decline, {"confirm": "yes"})
    assert Registration.objects.get(person=first).status == S.OFFERED
    assert Registration.objects.get(person=second).status == S.WAITLISTED


def test_accept_after_the_deadline_says_so(client, offered, vi):
    course, first, _second, _third = offered
    accept, _decline = urls(course)
    Registration.objects.filter(person=first).update(
        offer_expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    client.force_login(first)
    page = client.get(course.get_absolute_url()).content.decode()
    assert f'action="{accept}"' not in page  # no button for an offer that is over
    assert reverse("courses:sign_up", args=[course.slug]) not in page
    assert "Đã hết thời hạn nhận chỗ này" in page
    response = client.post(accept, follow=True)
    assert "Lời mời nhận chỗ của bạn đã hết hạn lúc" in response.content.decode()
    assert Registration.objects.get(person=first).status == S.OFFERED  # the job passes it on


def test_decline_asks_first_then_passes_the_offer_on(client, offered, vi):
    course, first, second, third = offered
    _accept, decline = urls(course)
    client.force_login(first)
    for asked in (client.get(decline), client.post(decline)):
        page = asked.content.decode()
        assert asked.status_code == 200 and "Nhường chỗ được mời cho người khác?" in page
        assert "(2 người đang chờ)" in page
    assert Registration.objects.get(person=first).status == S.OFFERED
    response = client.post(decline, {"confirm": "yes"}, follow=True)
    assert "Bạn đã nhường chỗ" in response.content.decode()
    assert Registration.objects.get(person=first).status == S.CANCELLED
    assert Registration.objects.get(person=second).status == S.OFFERED
    # The third person moved up.
    client.force_login(third)
    page = client.get(course.get_absolute_url()).content.decode()
    assert "Bạn đang ở vị trí 1 trong danh sách chờ" in page
    # Nothing to give up any more: the confirmation page sends back to the course.
    client.force_login(first)
    assert client.get(decline).status_code == 302


def test_cancel_page_in_offer_mode_says_the_seat_is_offered(client, vi):
    course = CourseFactory(capacity=1, freed_seat=Course.FreedSeat.OFFER, offer_hours=12)
    holder = UserFactory()
    services.register(holder, course)
    services.register(UserFactory(), course)
    client.force_login(holder)
    page = client.get(reverse("courses:cancel", args=[course.slug])).content.decode()
    assert "mời ngay cho người tiếp theo trong danh sách chờ (1 người đang chờ)" in page
    assert "12 giờ để nhận chỗ" in page


def test_my_courses_and_learning_record_show_offer_and_position(client, offered, vi):
    course, first, second, third = offered
    accept, _decline = urls(course)
    client.force_login(first)
    page = client.get(reverse("courses:my_courses")).content.decode()
    assert "Được mời nhận chỗ" in page and f'action="{accept}"' in page
    page = client.get(reverse("accounts:learning_record")).content.decode()
    assert "Được mời nhận chỗ" in page and f'action="{accept}"' in page
    client.force_login(third)
    page = client.get(reverse("courses:my_courses")).content.decode()
    assert "Bạn đang ở vị trí 2 trong danh sách chờ" in page
    page = client.get(reverse("accounts:learning_record")).content.decode()
    assert "Bạn đang ở vị trí 2 trong danh sách chờ" in page
    # Positions change as people ahead leave.
    services.decline_offer(first, course)
    services.cancel(Registration.objects.get(person=second))
    page = client.get(reverse("courses:my_courses")).content.decode()
    assert "Được mời nhận chỗ" in page  # the third person now holds the offer


def test_learning_record_positions_cost_no_query_per_course(
    client, user, django_assert_max_num_queries
):
    courses = [CourseFactory(capacity=1) for _ in range(2)]
    for course in courses:
        services.register(UserFactory(), course)
        services.register(user, course)
    client.force_login(user)
    url = reverse("accounts:learning_record")
    client.get(url)  # warm-up
    with django_assert_max_num_queries(20) as small:
        client.get(url)
    for _ in range(5):
        course = CourseFactory(capacity=1)
        services.register(UserFactory(), course)
        services.register(user, course)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count('class="waiting-position"') == 7


def test_organizer_sees_offers_with_their_deadline(client, organizer, offered, vi):
    course, first, _second, _third = offered
    deadline = Registration.objects.get(person=first).offer_expires_at
    page = client.get(reverse("courses_admin:registrations", args=[course.pk])).content.decode()
    assert "Được mời nhận chỗ" in page
    assert "hạn đến " + timezone.localtime(deadline).strftime("%d/%m/%Y %H:%M") in page
    page = client.get(
        reverse("courses_admin:registrations", args=[course.pk]), {"status": "offered"}
    ).content.decode()
    assert first.full_name in page
    page = client.get(reverse("courses_admin:dashboard", args=[course.pk])).content.decode()
    assert "Chỗ đang mời, chờ trả lời" in page


def test_organizer_sets_the_mode_and_hours_in_the_course_form(client, organizer, vi):
    course = CourseFactory(capacity=3, sessions=0)
    url = reverse("wagtailsnippets_courses_course:edit", args=[course.pk])
    page = client.get(url).content.decode()
    assert "Mời người tiếp theo trong danh sách chờ nhận chỗ trong thời hạn" in page
    data = course_edit_data(course, 3)
    data.update(freed_seat="offer", offer_hours="200")
    response = client.post(url, data)
    assert response.status_code == 200
    assert "offer_hours" in response.context["form"].errors
    data["offer_hours"] = "48"
    response = client.post(url, data)
    assert response.status_code == 302
    course.refresh_from_db()
    assert (course.freed_seat, course.offer_hours) == ("offer", 48)
