import re
from datetime import date
from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.db import OperationalError, connection
from django.urls import reverse

from accounts.models import User
from tests.factories import UnitFactory, UserFactory
from tests.helpers import admin_client

SIGNUP_URL = "/tai-khoan/signup/"
LOGIN_URL = "/tai-khoan/login/"


def signup_data(chosen_unit, **overrides):
    data = {
        "full_name": "  Võ   Thị Ngọc Ánh ",
        "email": "Ngoc.Anh@AnLac.gov.vn",
        "password1": "Mat-khau-manh-2026",
        "password2": "Mat-khau-manh-2026",
        "unit": chosen_unit.pk,
        "staff_category": "cong_chuc",
        "consent": "on",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_signup_verification_login_profile(client):
    unit = UnitFactory(name="Ủy ban nhân dân phường Trung Tâm")
    response = client.post(SIGNUP_URL, signup_data(unit))
    assert response.status_code == 302
    user = User.objects.get()
    assert user.email == "ngoc.anh@anlac.gov.vn"
    assert user.full_name == "Võ Thị Ngọc Ánh"
    assert user.unit == unit
    assert user.consented_at is not None
    assert not EmailAddress.objects.get(user=user).verified
    # Mandatory verification: no session until the link is opened.
    assert client.get(reverse("accounts:profile")).status_code == 302

    assert len(mail.outbox) == 1
    # The sites framework's placeholder never reaches a person: the portal's name does.
    assert "example.com" not in mail.outbox[0].subject + mail.outbox[0].body
    assert settings.WAGTAIL_SITE_NAME in mail.outbox[0].subject + mail.outbox[0].body
    link = re.search(r"https?://[^\s]+/tai-khoan/confirm-email/[^\s]+/", mail.outbox[0].body).group(
        0
    )
    path = link.split("testserver", 1)[-1]
    assert client.get(path).status_code == 200
    response = client.post(path)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified

    profile = client.get(reverse("accounts:profile"))
    assert profile.status_code == 200
    assert "Võ Thị Ngọc Ánh" in profile.content.decode()


@pytest.mark.django_db
def test_signup_requires_consent_and_a_known_unit(client, vi):
    unit = UnitFactory()
    data = signup_data(unit)
    del data["consent"]
    response = client.post(SIGNUP_URL, data)
    assert response.status_code == 200
    assert "Bạn cần đồng ý với thông báo xử lý dữ liệu cá nhân" in response.content.decode()
    response = client.post(SIGNUP_URL, signup_data(unit, unit=999999))
    assert "Hãy chọn một đơn vị trong danh sách." in response.content.decode()
    assert User.objects.count() == 0


@pytest.mark.django_db
def test_duplicate_email_in_any_letter_case_creates_no_second_account(client):
    existing = UserFactory(email="trung.email@anlac.gov.vn")
    unit = UnitFactory()
    response = client.post(SIGNUP_URL, signup_data(unit, email="TRUNG.Email@AnLac.gov.vn"))
    # Enumeration prevention: the same "check your email" answer, and the owner is told instead.
    assert response.status_code == 302
    assert User.objects.count() == 1
    assert mail.outbox[-1].to == [existing.email]


@pytest.mark.django_db
def test_expired_or_forged_confirmation_link_says_so(client, vi):
    response = client.get("/tai-khoan/confirm-email/khong-hop-le/")
    assert response.status_code == 200
    assert "hết hạn hoặc không hợp lệ" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "012345", "10 chữ số"),
        ("cccd", "12345", "đúng 12 chữ số"),
        ("cccd", "094590012345", "Chữ số thứ tư"),
        ("cccd", "094298012345", "không khớp với năm sinh"),
        ("date_of_birth", "31/02/1990", "ngày"),
        ("date_of_birth", "01/01/2099", "không thể ở tương lai"),
        ("date_of_birth", "1990-05-17x", "ngày"),
        ("date_of_birth", "15/05/1890", "Kiểm tra lại năm sinh"),
        ("unit", "999999", "Hãy chọn một đơn vị"),
    ],
)
def test_profile_rejects_bad_values_at_the_field(client, user, vi, field, value, message):
    client.force_login(user)
    data = {"full_name": user.full_name, "date_of_birth": "15/05/1998", "unit": user.unit_id}
    data[field] = value
    response = client.post(reverse("accounts:profile"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    user.refresh_from_db()
    assert getattr(user, field if field != "unit" else "unit_id") in ("", None, user.unit_id)


@pytest.mark.django_db
def test_profile_normalises_phone_and_masks_cccd(client, user):
    client.force_login(user)
    response = client.post(
        reverse("accounts:profile"),
        {
            "full_name": user.full_name,
            "date_of_birth": "15/05/1998",
            "phone": "+84 912 345 678",
            "cccd": "094098012345",
            "unit": user.unit_id,
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.phone, user.cccd, user.date_of_birth) == (
        "0912345678",
        "094098012345",
        date(1998, 5, 15),
    )
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "*********345" in page


@pytest.mark.django_db
def test_a_cccd_belongs_to_one_account(client, vi):
    UserFactory(cccd="094098012345", date_of_birth=date(1998, 1, 1))
    other = UserFactory()
    client.force_login(other)
    response = client.post(
        reverse("accounts:profile"),
        {"full_name": other.full_name, "cccd": "094098012345", "unit": other.unit_id},
    )
    assert "đã được dùng cho một tài khoản khác" in response.content.decode()


@pytest.mark.django_db
def test_unit_search_ignores_tone_marks(client):
    UnitFactory(name="Ủy ban nhân dân phường Đường Số Một")
    UnitFactory(name="Sở Tư pháp")

    def names(query):
        response = client.get("/tai-khoan/don-vi/tim/", {"q": query})
        return [result["name"] for result in response.json()["results"]]

    assert names("duong so") == ["Ủy ban nhân dân phường Đường Số Một"]
    assert names("tu phap") == ["Sở Tư pháp"]
    assert names("Tư pháp") == ["Sở Tư pháp"]
    assert names("x" * 5000) == []


@pytest.mark.django_db
def test_unit_search_understands_abbreviations_and_whole_words(client):
    trung_tam = UnitFactory(name="Ủy ban nhân dân phường Trung Tâm")
    UnitFactory(name="Ủy ban nhân dân xã Tân Phú")
    UnitFactory(name="Hội đồng nhân dân xã An Lạc")
    an_lac = UnitFactory(name="Ủy ban nhân dân xã An Lạc")
    UnitFactory(name="Sở Nội vụ")
    UnitFactory(name="Trung tâm Phục vụ hành chính công")

    def names(query):
        response = client.get("/tai-khoan/don-vi/tim/", {"q": query})
        return [result["name"] for result in response.json()["results"]]

    assert names("UBND P. Trung Tâm") == [trung_tam.name]
    assert names("ubnd p trung tam") == [trung_tam.name]
    # "an" starts a word: "nhân dân" does not match it, so only the two An Lạc units come.
    assert sorted(names("xa an")) == sorted(["Hội đồng nhân dân xã An Lạc", an_lac.name])
    assert names("HĐND x. An Lạc") == ["Hội đồng nhân dân xã An Lạc"]
    assert names("Sở NV") == ["Sở Nội vụ"]
    # The whole phrase first: "trung tam" is the start of one name and inside another.
    assert names("TT phuc vu") == ["Trung tâm Phục vụ hành chính công"]
    assert names("trung tam")[0] in (trung_tam.name, "Trung tâm Phục vụ hành chính công")
    assert names("khong co don vi nay") == []


@pytest.mark.django_db
def test_unit_picker_carries_the_abbreviations_and_the_empty_message(vi):
    from accounts.forms import ProfileForm

    html = str(ProfileForm()["unit"])
    assert "data-abbreviations=" in html and "ubnd" in html
    assert "Không tìm thấy đơn vị" in html


@pytest.mark.django_db
def test_delete_account_anonymises_and_logs_out(client, user, vi):
    user.cccd, user.phone, user.date_of_birth = "094098012345", "0912345678", date(1998, 1, 1)
    user.save()
    client.force_login(user)
    wrong = client.post(reverse("accounts:delete"), {"password": "sai"})
    assert "Mật khẩu không đúng." in wrong.content.decode()
    response = client.post(reverse("accounts:delete"), {"password": "mat-khau-an-toan-2026"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.cccd, user.phone, user.date_of_birth, user.is_active) == ("", "", None, False)
    assert user.email.startswith("deleted-") and user.anonymised_at
    assert user.full_name == "Tài khoản đã xóa"
    assert not EmailAddress.objects.filter(user=user).exists()
    assert client.get(reverse("accounts:profile")).status_code == 302


@pytest.mark.django_db
def test_sixth_failed_login_within_five_minutes_is_refused(client, user, vi):
    for attempt in range(5):
        response = client.post(LOGIN_URL, {"login": user.email, "password": f"sai-{attempt}"})
        assert response.status_code == 200
        assert "_auth_user_id" not in client.session
    response = client.post(LOGIN_URL, {"login": user.email, "password": "mat-khau-an-toan-2026"})
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 429)


@pytest.mark.django_db
def test_five_failures_still_allow_a_correct_login(client, user):
    for attempt in range(4):
        client.post(LOGIN_URL, {"login": user.email, "password": f"sai-{attempt}"})
    client.post(LOGIN_URL, {"login": user.email, "password": "mat-khau-an-toan-2026"})
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_staff_without_mfa_cannot_reach_the_admin(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    assert client.get("/django-admin/").status_code == 302
    admin_client(client, staff)
    assert client.get("/admin/").status_code == 200
    assert client.get("/django-admin/").status_code == 200


@pytest.mark.django_db
def test_django_admin_is_for_superusers_only(client):
    staff = UserFactory(is_staff=True)
    admin_client(client, staff)
    assert client.get("/django-admin/").status_code == 302


@pytest.mark.django_db
def test_healthz_reports_ok_and_a_broken_database_as_503(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "error"


@pytest.mark.django_db
def test_error_pages_are_vietnamese(client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_server_error_page_needs_no_database(rf):
    from common.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Hệ thống đang gặp sự cố" in response.content.decode()


@pytest.mark.django_db
def test_migrate_names_the_site_after_the_portal():
    from django.contrib.sites.models import Site

    site = Site.objects.get_current()
    assert site.name == settings.WAGTAIL_SITE_NAME
    assert site.domain != "example.com" and site.domain in settings.WAGTAILADMIN_BASE_URL


@pytest.mark.django_db
@pytest.mark.parametrize(
    "address", ["/tim-kiem/?q=a%00b", "/tin-tuc/?chuyen-muc=%00", "/tin-tuc/?the=x%00", "/%00/"]
)
def test_a_nul_character_in_the_address_is_a_vietnamese_400(client, address):
    response = client.get(address)
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()


@pytest.mark.django_db
def test_an_english_browser_still_gets_vietnamese_until_the_reader_switches(client):
    page = client.get("/tai-khoan/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="vi"' in page.content.decode()
    assert "Mật khẩu" in page.content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/tai-khoan/login/"})
    page = client.get("/tai-khoan/login/", HTTP_ACCEPT_LANGUAGE="vi")
    assert '<html lang="en"' in page.content.decode()


@pytest.mark.django_db
def test_profile_refuses_a_person_under_15(client, user, vi):
    from django.utils import timezone

    client.force_login(user)
    today = timezone.localdate()
    child = today.replace(year=today.year - 14).strftime("%d/%m/%Y")
    response = client.post(
        reverse("accounts:profile"),
        {"full_name": user.full_name, "date_of_birth": child, "unit": user.unit_id},
    )
    assert "phải đủ 15 tuổi trở lên" in response.content.decode()
    user.refresh_from_db()
    assert user.date_of_birth is None or user.date_of_birth.strftime("%d/%m/%Y") != child
    fifteen = today.replace(year=today.year - 15, day=min(today.day, 28)).strftime("%d/%m/%Y")
    client.post(
        reverse("accounts:profile"),
        {"full_name": user.full_name, "date_of_birth": fifteen, "unit": user.unit_id},
    )
    user.refresh_from_db()
    assert user.date_of_birth.strftime("%d/%m/%Y") == fifteen


@pytest.mark.django_db
def test_a_civil_servant_must_choose_a_unit(client, user, vi):
    client.force_login(user)
    url = reverse("accounts:profile")
    base = {"full_name": user.full_name, "date_of_birth": "15/05/1998"}
    response = client.post(url, {**base, "staff_category": "cong_chuc", "unit": ""})
    assert "phải chọn đơn vị công tác" in response.content.decode()
    user.refresh_from_db()
    assert user.unit_id is not None  # unchanged
    citizen = client.post(url, {**base, "staff_category": "nguoi_dan", "unit": ""})
    assert citizen.status_code == 302
    user.refresh_from_db()
    assert user.unit_id is None
