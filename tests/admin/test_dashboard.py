"""The admin's home page tells organizers and editors what needs them today, in Vietnamese,
each count with a link, shown only to people with the matching permission, and in a number of
queries that does not grow with the data."""

import datetime as dt
import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from accounts import roles
from certificates.models import BulkPrintJob
from contests.models import Question
from courses.models import Registration
from portal.models import Comment, HomePage, NewsIndexPage
from tests.contests.factories import QuestionFactory, RoundFactory
from tests.courses.factories import CourseFactory, SessionFactory
from tests.factories import UserFactory
from tests.helpers import admin_client
from tests.portal.factories import make_news

pytestmark = pytest.mark.django_db


@pytest.fixture
def news():
    call_command("setup_roles", stdout=io.StringIO())
    home = Page.get_first_root_node().add_child(instance=HomePage(title="Trang chủ", slug="tc"))
    return home.add_child(instance=NewsIndexPage(title="Tin tức", slug="tin-tuc"))


def person(role, email):
    user = UserFactory(email=email, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


def add_work(news, size, editor, start=0):
    """`size` of everything the panel counts."""
    now = timezone.now()
    for n in range(start, start + size):
        course = CourseFactory(sessions=0, requires_approval=True)
        Registration.objects.create(
            course=course, person=UserFactory(), status=Registration.Status.PENDING
        )
        SessionFactory(course=course, date=timezone.localdate(), starts_at=dt.time(7 + n % 4, 0))
        RoundFactory(closes_at=now + dt.timedelta(hours=5 + n))
        RoundFactory(opens_at=now - dt.timedelta(days=3), closes_at=now - dt.timedelta(days=1))
        QuestionFactory(status=Question.Status.DRAFT, with_choices=False)
        article = make_news(news, title=f"Bài viết số {n} của biên tập viên", publish=False)
        article.owner = editor
        article.save(update_fields=["owner"])
        Comment.objects.create(page=article, name="Bạn đọc", email="a@example.com", body="Hay.")
        BulkPrintJob.objects.create(group_key=f"g{n}", label=f"Lớp {n}", total=10)


def home_page(client):
    response = client.get(reverse("wagtailadmin_home"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode()


def test_an_organizer_sees_every_count_with_its_link(client, news):
    organizer = person(roles.ORGANIZERS, "btc@example.com")
    editor = person(roles.EDITORS, "btv@example.com")
    add_work(news, 2, editor)
    admin_client(client, organizer)
    html = home_page(client)
    for label in (
        "Việc cần làm hôm nay",
        "Khóa học có đăng ký chờ duyệt",
        "Buổi học hôm nay",
        "Điểm danh",
        "Vòng thi đang mở, sẽ đóng trong hai ngày tới",
        "Vòng thi đã đóng, chưa công bố kết quả",
        "Câu hỏi chờ thẩm định",
        "Bình luận chờ duyệt",
        "Lượt in hàng loạt đang chạy",
    ):
        assert label in html, label
    session = Registration.objects.first().course.sessions.get()
    assert reverse("courses_admin:attendance", args=[session.course_id, session.pk]) in html
    assert "?status=pending" in html


def test_an_editor_sees_articles_in_moderation_and_their_drafts_only(client, news):
    organizer = person(roles.ORGANIZERS, "btc@example.com")
    editor = person(roles.EDITORS, "btv@example.com")
    add_work(news, 2, editor)
    admin_client(client, editor)
    html = home_page(client)
    assert "Bài viết đang chờ duyệt" in html
    assert "Bản nháp của bạn" in html
    assert f"?owner={editor.pk}" in html
    for organizers_only in ("Khóa học có đăng ký chờ duyệt", "Câu hỏi chờ thẩm định"):
        assert organizers_only not in html
    client.logout()
    admin_client(client, organizer)
    assert "Khóa học có đăng ký chờ duyệt" in home_page(client)


def test_the_panel_stays_away_from_people_with_nothing_to_do(client, news):
    coordinator = person(roles.COORDINATORS, "dv@example.com")
    from common.dashboard import collect_rows

    assert collect_rows(coordinator) == []


def queries(client):
    with CaptureQueriesContext(connection) as context:
        home_page(client)
    return len(context.captured_queries)


def test_the_home_page_runs_the_same_number_of_queries_with_more_work(
    client, news, django_assert_max_num_queries
):
    organizer = person(roles.ORGANIZERS, "btc@example.com")
    editor = person(roles.EDITORS, "btv@example.com")
    organizer.groups.add(Group.objects.get(name=roles.EDITORS))
    admin_client(client, organizer)
    add_work(news, 1, editor)
    home_page(client)  # warm the caches that are filled once per process
    small = queries(client)
    add_work(news, 8, editor, start=1)
    assert queries(client) == small
    with django_assert_max_num_queries(small):
        home_page(client)
