"""The list behind a computed point (issue: "the unit sees the computed value and the list behind
it"): who completed a course, who entered a contest, which articles were counted — on the unit's
area form and on the appraisal screen, for those who may see the assessment only, and with a
query count that does not grow with the people or the computed points."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parindex import metrics, services
from parindex.models import SubCriterion, UnitOfficer
from tests.factories import UserFactory
from tests.helpers import admin_client

from .conftest import TZ, make_appraiser

pytestmark = pytest.mark.usefixtures("vi")

IN_YEAR = dt.datetime(2026, 5, 10, 9, 0, tzinfo=TZ)
LAST_YEAR = dt.datetime(2025, 5, 10, 9, 0, tzinfo=TZ)


def _computed(sub, metric):
    sub.method, sub.metric, sub.thresholds = SubCriterion.Method.COMPUTED, metric, [[50, 1]]
    sub.save()


def _complete(person, course, when):
    from courses.models import Registration

    Registration.objects.create(
        course=course, person=person, status=Registration.Status.COMPLETED, completed_at=when
    )


def _attempt(person, round_, when):
    from contests.models import Attempt
    from tests.contests.factories import EntrantGroupFactory, EntryFactory

    entry = EntryFactory(person=person, group=EntrantGroupFactory(contest=round_.contest))
    return Attempt.objects.create(
        round=round_,
        entry=entry,
        status=Attempt.Status.SUBMITTED,
        started_at=when,
        deadline=when + dt.timedelta(minutes=10),
        submitted_at=when,
    )


@pytest.fixture
def counted(index_set, units):
    """2.1 counts training, 2.2 counts contests; people of units[0] and of units[1]."""
    from tests.contests.factories import RoundFactory
    from tests.courses.factories import CourseFactory

    _computed(index_set.sub_map["2.1"], "training")
    _computed(index_set.sub_map["2.2"], "contest")
    services.open_assessments(index_set, units)
    course = CourseFactory(title="Bồi dưỡng kỹ năng cải cách hành chính")
    round_ = RoundFactory(contest__title="Tìm hiểu Chỉ số CCHC", title="Tuần 1")
    trained = UserFactory(unit=units[0], full_name="Nguyễn Văn Đã Học")
    _complete(trained, course, IN_YEAR)
    _complete(UserFactory(unit=units[0], full_name="Đỗ Thị Năm Trước"), course, LAST_YEAR)
    _complete(UserFactory(unit=units[1], full_name="Hoàng Văn Đơn Vị Khác"), course, IN_YEAR)
    _attempt(UserFactory(unit=units[0], full_name="Phạm Thị Dự Thi"), round_, IN_YEAR)
    services.compute_metrics(index_set)
    return {"course": course, "round": round_}


def _area_url(assessment, index_set):
    area = index_set.sub_map["2.1"].area
    return reverse("parindex:area", args=[assessment.pk, area.pk])


def test_public_modules_list_what_was_counted(db, index_set, units, counted):
    training = metrics.providers()["training"].details(units[0].pk, 2026)
    assert [(r["name"], r["course"]) for r in training] == [
        ("Nguyễn Văn Đã Học", "Bồi dưỡng kỹ năng cải cách hành chính")
    ]
    contest = metrics.providers()["contest"].details(units[0].pk, 2026)
    assert [(r["name"], r["contest"], r["round"]) for r in contest] == [
        ("Phạm Thị Dự Thi", "Tìm hiểu Chỉ số CCHC", "Tuần 1")
    ]
    assert metrics.providers()["training"].details(units[2].pk, 2026) == []


def test_unit_sees_the_list_behind_each_computed_point(
    client, index_set, opened, units, officer, counted
):
    client.force_login(officer)
    body = client.get(_area_url(opened[units[0].pk], index_set)).content.decode()
    assert body.count("Xem danh sách") == 2
    assert "Nguyễn Văn Đã Học" in body
    assert "Bồi dưỡng kỹ năng cải cách hành chính" in body and "10/05/2026" in body
    assert "Phạm Thị Dự Thi" in body and "Tìm hiểu Chỉ số CCHC" in body and "Tuần 1" in body
    # Another year and another unit are not counted, so not listed.
    assert "Đỗ Thị Năm Trước" not in body and "Hoàng Văn Đơn Vị Khác" not in body
    # A unit with nobody counted says so.
    UnitOfficer.objects.create(unit=units[2], person=UserFactory(unit=units[2]))
    other = UnitOfficer.objects.get(unit=units[2]).person
    client.force_login(other)
    empty = client.get(_area_url(opened[units[2].pk], index_set)).content.decode()
    assert "Không có mục nào được tính trong năm." in empty


def test_only_those_who_may_see_the_assessment_see_the_lists(
    client, index_set, opened, units, officer, roles, counted
):
    url = _area_url(opened[units[0].pk], index_set)
    # Another unit's officer, and a plain member of the unit: refused, no names.
    stranger = UserFactory(unit=units[1])
    UnitOfficer.objects.create(unit=units[1], person=stranger)
    for person in (stranger, UserFactory(unit=units[0])):
        client.force_login(person)
        response = client.get(url)
        assert response.status_code == 403
        assert "Nguyễn Văn Đã Học" not in response.content.decode()
    # The assigned appraiser sees them on the appraisal screen; one assigned elsewhere gets 404.
    appraiser = make_appraiser(index_set, units[0])
    elsewhere = make_appraiser(index_set, units[1], name="Vũ Thị Nơi Khác")
    screen = reverse("parindex_admin:appraise", args=[opened[units[0].pk].pk])
    admin_client(client, appraiser)
    body = client.get(screen).content.decode()
    assert "Xem danh sách" in body and "Nguyễn Văn Đã Học" in body and "Phạm Thị Dự Thi" in body
    admin_client(client, elsewhere)
    refused = client.get(screen)
    assert refused.status_code == 404
    assert "Nguyễn Văn Đã Học" not in refused.content.decode()


def _queries(client, url):
    client.get(url)  # the session and the caches warm up on the first request
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_screens_queries_do_not_grow_with_people_or_points(
    client, index_set, opened, units, officer, roles, counted
):
    url = _area_url(opened[units[0].pk], index_set)
    appraiser = make_appraiser(index_set, units[0])
    screen = reverse("parindex_admin:appraise", args=[opened[units[0].pk].pk])
    client.force_login(officer)
    before = _queries(client, url)
    admin_client(client, appraiser)
    before_screen = _queries(client, screen)
    # Five more people counted, and a third computed point on a metric already used.
    for i in range(5):
        person = UserFactory(unit=units[0], full_name=f"Người Học Thêm {i}")
        _complete(person, counted["course"], IN_YEAR)
        _attempt(person, counted["round"], IN_YEAR)
    _computed(index_set.sub_map["1.2"], "training")
    services.compute_metrics(index_set)
    client.force_login(officer)
    assert _queries(client, url) == before
    body = client.get(url).content.decode()
    assert "Người Học Thêm 4" in body
    admin_client(client, appraiser)
    assert _queries(client, screen) == before_screen


def test_news_list_comes_through_the_portal_hook(client, index_set, opened, units, officer):
    from wagtail.models import Page, Site

    from portal.models import HomePage, NewsIndexPage
    from tests.portal.factories import make_news

    _computed(index_set.sub_map["2.1"], "news")
    home = HomePage(title="Trang chủ", slug="trang-chu-chi-so-ds")
    Page.get_first_root_node().add_child(instance=home)
    news = NewsIndexPage(title="Tin tức", slug="tin-tuc-chi-so-ds")
    home.add_child(instance=news)
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
    )
    Site.clear_site_root_paths_cache()
    counted = make_news(news, title="Sở Nội vụ rà soát thủ tục hành chính", date=IN_YEAR)
    counted.source_unit = units[0]
    counted.save_revision().publish()
    draft = make_news(news, title="Tin nháp chưa đăng", date=IN_YEAR, publish=False)
    draft.source_unit = units[0]
    draft.save()
    rows = metrics.providers()["news"].details(units[0].pk, 2026)
    assert [r["title"] for r in rows] == ["Sở Nội vụ rà soát thủ tục hành chính"]
    client.force_login(officer)
    body = client.get(_area_url(opened[units[0].pk], index_set)).content.decode()
    assert "Sở Nội vụ rà soát thủ tục hành chính" in body and "Tin nháp" not in body
    assert rows[0]["url"].endswith("/so-noi-vu-ra-soat-thu-tuc-hanh-chinh/")
    assert f'href="{rows[0]["url"]}"' in body
