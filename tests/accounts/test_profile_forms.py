"""Forms that respect the person: one CCCD field and one dd/mm/yyyy date of birth for the profile
and the contest entry form, and the "Hoàn thiện hồ sơ" step asked once after the first login."""

import re
from datetime import date

import pytest
from django.core import mail
from django.urls import reverse

from accounts.forms import CCCDField, CompleteProfileForm, ProfileForm
from accounts.models import User
from contests.forms import EntryForm
from tests.contests.factories import EntrantGroupFactory
from tests.factories import UnitFactory, UserFactory

LOGIN_URL = "/tai-khoan/login/"
PASSWORD = "mat-khau-an-toan-2026"
FULLWIDTH = "０７９ ０９０ ００１ ２３４"


@pytest.mark.parametrize(
    "typed",
    ["079090001234", "079 090 001 234", "079.090.001.234", "079-090-001-234", FULLWIDTH],
)
def test_cccd_field_normalises_what_people_type(typed):
    assert CCCDField().clean(typed) == "079090001234"


@pytest.mark.parametrize("typed", ["07909000123", "0790900012345", "07909000123a", "079490001234"])
def test_cccd_field_refuses_a_wrong_number(typed):
    with pytest.raises(Exception) as error:
        CCCDField().clean(typed)
    assert error.value.code.startswith("cccd_")


@pytest.mark.django_db
def test_profile_form_accepts_fullwidth_cccd_and_ddmmyyyy(vi):
    person = UserFactory()
    form = ProfileForm(
        {
            "full_name": person.full_name,
            "date_of_birth": "25/08/1990",
            "cccd": FULLWIDTH,
            "unit": person.unit_id,
            "staff_category": "cong_chuc",
        },
        instance=person,
    )
    assert form.is_valid(), form.errors
    form.save()
    person.refresh_from_db()
    assert person.cccd == "079090001234"
    assert person.date_of_birth == date(1990, 8, 25)


@pytest.mark.django_db
def test_profile_cccd_errors_sit_next_to_the_field(client, vi):
    person = UserFactory()
    client.force_login(person)
    response = client.post(
        reverse("accounts:profile"),
        {
            "full_name": person.full_name,
            "date_of_birth": "25/08/1985",
            "cccd": "079 090 001 234",
            "unit": person.unit_id,
            "staff_category": "cong_chuc",
        },
    )
    form = response.context["form"]
    assert form.errors == {"cccd": ["Số CCCD không khớp với năm sinh."]}
    html = response.content.decode()
    assert 'type="date"' not in html and 'placeholder="dd/mm/yyyy"' in html


@pytest.mark.django_db
def test_entry_form_uses_the_same_fields(vi):
    group = EntrantGroupFactory()
    contest = group.contest
    person = UserFactory()
    data = {
        "group": group.pk,
        "full_name": person.full_name,
        "date_of_birth": "25.08.1990",
        "cccd": FULLWIDTH,
        "phone": "0912345678",
        "unit": person.unit_id,
        "consent": "on",
    }
    form = EntryForm(data, contest=contest, person=person)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["cccd"] == "079090001234"
    form = EntryForm({**data, "date_of_birth": "25/08/1985"}, contest=contest, person=person)
    assert not form.is_valid()
    assert form.errors["cccd"] == ["Số CCCD không khớp với năm sinh."]
    form = EntryForm({**data, "date_of_birth": "31/02/1990"}, contest=contest, person=person)
    assert not form.is_valid()
    assert "dd/mm/yyyy" in form.errors["date_of_birth"][0]


def test_profile_gaps():
    citizen = User(full_name="Lê Văn Dân", staff_category=User.StaffCategory.NGUOI_DAN)
    assert citizen.profile_gaps() == ["date_of_birth", "cccd", "phone"]
    servant = User(full_name="Lê Văn Công", staff_category=User.StaffCategory.CONG_CHUC)
    assert servant.profile_gaps() == ["date_of_birth", "cccd", "phone", "unit", "position"]
    unknown = User(full_name="Lê Văn Ai")
    assert "staff_category" in unknown.profile_gaps() and "unit" in unknown.profile_gaps()


