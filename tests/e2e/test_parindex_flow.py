"""The PAR index in Chromium, through the screens the people use: a unit officer self-assesses
with a file and submits (on a 390 px phone); an appraiser corrects one point; the unit answers;
the organizer publishes; the public page shows the rank. The period's windows are moved in the
database between the steps, as the calendar would move them."""

import datetime as dt
import io
import os
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from accounts import roles as account_roles
from demo.seeders.portal import ensure_home
from parindex import services
from parindex.models import Assessment, IndexSet, Score, UnitOfficer
from tests.e2e.browsing import browser_context
from tests.factories import UnitFactory, UserFactory
from tests.parindex.conftest import build_set, make_appraiser

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = os.environ.get("E2E_SCREENSHOTS")
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def browser_page(browser, live_server, user=None, *, admin=False, width=390, height=844):
    return browser_context(browser, live_server, width, height, user=user, admin=admin).new_page()


def move_period(index_set, **moments):
    IndexSet.objects.filter(pk=index_set.pk).update(**moments)


def shoot(page, name):
    """A full-page screenshot when E2E_SCREENSHOTS names a folder; no sideways scroll, always."""
    if SHOTS:
        folder = Path(SHOTS)
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / f"parindex-{name}.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{name} scrolls sideways ({width}px)"


@pytest.fixture
def year_set(transactional_db):
    call_command("setup_roles", stdout=io.StringIO())
    ensure_home()
    now = timezone.now()
    index_set = build_set(
        year=timezone.localdate().year,
        self_opens_at=now - dt.timedelta(days=1),
        self_closes_at=now + dt.timedelta(days=10),
        appraisal_closes_at=now + dt.timedelta(days=20),
        explanation_closes_at=now + dt.timedelta(days=30),
    )
    units = [
        UnitFactory(name="Ủy ban nhân dân xã Hòa Bình"),
        UnitFactory(name="Ủy ban nhân dân xã Tân Lập"),
        UnitFactory(name="Ủy ban nhân dân phường Đông Hải"),
    ]
    services.open_assessments(index_set, units)
    # The other two units were scored by their own officers (not part of this story).
    for assessment in Assessment.objects.filter(index_set=index_set).exclude(unit=units[0]):
        Score.objects.filter(assessment=assessment).update(self_score=1)
    officer = UserFactory(unit=units[0], full_name="Trần Thị Cán Bộ")
    UnitOfficer.objects.create(unit=units[0], person=officer)
    appraiser = make_appraiser(index_set, units[0])
    organizer = UserFactory(is_staff=True, full_name="Nguyễn Văn Tổ Chức")
    organizer.groups.add(Group.objects.get(name=account_roles.ORGANIZERS))
    return index_set, units, officer, appraiser, organizer


