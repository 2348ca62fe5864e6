"""A coordinator's scope is the people confirmed in their units, not whoever chose them."""

import pytest
from django.urls import reverse

from courses import services
from courses.models import Registration
from courses.services import RegistrationError
from tests.factories import UnitFactory, UserFactory

from .factories import CourseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ward(db):
    return UnitFactory(name="Ủy ban nhân dân phường Trung Tâm")


@pytest.fixture
def coordinator(ward):
    person = UserFactory(unit=ward)
    person.coordinated_units.add(ward)
    return person


def test_nominate_refuses_people_whose_unit_awaits_confirmation(ward, coordinator):
    course = CourseFactory()
    claimant = UserFactory(unit=ward, unit_confirmed_at=None, full_name="Lê Hoàng Nam")
    with pytest.raises(RegistrationError) as error:
        services.nominate(coordinator, course, [claimant])
    assert error.value.code == "unit_not_confirmed"
    assert not Registration.objects.exists()


def test_nominating_an_outsider_does_not_reveal_their_name(client, ward, coordinator, vi):
    course = CourseFactory()
    outsider = UserFactory(full_name="Đặng Minh Hải")
    client.force_login(coordinator)
    url = reverse("courses:nominate", args=[course.slug])
    body = client.post(url, {"people": [str(outsider.pk)]}, follow=True).content.decode()
    assert "Bạn chỉ được cử cán bộ của đơn vị mình phụ trách" in body
    assert "Đặng Minh Hải" not in body
    assert not Registration.objects.exists()


def test_nominate_page_lists_awaiting_people_apart_with_the_confirm_action(
    client, ward, coordinator, vi, django_assert_max_num_queries
):
    course = CourseFactory()
    confirmed = UserFactory(unit=ward, full_name="Phạm Thị Dung")
    claimant = UserFactory(unit=ward, unit_confirmed_at=None, full_name="Lê Hoàng Nam")
    client.force_login(coordinator)
    url = reverse("courses:nominate", args=[course.slug])
    client.get(url)
    # One more than before: the unit's nominees in order, with move and withdraw buttons.
    with django_assert_max_num_queries(11):
        body = client.get(url).content.decode()
    staff_part, awaiting_part = body.split("Chờ xác nhận đơn vị", 1)
    assert f'name="people" value="{confirmed.pk}"' in staff_part
    assert f'value="{claimant.pk}"' not in staff_part
    assert "Lê Hoàng Nam" in awaiting_part and f'name="confirm" value="{claimant.pk}"' in body
    assert reverse("accounts:unit_confirmations") in awaiting_part
    # Posting the claimant's id anyway is refused, with the reason.
    body = client.post(url, {"people": [str(claimant.pk)]}, follow=True).content.decode()
    assert "chưa được xác nhận" in body
    assert not Registration.objects.exists()
    # Confirmed from that list, the person can be nominated.
    client.post(reverse("accounts:unit_confirmations"), {"confirm": str(claimant.pk), "next": url})
    client.post(url, {"people": [str(claimant.pk)]})
    assert Registration.objects.get().person == claimant


def test_coordinator_home_follows_only_confirmed_members(client, ward, coordinator, vi):
    course = CourseFactory()
    member = UserFactory(unit=ward, full_name="Phạm Thị Dung")
    claimant = UserFactory(unit=ward, unit_confirmed_at=None, full_name="Lê Hoàng Nam")
    services.register(member, course)
    services.register(claimant, course)
    client.force_login(coordinator)
    body = client.get(reverse("courses:coordinator")).content.decode()
    assert "Phạm Thị Dung" in body and "Lê Hoàng Nam" not in body
    assert "1 người đã chọn đơn vị do bạn phụ trách" in body