def _log_in(client, person, next_url=None):
    url = LOGIN_URL + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"login": person.email, "password": PASSWORD})


@pytest.mark.django_db
def test_first_login_asks_to_complete_the_profile_once_and_keeps_next(client, vi):
    person = UserFactory()
    response = _log_in(client, person, next_url="/khoa-hoc/")
    assert response.status_code == 302
    assert response["Location"] == "/tai-khoan/ho-so/hoan-thien/?next=%2Fkhoa-hoc%2F"
    person.refresh_from_db()
    assert person.profile_prompted_at is not None

    page = client.get(response["Location"])
    html = page.content.decode()
    assert "Hoàn thiện hồ sơ" in html
    assert set(page.context["form"].fields) == {"date_of_birth", "cccd", "phone", "position"}
    assert 'href="/khoa-hoc/"' in html  # "skip for now" goes on to where the login was going

    # Saved: on to `next`.
    response = client.post(
        page.request["PATH_INFO"] + "?next=/khoa-hoc/",
        {
            "date_of_birth": "25/08/1990",
            "cccd": FULLWIDTH,
            "phone": "0912 345 678",
            "position": "Chuyên viên",
            "next": "/khoa-hoc/",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/khoa-hoc/"
    person.refresh_from_db()
    assert person.cccd == "079090001234" and person.position == "Chuyên viên"

    # Never again, even with the profile incomplete.
    User.objects.filter(pk=person.pk).update(cccd="")
    client.logout()
    response = _log_in(client, person)
    assert response["Location"] == reverse("accounts:profile")


@pytest.mark.django_db
def test_complete_profile_refuses_an_outside_next_and_shows_errors_at_the_field(client, vi):
    person = UserFactory()
    client.force_login(person)
    response = client.post(
        reverse("accounts:complete_profile"),
        {"cccd": "12345", "next": "https://ac-mao.example/"},
    )
    assert response.status_code == 200
    assert response.context["next"] == reverse("accounts:profile")
    assert list(response.context["form"].errors) == ["cccd"]


@pytest.mark.django_db
def test_complete_profile_with_nothing_missing_goes_on(client):
    person = UserFactory(
        date_of_birth=date(1990, 8, 25),
        cccd="079090001234",
        phone="0912345678",
        position="Chuyên viên",
    )
    client.force_login(person)
    response = client.get(reverse("accounts:complete_profile") + "?next=/khoa-hoc/")
    assert response.status_code == 302 and response["Location"] == "/khoa-hoc/"


@pytest.mark.django_db
def test_email_confirmation_leads_to_the_completion_step(client, vi):
    unit = UnitFactory()
    client.post(
        "/tai-khoan/signup/",
        {
            "full_name": "Võ Thị Ngọc Ánh",
            "email": "ngoc.anh@anlac.gov.vn",
            "password1": "Mat-khau-manh-2026",
            "password2": "Mat-khau-manh-2026",
            "unit": unit.pk,
            "staff_category": "cong_chuc",
            "consent": "on",
        },
    )
    link = re.search(r"/tai-khoan/confirm-email/[^\s]+/", mail.outbox[0].body).group(0)
    response = client.post(link)
    assert response["Location"].startswith(reverse("accounts:complete_profile"))


@pytest.mark.django_db
def test_staff_are_not_asked(client):
    person = UserFactory(is_staff=True)
    response = _log_in(client, person)
    assert not response["Location"].startswith(reverse("accounts:complete_profile"))


def test_complete_form_lists_only_the_gaps():
    person = User(
        full_name="Lê Văn Dân", staff_category=User.StaffCategory.NGUOI_DAN, phone="0912345678"
    )
    assert set(CompleteProfileForm(instance=person).fields) == {"date_of_birth", "cccd"}
