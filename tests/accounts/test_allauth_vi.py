"""allauth ships no Vietnamese: our catalogue (locale_vendor) and template overrides must cover
every account, sign-in and two-factor screen and email people see."""

import html
import re
from datetime import timedelta
from pathlib import Path

import allauth
import polib
import pytest
from allauth.account.models import EmailAddress, EmailConfirmation
from django.conf import settings
from django.core import mail
from django.utils import timezone

from tests.factories import UnitFactory, UserFactory
from tests.helpers import give_mfa

VENDOR_PO = Path(settings.BASE_DIR) / "locale_vendor" / "vi" / "LC_MESSAGES" / "django.po"
ALLAUTH_FR_PO = Path(allauth.__file__).parent / "locale" / "fr" / "LC_MESSAGES" / "django.po"
# Where allauth uses a string, as its catalogue's "#:" references say. Social accounts, user
# sessions, the identity provider and headless are not installed here.
USED_PARTS = (
    "core/",
    "account/",
    "mfa/",
    "templates/allauth/",
    "templates/account/",
    "templates/mfa/",
)
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w+\}")

# English that must never reach a Vietnamese page (allauth's and Django's own labels).
ENGLISH_LEFTOVERS = [
    "Sign In",
    "Sign in",
    "Sign Up",
    "Signup",
    "Password",
    "password",
    "Forgot your",
    "Remember Me",
    "Email address",
    "If you have not created",
    "Already have an account",
    "Reset My Password",
    "This field is required",
    "Enter a valid",
]

SIGNUP_URL = "/tai-khoan/signup/"


def used_allauth_entries():
    catalogue = polib.pofile(str(ALLAUTH_FR_PO))
    return [
        entry
        for entry in catalogue
        if not entry.obsolete
        and any(path.startswith(USED_PARTS) for path, _line in entry.occurrences)
    ]


