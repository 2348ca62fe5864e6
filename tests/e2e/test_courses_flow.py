"""End to end in Chromium: waiting list, promotion, QR check-in and completion; a coordinator
nominates; an organizer approves and takes attendance in the admin."""

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import timezone

from courses import services
from courses.models import Attendance, Registration
from tests.courses.factories import CourseFactory, SessionFactory, held
from tests.factories import UnitFactory, UserFactory
from tests.helpers import admin_client, hours_today

pytestmark = pytest.mark.django_db(transaction=True)
S = Registration.Status


def log_in(page, live_server, user, admin=False):
    """`user` logged in in the browser; `admin`: with TOTP and the second factor given."""
    client = Client()
    if admin:
        admin_client(client, user)
    else:
        client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def running_course(**kwargs):
    now = timezone.localtime()
    start, end = hours_today(now, dt.timedelta(minutes=10), dt.timedelta(minutes=60))
    course = CourseFactory(sessions=0, **kwargs)
    SessionFactory(course=course, date=now.date(), starts_at=start, ends_at=end)
    return course


def test_waitlisted_promoted_checks_in_and_completes(page, live_server):
    course = running_course(
        capacity=1, min_attendance_percent=100, title="Lớp bồi dưỡng Một cửa điện tử"
    )
    holder = UserFactory()
    held = services.register(holder, course)
    learner = UserFactory(full_name="Võ Thị Hạnh")
    log_in(page, live_server, learner)

    page.goto(course.get_absolute_url())
    page.get_by_role("button", name="Vào danh sách chờ").click()
    page.get_by_text("Bạn đang ở vị trí 1 trong danh sách chờ").wait_for()

    services.cancel(held, by=UserFactory(is_staff=True), reason="Đơn vị cử người khác")
    page.reload()
    page.locator(".my-status").get_by_text("Đã xác nhận").wait_for()

    session = course.sessions.get()
    page.goto(f"/khoa-hoc/diem-danh/{session.pk}/?code={services.checkin_code(session)}")
    page.get_by_role("button", name="Xác nhận tôi có mặt").click()
    page.get_by_text("Bạn đã điểm danh thành công").wait_for()
    assert Attendance.objects.get(registration__person=learner).method == Attendance.Method.QR

    # Completion is confirmed once the session has ended.
    services.confirm_completion(course, by=UserFactory(), now=session.end)
    page.goto("/khoa-hoc/cua-toi/")
    page.get_by_text("Hoàn thành").first.wait_for()
    assert Registration.objects.get(person=learner).status == S.COMPLETED


def test_coordinator_nominates(page, live_server):
    unit = UnitFactory(name="Ủy ban nhân dân phường Thử Nghiệm")
    coordinator = UserFactory(unit=unit)
    coordinator.coordinated_units.add(unit)
    staff = [UserFactory(unit=unit, full_name=name) for name in ("Lâm Văn Tài", "Hồ Thị Mỹ")]
    course = CourseFactory(capacity=1, title="Tập huấn dịch vụ công trực tuyến")
    log_in(page, live_server, coordinator)
    page.goto("/khoa-hoc/don-vi/")
    page.get_by_role("link", name="Cử cán bộ").click()
    page.get_by_label("Lâm Văn Tài").check()
    page.get_by_label("Hồ Thị Mỹ").check()
    page.get_by_role("button", name="Cử những người đã chọn").click()
    page.get_by_text("Đã cử 2 người").wait_for()
    statuses = dict(
        Registration.objects.filter(course=course).values_list("person__full_name", "status")
    )
    # The list is in official order (by given name: Mỹ before Tài); the first gets the one seat.
    assert statuses == {staff[1].full_name: S.CONFIRMED, staff[0].full_name: S.WAITLISTED}


def test_organizer_approves_and_takes_attendance(page, live_server):
    organizer = UserFactory(is_staff=True)
    for codename in ("access_admin", "manage_registrations", "view_course", "change_course"):
        organizer.user_permissions.add(Permission.objects.get(codename=codename))
    course = CourseFactory(capacity=5, requires_approval=True)
    pending = services.register(UserFactory(full_name="Châu Văn Lộc"), course)
    log_in(page, live_server, organizer, admin=True)

    page.goto(f"/admin/khoa-hoc/{course.pk}/dang-ky/")
    page.get_by_role("checkbox", name="Châu Văn Lộc").check()
    page.locator("#bulk-action").select_option("approve")
    page.get_by_role("button", name="Thực hiện").click()
    page.get_by_text("Đã cập nhật 1 đăng ký").wait_for()
    assert Registration.objects.get(pk=pending.pk).status == S.CONFIRMED

    session = held(course).sessions.first()  # attendance is taken once the session started
    page.goto(f"/admin/khoa-hoc/{course.pk}/diem-danh/{session.pk}/")
    row = page.locator("tr", has_text="Châu Văn Lộc")
    row.get_by_label("Đi muộn").focus()
    row.get_by_label("Đi muộn").press("Space")
    page.get_by_role("button", name="Lưu điểm danh").click()
    page.get_by_text("Đã lưu điểm danh").wait_for()
    assert Attendance.objects.get(session=session).status == Attendance.Status.LATE
