"""A unit coordinator on a phone: "Đơn vị của tôi" from the account menu, nominees put in order
from the keyboard, a nomination withdrawn after a confirmation step."""

import re

import pytest
from playwright.sync_api import expect

from courses import services as course_services
from courses.models import Registration
from tests.courses.factories import CourseFactory
from tests.factories import UnitFactory, UserFactory

from .test_phones import context_page, no_sideways_scroll, shot

pytestmark = pytest.mark.django_db(transaction=True)


def test_coordinator_orders_and_withdraws_nominees_on_a_phone(browser, live_server):
    ward = UnitFactory(name="Ủy ban nhân dân phường Trung Tâm")
    coordinator = UserFactory(unit=ward, full_name="Trần Thị Điều Phối")
    coordinator.coordinated_units.add(ward)
    first, second = (
        UserFactory(unit=ward, full_name=name, position="Công chức Văn phòng")
        for name in ("An Văn Một", "Bùi Thị Hai")
    )
    course = CourseFactory(requires_approval=True, title="Hội nghị tập huấn một cửa")
    course_services.nominate(coordinator, course, [first, second])
    context, page = context_page(browser, live_server, 390, 844, user=coordinator)

    page.goto("/khoa-hoc/")
    page.get_by_role("button", name="Danh mục").click()
    page.locator(".account-menu summary").click()
    page.get_by_role("link", name="Đơn vị của tôi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cử cán bộ đi học của đơn vị")
    row = page.get_by_role("row").filter(has_text="Hội nghị tập huấn một cửa").first
    expect(row).to_contain_text("2")  # awaiting approval
    assert no_sideways_scroll(page)
    shot(page, "coordinator-unit")

    page.get_by_role("link", name=re.compile(r"Thứ tự\s*: Hội nghị tập huấn một cửa")).first.click()
    order = page.locator("#nominees ol li")
    expect(order.first).to_contain_text("An Văn Một")
    # From the keyboard: the button keeps the focus after the page reloads.
    page.get_by_role("button", name=re.compile(r"Chuyển xuống\s*: An Văn Một")).focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("An Văn Một")
    expect(order.first).to_contain_text("Bùi Thị Hai")
    expect(
        page.get_by_role("button", name=re.compile(r"Chuyển lên\s*: An Văn Một"))
    ).to_be_focused()
    assert [r.person for r in Registration.objects.filter(course=course)] == [second, first]
    assert no_sideways_scroll(page)
    shot(page, "coordinator-order")

    page.get_by_role("link", name=re.compile(r"Rút đề cử\s*: Bùi Thị Hai")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rút đề cử")
    page.get_by_label("Lý do (không bắt buộc)").fill("Bận công tác")
    shot(page, "coordinator-withdraw")
    page.get_by_role("button", name="Đồng ý rút").click()
    expect(page).to_have_url(re.compile(rf"/khoa-hoc/don-vi/{course.slug}/$"))
    expect(page.get_by_role("status")).to_contain_text("Đã rút đề cử Bùi Thị Hai")
    registration = Registration.objects.get(person=second)
    assert registration.status == Registration.Status.CANCELLED
    assert registration.reason == "Bận công tác"
    context.close()
