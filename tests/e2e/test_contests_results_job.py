"""End to end in Chromium: results being computed in the background show their progress on the
results screen, which reloads itself (no script) until the job is done; on a desktop and a
phone."""

import os

import pytest
from playwright.sync_api import expect

from contests.models import ResultsJob
from contests.services import computing
from tests.contests.factories import EntryFactory
from tests.contests.test_results import closed_round, graded
from tests.e2e.test_contests_flow import log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = os.environ.get("E2E_SHOTS", "")


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_the_results_screen_follows_a_computation_to_its_end(request, device, live_server):
    page = request.getfixturevalue("page" if device == "desktop" else "phone_page")
    round_, group = closed_round(predicts="none")
    for n in range(3):
        graded(round_, EntryFactory(group=group, full_name=f"Trần Thị Thi {n}"), 90 - n * 10)
    job = ResultsJob.objects.create(
        contest=round_.contest, reason="compute", status="running", done=40, total=100
    )
    job.rounds.set([round_])
    organizer = UserFactory(is_staff=True, is_superuser=True, full_name="Phạm Văn Đức")
    log_in(page, live_server, organizer, admin=True)
    page.goto(f"/admin/cuoc-thi/vong-thi/{round_.pk}/ket-qua/")
    status = page.locator("#results-job")
    expect(status).to_contain_text("Đang tính kết quả… 40%")
    expect(page.locator("#results-job progress")).to_have_attribute("value", "40")
    expect(page.get_by_role("button", name="Tính kết quả")).to_have_count(0)
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        page.screenshot(path=os.path.join(SHOTS, f"results-computing-{device}.png"), full_page=True)
    # The worker finishes the job: the page, reloading itself, shows the ranking and the buttons.
    computing.run_job(job.pk)
    expect(page.locator("#results-job")).to_have_count(0, timeout=10_000)
    expect(page.get_by_role("button", name="Tính lại")).to_be_visible()
    expect(page.get_by_role("cell", name="Trần Thị Thi 0")).to_be_visible()
    if device == "phone":
        # The page does not widen on a phone; the wide tables scroll in labelled regions that
        # take keyboard focus (so they can be scrolled without a mouse).
        widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert widths[0] <= widths[1], widths
    ranking = page.get_by_role("region", name="Xếp hạng")
    expect(ranking).to_be_visible()
    page.goto(f"/admin/cuoc-thi/tinh-ket-qua/{job.pk}/")
    expect(page.locator("#results-job")).to_contain_text("Đã tính xong kết quả lúc")
    expect(page.locator("#results-job-rounds")).to_contain_text("đã tính")
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"results-job-done-{device}.png"), full_page=True)
