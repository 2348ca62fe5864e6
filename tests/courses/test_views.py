import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from courses import services
from courses.models import Attendance, Registration, RegistrationQuestion
from tests.factories import UnitFactory, UserFactory
from tests.helpers import hours_today

from .factories import CourseFactory, SessionFactory

pytestmark = pytest.mark.django_db
S = Registration.Status


def make_courses(n, person=None):
    courses = [CourseFactory(capacity=3) for _ in range(n)]
    for course in courses:
        for _ in range(2):
            services.register(UserFactory(), course)
        if person is not None:
            services.register(person, course)
    return courses


def test_catalogue_queries_constant(client, user, django_assert_max_num_queries):
    make_courses(2, person=user)
    client.force_login(user)
    url = reverse("courses:catalogue")
    client.get(url)  # warm-up: site settings are created on the first request
    with django_assert_max_num_queries(11):
        small = client.get(url)
    make_courses(8, person=user)
    with django_assert_max_num_queries(11):
        big = client.get(url)
    assert small.status_code == big.status_code == 200
    assert big.content.decode().count('class="card course-card"') == 10


def test_catalogue_filters(client, user):
    client.force_login(user)
    workshop = CourseFactory(kind="workshop", title="Hội thảo số hóa hồ sơ")
    closed = CourseFactory(
        registration_closes_at=timezone.now() - dt.timedelta(days=1), title="Lớp đã đóng"
    )
    other_unit = CourseFactory(audience="listed", title="Lớp riêng đơn vị khác")
    other_unit.audience_units.add(UnitFactory())
    other_unit.save()
    url = reverse("courses:catalogue")
    page = client.get(url, {"kind": "workshop"}).content.decode()
    assert workshop.title in page and closed.title not in page
    page = client.get(url, {"open": "on"}).content.decode()
    assert closed.title not in page and workshop.title in page
    page = client.get(url, {"mine": "on"}).content.decode()
    assert other_unit.title not in page and workshop.title in page
    month = workshop.first_day.strftime("%Y-%m")
    assert workshop.title in client.get(url, {"month": month}).content.decode()
    assert client.get(url, {"month": "2030-13"}).status_code == 200
    # Typed day-first like every date here; no type=month box.
    typed = client.get(url, {"month": workshop.first_day.strftime("%m/%Y")}).content.decode()
    assert workshop.title in typed
    assert 'placeholder="mm/yyyy"' in typed and 'type="month"' not in typed
    assert (
        "Hãy nhập tháng theo dạng mm/yyyy" in client.get(url, {"month": "13/2030"}).content.decode()
    )
    assert workshop.title in client.get(url, {"q": "hoi thao so hoa"}).content.decode()


