"""The registrations workbook (answers to the extra questions, the reason, real date cells,
fitted columns, a name from the course title) and "Dừng nhận đăng ký", the switch that closes
registration at once."""

import datetime as dt
import io
from decimal import Decimal
from urllib.parse import quote

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from common.spreadsheets import MAX_WIDTH, attachment_disposition
from courses import services
from courses.errors import RegistrationError
from courses.models import Course, Registration, RegistrationQuestion
from tests.factories import UnitFactory, UserFactory
from tests.helpers import admin_client

from .factories import CourseFactory

pytestmark = pytest.mark.django_db
S = Registration.Status
HCM = dt.timezone(dt.timedelta(hours=7))


def _export(client, course, fmt="xlsx"):
    return client.get(reverse("courses_admin:export", args=[course.pk, fmt]))


def _sheet(response):
    return load_workbook(io.BytesIO(response.content)).active


def _course_with_questions():
    course = CourseFactory(
        title="Tập huấn Đề án 06 – chuyển đổi số", capacity=1, registration_opens_at=None
    )
    first = RegistrationQuestion.objects.create(
        course=course, text="Lĩnh vực công tác?", sort_order=1
    )
    second = RegistrationQuestion.objects.create(
        course=course, text="Bạn mong muốn học được gì?", required=False, sort_order=2
    )
    return course, first, second


def test_workbook_has_answers_reason_and_date_cells(client, organizer, vi):
    course, first, second = _course_with_questions()
    registered = dt.datetime(2026, 3, 2, 1, 30, tzinfo=dt.UTC)  # 08:30 in Hà Nội time
    long_answer = "Hướng dẫn giải quyết thủ tục hành chính trên Cổng dịch vụ công. " * 3
    an = services.register(
        UserFactory(full_name="Nguyễn Thị An"),
        course,
        answers={str(first.pk): "Tư pháp", str(second.pk): long_answer},
        now=registered,
    )
    binh = services.register(
        UserFactory(full_name="Trần Văn Bình"),
        course,
        answers={str(first.pk): "Nội vụ"},
        now=registered + dt.timedelta(hours=1),
    )
    cancelled = registered + dt.timedelta(days=1)
    services.cancel(binh, by=organizer, reason="Trùng lịch công tác", now=cancelled)

    Registration.objects.filter(pk=an.pk).update(final_test_score=Decimal("8.5"))

    response = _export(client, course)
    sheet = _sheet(response)
    headers = [cell.value for cell in sheet[1]]
    # One column per question, headed by its text, in the course's order.
    assert headers[-2:] == ["Lĩnh vực công tác?", "Bạn mong muốn học được gì?"]
    column = {header: index for index, header in enumerate(headers)}
    rows = list(sheet.iter_rows(min_row=2))
    by_name = {row[column["Họ và tên"]].value: row for row in rows}
    an_row, binh_row = by_name["Nguyễn Thị An"], by_name["Trần Văn Bình"]
    assert an_row[-2].value == "Tư pháp" and an_row[-1].value == long_answer.strip()
    assert binh_row[-2].value == "Nội vụ" and binh_row[-1].value is None

    reason = [h for h in headers if h.startswith("Lý do")][0]
    assert binh_row[column[reason]].value == "Trùng lịch công tác"
    assert an_row[column[reason]].value is None

    # Real date cells, in local time, shown dd/mm/yyyy hh:mm.
    created = an_row[column["Thời điểm đăng ký"]]
    assert created.is_date and created.value == dt.datetime(2026, 3, 2, 8, 30)
    assert created.number_format == "dd/mm/yyyy hh:mm"
    cancelled_cell = binh_row[column["Thời điểm hủy"]]
    assert cancelled_cell.is_date and cancelled_cell.value == dt.datetime(2026, 3, 3, 8, 30)
    decided = an_row[column["Thời điểm xử lý"]]  # confirmed at once: decided when registered
    assert decided.is_date and decided.value == dt.datetime(2026, 3, 2, 8, 30)
    assert an.status == S.CONFIRMED
    assert an_row[column["Điểm kiểm tra cuối khóa"]].value == 8.5  # a number, not text

    # Columns fit their content, within bounds; the header row stays in view.
    widths = {
        header: sheet.column_dimensions[cell.column_letter].width
        for header, cell in zip(headers, sheet[1], strict=True)
    }
    assert widths["Họ và tên"] >= len("Nguyễn Thị An")
    assert widths["Thời điểm đăng ký"] >= len("dd/mm/yyyy hh:mm")
    assert widths["Bạn mong muốn học được gì?"] == MAX_WIDTH  # long answers are capped
    assert widths["STT"] < 20
    assert sheet.freeze_panes == "A2"


def test_csv_writes_dates_as_text_and_has_the_answers(client, organizer, vi):
    course, first, _second = _course_with_questions()
    services.register(
        UserFactory(),
        course,
        answers={str(first.pk): "Tư pháp"},
        now=dt.datetime(2026, 3, 2, 1, 30, tzinfo=dt.UTC),
    )
    text = _export(client, course, "csv").content.decode("utf-8-sig")
    assert "Lĩnh vực công tác?" in text.splitlines()[0]
    assert "02/03/2026 08:30" in text and "Tư pháp" in text


