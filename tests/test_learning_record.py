"""My learning record (/tai-khoan/hoc-tap/): courses with attendance, test and certificate;
contests with every attempt, score as the round allows, rank and prize once published."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.models import Certificate
from certificates.services import Achievement, issue
from common.vietnamese import format_duration
from contests.models import Attempt, Prize, Round
from courses import services as course_services
from courses.models import Attendance, Registration
from tests.certificates.factories import CertificateTemplateFactory
from tests.contests.factories import EntrantGroupFactory, EntryFactory, RoundFactory
from tests.courses.factories import CourseFactory, SessionFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = "/tai-khoan/hoc-tap/"


def past_course(person, *, sessions=4, attended=3, score=None, pass_mark=None):
    course = CourseFactory(sessions=0, pass_mark=pass_mark, min_attendance_percent=75)
    start = timezone.localdate() - dt.timedelta(days=10)
    made = [
        SessionFactory(course=course, date=start + dt.timedelta(days=i)) for i in range(sessions)
    ]
    registration = course_services.register(person, course)
    for session in made[:attended]:
        course_services.mark_attendance(
            session, {registration.pk: Attendance.Status.PRESENT}, by=person
        )
    if score is not None:
        Registration.objects.filter(pk=registration.pk).update(final_test_score=score)
    return course, registration


def test_courses_show_attendance_progress_test_and_certificate(client, user):
    course, registration = past_course(user, attended=3, score=Decimal("7.5"), pass_mark=5)
    upcoming = CourseFactory(sessions=2, title="Lớp sắp học")
    course_services.register(user, upcoming)
    full = CourseFactory(sessions=1, capacity=1, title="Lớp đã đủ chỗ")
    course_services.register(UserFactory(), full)
    course_services.register(user, full)  # waiting: no attendance or progress to show
    certificate = issue(
        template=CertificateTemplateFactory(),
        holder=user,
        what=Achievement(
            source_kind="course",
            source_id=course.pk,
            group_key=f"course:{course.pk}",
            achievement=course.title,
        ),
    )
    client.force_login(user)
    response = client.get(URL)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Quá trình học tập của tôi" in page
    assert course.title in page and "Lớp sắp học" in page
    assert "Đã dự 3/4 buổi; yêu cầu 75%." in page
    assert "7,50/10" in page and "điểm đạt 5,00" in page
    assert "Chưa diễn ra" in page  # the upcoming course's sessions
    assert "Lớp đã đủ chỗ" in page and "Trong danh sách chờ" in page
    assert "Đã dự 0/1" not in page
    assert reverse("certificates:download", args=[certificate.pk]) in page
    Certificate.objects.filter(pk=certificate.pk).update(status=Certificate.Status.REVOKED)
    assert (
        reverse("certificates:download", args=[certificate.pk])
        not in client.get(URL).content.decode()
    )


def test_contests_respect_the_round_policy_then_show_rank_and_prize(client, user):
    group = EntrantGroupFactory()
    entry = EntryFactory(group=group, person=user)
    opens = timezone.now() - dt.timedelta(days=8)
    round_ = RoundFactory(
        contest=group.contest,
        title="Tuần 1",
        opens_at=opens,
        closes_at=timezone.now() + dt.timedelta(days=1),
        show_score=Round.Reveal.AFTER_CLOSE,
    )
    attempt = Attempt.objects.create(
        round=round_,
        entry=entry,
        status=Attempt.Status.SUBMITTED,
        started_at=opens + dt.timedelta(hours=1),
        deadline=opens + dt.timedelta(hours=2),
        submitted_at=opens + dt.timedelta(hours=1, seconds=725),
        duration_ms=725_000,
        question_total=10,
        correct_count=9,
        score=Decimal("90"),
    )
    client.force_login(user)
    page = client.get(URL).content.decode()
    assert "Tuần 1" in page and "Chưa công bố" in page
    assert "90,00%" not in page  # the round shows scores only after it closes
    assert "12 phút 05 giây" in page

    Round.objects.filter(pk=round_.pk).update(closes_at=timezone.now() - dt.timedelta(hours=1))
    page = client.get(URL).content.decode()
    assert "9/10 (90,00%)" in page and "Chưa công bố kết quả" in page

    Attempt.objects.filter(pk=attempt.pk).update(counted=True, rank=2)
    Prize.objects.create(
        round=round_,
        group=group,
        attempt=attempt,
        person=user,
        unit=user.unit,
        level=Prize.Level.SECOND,
        rank=2,
        score=Decimal("90"),
    )
    Round.objects.filter(pk=round_.pk).update(results_published_at=timezone.now())
    page = client.get(URL).content.decode()
    assert "Giải Nhì" in page or "Giải nhì" in page


def test_query_count_is_constant(client, user, django_assert_max_num_queries):
    client.force_login(user)
    past_course(user)
    EntryFactory(group=EntrantGroupFactory(), person=user)
    client.get(URL)
    with django_assert_max_num_queries(14) as small:
        client.get(URL)
    for _ in range(4):
        past_course(user, score=Decimal("6"), pass_mark=5)
        EntryFactory(group=EntrantGroupFactory(), person=user)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(URL)


def test_needs_login_and_shows_only_my_records(client, user):
    assert client.get(URL).status_code == 302
    other = UserFactory()
    course, _registration = past_course(other)
    client.force_login(user)
    page = client.get(URL).content.decode()
    assert course.title not in page
    assert "Chưa có gì" in page
    assert 'href="/tai-khoan/hoc-tap/"' in page  # in the account menu


def test_duration_reads_minutes_and_seconds(vi):
    assert format_duration(725_000) == "12 phút 05 giây"
    assert format_duration(3_725_000) == "1 giờ 02 phút 05 giây"
    assert format_duration(725_123, precise=True) == "12 phút 05,123 giây"
    assert format_duration(None) == ""


def test_emails_on_completion_and_on_published_prize(user, django_capture_on_commit_callbacks):
    from django.core import mail

    organizer = UserFactory(is_staff=True)
    course, registration = past_course(user, attended=4)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        course_services.confirm_completion(course, by=organizer)
    (message,) = [m for m in mail.outbox if m.to == [user.email]]
    assert message.subject == f"Bạn đã hoàn thành “{course.title}”"
    assert "http://testserver/tai-khoan/hoc-tap/" in message.body

    group = EntrantGroupFactory()
    entry = EntryFactory(group=group, person=user)
    loser = EntryFactory(group=group)
    opens = timezone.now() - dt.timedelta(days=8)
    round_ = RoundFactory(
        contest=group.contest, opens_at=opens, closes_at=timezone.now() - dt.timedelta(days=1)
    )
    from tests.contests.factories import quota

    quota(round_, group, first=1, second=0, third=0, consolation=0)
    for index, (who, score) in enumerate(((entry, 100), (loser, 50))):
        Attempt.objects.create(
            round=round_,
            entry=who,
            status=Attempt.Status.SUBMITTED,
            started_at=opens + dt.timedelta(hours=1, minutes=index),
            deadline=opens + dt.timedelta(hours=2),
            submitted_at=opens + dt.timedelta(hours=1, minutes=index, seconds=300),
            duration_ms=300_000,
            question_total=10,
            correct_count=score // 10,
            score=Decimal(score),
        )
    from contests import services as contest_services

    contest_services.compute_results(round_)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        contest_services.publish_results(round_, user=organizer)
    assert [m.to for m in mail.outbox] == [[user.email]]
    assert mail.outbox[0].subject.startswith("Giải Nhất – ")
    assert "xếp hạng 1" in mail.outbox[0].body


def test_the_holder_is_emailed_once_when_the_certificate_is_ready(
    user, django_capture_on_commit_callbacks
):
    from django.core import mail

    from certificates import pdfs

    course = CourseFactory(sessions=0)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        certificate = issue(
            template=CertificateTemplateFactory(),
            holder=user,
            what=Achievement(
                source_kind="course",
                source_id=course.pk,
                group_key=f"course:{course.pk}",
                achievement=course.title,
            ),
        )
    (message,) = [m for m in mail.outbox if m.to == [user.email]]
    assert certificate.serial in message.subject and "đã sẵn sàng" in message.subject
    certificate.refresh_from_db()
    assert certificate.get_absolute_verify_url() in message.body
    assert f"/chung-nhan/tai-ve/{certificate.pk}/" in message.body
    mail.outbox.clear()
    pdfs.render_certificate_task.enqueue(certificate.pk, force=True)  # re-rendering: no email
    assert mail.outbox == []