def test_detail_and_my_courses_queries_constant(client, user, django_assert_max_num_queries):
    courses = make_courses(2, person=user)
    client.force_login(user)
    client.get(reverse("courses:catalogue"))  # warm-up: site settings
    with django_assert_max_num_queries(14):
        assert client.get(courses[0].get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(11):
        client.get(reverse("courses:my_courses"))
    more = make_courses(8, person=user)
    for course in more:
        SessionFactory(course=course)
    with django_assert_max_num_queries(14):
        assert client.get(more[-1].get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(11):
        page = client.get(reverse("courses:my_courses")).content.decode()
    assert page.count("<h3>") == 10


def test_sign_up_full_course_waitlist_then_cancel(client, vi):
    course = CourseFactory(capacity=1)
    first, second = UserFactory(), UserFactory()
    client.force_login(first)
    response = client.post(reverse("courses:sign_up", args=[course.slug]), follow=True)
    assert "chỗ của bạn đã được xác nhận" in response.content.decode().lower()
    client.force_login(second)
    response = client.post(reverse("courses:sign_up", args=[course.slug]), follow=True)
    body = response.content.decode()
    assert (
        "danh sách chờ" in body.lower()
        and Registration.objects.get(person=second).status == S.WAITLISTED
    )
    response = client.post(reverse("courses:sign_up", args=[course.slug]), follow=True)
    assert "đã đăng ký" in response.content.decode()
    client.force_login(first)
    url = reverse("courses:cancel", args=[course.slug])
    # The course page links to a confirmation that says what cancelling means.
    detail = client.get(reverse("courses:detail", args=[course.slug])).content.decode()
    assert f'href="{url}"' in detail
    for asked in (client.get(url), client.post(url)):  # no confirmation: nothing happens
        page = asked.content.decode()
        assert asked.status_code == 200 and "Hủy đăng ký khóa học?" in page
        assert "chuyển ngay cho người tiếp theo trong danh sách chờ (1 người đang chờ)" in page
    assert Registration.objects.get(person=first).status == S.CONFIRMED
    client.post(url, {"confirm": "yes"})
    assert Registration.objects.get(person=first).status == S.CANCELLED
    assert Registration.objects.get(person=second).status == S.CONFIRMED
    # Nothing left to cancel: back to the course page.
    assert client.get(url).status_code == 302


def test_sign_up_bad_answers_message_no_record(client, user, vi):
    course = CourseFactory()
    question = RegistrationQuestion.objects.create(
        course=course, text="Vị trí việc làm?", max_length=5
    )
    client.force_login(user)
    url = reverse("courses:sign_up", args=[course.slug])
    body = client.post(url, {str(question.pk): ""}, follow=True).content.decode()
    assert "Vị trí việc làm?" in body
    body = client.post(url, {str(question.pk): "quá dài rồi"}, follow=True).content.decode()
    assert "quá dài" in body
    assert not Registration.objects.exists()


def test_sign_up_requires_login_and_post(client):
    course = CourseFactory()
    url = reverse("courses:sign_up", args=[course.slug])
    assert client.post(url).status_code == 302
    assert not Registration.objects.exists()


def test_ics_files_parse(client, user):
    course = CourseFactory(sessions=3)
    response = client.get(reverse("courses:course_ics", args=[course.slug]))
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert len(events) == 3
    assert events[0]["summary"].startswith(course.title)
    services.register(user, course)
    services.register(user, CourseFactory(sessions=1))
    client.force_login(user)
    calendar = Calendar.from_ical(client.get(reverse("courses:my_ics")).content)
    assert len(calendar.walk("VEVENT")) == 4


def test_check_in_page(client, user, vi):
    now = timezone.localtime()
    start, end = hours_today(now, dt.timedelta(minutes=5), dt.timedelta(minutes=90))
    course = CourseFactory(sessions=0)
    session = SessionFactory(course=course, date=now.date(), starts_at=start, ends_at=end)
    services.register(user, course)
    url = reverse("courses:check_in", args=[session.pk])
    code = services.checkin_code(session)
    assert client.get(url, {"code": code}).status_code == 302  # login first
    client.force_login(user)
    assert client.get(url, {"code": code}).status_code == 200
    assert not Attendance.objects.exists()  # a GET never checks in
    client.post(url, {"code": code})
    assert Attendance.objects.get().status == Attendance.Status.PRESENT
    body = client.post(url, {"code": code}).content.decode()
    assert "đã điểm danh" in body
    body = client.post(url, {"code": "123-forged"}).content.decode()
    assert "không hợp lệ" in body


def test_coordinator_pages(client, vi):
    unit = UnitFactory()
    coordinator = UserFactory(unit=unit)
    coordinator.coordinated_units.add(unit)
    staff = [UserFactory(unit=unit) for _ in range(3)]
    outsider = UserFactory()
    course = CourseFactory(capacity=2)
    client.force_login(coordinator)
    assert course.title in client.get(reverse("courses:coordinator")).content.decode()
    url = reverse("courses:nominate", args=[course.slug])
    page = client.get(url).content.decode()
    assert staff[0].full_name in page and outsider.full_name not in page
    body = client.post(url, {"people": [outsider.pk]}, follow=True).content.decode()
    assert "chỉ được cử" in body.lower()
    assert not Registration.objects.exists()
    client.post(url, {"people": [p.pk for p in staff]})
    assert sorted(Registration.objects.values_list("status", flat=True)) == [
        S.CONFIRMED,
        S.CONFIRMED,
        S.WAITLISTED,
    ]
    client.force_login(outsider)
    assert client.get(reverse("courses:coordinator")).status_code == 403


def test_nominating_ids_outside_the_units_names_no_one(client, vi):
    """Posting someone else's id must not tell the coordinator who that is, nor whether the id
    exists: the same refusal, naming no one, for a person of another unit and for no person."""
    unit = UnitFactory()
    coordinator = UserFactory(unit=unit)
    coordinator.coordinated_units.add(unit)
    colleague = UserFactory(unit=unit, full_name="Trần Thị Đồng Nghiệp")
    outsider = UserFactory(full_name="Lê Văn Ngoài Đơn Vị")
    nobody = outsider.pk + 1000
    course = CourseFactory()
    client.force_login(coordinator)
    url = reverse("courses:nominate", args=[course.slug])
    for people in ([outsider.pk], [colleague.pk, outsider.pk], [nobody], [colleague.pk, nobody]):
        response = client.post(url, {"people": people}, follow=True)
        assert response.status_code == 200
        body = response.content.decode()
        assert "Bạn chỉ được cử cán bộ của đơn vị mình phụ trách." in body
        assert outsider.full_name not in body
        assert outsider.email not in body
    assert not Registration.objects.exists()


def test_public_contract(rf, user):
    from courses import public

    course = CourseFactory(title="Tập huấn Đường dây nóng")
    assert not public.is_participant(user, course)
    services.register(user, course)
    assert public.is_participant(user, course)
    html = public.home_section(rf.get("/"))
    assert "<section" in html and course.title in html


def test_course_page_says_who_may_sign_up_before_the_form(client, user, vi):
    from tests.factories import UnitGroupFactory

    course = CourseFactory(audience="listed", title="Lớp riêng cho cấp xã")
    group = UnitGroupFactory(name="Khối xã, phường")
    ward = UnitFactory(name="Ủy ban nhân dân phường Trung Tâm")
    course.audience_groups.add(group)
    course.audience_units.add(ward)
    course.save()  # parental many-to-many: stored on save
    client.force_login(user)
    page = client.get(reverse("courses:detail", args=[course.slug])).content.decode()
    note = "Chỉ cán bộ, công chức, viên chức của các đơn vị, nhóm đơn vị sau được đăng ký:"
    assert f"{note} Khối xã, phường; Ủy ban nhân dân phường Trung Tâm." in page
    assert page.index(note) < page.index('class="sign-up"') if 'class="sign-up"' in page else True
    open_course = CourseFactory()
    assert (
        note not in client.get(reverse("courses:detail", args=[open_course.slug])).content.decode()
    )
