"""A person completes a course and downloads the certificate; a stranger follows its QR link."""

import datetime as dt
import io
import re

import pypdf
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from certificates.models import Certificate
from courses import services as course_services
from courses.models import Registration
from tests.certificates.factories import CertificateTemplateFactory
from tests.courses.factories import CourseFactory, SessionFactory
from tests.factories import UserFactory

PASSWORD = "mat-khau-an-toan-2026"


@pytest.fixture
def completed_course(transactional_db, settings, live_server):
    # The QR code must point at the server the stranger's browser can reach.
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    template = CertificateTemplateFactory()
    course = CourseFactory(sessions=0, title="Lớp bồi dưỡng kỹ năng số cho công chức cấp xã")
    session = SessionFactory(course=course, date=timezone.localdate() - dt.timedelta(days=1))
    person = UserFactory(full_name="Trương Thị Ngọc Ánh", date_of_birth=dt.date(1992, 12, 1))
    organizer = UserFactory(is_staff=True)
    registration = course_services.register(person, course)
    assert registration.status == Registration.Status.CONFIRMED
    course_services.mark_attendance(session, {registration.pk: "present"}, by=organizer)
    course.certificate_template = template
    course.save(update_fields=["certificate_template"])
    course.refresh_from_db()
    assert course.certificate_template == template
    course_services.confirm_completion(course, by=organizer)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.COMPLETED
    # Issued by the real path: completion_confirmed -> receiver -> task, after the commit.
    certificate = Certificate.objects.get(holder=person)
    assert certificate.source_kind == "course"
    assert certificate.source_id == course.pk
    assert certificate.template == template
    assert certificate.issued_by is None
    return person, course


def test_person_downloads_certificate_and_stranger_verifies_it(browser, page, completed_course):
    person, course = completed_course
    certificate = Certificate.objects.get(holder=person)

    page.goto("/tai-khoan/login/")
    page.locator("input[name=login]").fill(person.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form").get_by_role("button", name="Đăng nhập").click()
    page.goto("/chung-nhan/cua-toi/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Chứng nhận của tôi")
    expect(page.locator("main")).to_contain_text(course.title)
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Tải PDF")).click()
    download = download_info.value
    assert download.suggested_filename == f"{certificate.serial}.pdf"
    data = download.path().read_bytes()
    text = pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "Trương Thị Ngọc Ánh" in text
    assert course.title in " ".join(text.split())
    qr_url = certificate.get_absolute_verify_url()
    assert qr_url.startswith(page.url.split("/chung-nhan/")[0])

    stranger = browser.new_context(locale="vi-VN")
    try:
        other = stranger.new_page()
        other.goto(qr_url)
        expect(other.get_by_role("heading", level=1)).to_have_text(
            "Kết quả tra cứu giấy chứng nhận"
        )
        expect(other.get_by_role("status")).to_contain_text("Còn hiệu lực")
        expect(other.locator("main")).to_contain_text("Trương Thị Ngọc Ánh")
        expect(other.locator("main")).not_to_contain_text("01/12/1992")
        # The serial alone is not enough: with a wrong name the form finds nothing...
        other.get_by_label("Số hiệu hoặc mã xác minh").first.fill(certificate.serial)
        other.get_by_label("Họ và tên người được cấp").first.fill("Trương Thị Ngọc Lan")
        other.get_by_role("button", name="Tra cứu").first.click()
        expect(other.get_by_role("alert")).to_contain_text("Không tìm thấy giấy chứng nhận")
        expect(other.locator("main")).not_to_contain_text("Trương Thị Ngọc Ánh")
        expect(other.locator("main")).not_to_contain_text(course.title)
        # ...and with the holder's year of birth it finds the same certificate.
        other.get_by_label("Số hiệu hoặc mã xác minh").first.fill(certificate.serial)
        other.get_by_label("Năm sinh của người được cấp").first.fill("1992")
        other.get_by_role("button", name="Tra cứu").first.click()
        expect(other.get_by_role("heading", level=1)).to_have_text(
            "Kết quả tra cứu giấy chứng nhận"
        )
        expect(other.get_by_role("status")).to_contain_text("Còn hiệu lực")
        expect(other.locator("main")).to_contain_text(certificate.serial)
        expect(other.locator("main")).not_to_contain_text("01/12/1992")
        # The name and year were posted: they are not in the address.
        assert "1992" not in other.url and "Tr" not in other.url.split("/chung-nhan/")[1]
        assert (
            other.evaluate("document.documentElement.scrollWidth") <= other.viewport_size["width"]
        )
    finally:
        stranger.close()


def test_learning_record_after_completion_links_the_certificate_on_a_phone(
    browser, live_server, completed_course
):
    """Issue 10's check: the learning record after completion, at 390 px, with the certificate."""
    from django.test import Client

    person, course = completed_course
    certificate = Certificate.objects.get(holder=person)
    client = Client()
    client.force_login(person)
    context = browser.new_context(
        base_url=live_server.url,
        locale="vi-VN",
        viewport={"width": 390, "height": 844},
        timezone_id="Asia/Ho_Chi_Minh",
    )
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    try:
        page = context.new_page()
        page.goto("/khoa-hoc/")  # any page with the site's header (no portal pages here)
        # The phone's menu button, then the account menu, as a person finds it.
        page.get_by_role("button", name="Danh mục").click()
        page.locator(".account-menu summary").click()
        page.get_by_role("link", name="Quá trình học tập của tôi").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Quá trình học tập của tôi")
        record = page.locator(".learning-card").filter(has_text=course.title)
        expect(record).to_contain_text("Hoàn thành")
        expect(record).to_contain_text("1/1")
        link = record.get_by_role("link", name="Tải giấy chứng nhận")
        expect(link).to_be_visible()
        assert link.get_attribute("href") == f"/chung-nhan/tai-ve/{certificate.pk}/"
        expect(record).to_contain_text(certificate.serial)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        with page.expect_download() as download_info:
            link.click()
        assert download_info.value.suggested_filename == f"{certificate.serial}.pdf"
    finally:
        context.close()