def visible_text(response):
    """The text a person reads in <main> (tags, scripts and attribute values left out)."""
    page = response.content.decode()
    main = page[page.index("<main") : page.index("</main>")]
    main = re.sub(r"<script.*?</script>", " ", main, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", main))
    return " ".join(text.split())


def log_in(client, person, password="mat-khau-an-toan-2026"):
    """Through the forms: sign in, then confirm the password again as allauth asks before
    two-factor set-up."""
    response = client.post("/tai-khoan/login/", {"login": person.email, "password": password})
    assert response.status_code == 302
    response = client.post("/tai-khoan/reauthenticate/", {"password": password})
    assert response.status_code == 302


def signup_data(unit, **overrides):
    data = {
        "full_name": "Đặng Thị Thu Hà",
        "email": "thu.ha@anlac.gov.vn",
        "password1": "Mat-khau-manh-2026",
        "password2": "Mat-khau-manh-2026",
        "unit": unit.pk,
        "staff_category": "vien_chuc",
        "consent": "on",
    }
    data.update(overrides)
    return data


# --- The catalogue --------------------------------------------------------------------------


def test_vendor_catalogue_header_is_vietnamese():
    catalogue = polib.pofile(str(VENDOR_PO))
    assert catalogue.metadata["Language"] == "vi"
    assert catalogue.metadata["Plural-Forms"] == "nplurals=1; plural=0;"


def test_every_vendor_entry_is_translated_and_not_fuzzy():
    catalogue = polib.pofile(str(VENDOR_PO))
    assert len(catalogue) > 250
    for entry in catalogue:
        assert "fuzzy" not in entry.flags, entry.msgid
        assert not entry.obsolete, entry.msgid
        if entry.msgid_plural:
            assert entry.msgstr_plural and all(entry.msgstr_plural.values()), entry.msgid
        else:
            assert entry.msgstr.strip(), entry.msgid


def test_vendor_catalogue_covers_every_allauth_string_we_use():
    ours = {(e.msgctxt, e.msgid) for e in polib.pofile(str(VENDOR_PO))}
    missing = [
        (e.msgctxt, e.msgid) for e in used_allauth_entries() if (e.msgctxt, e.msgid) not in ours
    ]
    assert missing == []


def test_translations_keep_every_placeholder():
    for entry in polib.pofile(str(VENDOR_PO)):
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        # Vietnamese has one plural form, so msgstr[0] follows the plural msgid's placeholders.
        source = entry.msgid_plural or entry.msgid
        for translated in translations:
            assert sorted(set(PLACEHOLDER.findall(source))) == sorted(
                set(PLACEHOLDER.findall(translated))
            ), entry.msgid


# --- Pages ----------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/tai-khoan/login/", ["Đăng nhập", "Mật khẩu", "Quên mật khẩu?", "Ghi nhớ đăng nhập"]),
        (SIGNUP_URL, ["Đăng ký", "Họ và tên", "Mật khẩu (nhập lại)", "Đã có tài khoản?"]),
        ("/tai-khoan/password/reset/", ["Đặt lại mật khẩu", "Quên mật khẩu?"]),
        ("/tai-khoan/password/reset/done/", ["Chúng tôi đã gửi thư cho bạn"]),
        ("/tai-khoan/password/reset/key/1-sai-khoa/", ["Liên kết không hợp lệ"]),
        ("/tai-khoan/confirm-email/", ["Xác minh địa chỉ email", "hộp thư rác"]),
    ],
)
def test_entrance_pages_are_vietnamese(client, url, expected):
    response = client.get(url, follow=True)
    assert response.status_code == 200
    text = visible_text(response)
    for phrase in expected:
        assert phrase in text
    for english in ENGLISH_LEFTOVERS:
        assert english not in text, english


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/tai-khoan/email/", ["Địa chỉ email", "Đã xác minh", "Đặt làm email chính"]),
        ("/tai-khoan/password/change/", ["Đổi mật khẩu", "Mật khẩu hiện tại", "Mật khẩu mới"]),
        ("/tai-khoan/2fa/", ["Xác thực hai lớp", "Ứng dụng xác thực", "Mã khôi phục"]),
        ("/tai-khoan/2fa/totp/activate/", ["Bật ứng dụng xác thực", "Khóa bí mật"]),
        ("/tai-khoan/logout/", ["Bạn có chắc muốn đăng xuất?"]),
    ],
)
def test_account_settings_pages_are_vietnamese(client, user, url, expected):
    log_in(client, user)
    response = client.get(url)
    assert response.status_code == 200
    text = visible_text(response)
    for phrase in expected:
        assert phrase in text
    for english in ENGLISH_LEFTOVERS:
        assert english not in text, english
    # The account tabs sit above every settings page.
    assert 'class="account-tabs"' in response.content.decode()


@pytest.mark.django_db
def test_reauthentication_page_is_vietnamese(client, user):
    client.force_login(user)
    response = client.get("/tai-khoan/2fa/totp/activate/", follow=True)
    assert "/tai-khoan/reauthenticate/" in response.redirect_chain[-1][0]
    text = visible_text(response)
    assert "Xác nhận quyền truy cập" in text
    assert "Nhập mật khẩu của bạn:" in text
    for english in ENGLISH_LEFTOVERS:
        assert english not in text, english


@pytest.mark.django_db
def test_two_factor_step_at_login_is_vietnamese(client):
    person = UserFactory(password="Mat-khau-manh-2026")
    give_mfa(person)
    response = client.post(
        "/tai-khoan/login/",
        {"login": person.email, "password": "Mat-khau-manh-2026"},
        follow=True,
    )
    assert response.redirect_chain[-1][0].endswith("/tai-khoan/2fa/authenticate/")
    text = visible_text(response)
    assert "Tài khoản của bạn được bảo vệ bằng xác thực hai lớp" in text
    assert "Your account is protected" not in text


@pytest.mark.django_db
def test_wrong_password_message_is_vietnamese_and_announced(client, user):
    response = client.post("/tai-khoan/login/", {"login": user.email, "password": "sai-mat-khau"})
    content = response.content.decode()
    assert "Địa chỉ email hoặc mật khẩu bạn nhập không đúng." in content
    assert 'role="alert"' in content


