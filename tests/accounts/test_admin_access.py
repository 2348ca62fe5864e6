"""One way into either admin: allauth's login, then the second factor given in this session.

Every other login form (Wagtail's admin and front-end ones, the Django admin's) refuses a POST
before looking at the password, and whoever can reach an admin page, however they got the right,
sets up TOTP first.
"""

import io
import time

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.contrib.auth.views import LoginView
from django.core import mail
from django.core.management import call_command
from django.urls import get_resolver, resolve

from accounts import roles
from tests.factories import UserFactory
from tests.helpers import admin_client, give_mfa, totp_code

PASSWORD = "mat-khau-an-toan-2026"
LOGIN_URL = "/tai-khoan/login/"
SESSION_KEY = "_auth_user_id"


@pytest.fixture
def staff(db):
    """A superuser with TOTP: the account the old login forms let in with a password alone."""
    person = UserFactory(is_staff=True, is_superuser=True)
    person.totp_secret = give_mfa(person)
    return person


@pytest.fixture
def editors(db):
    call_command("setup_roles", stdout=io.StringIO())
    return Group.objects.get(name=roles.EDITORS)


def allauth_login(client, person):
    """The password step of allauth's login (records it, as a person at the form would)."""
    return client.post(LOGIN_URL, {"login": person.email, "password": PASSWORD})


def open_totp_setup(client):
    """allauth's TOTP set-up page right after the login (the password just typed counts, so it
    is not asked again); returns the secret."""
    page = client.get("/tai-khoan/2fa/totp/activate/")
    assert page.status_code == 200
    return page.context["form"].secret


@pytest.mark.django_db
def test_totp_setup_asks_for_the_password_again_only_when_the_login_is_not_fresh(
    client, monkeypatch
):
    person = UserFactory(is_staff=True, is_superuser=True)
    allauth_login(client, person)
    assert client.get("/tai-khoan/2fa/totp/activate/").status_code == 200
    # Five minutes later the login no longer counts: allauth asks for the password first.
    later = time.time() + 301
    monkeypatch.setattr("accounts.adapter.time.time", lambda: later)
    monkeypatch.setattr("allauth.account.internal.flows.reauthentication.time.time", lambda: later)
    response = client.get("/tai-khoan/2fa/totp/activate/")
    assert response["Location"].startswith("/tai-khoan/reauthenticate/")
    client.post(response["Location"], {"password": PASSWORD})
    assert client.get("/tai-khoan/2fa/totp/activate/").status_code == 200


@pytest.mark.django_db
def test_a_session_opened_without_a_login_is_asked_for_the_password(client):
    person = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(person)
    response = client.get("/tai-khoan/2fa/totp/activate/")
    assert response["Location"].startswith("/tai-khoan/reauthenticate/")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("old_login", "post_data"),
    [
        ("/admin/login/", {"username": "{email}", "password": PASSWORD}),
        ("/django-admin/login/", {"username": "{email}", "password": PASSWORD}),
        ("/_util/login/", {"username": "{email}", "password": PASSWORD}),
    ],
)
def test_old_login_forms_refuse_a_correct_password_and_open_no_session(
    client, staff, old_login, post_data, vi
):
    data = {key: value.format(email=staff.email) for key, value in post_data.items()}
    response = client.post(f"{old_login}?next=/admin/", data)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert SESSION_KEY not in client.session
    assert "Đăng nhập trên cổng thông tin" in response.content.decode()
    # Nothing opened: the admin still sends the visitor to log in.
    assert client.get("/admin/").status_code == 302
    assert client.get("/django-admin/").status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("old_login", "expected_next"),
    [
        ("/admin/login/?next=/admin/pages/", "%2Fadmin%2Fpages%2F"),
        ("/admin/login/", "%2Fadmin%2F"),
        ("/admin/login/?next=https://evil.example/", "%2Fadmin%2F"),
        (
            "/django-admin/login/?next=/django-admin/accounts/user/",
            "%2Fdjango-admin%2Faccounts%2Fuser%2F",
        ),
        ("/django-admin/login/", "%2Fdjango-admin%2F"),
        ("/_util/login/?next=/tin-tuc/", "%2Ftin-tuc%2F"),
    ],
)
def test_old_login_addresses_send_visitors_to_allauths_login(client, old_login, expected_next):
    response = client.get(old_login)
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next={expected_next}"


