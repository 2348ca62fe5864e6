"""End to end in Chromium: an organizer presses "Dừng nhận đăng ký" on the course dashboard and
the course page (on a phone) says so instead of the sign-up form; "Mở lại đăng ký" reopens."""

import os

import pytest
from django.contrib.auth.models import Permission
from playwright.sync_api import expect

from tests.courses.factories import CourseFactory
from tests.factories import UserFactory

from .test_courses_flow import log_in

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = os.environ.get("E2E_SHOTS_DIR")


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, name), full_page=True)


def test_organizer_pauses_and_reopens_registration(page, phone_page, live_server):
    organizer = UserFactory(is_staff=True)
    for codename in ("access_admin", "manage_registrations", "view_course", "change_course"):
        organizer.user_permissions.add(Permission.objects.get(codename=codename))
    course = CourseFactory(title="Tập huấn Đề án 06")
    log_in(page, live_server, organizer, admin=True)
    log_in(phone_page, live_server, UserFactory())

    page.goto(f"/admin/khoa-hoc/{course.pk}/")
    page.get_by_role("button", name="Dừng nhận đăng ký").click()
    reopen = page.get_by_role("button", name="Mở lại đăng ký")
    expect(reopen).to_be_visible()
    if SHOTS:
        reopen.scroll_into_view_if_needed()
        page.screenshot(path=os.path.join(SHOTS, "dashboard-paused.png"))

    phone_page.goto(course.get_absolute_url())
    expect(phone_page.get_by_text("Khóa học đã tạm dừng nhận đăng ký.")).to_be_visible()
    expect(phone_page.get_by_role("button", name="Đăng ký")).to_have_count(0)
    _shot(phone_page, "course-paused-phone.png")

    page.get_by_role("button", name="Mở lại đăng ký").click()
    expect(page.get_by_role("button", name="Dừng nhận đăng ký")).to_be_visible()
    phone_page.reload()
    expect(phone_page.get_by_role("button", name="Đăng ký", exact=True)).to_be_visible()
