"""A person's unit counts only once its coordinator (or the organizers' staff list) confirmed it."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry

from accounts import roles, services
from accounts.errors import UnitConfirmationError
from accounts.models import User
from tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

PAGE = "/tai-khoan/don-vi/xac-nhan/"


@pytest.fixture
def ward(db):
    return UnitFactory(name="Ủy ban nhân dân phường Trung Tâm")


@pytest.fixture
def coordinator(ward):
    person = UserFactory(unit=ward, full_name="Nguyễn Thị Ánh Tuyết")
    person.coordinated_units.add(ward)
    return person


def pending(unit, **extra):
    return UserFactory(unit=unit, unit_confirmed_at=None, **extra)


# -- the model: a confirmation vouches for one unit ------------------------------------------------


def test_changing_the_unit_anywhere_clears_the_confirmation(ward):
    person = UserFactory(unit=ward)
    assert person.unit_is_confirmed
    person.position = "Công chức Tư pháp - Hộ tịch"
    person.save()
    assert User.objects.get(pk=person.pk).unit_is_confirmed  # other fields keep it

    person = User.objects.get(pk=person.pk)
    person.unit = UnitFactory()
    person.save(update_fields=["unit"])  # update_fields must not keep the old confirmation
    saved = User.objects.get(pk=person.pk)
    assert saved.unit_confirmed_at is None and saved.unit_confirmed_by is None


def test_a_refreshed_instance_still_clears_on_unit_change(ward, coordinator):
    person = pending(ward)
    services.confirm_unit(coordinator, User.objects.get(pk=person.pk))
    person.refresh_from_db()  # now confirmed in memory too
    person.unit = UnitFactory()
    person.save()
    assert User.objects.get(pk=person.pk).unit_confirmed_at is None


def test_changing_the_unit_in_the_profile_clears_it_and_the_page_says_so(client, ward, vi):
    person = UserFactory(unit=ward, full_name="Võ Minh Đường")
    client.force_login(person)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "đã xác nhận" in page and "chờ xác nhận" not in page
    other = UnitFactory(name="Sở Tư pháp")
    data = {"full_name": person.full_name, "unit": other.pk, "staff_category": "cong_chuc"}
    assert client.post(reverse("accounts:profile"), data).status_code == 302
    person.refresh_from_db()
    assert person.unit == other and person.unit_confirmed_at is None
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "Sở Tư pháp" in page and "(chờ xác nhận)" in page
    # Saving the profile again with the same unit does not confirm anything by itself.
    client.post(reverse("accounts:profile"), data)
    assert User.objects.get(pk=person.pk).unit_confirmed_at is None


def test_a_unit_chosen_at_sign_up_awaits_confirmation(client, ward):
    from tests.accounts.test_accounts import SIGNUP_URL, signup_data

    assert client.post(SIGNUP_URL, signup_data(ward)).status_code == 302
    person = User.objects.get(email="ngoc.anh@anlac.gov.vn")
    assert person.unit == ward and person.unit_confirmed_at is None
    assert not User.objects.confirmed_members(ward).filter(pk=person.pk).exists()


def test_confirmed_members_is_the_public_helper(ward, coordinator):
    confirmed = UserFactory(unit=ward)
    waiting = pending(ward)
    UserFactory(unit=ward, is_active=False)
    UserFactory()  # another unit
    assert set(User.objects.confirmed_members(ward)) == {coordinator, confirmed}
    assert set(User.objects.confirmed_members([ward.pk])) == {coordinator, confirmed}
    assert list(User.objects.awaiting_unit_confirmation()) == [waiting]


# -- the services ------------------------------------------------------------------------------------


def test_coordinator_confirms_it_is_logged_and_the_person_is_emailed(
    ward, coordinator, django_capture_on_commit_callbacks
):
    person = pending(ward, full_name="Trần Thị Bích")
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_unit(coordinator, person)
    person.refresh_from_db()
    assert person.unit_confirmed_by == coordinator and person.unit_confirmed_at is not None
    entry = ModelLogEntry.objects.get(action="accounts.confirm_unit")
    assert entry.user_id == coordinator.pk and entry.object_id == str(person.pk)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [person.email]
    assert message.subject == f"Đơn vị công tác đã được xác nhận: {ward.name}"
    assert "Kính gửi Trần Thị Bích" in message.body
    with pytest.raises(UnitConfirmationError) as error:
        services.confirm_unit(coordinator, person)
    assert error.value.code == "already_confirmed"


@pytest.mark.parametrize("who", ["other_coordinator", "plain", "staff_without_permission"])
def test_only_the_units_coordinator_or_an_organizer_may_confirm(ward, who):
    person = pending(ward)
    actor = UserFactory(is_staff=who == "staff_without_permission")
    if who == "other_coordinator":
        actor.coordinated_units.add(UnitFactory())
    with pytest.raises(UnitConfirmationError) as error:
        services.confirm_unit(actor, person)
    assert error.value.code == "not_allowed"
    with pytest.raises(UnitConfirmationError):
        services.reject_unit(actor, person)
    with pytest.raises(UnitConfirmationError):
        services.confirm_unit(actor, person, unit=UnitFactory())  # moving needs the permission
    person.refresh_from_db()
    assert person.unit == ward and person.unit_confirmed_at is None
    assert not ModelLogEntry.objects.exists()


def test_an_organizer_with_the_permission_may_confirm_and_move(ward):
    call_command("setup_roles", verbosity=0)
    organizer = UserFactory(is_staff=True)
    organizer.groups.add(Group.objects.get(name=roles.ORGANIZERS))
    person = pending(ward)
    other = UnitFactory()
    services.confirm_unit(User.objects.get(pk=organizer.pk), person, unit=other)
    person.refresh_from_db()
    assert person.unit == other and person.unit_confirmed_by == organizer


def test_refusing_clears_the_unit_and_tells_the_person(
    ward, coordinator, django_capture_on_commit_callbacks
):
    person = UserFactory(unit=ward)  # confirmed, then leaves the unit: refusing works too
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_unit(coordinator, person)
    person.refresh_from_db()
    assert person.unit is None and person.unit_confirmed_at is None
    assert ModelLogEntry.objects.get(action="accounts.reject_unit").data == {"unit": ward.pk}
    assert mail.outbox[0].subject == f"Đơn vị công tác không được xác nhận: {ward.name}"
    assert "chọn đúng đơn vị" in mail.outbox[0].body
    with pytest.raises(UnitConfirmationError) as error:
        services.reject_unit(coordinator, person)
    assert error.value.code == "no_unit"


def test_a_batch_is_all_or_nothing(ward, coordinator):
    mine = pending(ward)
    foreign = pending(UnitFactory())
    with pytest.raises(UnitConfirmationError):
        services.confirm_units(coordinator, [mine, foreign])
    assert User.objects.get(pk=mine.pk).unit_confirmed_at is None


# -- the coordinator's page ---------------------------------------------------------------------------


def test_the_page_lists_only_my_units_people_awaiting(client, ward, coordinator, vi):
    waiting = pending(ward, full_name="Lê Hoàng Nam")
    confirmed = UserFactory(unit=ward, full_name="Phạm Thị Dung")
    elsewhere = pending(UnitFactory(), full_name="Hoàng Văn Em")
    client.force_login(coordinator)
    body = client.get(PAGE).content.decode()
    assert "Lê Hoàng Nam" in body and waiting.email in body
    assert "Phạm Thị Dung" not in body and confirmed.email not in body
    assert "Hoàng Văn Em" not in body and elsewhere.email not in body
    assert "chờ xác nhận" in body


def test_the_page_has_a_fixed_number_of_queries(
    client, ward, coordinator, django_assert_max_num_queries, django_assert_num_queries
):
    client.force_login(coordinator)
    pending(ward)
    client.get(PAGE)  # warm the session
    # Session, user, MFA check, the coordinator's units, the count and the page of people.
    with django_assert_max_num_queries(7) as few:
        assert client.get(PAGE).status_code == 200
    for _ in range(12):
        pending(ward)
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(PAGE).status_code == 200


def test_confirm_and_refuse_from_the_page(
    client, ward, coordinator, vi, django_capture_on_commit_callbacks
):
    first, second, third = pending(ward), pending(ward), pending(ward, full_name="Ngô Thị Lan")
    client.force_login(coordinator)
    response = client.post(PAGE, {"confirm": str(first.pk)})
    assert response.status_code == 302 and response.url == PAGE
    assert User.objects.get(pk=first.pk).unit_confirmed_by == coordinator
    body = client.post(PAGE, {"refuse": str(third.pk)}, follow=True).content.decode()
    assert "Đã gỡ Ngô Thị Lan khỏi đơn vị" in body
    assert User.objects.get(pk=third.pk).unit is None
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(PAGE, {"confirm_checked": "1", "people": [str(second.pk), "²", "x"]})
    assert User.objects.get(pk=second.pk).unit_is_confirmed
    assert len(callbacks) == 1 and mail.outbox[0].to == [second.email]


def test_ids_outside_my_units_are_refused_without_naming_anyone(
    client, ward, coordinator, vi, django_capture_on_commit_callbacks
):
    mine = pending(ward)
    foreign = pending(UnitFactory(), full_name="Đặng Minh Hải")
    client.force_login(coordinator)
    callbacks = []
    for data in (
        {"confirm": str(foreign.pk)},
        {"refuse": str(foreign.pk)},
        {"confirm_checked": "1", "people": [str(mine.pk), str(foreign.pk)]},
        {"confirm": "999999"},
    ):
        with django_capture_on_commit_callbacks() as captured:
            body = client.post(PAGE, data, follow=True).content.decode()
        callbacks += captured
        assert "Bạn chỉ được xác nhận những người đã chọn đơn vị do bạn phụ trách" in body
        assert "Đặng Minh Hải" not in body and foreign.email not in body
    for garbage in ("²", "9" * 5000, "-1", ""):
        response = client.post(PAGE, {"confirm": garbage}, follow=True)
        assert response.status_code == 200
    assert not User.objects.filter(pk__in=[mine.pk, foreign.pk], unit_confirmed_at__isnull=False)
    assert User.objects.get(pk=foreign.pk).unit_id is not None
    assert not callbacks


def test_the_page_needs_post_with_csrf_and_a_coordinator(ward, coordinator):
    person = pending(ward)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(coordinator)
    assert strict.post(PAGE, {"confirm": str(person.pk)}).status_code == 403
    assert User.objects.get(pk=person.pk).unit_confirmed_at is None
    strict.force_login(UserFactory(unit=ward))
    assert strict.get(PAGE).status_code == 403


def test_next_goes_back_only_to_this_site(client, ward, coordinator):
    client.force_login(coordinator)
    person = pending(ward)
    response = client.post(PAGE, {"confirm": str(person.pk), "next": "/khoa-hoc/don-vi/abc/"})
    assert response.url == "/khoa-hoc/don-vi/abc/"
    response = client.post(PAGE, {"confirm": str(person.pk), "next": "https://evil.example/"})
    assert response.url == PAGE


def test_the_page_is_paged_with_trang(client, ward, coordinator, vi, monkeypatch):
    from accounts import views

    monkeypatch.setattr(views, "CONFIRMATIONS_PER_PAGE", 1)
    pending(ward, full_name="Người Thứ Nhất")
    pending(ward, full_name="Người Thứ Hai")
    client.force_login(coordinator)
    first = client.get(PAGE).content.decode()
    assert "Người Thứ Nhất" in first and 'href="?trang=2"' in first
    second = client.get(PAGE, {"trang": 2}).content.decode()
    assert "Người Thứ Hai" in second and "Người Thứ Nhất" not in second
