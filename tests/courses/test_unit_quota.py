"""Seats per unit (optional): past a unit's quota its people wait; a freed seat goes to the next
person whose unit still has room; counted under the same course lock as the capacity."""

import pytest
from django.urls import reverse

from courses import services
from courses.models import Course, Registration
from courses.services import RegistrationError
from tests.factories import UnitFactory, UserFactory

from .factories import CourseFactory

pytestmark = pytest.mark.django_db
S = Registration.Status


@pytest.fixture
def commune():
    return UnitFactory(name="Ủy ban nhân dân xã Hòa Bình")


@pytest.fixture
def department():
    return UnitFactory(name="Sở Tư pháp")


def statuses(registrations):
    return [Registration.objects.get(pk=r.pk).status for r in registrations]


def test_past_the_quota_people_of_the_unit_wait_while_others_still_get_seats(commune, department):
    course = CourseFactory(capacity=10, unit_quota=2)
    ours = [services.register(UserFactory(unit=commune), course) for _ in range(3)]
    assert [r.status for r in ours] == [S.CONFIRMED, S.CONFIRMED, S.WAITLISTED]
    assert ours[2].unit_quota_reached
    # Someone of the commune waits, but cannot take a free seat: a newcomer of another unit
    # (or without a unit) is not put behind them.
    other = services.register(UserFactory(unit=department), course)
    nobody = services.register(UserFactory(unit=None), course)
    assert (other.status, nobody.status) == (S.CONFIRMED, S.CONFIRMED)
    assert not other.unit_quota_reached


def test_no_quota_keeps_the_old_rule(commune):
    course = CourseFactory(capacity=3)
    regs = [services.register(UserFactory(unit=commune), course) for _ in range(4)]
    assert [r.status for r in regs] == [S.CONFIRMED] * 3 + [S.WAITLISTED]


def test_a_freed_seat_of_a_unit_at_quota_goes_to_the_next_eligible_person(commune, department):
    course = CourseFactory(capacity=3, unit_quota=2)
    a1, a2 = (services.register(UserFactory(unit=commune), course) for _ in range(2))
    b1 = services.register(UserFactory(unit=department), course)  # the course is now full
    a3 = services.register(UserFactory(unit=commune), course)  # waits: full, and quota
    b2 = services.register(UserFactory(unit=department), course)  # waits: full
    assert statuses([a3, b2]) == [S.WAITLISTED, S.WAITLISTED]
    # The department's seat is freed: a3 is first in line but the commune holds 2 → b2.
    services.cancel(b1, by=b1.person)
    assert statuses([a3, b2]) == [S.WAITLISTED, S.CONFIRMED]
    # A commune seat is freed: now a3, the next of the commune, takes it.
    services.cancel(a1, by=a1.person)
    assert statuses([a2, a3]) == [S.CONFIRMED, S.CONFIRMED]


def test_raising_capacity_skips_people_of_a_full_unit(commune, department):
    course = CourseFactory(capacity=2, unit_quota=2)
    regs = [services.register(UserFactory(unit=commune), course) for _ in range(3)]
    other = services.register(UserFactory(unit=department), course)
    promoted = services.set_capacity(course, 5, by=UserFactory())
    assert [r.pk for r in promoted] == [other.pk]
    assert statuses(regs) == [S.CONFIRMED, S.CONFIRMED, S.WAITLISTED]


def test_without_a_waiting_list_the_refusal_names_the_quota(commune, vi):
    course = CourseFactory(capacity=10, unit_quota=1, waiting_list_enabled=False)
    services.register(UserFactory(unit=commune), course)
    with pytest.raises(RegistrationError) as error:
        services.register(UserFactory(unit=commune), course)
    assert error.value.message == "Đơn vị của bạn đã dùng hết 1 chỗ dành cho đơn vị."
    assert Registration.objects.filter(course=course).count() == 1


def test_nominations_and_approvals_count_the_quota(commune):
    coordinator = UserFactory(unit=commune)
    coordinator.coordinated_units.add(commune)
    course = CourseFactory(capacity=10, unit_quota=2)
    staff = [UserFactory(unit=commune) for _ in range(3)]
    created = services.nominate(coordinator, course, staff)
    assert [r.status for r in created] == [S.CONFIRMED, S.CONFIRMED, S.WAITLISTED]
    approving = CourseFactory(capacity=10, unit_quota=1, requires_approval=True)
    pending = [services.register(UserFactory(unit=commune), approving) for _ in range(2)]
    organizer = UserFactory()
    assert services.approve(pending[0], by=organizer).status == S.CONFIRMED
    assert services.approve(pending[1], by=organizer).status == S.WAITLISTED


def test_sign_up_page_says_the_unit_has_used_its_seats(client, commune, vi):
    course = CourseFactory(capacity=10, unit_quota=3)
    for _ in range(3):
        services.register(UserFactory(unit=commune), course)
    person = UserFactory(unit=commune)
    client.force_login(person)
    response = client.post(reverse("courses:sign_up", args=[course.slug]), follow=True)
    body = response.content.decode()
    assert "Đơn vị của bạn đã dùng hết 3 chỗ dành cho đơn vị" in body
    assert "thứ tự 1" in body


def test_edit_form_has_the_quota_and_refuses_zero(client, organizer):
    from .factories import course_edit_data

    course = CourseFactory(capacity=10)
    url = reverse("wagtailsnippets_courses_course:edit", args=[course.pk])
    assert 'name="unit_quota"' in client.get(url).content.decode()
    data = course_edit_data(course, 10)
    client.post(url, {**data, "unit_quota": "0"})
    assert Course.objects.get(pk=course.pk).unit_quota is None
    client.post(url, {**data, "unit_quota": "2"})
    assert Course.objects.get(pk=course.pk).unit_quota == 2


def test_sign_up_queries_do_not_grow_with_units(commune, django_assert_max_num_queries):
    course = CourseFactory(capacity=200, unit_quota=1)
    for _ in range(3):
        services.register(UserFactory(unit=UnitFactory()), course)
    services.register(UserFactory(unit=commune), course)
    person = UserFactory(unit=commune)
    with django_assert_max_num_queries(16) as few:
        services.register(person, course)
    for _ in range(30):
        services.register(UserFactory(unit=UnitFactory()), course)
    other = UserFactory(unit=commune)
    with django_assert_max_num_queries(len(few.captured_queries)):
        services.register(other, course)
