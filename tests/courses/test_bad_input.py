"""Malformed ids, codes and numbers from forms and URLs get a clear message, never a 500."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from courses import services
from courses.models import Course, Registration
from tests.factories import UnitFactory, UserFactory

from .factories import CourseFactory, SessionFactory

pytestmark = pytest.mark.django_db
S = Registration.Status
#: "²" passes str.isdigit() but not int(); more than 4300 digits are refused by int().
BAD_NUMBERS = ["²", "٣", "9" * 5000, "-1", " 1", "abc", ""]


def test_parse_id():
    assert services.parse_id("0042") == 42
    assert services.parse_id(7) == 7
    for value in [*BAD_NUMBERS, "1" * 13, None, 1.5, True]:
        assert services.parse_id(value) is None, value
    assert services.parse_ids(["3", "²", "3", "9" * 5000, "4"]) == [3, 4]


@pytest.mark.parametrize(
    "code",
    ["1-é", "1-" + "é" * 20, "²-abc", "٣-abc", "9" * 5000 + "-abc", "-", "", "1"],
    ids=[
        "non-ascii-mac",
        "non-ascii-20",
        "superscript",
        "arabic-digit",
        "huge",
        "dash",
        "empty",
        "no-mac",
    ],
)
def test_check_in_bad_code_is_refused_clearly(client, user, vi, code):
    session = SessionFactory()
    services.register(user, session.course)
    client.force_login(user)
    response = client.post(reverse("courses:check_in", args=[session.pk]), {"code": code})
    assert response.status_code == 200
    assert "Mã điểm danh không hợp lệ" in response.content.decode()


@pytest.mark.parametrize("value", BAD_NUMBERS)
def test_nominate_bad_people_ids(client, vi, value):
    unit = UnitFactory()
    coordinator = UserFactory(unit=unit)
    coordinator.coordinated_units.add(unit)
    course = CourseFactory()
    client.force_login(coordinator)
    url = reverse("courses:nominate", args=[course.slug])
    response = client.post(url, {"people": [value]})
    assert response.status_code == 200
    assert "Hãy chọn ít nhất một người" in response.content.decode()
    assert not Registration.objects.exists()


@pytest.mark.parametrize("value", BAD_NUMBERS)
def test_bulk_bad_ids_and_unit(client, organizer, vi, value):
    course = CourseFactory(requires_approval=True)
    registration = services.register(UserFactory(), course)
    url = reverse("courses_admin:registrations", args=[course.pk])
    response = client.post(
        f"{url}?unit={value}", {"action": "approve", "ids": [value]}, follow=True
    )
    assert response.status_code == 200
    assert "Hãy chọn một thao tác và ít nhất một đăng ký." in response.content.decode()
    assert Registration.objects.get(pk=registration.pk).status == S.PENDING
    assert client.get(url, {"unit": value}).status_code == 200
    export = reverse("courses_admin:export", args=[course.pk, "csv"])
    assert client.get(export, {"unit": value}).status_code == 200


@pytest.mark.parametrize("value", [*BAD_NUMBERS, "999999"])
def test_move_unknown_registration(client, organizer, vi, value):
    course = CourseFactory()
    registration = services.register(UserFactory(), course)
    url = reverse("courses_admin:registrations", args=[course.pk])
    response = client.post(url, {"move": value, "target": S.WAITLISTED}, follow=True)
    assert response.status_code == 200
    assert "Đăng ký này không tồn tại" in response.content.decode()
    assert Registration.objects.get(pk=registration.pk).status == S.CONFIRMED
    assert not ModelLogEntry.objects.filter(action="courses.move").exists()


@pytest.mark.parametrize("value", BAD_NUMBERS)
def test_completion_bad_ids(client, organizer, value):
    course = CourseFactory()
    services.register(UserFactory(), course)
    url = reverse("courses_admin:completion", args=[course.pk])
    assert client.post(url, {"ids": [value]}).status_code == 302
    assert Registration.objects.get().status == S.CONFIRMED  # nobody was chosen


@pytest.mark.parametrize("value", ["99999999999", "100001", "9" * 5000, "²", "0"])
def test_capacity_out_of_range(client, organizer, vi, value):
    course = CourseFactory(capacity=3)
    url = reverse("courses_admin:capacity", args=[course.pk])
    body = client.post(url, {"capacity": value}, follow=True).content.decode()
    assert "Số chỗ phải là số nguyên từ 1 đến 100000." in body
    assert Course.objects.get(pk=course.pk).capacity == 3
    client.post(url, {"capacity": "100000"})
    assert Course.objects.get(pk=course.pk).capacity == 100000


def test_capacity_upper_bound_on_the_model():
    from django.core.exceptions import ValidationError

    course = CourseFactory.build(capacity=99999999999)
    with pytest.raises(ValidationError) as error:
        course.clean_fields(exclude=[f.name for f in Course._meta.fields if f.name != "capacity"])
    assert "capacity" in error.value.message_dict