@pytest.mark.django_db
def test_both_admins_send_anonymous_visitors_to_allauths_login(client):
    for admin_page in ("/admin/", "/django-admin/"):
        response = client.get(admin_page, follow=True)
        assert response.redirect_chain[-1][0].startswith(LOGIN_URL)
        assert response.status_code == 200


@pytest.mark.django_db
def test_logged_in_without_admin_rights_gets_access_denied_not_a_login_loop(client, user):
    admin_client(client, user)
    for admin_page in ("/admin/", "/django-admin/"):
        response = client.get(admin_page, follow=True)
        assert response.status_code == 403
        assert len(response.redirect_chain) <= 2


@pytest.mark.django_db
def test_staff_login_through_allauth_asks_for_the_code_before_the_admin(client, staff):
    response = allauth_login(client, staff)
    assert response["Location"] == "/tai-khoan/2fa/authenticate/"
    # Password alone: not logged in yet, so the admin still wants a login.
    assert SESSION_KEY not in client.session
    assert client.get("/admin/")["Location"].startswith("/admin/login/")

    response = client.post("/tai-khoan/2fa/authenticate/", {"code": totp_code(staff.totp_secret)})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    assert client.get("/django-admin/").status_code == 200


@pytest.mark.django_db
def test_a_session_without_the_second_factor_is_sent_to_give_it(client, staff):
    # A session opened by a password alone (as Wagtail's old form did): TOTP on the account is
    # not enough.
    client.force_login(staff)
    for admin_page in ("/admin/", "/admin/pages/", "/django-admin/"):
        response = client.get(admin_page)
        assert response.status_code == 302
        assert response["Location"].startswith("/tai-khoan/2fa/reauthenticate/?next=")

    response = client.post(
        "/tai-khoan/2fa/reauthenticate/?next=/admin/pages/",
        {"code": totp_code(staff.totp_secret)},
    )
    assert response["Location"] == "/admin/pages/"
    assert client.get("/admin/pages/").status_code == 200
    assert client.get("/django-admin/").status_code == 200


@pytest.mark.django_db
def test_a_wrong_code_does_not_open_the_admin(client, staff):
    client.force_login(staff)
    code = "000000" if totp_code(staff.totp_secret) != "000000" else "111111"
    response = client.post("/tai-khoan/2fa/reauthenticate/?next=/admin/", {"code": code})
    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302


@pytest.mark.django_db
def test_editor_given_admin_access_by_a_group_sets_up_totp_first(client, editors, vi):
    editor = UserFactory()  # not staff: Wagtail's access comes from the group
    editor.groups.add(editors)
    assert not editor.is_staff
    allauth_login(client, editor)
    for admin_page in ("/admin/", "/admin/pages/", "/admin/images/"):
        response = client.get(admin_page)
        assert response["Location"] == "/tai-khoan/2fa/totp/activate/", admin_page
    secret = open_totp_setup(client)
    response = client.post("/tai-khoan/2fa/totp/activate/", {"code": totp_code(secret)})
    assert Authenticator.objects.filter(user=editor, type="totp").exists()
    # Recovery codes are generated with the authenticator, and shown next.
    assert response["Location"] == "/tai-khoan/2fa/recovery-codes/"
    # The code typed at set-up is this session's second factor: the admin opens.
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_recovery_codes_are_shown_once(client, vi):
    person = UserFactory(is_staff=True, is_superuser=True)
    allauth_login(client, person)
    secret = open_totp_setup(client)
    client.post("/tai-khoan/2fa/totp/activate/", {"code": totp_code(secret)})
    codes = Authenticator.objects.get(user=person, type="recovery_codes").wrap().get_unused_codes()
    assert len(codes) == 10

    first = client.get("/tai-khoan/2fa/recovery-codes/").content.decode()
    assert all(code in first for code in codes)
    assert "Tôi đã lưu mã khôi phục" in first  # the "shown once" confirmation

    again = client.get("/tai-khoan/2fa/recovery-codes/").content.decode()
    assert not any(code in again for code in codes)
    assert client.get("/tai-khoan/2fa/recovery-codes/download/").status_code == 403


