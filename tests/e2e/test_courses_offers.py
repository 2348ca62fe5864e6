"""End to end in Chromium on a phone (390 px): on a full course whose freed seats are offered,
a cancellation asked and confirmed, the offer accepted by the next person, and an offer not
taken in time passing on (the clock injected into the periodic job)."""

import datetime as dt
import os

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from courses import services
from courses.models import Course, Registration
from tests.courses.factories import CourseFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
S = Registration.Status
SHOTS = os.environ.get("E2E_SCREENSHOTS")


@pytest.fixture
def phone(browser, live_server):
    """Opens 390 px wide phones, each logged in as a user; closes them after the test."""
    contexts = []

    def open_phone(user):
        context = browser.new_context(
            base_url=live_server.url,
            locale="vi-VN",
            viewport={"width": 390, "height": 844},
            timezone_id="Asia/Ho_Chi_Minh",
        )
        contexts.append(context)
        context.set_default_timeout(15_000)
        client = Client()
        client.force_login(user)
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
        return context.new_page()

    yield open_phone
    for context in contexts:
        context.close()


def shot(page, name):
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def fits_the_phone(page):
    """No sideways scroll, and the offer's buttons are big enough to tap (44 px)."""
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    for button in page.locator(".offer .button").all():
        assert button.bounding_box()["height"] >= 44


def test_cancel_offer_accept_and_an_expired_offer_passing_on(phone):
    course = CourseFactory(
        capacity=1,
        freed_seat=Course.FreedSeat.OFFER,
        offer_hours=24,
        title="Lớp bồi dưỡng kỹ năng tiếp công dân",
    )
    holder = UserFactory(full_name="Nguyễn Văn An")
    services.register(holder, course)
    binh, chi, dung = (
        UserFactory(full_name=name) for name in ("Trần Thị Bình", "Lê Văn Chí", "Phạm Thị Dung")
    )
    for person in (binh, chi, dung):
        services.register(person, course)
    url = course.get_absolute_url()

    chi_page = phone(chi)
    chi_page.goto(url)
    expect(chi_page.get_by_text("Bạn đang ở vị trí 2 trong danh sách chờ.")).to_be_visible()
    shot(chi_page, "1-waiting-position-2")

    # The seated person cancels: asked first, told the seat is offered to the next person.
    page = phone(holder)
    page.goto(url)
    page.get_by_role("link", name="Hủy đăng ký của tôi").click()
    expect(page.get_by_role("heading", name="Hủy đăng ký khóa học?")).to_be_visible()
    expect(page.get_by_text("mời ngay cho người tiếp theo trong danh sách chờ")).to_be_visible()
    expect(page.get_by_text("24 giờ để nhận chỗ")).to_be_visible()
    shot(page, "2-cancel-confirm")
    page.get_by_role("button", name="Đồng ý, hủy đăng ký").click()
    expect(page.get_by_text("Đăng ký của bạn đã được hủy.")).to_be_visible()
    assert Registration.objects.get(person=holder).status == S.CANCELLED

    # The next person sees the offer, its deadline and the two answers.
    offer = Registration.objects.get(person=binh)
    assert offer.status == S.OFFERED
    deadline = timezone.localtime(offer.offer_expires_at).strftime("%d/%m/%Y %H:%M")
    binh_page = phone(binh)
    binh_page.goto(url)
    box = binh_page.locator(".offer")
    expect(box.get_by_text("Bạn được mời nhận chỗ")).to_be_visible()
    expect(box.get_by_text(deadline)).to_be_visible()
    expect(box.get_by_text("Còn lại: 23 giờ")).to_be_visible()
    expect(box.get_by_role("link", name="Nhường chỗ")).to_be_visible()
    # Holding an offer, the person is not asked to sign up again.
    expect(binh_page.get_by_role("button", name="Vào danh sách chờ")).to_have_count(0)
    fits_the_phone(binh_page)
    shot(binh_page, "3-offer")

    # The people behind move up.
    chi_page.reload()
    expect(chi_page.get_by_text("Bạn đang ở vị trí 1 trong danh sách chờ.")).to_be_visible()

    binh_page.get_by_role("button", name="Nhận chỗ").click()
    expect(
        binh_page.get_by_text("Bạn đã nhận chỗ: đăng ký của bạn đã được xác nhận.")
    ).to_be_visible()
    expect(binh_page.locator(".my-status .status")).to_have_text("Đã xác nhận")
    expect(binh_page.locator(".offer")).to_have_count(0)
    shot(binh_page, "4-accepted")
    assert Registration.objects.get(person=binh).status == S.CONFIRMED

    # An organizer withdraws Bình: the seat is offered to Chí, who opens the page but does not
    # answer in time. The periodic job runs with the clock past the deadline.
    services.cancel(
        Registration.objects.get(person=binh), by=UserFactory(), reason="Đơn vị cử người khác"
    )
    chi_page.reload()
    expect(chi_page.locator(".offer").get_by_text("Bạn được mời nhận chỗ")).to_be_visible()
    chi_offer = Registration.objects.get(person=chi)
    chi_deadline = timezone.localtime(chi_offer.offer_expires_at).strftime("%d/%m/%Y %H:%M")
    assert services.expire_offers(now=chi_offer.offer_expires_at + dt.timedelta(minutes=1)) == 1

    # Chí presses the button of the page left open: a clear refusal naming the deadline.
    chi_page.get_by_role("button", name="Nhận chỗ").click()
    expect(
        chi_page.get_by_text(f"Lời mời nhận chỗ của bạn đã hết hạn lúc {chi_deadline}")
    ).to_be_visible()
    expect(chi_page.locator(".my-status .status")).to_have_text("Hết hạn nhận chỗ")
    expect(chi_page.get_by_role("button", name="Vào danh sách chờ")).to_be_visible()
    fits_the_phone(chi_page)
    shot(chi_page, "5-offer-expired")
    assert Registration.objects.get(person=chi).status == S.OFFER_EXPIRED

    # The offer passed on to Dung, who sees it in "Khóa học của tôi".
    dung_page = phone(dung)
    dung_page.goto("/khoa-hoc/cua-toi/")
    expect(dung_page.locator(".offer").get_by_text("Bạn được mời nhận chỗ")).to_be_visible()
    fits_the_phone(dung_page)
    shot(dung_page, "6-my-courses-offer")
    assert Registration.objects.get(person=dung).status == S.OFFERED
    assert services.seats_taken(course) == 1
