import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from courses import services
from courses.models import Attendance, Course, Registration
from tests.factories import UserFactory
from tests.helpers import admin_client

from .factories import CourseFactory, course_edit_data, held

pytestmark = pytest.mark.django_db
S = Registration.Status


def test_non_organizer_refused(client):
    course = CourseFactory()
    admin_client(client, UserFactory(is_staff=True))
    assert client.get(reverse("courses_admin:dashboard", args=[course.pk])).status_code in (
        302,
        403,
    )


def test_screens_render(client, organizer, django_assert_max_num_queries):
    course = CourseFactory(capacity=2)
    for _ in range(3):
        services.register(UserFactory(), course)
    for name in ("dashboard", "registrations", "completion"):
        response = client.get(reverse(f"courses_admin:{name}", args=[course.pk]))
        assert response.status_code == 200, name
    session = course.sessions.first()
    assert (
        client.get(reverse("courses_admin:attendance", args=[course.pk, session.pk])).status_code
        == 200
    )
    qr = client.get(reverse("courses_admin:qr", args=[course.pk, session.pk])).content.decode()
    assert "<svg" in qr and "/khoa-hoc/diem-danh/" in qr
    assert client.get(reverse("wagtailsnippets_courses_course:list")).status_code == 200
    assert (
        client.get(reverse("wagtailsnippets_courses_course:edit", args=[course.pk])).status_code
        == 200
    )


def test_bulk_approve_reject(client, organizer, vi):
    course = CourseFactory(capacity=5, requires_approval=True)
    regs = [services.register(UserFactory(), course) for _ in range(3)]
    url = reverse("courses_admin:registrations", args=[course.pk])
    client.post(url, {"action": "approve", "ids": [regs[0].pk, regs[1].pk]})
    body = client.post(url, {"action": "reject", "ids": [regs[2].pk]}, follow=True).content.decode()
    assert "lý do" in body.lower()
    client.post(
        url,
        {
            "action": "reject",
            "ids": [regs[2].pk],
            "reason": "Không thuộc đối tượng",
            "confirm": "yes",
        },
    )
    statuses = [Registration.objects.get(pk=r.pk).status for r in regs]
    assert statuses == [S.CONFIRMED, S.CONFIRMED, S.REJECTED]
    # Seats are free, so nobody may be put on the waiting list (newcomers would queue behind).
    body = client.post(url, {"move": regs[1].pk, "target": S.WAITLISTED}, follow=True)
    assert "Đang còn chỗ trống nên không thể xếp" in body.content.decode()
    assert Registration.objects.get(pk=regs[1].pk).status == S.CONFIRMED
    page = client.get(url, {"status": S.REJECTED}).content.decode()
    assert regs[2].person.full_name in page and regs[0].person.full_name not in page


