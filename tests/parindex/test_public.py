"""The published results: the printable report (Decree 30 layout, appendix tables), a chart per
area, a unit's trend, evidence marked public, the news metric through the portal's hook, the
survey entry screen, the board's progress chart, constant query counts and the cached bodies."""

import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader
from wagtail.models import ModelLogEntry

from accounts import roles as account_roles
from parindex import metrics, public_pages, services
from parindex.models import Assessment, Score, SubCriterion
from tests.factories import UnitFactory, UserFactory
from tests.helpers import admin_client

from .conftest import AFTER_ALL, DURING_SELF, build_set

pytestmark = pytest.mark.usefixtures("vi")

PDF = b"%PDF-1.7\n%%EOF\n"


def _published(n, level=None, year=2025, names="Ủy ban nhân dân xã Kết Quả", commit=None):
    index_set = build_set(level=level, year=year)
    units = [UnitFactory(name=f"{names} {i:02d}") for i in range(n)]
    services.open_assessments(index_set, units)
    for i, assessment in enumerate(Assessment.objects.filter(index_set=index_set).order_by("pk")):
        # Unit i scores i % 7 points on 1.2 and 2 on 1.1: distinct ranks, best last.
        Score.objects.filter(assessment=assessment, sub=index_set.sub_map["1.1"]).update(
            self_score=Decimal("2")
        )
        Score.objects.filter(assessment=assessment, sub=index_set.sub_map["1.2"]).update(
            self_score=Decimal(i % 5)
        )
    if commit is None:
        services.publish(index_set, None, now=AFTER_ALL)
    else:
        with commit(execute=True):
            services.publish(index_set, None, now=AFTER_ALL)
    index_set.refresh_from_db()
    return index_set, units


def _organizer(roles_ready=True):
    organizer = UserFactory(is_staff=True, full_name="Ban Tổ Chức")
    organizer.groups.add(Group.objects.get(name=account_roles.ORGANIZERS))
    return organizer


# ------------------------------------------------------------------------------------------
# Ranking page: constant queries, cached body, chart per area
# ------------------------------------------------------------------------------------------


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response


def test_ranking_page_queries_do_not_grow_with_units(db, client):
    small, _units = _published(3)
    big, _units = _published(40, level=None, year=2024, names="Ủy ban nhân dân phường Lớn")
    small_url = reverse("parindex:results", args=[2025, small.level.code])
    big_url = reverse("parindex:results", args=[2024, big.level.code])
    client.get(reverse("parindex:results", args=[2025, small.level.code]) + "?warm=1")
    public_pages.purge()
    small_count, _response = _queries(client, small_url)
    big_count, response = _queries(client, big_url)
    assert small_count == big_count
    body = response.content.decode()
    ranking = body.split("</table>")[0]
    assert ranking.count("Ủy ban nhân dân phường Lớn") == 40
    # A chart per area, each listing every unit (up to 60 units).
    assert body.count('class="area-chart"') == 2
    assert body.count("bar-chart-bar") == 2 * 40
    small_unit, _response = _queries(
        client, reverse("parindex:unit_result", args=[2025, small.level.code, _units_of(small)[0]])
    )
    big_unit, _response = _queries(
        client, reverse("parindex:unit_result", args=[2024, big.level.code, _units_of(big)[0]])
    )
    assert small_unit == big_unit


def _units_of(index_set):
    return list(index_set.assessments.values_list("unit_id", flat=True))


def test_ranking_body_is_cached_and_publication_purges_it(
    db, client, django_capture_on_commit_callbacks
):
    index_set, _units = _published(3)
    url = reverse("parindex:results", args=[2025, index_set.level.code])
    first, _response = _queries(client, url)
    second, _response = _queries(client, url)
    assert second < first
    # Publishing another set (here next year's) moves the cache on: its page is rendered anew.
    generation = public_pages.generation()
    _published(
        2, year=2026, names="Ủy ban nhân dân xã Năm Sau", commit=django_capture_on_commit_callbacks
    )
    assert public_pages.generation() > generation
    third, _response = _queries(client, url)
    assert third > second


