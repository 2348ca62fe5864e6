"""End to end in Chromium on a 390 px phone: a registrant types the code shown on the
projector and sees their status; an organizer marks someone late at the door."""

import os
import re

import pytest
from django.contrib.auth.models import Permission
from playwright.sync_api import expect

from courses import services
from courses.models import Attendance, Registration
from tests.factories import UnitFactory, UserFactory

from .test_courses_flow import log_in, running_course

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = os.environ.get("E2E_SHOTS_DIR", "")


def shot(page, name):
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        locale="vi-VN",
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        timezone_id="Asia/Ho_Chi_Minh",
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def organizer_user():
    organizer = UserFactory(is_staff=True, full_name="Lê Thị Tổ Chức")
    for codename in ("access_admin", "manage_registrations", "view_course", "change_course"):
        organizer.user_permissions.add(Permission.objects.get(codename=codename))
    return organizer


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_registrant_types_the_projector_code(page, phone, live_server):
    course = running_course(title="Lớp bồi dưỡng kỹ năng tiếp nhận hồ sơ")
    session = course.sessions.get()
    learner = UserFactory(full_name="Đinh Thị Thu")
    services.register(learner, course)

    # The projector, on the organizer's laptop.
    log_in(page, live_server, organizer_user(), admin=True)
    page.goto(f"/admin/khoa-hoc/{course.pk}/ma-qr/{session.pk}/")
    code_box = page.locator("#typed-code")
    expect(code_box).to_have_text(re.compile(rf"^\s*[{services.TYPED_CODE_ALPHABET}]{{6}}\s*$"))
    code = code_box.inner_text().strip()
    assert len(code) == services.TYPED_CODE_LENGTH
    shot(page, "projector")

    # The registrant's phone, without a camera: the check-in entry, then the code.
    log_in(phone, live_server, learner)
    phone.goto("/khoa-hoc/diem-danh/")
    field = phone.get_by_label("Mã điểm danh")
    expect(field).to_be_visible()
    no_sideways_scroll(phone)
    field.fill("ZZZ ZZZ" if code != "ZZZZZZ" else "YYY YYY")
    phone.get_by_role("button", name="Điểm danh bằng mã này").click()
    expect(phone.get_by_text("Mã này không đúng hoặc đã hết hạn")).to_be_visible()
    shot(phone, "checkin-wrong-code")
    field = phone.get_by_label("Mã điểm danh")
    field.fill(f"{code[:3].lower()} {code[3:].lower()}")
    phone.get_by_role("button", name="Điểm danh bằng mã này").click()
    expect(phone.get_by_role("heading", name="Đã ghi nhận điểm danh của bạn")).to_be_visible()
    expect(phone.locator(".checked-in .status")).to_have_text("Có mặt")
    expect(phone.get_by_label("Mã điểm danh")).to_have_count(0)
    no_sideways_scroll(phone)
    shot(phone, "checkin-done")
    record = Attendance.objects.get(registration__person=learner)
    assert record.status == Attendance.Status.PRESENT


def test_organizer_marks_late_at_the_door(phone, live_server):
    course = running_course(title="Hội nghị triển khai Một cửa điện tử")
    session = course.sessions.get()
    unit = UnitFactory(name="Ủy ban nhân dân phường Hòa Thuận")
    for name in ("Nguyễn Văn An", "Nguyễn Thị Bình", "Trần Đức Dũng"):
        services.register(UserFactory(full_name=name, unit=unit), course)
    log_in(phone, live_server, organizer_user(), admin=True)

    phone.goto(f"/admin/khoa-hoc/{course.pk}/cua-vao/{session.pk}/")
    phone.get_by_label("Tìm người tham dự theo họ tên").fill("nguyen van a")
    phone.get_by_role("button", name="Tìm kiếm", exact=True).click()
    row = phone.locator(".door-row", has_text="Nguyễn Văn An")
    expect(row).to_be_visible()
    expect(phone.locator(".door-row", has_text="Nguyễn Thị Bình")).to_have_count(0)
    no_sideways_scroll(phone)
    shot(phone, "door-search")
    row.get_by_role("button", name="Đi muộn").click()
    expect(row.locator('[data-role="status"]')).to_contain_text("Đi muộn")
    shot(phone, "door-marked")
    record = Attendance.objects.get(session=session)
    assert record.status == Attendance.Status.LATE
    assert record.registration.person.full_name == "Nguyễn Văn An"

    # The QR code on the printed sheet's row opens the door screen on that person.
    dung = Registration.objects.get(course=course, person__full_name="Trần Đức Dũng")
    phone.goto(
        f"/admin/khoa-hoc/{course.pk}/cua-vao/{session.pk}/?r={services.door_token(session, dung)}"
    )
    row = phone.locator(".door-row.door-scanned")
    expect(row).to_contain_text("Trần Đức Dũng")
    expect(phone.locator(".door-row")).to_have_count(1)
    row.get_by_role("button", name="Có mặt").click()
    expect(row.locator('[data-role="status"]')).to_contain_text("Có mặt")
    shot(phone, "door-scanned")
    assert Attendance.objects.get(registration=dung).status == Attendance.Status.PRESENT