# --- Form markup ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_signup_fields_are_labelled_and_the_unit_picker_loads(client):
    UnitFactory(name="Ủy ban nhân dân phường Trung Tâm")
    content = client.get(SIGNUP_URL).content.decode()
    for field in ("full_name", "email", "password1", "password2", "unit", "consent"):
        assert f'<label for="id_{field}">' in content, field
    assert re.search(r'<select name="unit"[^>]*data-unit-picker', content)
    assert "Ủy ban nhân dân phường Trung Tâm" in content
    assert "js/unit-picker.js" in content
    # Help text is tied to its input; the consent help links to the notice.
    assert re.search(r'name="full_name"[^>]*aria-describedby="id_full_name_helptext"', content)
    assert re.search(
        r'id="id_consent_helptext">[^<]*<a href="/tai-khoan/du-lieu-ca-nhan/"', content
    )


@pytest.mark.django_db
def test_signup_errors_sit_at_their_field(client, vi):
    unit = UnitFactory()
    response = client.post(SIGNUP_URL, signup_data(unit, consent=""))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Bạn cần đồng ý với thông báo xử lý dữ liệu cá nhân để đăng ký." in content
    assert re.search(r'<ul class="errorlist" id="id_consent_error">', content)
    assert re.search(r'name="consent"[^>]*aria-invalid="true"', content)
    assert re.search(r'name="consent"[^>]*aria-describedby="[^"]*id_consent_error', content)


# --- Emails ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_signup_email_is_vietnamese_and_names_our_site(client):
    unit = UnitFactory()
    response = client.post(SIGNUP_URL, signup_data(unit))
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Vui lòng xác nhận địa chỉ email của bạn"
    assert f"Xin chào, đây là thư từ {settings.WAGTAIL_SITE_NAME}." in message.body
    assert "người dùng Đặng Thị Thu Hà đã dùng địa chỉ email của bạn" in message.body
    assert "Để xác nhận, hãy mở liên kết sau: http://testserver/tai-khoan/confirm-email/" in (
        message.body
    )
    for english in ("Hello from", "Thank you", "confirm", "example.com"):
        assert english not in message.body.replace("/confirm-email/", ""), english


@pytest.mark.django_db
def test_signup_with_a_taken_email_sends_a_vietnamese_notice(client, user):
    response = client.post(SIGNUP_URL, signup_data(user.unit, email=user.email.upper()))
    # Enumeration prevention: the page looks the same as for a new address.
    assert response.status_code == 302
    assert [m.subject for m in mail.outbox] == ["Tài khoản đã tồn tại"]
    body = mail.outbox[0].body
    assert "đã có tài khoản dùng địa chỉ email này" in body
    assert "http://testserver/tai-khoan/password/reset/" in body


@pytest.mark.django_db
def test_password_reset_emails_are_vietnamese(client, user):
    client.post("/tai-khoan/password/reset/", {"email": user.email})
    client.post("/tai-khoan/password/reset/", {"email": "chua-co@anlac.gov.vn"})
    known, unknown = mail.outbox
    assert known.subject == "Thư đặt lại mật khẩu"
    assert "yêu cầu đặt lại mật khẩu cho tài khoản của bạn" in known.body
    assert "/tai-khoan/password/reset/key/" in known.body
    assert unknown.subject == "Tài khoản không tồn tại"
    assert "hệ thống không có tài khoản nào dùng email này" in unknown.body
    for message in (known, unknown):
        assert "Hello from" not in message.body
        assert "You are receiving" not in message.body


# --- Confirmation links ---------------------------------------------------------------------


@pytest.mark.django_db
def test_forged_confirmation_link_says_so_in_vietnamese(client):
    response = client.get("/tai-khoan/confirm-email/khong-phai-ma-that/")
    assert response.status_code == 200
    text = visible_text(response)
    assert "Liên kết xác nhận email này đã hết hạn hoặc không hợp lệ." in text
    assert "expired" not in text


@pytest.mark.django_db
def test_expired_confirmation_link_says_so_and_confirms_nothing(client):
    person = UserFactory(verified=False)
    address = EmailAddress.objects.create(user=person, email=person.email, primary=True)
    sent = timezone.now() - timedelta(days=settings.ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS + 1)
    EmailConfirmation.objects.create(
        email_address=address, key="hethan123", created=sent, sent=sent
    )

    response = client.get("/tai-khoan/confirm-email/hethan123/")
    assert "Liên kết xác nhận email này đã hết hạn hoặc không hợp lệ." in visible_text(response)
    client.post("/tai-khoan/confirm-email/hethan123/")
    address.refresh_from_db()
    assert not address.verified
