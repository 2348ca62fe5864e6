"""A newcomer signs up on a phone, verifies the email, lands signed in and fills the profile."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from playwright.sync_api import expect

from accounts.models import User
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Mat-khau-manh-2026"


@pytest.fixture
def units(db):
    return {
        "ward": UnitFactory(name="Ủy ban nhân dân phường Trung Tâm", code="P-TRUNGTAM"),
        # Also matches "trung tam": the person has to pick the right one.
        "centre": UnitFactory(name="Trung tâm Phục vụ hành chính công tỉnh", code="TTPVHCC"),
        "other": UnitFactory(name="Ủy ban nhân dân xã Long Phú", code="X-LONGPHU"),
    }


def fill_signup(page, email):
    page.goto("/tai-khoan/signup/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng ký")
    page.get_by_label("Họ và tên").fill("Phạm Thị Thanh Xuân")
    page.locator("#id_email").fill(email)
    page.get_by_label("Mật khẩu", exact=True).fill(PASSWORD)
    page.get_by_label("Mật khẩu (nhập lại)").fill(PASSWORD)


def test_signup_verify_login_and_edit_profile_on_a_phone(phone_page, units):
    page = phone_page
    fill_signup(page, "thanh.xuan@anlac.gov.vn")

    # The unit picker finds the ward typed without tone marks.
    picker = page.get_by_role("combobox", name="Đơn vị công tác")
    picker.fill("trung tam")
    results = page.get_by_role("listbox")
    expect(results.get_by_role("option")).to_have_count(2)
    expect(results).not_to_contain_text("Long Phú")
    results.get_by_role("option", name="Ủy ban nhân dân phường Trung Tâm").click()
    expect(picker).to_have_value("Ủy ban nhân dân phường Trung Tâm")

    page.get_by_label("Tôi đồng ý cho xử lý dữ liệu cá nhân").check()
    # Nothing on the form is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_role("button", name="Đăng ký").click()

    expect(page).to_have_url(re.compile(r"/tai-khoan/confirm-email/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Xác minh địa chỉ email")
    user = User.objects.get(email="thanh.xuan@anlac.gov.vn")
    assert user.unit == units["ward"]
    assert user.consented_at is not None
    assert not EmailAddress.objects.get(user=user).verified

    # The verification email, read from the in-process outbox.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["thanh.xuan@anlac.gov.vn"]
    assert message.subject == "Vui lòng xác nhận địa chỉ email của bạn"
    link = re.search(r"https?://\S+/tai-khoan/confirm-email/\S+/", message.body).group(0)

    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Xác nhận địa chỉ email")
    page.get_by_role("button", name="Xác nhận").click()

    # Signed in straight away, and asked once for what courses and contests will need.
    expect(page).to_have_url(re.compile(r"/tai-khoan/ho-so/hoan-thien/\?next="))
    expect(page.get_by_role("status")).to_contain_text("Đăng nhập thành công")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hoàn thiện hồ sơ")
    assert EmailAddress.objects.get(user=user).verified
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # Typed as people do: day first, the CCCD in groups, the phone with the country code.
    page.get_by_label("Ngày sinh").fill("25/08/1990")
    page.get_by_label("Số căn cước công dân (CCCD)").fill("079 090 001 234")
    page.get_by_label("Điện thoại").fill("+84 912 345 678")
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    expect(page).to_have_url(re.compile(r"/tai-khoan/ho-so/$"))
    expect(page.get_by_label("Điện thoại")).to_have_value("0912345678")
    expect(page.get_by_label("Ngày sinh")).to_have_value("25/08/1990")
    user.refresh_from_db()
    assert user.phone == "0912345678"
    assert user.cccd == "079090001234"


def test_signup_without_consent_shows_the_vietnamese_error(page, units):
    fill_signup(page, "chua.dong.y@anlac.gov.vn")
    page.get_by_role("button", name="Đăng ký").click()
    # The browser refuses first (the box is required)...
    assert page.get_by_label("Tôi đồng ý cho xử lý dữ liệu cá nhân").evaluate(
        "el => !el.validity.valid"
    )
    expect(page).to_have_url(re.compile(r"/tai-khoan/signup/$"))
    assert not User.objects.filter(email="chua.dong.y@anlac.gov.vn").exists()

    # ...and the server says why when the browser's check is bypassed.
    page.evaluate("document.querySelector('form.account-form').noValidate = true")
    page.get_by_label("Mật khẩu", exact=True).fill(PASSWORD)
    page.get_by_label("Mật khẩu (nhập lại)").fill(PASSWORD)
    page.get_by_role("button", name="Đăng ký").click()
    error = page.locator("#id_consent_error")
    expect(error).to_have_text("Bạn cần đồng ý với thông báo xử lý dữ liệu cá nhân để đăng ký.")
    expect(page.get_by_label("Tôi đồng ý cho xử lý dữ liệu cá nhân")).to_have_attribute(
        "aria-invalid", "true"
    )
    assert not User.objects.filter(email="chua.dong.y@anlac.gov.vn").exists()
    assert mail.outbox == []
