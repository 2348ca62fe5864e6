"""“Gửi thư cho học viên”: an organizer emails a course's people by registration status, with a
preview, a confirmation, a task that sends in batches with progress, and a log."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse
from wagtail.models import ModelLogEntry

from accounts.services import anonymise
from common import messaging
from common.models import Mailing
from courses import services
from courses.models import Registration
from tests.factories import UserFactory
from tests.helpers import admin_client

from .factories import CourseFactory

pytestmark = pytest.mark.django_db
S = Registration.Status


def compose_url(course):
    return reverse("courses_admin:mailing_compose", args=[course.pk])


def sign_up(course, count, **person):
    return [services.register(UserFactory(**person), course) for _ in range(count)]


def preview_key(body):
    return re.search(r'name="key" value="([0-9a-f]{32})"', body).group(1)


POST = {
    "filter": "confirmed",
    "subject": "Nhắc lịch học {khoa_hoc}",
    "body": "Kính gửi {ho_ten} ({don_vi}),\nLớp học bắt đầu lúc 8 giờ.",
}


def test_compose_lists_filters_with_counts(client, organizer, vi):
    course = CourseFactory(capacity=2)
    sign_up(course, 3)
    body = client.get(compose_url(course)).content.decode()
    assert "Gửi thư cho học viên" in body
    assert "Đã xác nhận" in body and "(2 người)" in body
    assert "Danh sách chờ" in body or "danh sách chờ" in body
    assert "{ho_ten}" in body and "{khoa_hoc}" in body


def test_preview_shows_the_first_recipient_and_the_count_and_sends_nothing(
    client, organizer, vi, django_capture_on_commit_callbacks
):
    course = CourseFactory(capacity=5, title="Kỹ năng soạn thảo văn bản")
    regs = sign_up(course, 3)
    with django_capture_on_commit_callbacks(execute=True):
        body = client.post(compose_url(course), POST).content.decode()
    first = min((r.person for r in regs), key=lambda p: (p.full_name, p.pk))
    assert "Kiểm tra thư trước khi gửi" in body
    assert f"Kính gửi {first.full_name} ({first.unit.name})" in body
    assert "Nhắc lịch học Kỹ năng soạn thảo văn bản" in body
    assert "Gửi thư này tới 3 người?" in body
    assert not Mailing.objects.exists() and not mail.outbox


def test_confirm_sends_in_the_task_logs_and_shows_progress(
    client, organizer, vi, django_capture_on_commit_callbacks
):
    course = CourseFactory(capacity=3, title="Lớp bồi dưỡng CCHC")
    sign_up(course, 5)  # 3 confirmed, 2 waiting
    key = preview_key(client.post(compose_url(course), POST).content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(compose_url(course), {**POST, "key": key, "confirm": "yes"})
    mailing = Mailing.objects.get()
    assert response.url == reverse("courses_admin:mailing_status", args=[course.pk, mailing.pk])
    assert (mailing.status, mailing.total, mailing.sent, mailing.skipped) == ("done", 3, 3, 0)
    assert mailing.created_by == organizer and mailing.filter == "confirmed"
    entry = ModelLogEntry.objects.get(action="common.mailing")
    assert (entry.user, entry.object_id) == (organizer, str(course.pk))
    assert entry.data == {
        "mailing": mailing.pk,
        "filter": "confirmed",
        "count": 3,
        "subject": "Nhắc lịch học {khoa_hoc}",
    }
    assert len(mail.outbox) == 3
    message = mail.outbox[0]
    assert message.subject == "Nhắc lịch học Lớp bồi dưỡng CCHC"
    assert "Bạn nhận thư này vì bạn đã đăng ký “Lớp bồi dưỡng CCHC”" in message.body
    assert "{ho_ten}" not in message.body
    confirmed = set(
        Registration.objects.filter(course=course, status=S.CONFIRMED).values_list(
            "person__email", flat=True
        )
    )
    assert {m.to[0] for m in mail.outbox} == confirmed
    status = client.get(response.url).content.decode()
    assert "3/3" in status and "Đã gửi" in status
    data = client.get(response.url + "?format=json").json()
    assert data == {
        "status": "done",
        "status_label": "Đã gửi",
        "done": 3,
        "total": 3,
        "sent": 3,
        "skipped": 0,
        "failed": 0,
        "percent": 100,
        "finished": True,
    }
    history = client.get(reverse("courses_admin:mailing_history", args=[course.pk]))
    text = history.content.decode()
    assert "Nhắc lịch học {khoa_hoc}" in text and organizer.full_name in text


def test_the_same_confirmation_twice_sends_once(
    client, organizer, vi, django_capture_on_commit_callbacks
):
    course = CourseFactory(capacity=5)
    sign_up(course, 2)
    key = preview_key(client.post(compose_url(course), POST).content.decode())
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(compose_url(course), {**POST, "key": key, "confirm": "yes"})
    assert Mailing.objects.count() == 1
    assert len(mail.outbox) == 2
    body = client.get(compose_url(course)).content.decode()
    assert "không được gửi lần thứ hai" in body


def test_deleted_accounts_and_missing_addresses_are_skipped_and_counted(organizer, vi):
    course = CourseFactory(capacity=5)
    regs = sign_up(course, 4)
    type(regs[1].person).objects.filter(pk=regs[1].person.pk).update(email="")
    audience = messaging.get_audience("courses.course")
    shown = messaging.preview(audience, course, "confirmed", "Thông báo", "Nội dung")
    assert (shown.count, shown.skipped) == (4, 1)
    mailing, created = messaging.create_mailing(
        audience, course, "confirmed", "Thông báo", "Nội dung", by=organizer, key="0" * 32
    )
    anonymise(regs[0].person)  # the account is deleted before the task runs
    messaging.send(mailing.pk)
    mailing.refresh_from_db()
    assert created
    assert (mailing.total, mailing.sent, mailing.skipped, mailing.failed) == (4, 2, 2, 0)
    assert len(mail.outbox) == 2


def test_a_person_gone_after_the_confirmation_is_skipped(organizer):
    course = CourseFactory(capacity=5)
    regs = sign_up(course, 3)
    audience = messaging.get_audience("courses.course")
    mailing, _ = messaging.create_mailing(
        audience, course, "confirmed", "Thông báo", "Nội dung", by=organizer, key="1" * 32
    )
    regs[2].person.delete()  # the account is gone before the task runs
    messaging.send(mailing.pk)
    mailing.refresh_from_db()
    assert (mailing.sent, mailing.skipped, mailing.position) == (2, 1, 3)
    # The task run a second time (a retry) sends nothing more.
    assert messaging.send(mailing.pk) is None
    assert len(mail.outbox) == 2


def test_progress_is_stored_after_each_batch(organizer, monkeypatch):
    course = CourseFactory(capacity=7)
    sign_up(course, 7)
    audience = messaging.get_audience("courses.course")
    mailing, _ = messaging.create_mailing(
        audience, course, "confirmed", "Thông báo", "Nội dung", by=organizer, key="2" * 32
    )
    seen = []
    real_people = messaging._people

    def watch(ids):
        seen.append(Mailing.objects.values_list("position", "sent").get(pk=mailing.pk))
        return real_people(ids)

    monkeypatch.setattr(messaging, "_people", watch)
    messaging.send(mailing.pk, batch_size=3)
    assert seen == [(0, 0), (3, 3), (6, 6)]
    mailing.refresh_from_db()
    assert (mailing.position, mailing.sent, mailing.status) == (7, 7, "done")


def test_one_failing_address_does_not_stop_the_rest(organizer, monkeypatch):
    course = CourseFactory(capacity=3)
    regs = sign_up(course, 3)
    bad = regs[1].person.email
    from django.core.mail.backends.locmem import EmailBackend

    real = EmailBackend.send_messages

    def refuse(self, messages):
        if messages[0].to == [bad]:
            raise OSError("refused")
        return real(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    mailing, _ = messaging.create_mailing(
        messaging.get_audience("courses.course"),
        course,
        "confirmed",
        "Thông báo",
        "Nội dung",
        by=organizer,
        key="3" * 32,
    )
    messaging.send(mailing.pk)
    mailing.refresh_from_db()
    assert (mailing.sent, mailing.failed, mailing.status) == (2, 1, "done")


def test_sending_queries_do_not_grow_with_recipients(
    organizer, django_assert_max_num_queries, django_assert_num_queries
):
    audience = messaging.get_audience("courses.course")

    def mailing_for(count, key):
        course = CourseFactory(capacity=count)
        sign_up(course, count)
        return messaging.create_mailing(
            audience, course, "confirmed", "Thư {khoa_hoc}", "Chào {ho_ten}", by=organizer, key=key
        )[0]

    small, large = mailing_for(2, "4" * 32), mailing_for(40, "5" * 32)
    with django_assert_num_queries(7):
        messaging.send(small.pk)
    # One more batch (people + progress) per 50 people: the same 7 for 40 people.
    with django_assert_num_queries(7):
        messaging.send(large.pk)


def test_screens_queries_bounded(client, organizer, django_assert_max_num_queries):
    course = CourseFactory(capacity=60)
    sign_up(course, 3)
    client.get(compose_url(course))
    with django_assert_max_num_queries(45) as small:
        client.get(compose_url(course))
        client.post(compose_url(course), POST)
    sign_up(course, 40)
    # Forty more people: not one query more (counts per filter, the first recipient, a count).
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(compose_url(course))
        client.post(compose_url(course), POST)
    for n in range(3):
        messaging.create_mailing(
            messaging.get_audience("courses.course"),
            course,
            "confirmed",
            "Thư",
            "Nội dung",
            by=organizer,
            key=f"{n}" * 32 if n else "a" * 32,
        )
    with django_assert_max_num_queries(16):
        client.get(reverse("courses_admin:mailing_history", args=[course.pk]))


@pytest.mark.parametrize(
    ("post", "error"),
    [
        ({"subject": ""}, "Hãy viết tiêu đề thư."),
        ({"body": "  "}, "Hãy viết nội dung thư."),
        ({"subject": "x" * 151}, "Tiêu đề quá dài: tối đa 150 ký tự, bạn đã viết 151."),
        ({"body": "x" * 5001}, "Nội dung quá dài: tối đa 5000 ký tự, bạn đã viết 5001."),
        ({"body": "Chào {ten}"}, "“{ten}” không phải là chỗ điền"),
        ({"filter": "everyone-ever"}, "Hãy chọn người nhận thư."),
        ({"filter": "completed"}, "Không có ai phù hợp"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_keeps_the_text(client, organizer, vi, post, error):
    course = CourseFactory(capacity=5)
    sign_up(course, 1)
    response = client.post(compose_url(course), {**POST, **post})
    body = response.content.decode()
    assert response.status_code == 200
    assert error in body
    assert "Lớp học bắt đầu lúc 8 giờ." in body or "body" in post
    assert not Mailing.objects.exists()


def test_confirm_with_a_forged_or_foreign_key_sends_nothing(
    client, organizer, vi, django_capture_on_commit_callbacks
):
    course, other = CourseFactory(capacity=5), CourseFactory(capacity=5)
    sign_up(course, 1)
    sign_up(other, 1)
    mailing, _ = messaging.create_mailing(
        messaging.get_audience("courses.course"),
        other,
        "confirmed",
        "Thư",
        "Nội dung",
        by=organizer,
        key="6" * 32,
    )
    for key in ("not-a-key", "6" * 32):
        with django_capture_on_commit_callbacks(execute=True):
            body = client.post(
                compose_url(course), {**POST, "key": key, "confirm": "yes"}, follow=True
            ).content.decode()
        assert "Xác nhận này không còn hiệu lực" in body
    assert Mailing.objects.count() == 1


def test_edit_goes_back_to_the_form_with_the_text(client, organizer, vi):
    course = CourseFactory(capacity=5)
    sign_up(course, 1)
    body = client.post(compose_url(course), {**POST, "edit": "1"}).content.decode()
    assert 'value="Nhắc lịch học {khoa_hoc}"' in body
    assert "Lớp học bắt đầu lúc 8 giờ." in body


# ------------------------------------------------------------------------------------------
# Permission
# ------------------------------------------------------------------------------------------


@pytest.fixture
def outsider(client):
    """Staff in the admin, who may edit contests but not manage this course's registrations."""
    user = UserFactory(is_staff=True)
    for codename in ("access_admin", "change_round", "view_course"):
        user.user_permissions.add(Permission.objects.get(codename=codename))
    admin_client(client, user)
    return user