def test_self_assess_appraise_answer_publish_and_see_the_rank(
    browser, live_server, year_set, tmp_path
):
    index_set, units, officer, appraiser, organizer = year_set
    subs = index_set.sub_map
    evidence = tmp_path / "Kế hoạch CCHC năm.pdf"
    evidence.write_bytes(PDF)

    # 1. The unit officer, on a phone: attach a file, score, submit.
    unit_page = browser_page(browser, live_server, officer)
    unit_page.goto("/chi-so-cchc/")
    expect(unit_page.get_by_role("heading", level=1)).to_have_text(index_set.title)
    expect(unit_page.locator(".countdown")).to_contain_text("Còn")
    shoot(unit_page, "1-assessment")
    unit_page.get_by_role("link", name=re.compile("Công tác chỉ đạo")).click()
    expect(unit_page.get_by_role("heading", level=1)).to_contain_text("Công tác chỉ đạo")
    shoot(unit_page, "2-area-form")
    unit_page.get_by_label("Tài liệu kiểm chứng cho 1.1").set_input_files(str(evidence))
    unit_page.locator(f"#level-{subs['1.1'].pk}").select_option(label="Ban hành đúng hạn: 2")
    expect(unit_page.locator(f"#value-{subs['1.1'].pk}")).to_have_value("2")
    unit_page.locator(f"#value-{subs['1.2'].pk}").fill("3,5")
    unit_page.locator(f"#explanation-{subs['1.2'].pk}").fill("Hoàn thành 35/40 nhiệm vụ.")
    expect(unit_page.locator("#area-total")).to_have_text("5,5")
    unit_page.get_by_role("button", name="Lưu", exact=True).click()
    expect(unit_page.get_by_role("link", name="Kế hoạch CCHC năm.pdf")).to_be_visible()
    expect(unit_page.locator("main")).to_contain_text("Đã lưu điểm tự chấm")
    shoot(unit_page, "3-area-saved")
    unit_page.get_by_role("link", name="II", exact=True).click()
    unit_page.locator(f"#value-{subs['2.1'].pk}").fill("3")
    unit_page.locator(f"#explanation-{subs['2.1'].pk}").fill("100% hồ sơ đúng hạn.")
    unit_page.get_by_role("button", name="Lưu", exact=True).click()
    expect(unit_page.locator("main")).to_contain_text("Đã lưu điểm tự chấm")
    unit_page.get_by_role("link", name=re.compile(f"{units[0].name}")).first.click()
    unit_page.get_by_label("Người phê duyệt (thủ trưởng đơn vị)").fill("Nguyễn Văn Trưởng")
    unit_page.get_by_role("button", name="Nộp bản tự chấm").click()
    expect(unit_page.locator("main")).to_contain_text("Đã nộp")
    shoot(unit_page, "4-submitted")
    assessment = Assessment.objects.get(index_set=index_set, unit=units[0])
    assert assessment.status == Assessment.Status.SUBMITTED

    # 2. Self-assessment closed; the appraiser corrects 1.2.
    now = timezone.now()
    move_period(index_set, self_closes_at=now - dt.timedelta(hours=1))
    admin_page = browser_page(browser, live_server, appraiser, admin=True, width=1280, height=900)
    admin_page.goto("/admin/chi-so-cchc/tham-dinh/")
    admin_page.get_by_role("link", name=units[0].name).click()
    admin_page.get_by_label(f"Điểm thẩm định {subs['1.2'].number}").fill("3")
    admin_page.get_by_label(f"Bình luận {subs['1.2'].number}").fill("Thiếu báo cáo quý IV.")
    admin_page.get_by_role("button", name="Lưu", exact=True).click()
    expect(admin_page.locator("body")).to_contain_text("Đã lưu kết quả thẩm định")
    assert Score.objects.get(assessment=assessment, sub=subs["1.2"]).appraised_score == 3

    # 3. Appraisal closed; the unit answers the changed point.
    move_period(
        index_set,
        appraisal_closes_at=now - dt.timedelta(minutes=30),
        explanation_closes_at=now + dt.timedelta(days=5),
    )
    unit_page.goto(f"/chi-so-cchc/danh-gia/{assessment.pk}/")
    unit_page.get_by_role("link", name="Xem kết quả thẩm định và giải trình").click()
    expect(unit_page.locator("main")).to_contain_text("Thiếu báo cáo quý IV.")
    shoot(unit_page, "5-answer")
    unit_page.get_by_label("Giải trình của đơn vị").fill(
        "Báo cáo quý IV gửi ngày 28/12, kèm số văn bản."
    )
    unit_page.get_by_role("button", name="Lưu", exact=True).click()
    expect(unit_page.locator("main")).to_contain_text("Đã lưu giải trình")
    assert Score.objects.get(assessment=assessment, sub=subs["1.2"]).unit_answer

    # 4. Answers closed; the organizer publishes (and confirms).
    move_period(index_set, explanation_closes_at=now - dt.timedelta(minutes=10))
    board = browser_page(browser, live_server, organizer, admin=True, width=1280, height=900)
    board.goto(f"/admin/chi-so-cchc/?bo={index_set.pk}")
    board.get_by_role("button", name="Công bố kết quả").click()
    expect(board.locator("body")).to_contain_text("Công bố kết quả của")
    board.get_by_role("button", name="Đồng ý, công bố kết quả").click()
    expect(board.locator("body")).to_contain_text("Đã công bố kết quả")
    index_set.refresh_from_db()
    assert index_set.is_published

    # 5. Anyone sees the rank on the public page.
    public = browser_page(browser, live_server)
    public.goto(f"/chi-so-cchc/ket-qua/{index_set.year}/{index_set.level.code}/")
    expect(public.get_by_role("heading", level=1)).to_have_text(
        f"Kết quả Chỉ số CCHC năm {index_set.year}"
    )
    first_row = public.locator("table.ranking tbody tr").first
    expect(first_row).to_contain_text(units[0].name)
    expect(first_row.locator("td").first).to_have_text("1")
    shoot(public, "6-public-ranking")
    public.get_by_role("link", name=units[0].name).first.click()
    expect(public.get_by_role("heading", level=1)).to_have_text(units[0].name)
    shoot(public, "7-public-unit")