def test_exports(client, organizer):
    course = CourseFactory(capacity=1)
    first = UserFactory(full_name="Trần Văn Bình", position="Chuyên viên")
    services.register(first, course)
    services.register(UserFactory(full_name="Nguyễn Thị An"), course)
    session = held(course).sessions.first()
    reg = Registration.objects.get(person=first)
    services.mark_attendance(session, {reg.pk: Attendance.Status.PRESENT}, by=organizer)
    response = client.get(reverse("courses_admin:export", args=[course.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("STT", "Họ và tên", "Đơn vị")
    assert "Hoàn thành" in rows[0]
    assert [row[1] for row in rows[1:]] == ["Nguyễn Thị An", "Trần Văn Bình"]  # An before Bình
    binh = rows[2]
    assert binh[3] == "Chuyên viên" and "Có mặt" in binh and binh[5] == "Đã xác nhận"
    assert rows[1][6] == 1  # waiting-list position
    csv = client.get(reverse("courses_admin:export", args=[course.pk, "csv"])).content.decode(
        "utf-8-sig"
    )
    assert "Họ và tên" in csv.splitlines()[0] and len(csv.strip().splitlines()) == 3
    assert client.get(reverse("courses_admin:export", args=[course.pk, "pdf"])).status_code == 404


def test_attendance_and_completion_screens(client, organizer):
    course = CourseFactory(capacity=3, sessions=2, min_attendance_percent=100)
    regs = [services.register(UserFactory(), course) for _ in range(2)]
    for session in held(course).sessions.all():
        url = reverse("courses_admin:attendance", args=[course.pk, session.pk])
        client.post(url, {f"mark-{regs[0].pk}": "late", "all_present": "1"})
    assert Attendance.objects.filter(status="present").count() == 2
    assert Attendance.objects.filter(status="late").count() == 2
    client.post(reverse("courses_admin:completion", args=[course.pk]), {"ids": [regs[0].pk]})
    assert Registration.objects.get(pk=regs[0].pk).status == S.COMPLETED
    assert Registration.objects.get(pk=regs[1].pk).status == S.CONFIRMED


def test_attendance_and_completion_before_their_time_are_messages(client, organizer, vi):
    course = CourseFactory(capacity=3, sessions=2)
    registration = services.register(UserFactory(), course)
    session = course.sessions.first()
    url = reverse("courses_admin:attendance", args=[course.pk, session.pk])
    body = client.post(url, {"all_present": "1"}, follow=True).content.decode()
    assert "Chỉ có thể điểm danh khi buổi học đã bắt đầu" in body
    assert not Attendance.objects.exists()
    url = reverse("courses_admin:completion", args=[course.pk])
    body = client.post(url, {"ids": [registration.pk]}, follow=True).content.decode()
    assert "Chỉ có thể xác nhận hoàn thành khóa học sau khi buổi học cuối cùng" in body
    assert Registration.objects.get(pk=registration.pk).status == S.CONFIRMED


def test_capacity_and_cancel_course(client, organizer, vi):
    course = CourseFactory(capacity=1)
    for _ in range(2):
        services.register(UserFactory(), course)
    url = reverse("courses_admin:capacity", args=[course.pk])
    body = client.post(url, {"capacity": "0"}, follow=True).content.decode()
    assert Course.objects.get(pk=course.pk).capacity == 1
    client.post(url, {"capacity": "2"})
    assert services.seats_taken(course) == 2
    client.post(reverse("courses_admin:cancel_course", args=[course.pk]), {"reason": "Hoãn"})
    assert Course.objects.get(pk=course.pk).status == Course.Status.CANCELLED
    assert body


def test_edit_form_refuses_capacity_below_taken(client, organizer):
    course = CourseFactory(capacity=3, sessions=0)
    for _ in range(2):
        services.register(UserFactory(), course)
    url = reverse("wagtailsnippets_courses_course:edit", args=[course.pk])
    data = course_edit_data(course, 1)
    response = client.post(url, data)
    assert response.status_code == 200  # the form is shown again with the error
    assert Course.objects.get(pk=course.pk).capacity == 3
    data["capacity"] = "5"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    assert Course.objects.get(pk=course.pk).capacity == 5


def test_rejecting_asks_first_listing_the_people(client, organizer, vi, mailoutbox):
    course = CourseFactory(capacity=5, requires_approval=True, title="Kỹ năng soạn thảo")
    people = [UserFactory(full_name=name) for name in ("Lý Thị Mai", "Võ Văn Tâm", "Hồ Văn Ba")]
    regs = [services.register(person, course) for person in people]
    url = reverse("courses_admin:registrations", args=[course.pk]) + "?status=pending"
    mailoutbox.clear()
    data = {"action": "reject", "ids": [regs[0].pk, regs[1].pk], "reason": "Không thuộc đối tượng"}
    response = client.post(url, data)
    assert response.status_code == 200
    text = response.content.decode()
    assert "từ chối 2 lượt đăng ký khóa học Kỹ năng soạn thảo" in text
    assert "Lý Thị Mai" in text and "Võ Văn Tâm" in text and "Hồ Văn Ba" not in text
    assert "nhận thư điện tử báo đăng ký bị từ chối, kèm lý do: Không thuộc đối tượng" in text
    assert f'name="ids" value="{regs[0].pk}"' in text
    assert "Đồng ý, từ chối" in text and "Không, quay lại" in text
    assert 'href="/admin/' in text and "?status=pending" in text
    assert [Registration.objects.get(pk=r.pk).status for r in regs] == [S.PENDING] * 3
    assert not mailoutbox

    response = client.post(url, {**data, "confirm": "yes"})
    assert response.status_code == 302 and response.url.endswith("?status=pending")
    statuses = [Registration.objects.get(pk=r.pk).status for r in regs]
    assert statuses == [S.REJECTED, S.REJECTED, S.PENDING]


def test_cancelling_asks_first_listing_the_people(
    client, organizer, vi, mailoutbox, django_capture_on_commit_callbacks
):
    course = CourseFactory(capacity=5, title="Kỹ năng soạn thảo")
    people = [UserFactory(full_name=name) for name in ("Lý Thị Mai", "Võ Văn Tâm", "Hồ Văn Ba")]
    regs = [services.register(person, course) for person in people]
    url = reverse("courses_admin:registrations", args=[course.pk])
    mailoutbox.clear()
    data = {"action": "cancel", "ids": [regs[0].pk, regs[1].pk], "reason": "Trùng lịch công tác"}
    text = client.post(url, data).content.decode()
    assert "Hủy 2 lượt đăng ký khóa học Kỹ năng soạn thảo?" in text
    assert "Lý Thị Mai" in text and "Võ Văn Tâm" in text and "Hồ Văn Ba" not in text
    assert "kèm lý do: Trùng lịch công tác" in text
    assert "Đồng ý, hủy các lượt đăng ký này" in text
    assert [Registration.objects.get(pk=r.pk).status for r in regs] == [S.CONFIRMED] * 3
    assert not mailoutbox
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**data, "confirm": "yes"})
    assert response.status_code == 302
    statuses = [Registration.objects.get(pk=r.pk).status for r in regs]
    assert statuses == [S.CANCELLED, S.CANCELLED, S.CONFIRMED]
    assert sorted(m.to[0] for m in mailoutbox) == sorted(p.email for p in people[:2])