@pytest.mark.django_db
def test_made_superuser_in_the_django_admin_must_set_up_totp(client, staff):
    promoted = UserFactory()
    admin = admin_client(client, staff)
    data = {
        "email": promoted.email,
        "full_name": promoted.full_name,
        "unit": promoted.unit_id,
        "staff_category": promoted.staff_category,
        "is_active": "on",
        "is_superuser": "on",
    }
    response = admin.post(f"/django-admin/accounts/user/{promoted.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    promoted.refresh_from_db()
    assert promoted.is_superuser

    client.logout()
    allauth_login(client, promoted)
    assert client.get("/django-admin/")["Location"] == "/tai-khoan/2fa/totp/activate/"
    assert client.get("/admin/")["Location"] == "/tai-khoan/2fa/totp/activate/"


@pytest.mark.django_db
def test_added_to_a_role_in_wagtails_user_editor_must_set_up_totp(client, staff, editors):
    promoted = UserFactory()
    admin = admin_client(client, staff)
    response = admin.post(
        f"/admin/users/edit/{promoted.pk}/",
        {
            "email": promoted.email,
            "full_name": promoted.full_name,
            "unit": promoted.unit_id,
            "is_active": "on",
            "groups": [editors.pk],
        },
    )
    assert response.status_code == 302
    assert promoted.groups.filter(pk=editors.pk).exists()

    client.logout()
    allauth_login(client, promoted)
    assert client.get("/admin/")["Location"] == "/tai-khoan/2fa/totp/activate/"


@pytest.mark.django_db
def test_promoted_during_a_session_must_set_up_totp_on_the_next_admin_page(client, user):
    allauth_login(client, user)
    assert client.get("/admin/").status_code == 302  # no rights yet: refused, not the gate
    user.is_superuser = True
    user.save()
    assert client.get("/admin/")["Location"] == "/tai-khoan/2fa/totp/activate/"


@pytest.mark.django_db
def test_wagtails_password_reset_is_closed(client, staff):
    assert client.get("/admin/password_reset/").status_code == 404
    response = client.post("/admin/password_reset/", {"email": staff.email})
    assert response.status_code == 404
    assert mail.outbox == []


@pytest.mark.django_db
def test_wagtails_account_page_has_no_password_form_and_links_to_allauths(client, staff, vi):
    admin = admin_client(client, staff)
    page = admin.get("/admin/account/").content.decode()
    assert 'name="password-old_password"' not in page
    assert 'name="name_email-email"' not in page
    assert 'href="/tai-khoan/password/change/"' in page
    assert 'href="/tai-khoan/2fa/"' in page


@pytest.mark.django_db
def test_django_admin_password_change_goes_to_allauths(client, staff):
    admin = admin_client(client, staff)
    response = admin.post(
        "/django-admin/password_change/",
        {"old_password": PASSWORD, "new_password1": "Moi-123456", "new_password2": "Moi-123456"},
    )
    assert response["Location"] == "/tai-khoan/password/change/"
    staff.refresh_from_db()
    assert staff.check_password(PASSWORD)


def test_no_login_view_of_django_or_wagtail_is_reachable():
    """No address opens Django's password-only LoginView (Wagtail's admin and front-end logins
    are such views); a new one in a Wagtail upgrade would show here."""
    found = []

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
                continue
            view = getattr(pattern.callback, "view_class", None)
            if view is not None and issubclass(view, LoginView):
                found.append(prefix + str(pattern.pattern))

    walk(get_resolver().url_patterns)
    # Shadowed by accounts.views.old_login_page, which is listed first for the same address.
    shadowed = {"admin/login/", "_util/login/"}
    assert set(found) <= shadowed, found
    for address in shadowed:
        assert resolve(f"/{address}").func.__name__ == "old_login_page"