def test_staff_without_the_course_permission_cannot_email(
    client, outsider, django_capture_on_commit_callbacks
):
    course = CourseFactory(capacity=5)
    sign_up(course, 2)
    other_user = UserFactory(is_staff=True)
    mailing, _ = messaging.create_mailing(
        messaging.get_audience("courses.course"),
        course,
        "confirmed",
        "Thư",
        "Nội dung",
        by=other_user,
        key="7" * 32,
    )
    urls = [
        compose_url(course),
        reverse("courses_admin:mailing_history", args=[course.pk]),
        reverse("courses_admin:mailing_status", args=[course.pk, mailing.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code in (302, 403), url
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(compose_url(course), {**POST, "key": "8" * 32, "confirm": "yes"})
    assert response.status_code in (302, 403)
    assert Mailing.objects.count() == 1 and not mail.outbox


def test_a_mailing_is_only_found_under_its_own_course(client, organizer):
    course, other = CourseFactory(capacity=5), CourseFactory(capacity=5)
    sign_up(other, 1)
    mailing, _ = messaging.create_mailing(
        messaging.get_audience("courses.course"),
        other,
        "confirmed",
        "Thư riêng của lớp khác",
        "Nội dung",
        by=organizer,
        key="9" * 32,
    )
    url = reverse("courses_admin:mailing_status", args=[course.pk, mailing.pk])
    assert client.get(url).status_code == 404
    assert client.get(url + "?format=json").status_code == 404
    history = client.get(reverse("courses_admin:mailing_history", args=[course.pk]))
    assert "Thư riêng của lớp khác" not in history.content.decode()


def test_a_mailing_whose_worker_died_goes_on_where_it_stopped(
    organizer, monkeypatch, django_capture_on_commit_callbacks
):
    import datetime as dt

    from django.utils import timezone

    from common.periodic import collect
    from common.tasks import resume_stalled_mailings

    assert (resume_stalled_mailings, 300) in collect()
    course = CourseFactory(capacity=7)
    sign_up(course, 7)
    audience = messaging.get_audience("courses.course")
    mailing, _ = messaging.create_mailing(
        audience, course, "confirmed", "Thông báo", "Nội dung", by=organizer, key="9" * 32
    )
    real_people = messaging._people
    calls = []

    def die_on_the_second_batch(ids):
        calls.append(ids)
        if len(calls) == 2:
            raise KeyboardInterrupt  # the worker is stopped: no clean-up code runs
        return real_people(ids)

    monkeypatch.setattr(messaging, "_people", die_on_the_second_batch)
    with pytest.raises(KeyboardInterrupt):
        messaging.send(mailing.pk, batch_size=3)
    monkeypatch.setattr(messaging, "_people", real_people)
    mailing.refresh_from_db()
    assert (mailing.status, mailing.position, mailing.sent) == ("sending", 3, 3)
    soon = timezone.now() + dt.timedelta(minutes=5)
    assert messaging.resume_stalled(now=soon) == 0  # still within the grace period
    later = timezone.now() + dt.timedelta(minutes=11)
    with django_capture_on_commit_callbacks(execute=True):
        assert messaging.resume_stalled(now=later) == 1
    mailing.refresh_from_db()
    assert (mailing.status, mailing.position, mailing.sent) == ("done", 7, 7)
    assert len(mail.outbox) == 7  # nobody twice: the first batch had been recorded
    assert messaging.resume_stalled(now=later) == 0