def test_file_is_named_after_the_course_title(client, organizer):
    course, _first, _second = _course_with_questions()
    today = timezone.localdate().strftime("%d-%m-%Y")
    name = f"dang-ky-tap-huan-de-an-06-chuyen-doi-so-{today}"
    for fmt in ("xlsx", "csv"):
        disposition = _export(client, course, fmt)["Content-Disposition"]
        assert disposition == (
            f"attachment; filename=\"{name}.{fmt}\"; filename*=UTF-8''{name}.{fmt}"
        )


def test_disposition_keeps_an_ascii_fallback_for_vietnamese_names():
    header = attachment_disposition("Kết quả đợt 1.xlsx")
    assert header == (
        f"attachment; filename=\"Ket qua dot 1.xlsx\"; filename*=UTF-8''{quote('Kết quả đợt 1.xlsx')}"
    )


def test_export_queries_do_not_grow_with_registrations(client, organizer):
    def count(course):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert _export(client, course).status_code == 200
        return len(queries)

    small, first, _ = _course_with_questions()
    big = CourseFactory(capacity=40)
    RegistrationQuestion.objects.create(course=big, text="Lĩnh vực công tác?")
    for _ in range(3):
        services.register(UserFactory(unit=UnitFactory()), small, answers={str(first.pk): "x"})
    question = big.questions.get()
    for _ in range(30):
        services.register(UserFactory(unit=UnitFactory()), big, answers={str(question.pk): "y"})
    count(small)  # warm the caches (session, permissions) alike for both
    assert count(small) == count(big)


# ----------------------------------------------------------------------------------------------
# "Dừng nhận đăng ký"
# ----------------------------------------------------------------------------------------------


def _pause(client, course, paused=True):
    return client.post(
        reverse("courses_admin:pause_registration", args=[course.pk]),
        {"paused": "1" if paused else "0"},
        follow=True,
    )


def test_organizer_pauses_and_every_way_in_is_refused(client, organizer, vi):
    ward = UnitFactory()
    coordinator = UserFactory(unit=ward)
    coordinator.coordinated_units.add(ward)
    nominee = UserFactory(unit=ward)
    course = CourseFactory()
    already = services.register(UserFactory(), course)

    body = _pause(client, course).content.decode()
    assert "Đã dừng nhận đăng ký" in body and "Mở lại đăng ký" in body
    course.refresh_from_db()
    assert course.registration_paused and course.registration_refusal() == "paused"
    entry = ModelLogEntry.objects.get(action="courses.pause_registration")
    assert entry.user == organizer and entry.object_id == str(course.pk)

    # The service itself, the sign-up form and a unit coordinator's nomination all refuse.
    with pytest.raises(RegistrationError) as refused:
        services.register(UserFactory(), course)
    assert refused.value.message == "Khóa học đã tạm dừng nhận đăng ký."
    with pytest.raises(RegistrationError):
        services.nominate(coordinator, course, [nominee])
    person = UserFactory()
    client.force_login(person)
    page = client.get(reverse("courses:detail", args=[course.slug])).content.decode()
    assert "Khóa học đã tạm dừng nhận đăng ký." in page
    assert reverse("courses:sign_up", args=[course.slug]) not in page
    body = client.post(reverse("courses:sign_up", args=[course.slug]), follow=True)
    assert "Khóa học đã tạm dừng nhận đăng ký." in body.content.decode()
    catalogue = client.get(reverse("courses:catalogue")).content.decode()
    assert "Đã dừng nhận đăng ký" in catalogue
    client.force_login(coordinator)
    home = client.get(reverse("courses:coordinator")).content.decode()
    assert "Đã dừng nhận đăng ký" in home
    assert reverse("courses:nominate", args=[course.slug]) not in home
    body = client.post(
        reverse("courses:nominate", args=[course.slug]), {"people": [str(nominee.pk)]}, follow=True
    )
    assert "Khóa học đã tạm dừng nhận đăng ký." in body.content.decode()
    assert not Registration.objects.exclude(pk=already.pk).exists()
    # Listings of open courses agree with the rule.
    assert not Course.objects.open_for_registration(timezone.now()).filter(pk=course.pk).exists()
    # Those already registered keep their place.
    already.refresh_from_db()
    assert already.status == S.CONFIRMED


def test_reopening_lets_people_sign_up_again(client, organizer, vi):
    course = CourseFactory()
    _pause(client, course)
    body = _pause(client, course, paused=False).content.decode()
    assert "Đã mở lại việc nhận đăng ký." in body and "Dừng nhận đăng ký" in body
    course.refresh_from_db()
    assert not course.registration_paused
    assert ModelLogEntry.objects.filter(action="courses.resume_registration").count() == 1
    assert services.register(UserFactory(), course).status == S.CONFIRMED
    # Posting the state it is already in changes nothing and logs nothing.
    _pause(client, course, paused=False)
    assert ModelLogEntry.objects.filter(action="courses.resume_registration").count() == 1


def test_only_organizers_may_pause(client):
    course = CourseFactory()
    url = reverse("courses_admin:pause_registration", args=[course.pk])
    # Staff with the admin but without "manage registrations".
    clerk = UserFactory(is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="access_admin"))
    admin_client(client, clerk)
    assert client.post(url, {"paused": "1"}).status_code in (302, 403)
    # A member of the public.
    client.force_login(UserFactory())
    assert client.post(url, {"paused": "1"}).status_code in (302, 403)
    course.refresh_from_db()
    assert not course.registration_paused
    assert not ModelLogEntry.objects.filter(action="courses.pause_registration").exists()