def test_many_units_get_a_bracket_chart_per_area(db):
    index_set, _units = _published(public_pages.MAX_BARS + 1)
    areas, rows = public_pages.ranking(index_set)
    charts = public_pages.area_charts(areas, rows)
    assert len(charts) == 2
    assert [bar.label for bar in charts[0].bars] == [label for _f, label in public_pages.BRACKETS]
    assert sum(bar.value for bar in charts[0].bars) == public_pages.MAX_BARS + 1


def test_unit_page_shows_its_trend_over_the_years(db, client):
    level_set, units = _published(2, year=2024)
    later = build_set(level=level_set.level, year=2025)
    services.open_assessments(later, units)
    Score.objects.filter(assessment__index_set=later).update(self_score=Decimal("1"))
    services.publish(later, None, now=AFTER_ALL)
    response = client.get(
        reverse("parindex:unit_result", args=[2025, later.level.code, units[0].pk])
    )
    body = response.content.decode()
    assert "Chỉ số qua các năm" in body
    assert body.count("bar-chart-bar") == 2  # 2024 and 2025


# ------------------------------------------------------------------------------------------
# The printable report
# ------------------------------------------------------------------------------------------


def _pdf_text(data):
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages), reader


def test_printable_report_has_the_decree_30_layout_and_the_ranking(db, client):
    index_set, units = _published(4)
    response = client.get(reverse("parindex:results_pdf", args=[2025, index_set.level.code]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text, reader = _pdf_text(response.content)
    box = reader.pages[0].mediabox
    assert (
        round(float(box.width) / 72 * 25.4) == 210 and round(float(box.height) / 72 * 25.4) == 297
    )
    flat = " ".join(text.split())
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "SỞ NỘI VỤ TỈNH AN LẠC",
        "BÁO CÁO",
        "Kết quả Chỉ số cải cách hành chính năm 2025",
        "ngày 20 tháng 4 năm 2026",
        "PHỤ LỤC I",
        "PHỤ LỤC II",
        "Thứ hạng",
        "Xếp loại",
    ):
        assert expected in flat, expected
    ranked = Assessment.objects.filter(index_set=index_set).order_by("rank", "unit__name")
    appendix = flat.split("PHỤ LỤC I")[1].split("PHỤ LỤC II")[0]
    positions = [appendix.index(a.unit.name) for a in ranked]
    assert positions == sorted(positions)
    assert "xem trước" not in flat.lower()
    # Cached: the second reader gets the same bytes without rendering.
    again = client.get(reverse("parindex:results_pdf", args=[2025, index_set.level.code]))
    assert again.content == response.content


def test_report_preview_is_for_organizers_before_publication(client, index_set, opened, roles):
    Score.objects.filter(assessment__index_set=index_set).update(self_score=Decimal("1"))
    url = reverse("parindex_admin:report", args=[index_set.pk])
    assert client.get(url).status_code in (302, 403)
    assert (
        client.get(reverse("parindex:results_pdf", args=[2026, index_set.level.code])).status_code
        == 404
    )
    admin_client(client, _organizer())
    response = client.get(url)
    assert response.status_code == 200
    text, _reader = _pdf_text(response.content)
    assert "BẢN XEM TRƯỚC" in " ".join(text.split())
    assert "Ủy ban nhân dân xã Thử 0" in text


# ------------------------------------------------------------------------------------------
# Evidence marked public
# ------------------------------------------------------------------------------------------


def test_public_evidence_is_offered_only_when_marked_and_published(
    client, index_set, assessment, officer, roles, django_capture_on_commit_callbacks
):
    sub = index_set.sub_map["1.1"]
    shown = services.attach_evidence(
        assessment, sub, SimpleUploadedFile("Kế hoạch CCHC.pdf", PDF), officer, now=DURING_SELF
    )
    hidden = services.attach_evidence(
        assessment, sub, SimpleUploadedFile("Danh sách cán bộ.pdf", PDF), officer, now=DURING_SELF
    )
    organizer = _organizer()
    admin_client(client, organizer)
    appraise = reverse("parindex_admin:appraise", args=[assessment.pk])
    response = client.post(
        appraise, {"action": "evidence_public", "evidence": shown.pk, "public": "1"}
    )
    assert response.status_code == 302
    assert ModelLogEntry.objects.filter(action="parindex.evidence_public").count() == 1
    client.logout()
    # Not published yet: still refused to everyone outside.
    assert client.get(reverse("parindex:evidence", args=[shown.pk])).status_code == 403
    services.publish(index_set, organizer, now=AFTER_ALL)
    assert client.get(reverse("parindex:evidence", args=[shown.pk])).status_code == 200
    assert client.get(reverse("parindex:evidence", args=[hidden.pk])).status_code == 403
    page = client.get(
        reverse("parindex:unit_result", args=[2026, index_set.level.code, assessment.unit_id])
    ).content.decode()
    assert "Kế hoạch CCHC.pdf" in page and "Danh sách cán bộ.pdf" not in page
    # Made private again: gone from the (cached) page and refused.
    admin_client(client, organizer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(appraise, {"action": "evidence_public", "evidence": shown.pk, "public": "0"})
    client.logout()
    assert client.get(reverse("parindex:evidence", args=[shown.pk])).status_code == 403
    page = client.get(
        reverse("parindex:unit_result", args=[2026, index_set.level.code, assessment.unit_id])
    ).content.decode()
    assert "Kế hoạch CCHC.pdf" not in page


def test_only_organizers_mark_evidence_public(index_set, assessment, officer, appraiser):
    evidence = services.attach_evidence(
        assessment,
        index_set.sub_map["1.1"],
        SimpleUploadedFile("a.pdf", PDF),
        officer,
        now=DURING_SELF,
    )
    for person in (officer, appraiser):
        with pytest.raises(services.ParIndexError):
            services.set_evidence_public(evidence, person, True)
    evidence.refresh_from_db()
    assert not evidence.is_public


# ------------------------------------------------------------------------------------------
# The portal's news metric, through the hook
# ------------------------------------------------------------------------------------------


def test_news_metric_comes_from_the_portal_hook(db, units):
    from django.utils import timezone
    from wagtail.models import Page

    from portal.models import HomePage, NewsIndexPage
    from tests.portal.factories import make_news

    assert not metrics.providers()["news"].share
    home = HomePage(title="Trang chủ", slug="trang-chu-chi-so")
    Page.get_first_root_node().add_child(instance=home)
    news = NewsIndexPage(title="Tin tức", slug="tin-tuc-chi-so")
    home.add_child(instance=news)
    this_year = timezone.now().replace(month=6, day=1)
    for i in range(3):
        page = make_news(news, title=f"Tin CCHC {i}", date=this_year)
        page.source_unit = units[0]
        page.save_revision().publish()
    old = make_news(news, title="Tin năm trước", date=this_year.replace(year=this_year.year - 1))
    old.source_unit = units[0]
    old.save_revision().publish()
    draft = make_news(news, title="Tin nháp", date=this_year, publish=False)
    draft.source_unit = units[0]
    draft.save()
    counts = metrics.providers()["news"].counts([u.pk for u in units], this_year.year)
    assert counts == {units[0].pk: 3}

    index_set = build_set(year=this_year.year)
    sub = index_set.sub_map["2.1"]
    sub.method, sub.metric, sub.thresholds = SubCriterion.Method.COMPUTED, "news", [[3, 3], [1, 1]]
    sub.save()
    services.open_assessments(index_set, units)
    services.compute_metrics(index_set)
    scores = {
        s.assessment.unit_id: s for s in Score.objects.filter(sub=sub).select_related("assessment")
    }
    assert scores[units[0].pk].computed_value == Decimal("3")
    assert scores[units[0].pk].self_score == Decimal("3")
    assert scores[units[1].pk].self_score == Decimal("0")


# ------------------------------------------------------------------------------------------
# Survey points typed per unit
# ------------------------------------------------------------------------------------------


def test_survey_points_are_entered_per_unit_checked_and_logged(
    client, index_set, opened, units, roles, django_assert_max_num_queries
):
    organizer = _organizer()
    admin_client(client, organizer)
    url = reverse("parindex_admin:survey_entry")
    sub = index_set.sub_map["2.2"]
    first, second = opened[units[0].pk], opened[units[1].pk]
    client.get(url, {"set": index_set.pk})
    with django_assert_max_num_queries(25):
        page = client.get(url, {"set": index_set.pk})
    assert page.status_code == 200
    assert f'name="p-{first.pk}-{sub.pk}"' in page.content.decode()
    bad = client.post(
        url,
        {"set": index_set.pk, f"p-{first.pk}-{sub.pk}": "0,5", f"p-{second.pk}-{sub.pk}": "7"},
    )
    assert bad.status_code == 400
    body = bad.content.decode()
    assert "vượt quá" in body or "tối đa" in body
    assert 'aria-invalid="true"' in body
    assert not Score.objects.filter(sub=sub, self_score__isnull=False).exists()
    good = client.post(
        url,
        {"set": index_set.pk, f"p-{first.pk}-{sub.pk}": "0,5", f"p-{second.pk}-{sub.pk}": "1"},
    )
    assert good.status_code == 302
    assert Score.objects.get(assessment=first, sub=sub).self_score == Decimal("0.5")
    assert Score.objects.get(assessment=second, sub=sub).self_score == Decimal("1")
    entry = ModelLogEntry.objects.get(action="parindex.survey_entry")
    assert len(entry.data["points"]) == 2
    # A self-assessed point cannot be typed in through this screen.
    other = index_set.sub_map["1.1"]
    client.post(url, {"set": index_set.pk, f"p-{first.pk}-{other.pk}": "2"})
    assert Score.objects.get(assessment=first, sub=other).self_score is None


def test_survey_entry_is_for_organizers_only(client, index_set, opened, appraiser):
    admin_client(client, appraiser)
    assert client.get(reverse("parindex_admin:survey_entry")).status_code in (302, 403)


# ------------------------------------------------------------------------------------------
# Board
# ------------------------------------------------------------------------------------------


def test_board_shows_a_progress_chart_and_reminds(
    client, index_set, opened, units, officer, roles, mailoutbox, django_capture_on_commit_callbacks
):
    admin_client(client, _organizer())
    response = client.get(reverse("parindex_admin:board"), {"bo": index_set.pk})
    chart = response.context["progress_chart"]
    assert [bar.value for bar in chart.bars][0] == 3  # not started
    assert "bar-chart-bar" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("parindex_admin:board"), {"set": index_set.pk, "action": "remind"})
    assert [m.to for m in mailoutbox] == [[officer.email]]


def test_publishing_from_the_board_asks_first(client, index_set, opened, roles, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: AFTER_ALL)
    admin_client(client, _organizer())
    url = reverse("parindex_admin:board")
    asked = client.post(url, {"set": index_set.pk, "action": "publish"})
    assert asked.status_code == 200
    assert "Đồng ý, công bố kết quả" in asked.content.decode()
    index_set.refresh_from_db()
    assert not index_set.is_published
    done = client.post(url, {"set": index_set.pk, "action": "publish", "confirm": "yes"})
    assert done.status_code == 302
    index_set.refresh_from_db()
    assert index_set.is_published


def test_a_large_levels_report_is_rendered_by_a_task(
    db, client, settings, django_capture_on_commit_callbacks
):
    index_set, _units = _published(3)
    settings.PARINDEX_REPORT_INLINE_UNITS = 2
    public_pages.purge()
    from django.core.cache import cache

    cache.clear()
    url = reverse("parindex:results_pdf", args=[2025, index_set.level.code])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        pending = client.get(url)
    assert pending.status_code == 202
    assert "Báo cáo đang được tạo" in pending.content.decode()
    assert len(callbacks) == 1  # the task, run by the immediate backend of the tests
    ready = client.get(url)
    assert ready.status_code == 200 and ready["Content-Type"] == "application/pdf"
