"""End to end in Chromium: an organizer emails a course's waiting list from the Wagtail admin
(“Gửi thư cho học viên”): write, preview, confirm, status, history; and a round's entrants."""

import os
import uuid

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from playwright.sync_api import expect

from common.models import Mailing
from courses import services
from tests.contests.factories import EntrantGroupFactory, EntryFactory, RoundFactory
from tests.courses.factories import CourseFactory
from tests.factories import UnitFactory, UserFactory

from .test_courses_flow import log_in

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = os.environ.get("E2E_SHOTS_DIR")


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, name), full_page=True)


def organizer_with(*codenames):
    user = UserFactory(is_staff=True, full_name="Lê Thị Tổ Chức")
    for codename in ("access_admin", *codenames):
        user.user_permissions.add(Permission.objects.get(codename=codename))
    return user


def test_organizer_emails_the_waiting_list(page, live_server):
    organizer = organizer_with("manage_registrations", "view_course", "change_course")
    course = CourseFactory(title="Tập huấn Đề án 06", capacity=2)
    unit = UnitFactory(name="Ủy ban nhân dân xã Hòa Bình")
    people = [
        UserFactory(full_name=name, unit=unit)
        for name in ("Phạm Thị Dung", "Lê Hoàng Nam", "Đặng Minh Hải", "Võ Thị Lan")
    ]
    for person in people:
        services.register(person, course)
    mail.outbox.clear()
    log_in(page, live_server, organizer, admin=True)

    page.goto(f"/admin/khoa-hoc/{course.pk}/")
    page.get_by_role("link", name="Gửi thư cho học viên").click()
    expect(page.get_by_role("heading", name="Gửi thư cho học viên")).to_be_visible()
    page.get_by_label("Trong danh sách chờ").check()
    page.get_by_label("Tiêu đề").fill("Thông tin về {khoa_hoc}")
    page.get_by_label("Nội dung (văn bản thuần)").fill(
        "Kính gửi {ho_ten} ({don_vi}),\nBan tổ chức sẽ báo khi có chỗ trống."
    )
    _shot(page, "mailing-compose.png")
    page.get_by_role("button", name="Xem trước").click()

    expect(page.get_by_text("Gửi thư này tới 2 người?")).to_be_visible()
    expect(page.get_by_text("Kính gửi Võ Thị Lan (Ủy ban nhân dân xã Hòa Bình),")).to_be_visible()
    expect(page.get_by_text("Thông tin về Tập huấn Đề án 06")).to_be_visible()
    _shot(page, "mailing-preview.png")
    confirmation = page.evaluate(
        "Object.fromEntries(new FormData(document.querySelector('form:has(input[name=key])')))"
    )
    page.get_by_role("button", name="Có, gửi thư").click()

    expect(page.get_by_text("Thư đang được gửi tới 2 người.")).to_be_visible()
    expect(page.locator("#mailing-progress [data-role=count]")).to_have_text("2/2")
    expect(page.locator("#mailing-progress [data-role=sent]")).to_have_text("2")
    _shot(page, "mailing-status.png")
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people[2:])

    # The same confirmation posted again (a double click, a resent form): not sent twice.
    again = page.request.post(
        f"/admin/khoa-hoc/{course.pk}/gui-thu/", form=confirmation, max_redirects=0
    )
    assert again.status == 302
    page.goto(again.headers["location"])
    expect(page.get_by_text("không được gửi lần thứ hai")).to_be_visible()
    assert Mailing.objects.count() == 1 and len(mail.outbox) == 2

    page.get_by_role("link", name="Thư đã gửi").first.click()
    expect(page.get_by_role("link", name="Thông tin về {khoa_hoc}")).to_be_visible()
    _shot(page, "mailing-history.png")


def test_status_of_a_mailing_in_progress_on_a_phone(browser, live_server):
    organizer = organizer_with("manage_registrations", "view_course", "change_course")
    course = CourseFactory(title="Tập huấn Đề án 06", capacity=40)
    ids = [services.register(UserFactory(), course).person_id for _ in range(3)]
    mailing = Mailing.objects.create(
        audience="courses.course",
        object_id=course.pk,
        object_label=course.title,
        filter="confirmed",
        filter_label="Đã xác nhận",
        subject="Nhắc lịch học",
        body="Lớp bắt đầu lúc 8 giờ.",
        created_by=organizer,
        key=uuid.uuid4(),
        recipients=ids,
        total=120,
        position=48,
        sent=45,
        skipped=2,
        failed=1,
        status=Mailing.Status.SENDING,
    )
    context = browser.new_context(
        base_url=live_server.url, locale="vi-VN", viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    log_in(page, live_server, organizer, admin=True)
    page.goto(f"/admin/khoa-hoc/{course.pk}/gui-thu/{mailing.pk}/")
    expect(page.locator("#mailing-progress [data-role=status]")).to_have_text("Đang gửi")
    expect(page.locator("#mailing-progress [data-role=count]")).to_have_text("48/120")
    _shot(page, "mailing-status-phone.png")
    # The page polls: once the task has finished it shows so without a click.
    Mailing.objects.filter(pk=mailing.pk).update(position=120, sent=117, status=Mailing.Status.DONE)
    expect(page.locator("#mailing-progress [data-role=status]")).to_have_text("Đã gửi")
    expect(page.locator("#mailing-progress [data-role=count]")).to_have_text("120/120")
    page.goto(f"/admin/khoa-hoc/{course.pk}/gui-thu/")
    _shot(page, "mailing-compose-phone.png")
    context.close()


def test_organizer_emails_the_entrants_who_have_not_attempted(page, live_server):
    organizer = organizer_with("change_round", "view_round")
    group = EntrantGroupFactory()
    round_ = RoundFactory(contest=group.contest, title="Tuần 3")
    entry = EntryFactory(group=group)
    mail.outbox.clear()
    log_in(page, live_server, organizer, admin=True)
    page.goto("/admin/cuoc-thi/vong-thi/")
    page.get_by_role("link", name="Gửi thư cho người dự thi").click()
    page.get_by_label("Tiêu đề").fill("{vong_thi} đang mở")
    page.get_by_label("Nội dung (văn bản thuần)").fill("Chào {ho_ten}, mời bạn làm bài.")
    page.get_by_role("button", name="Xem trước").click()
    expect(page.get_by_text(f"Chào {entry.full_name}, mời bạn làm bài.")).to_be_visible()
    page.get_by_role("button", name="Có, gửi thư").click()
    expect(page.locator("#mailing-progress [data-role=sent]")).to_have_text("1")
    assert [m.subject for m in mail.outbox] == [f"{round_.title} đang mở"]
