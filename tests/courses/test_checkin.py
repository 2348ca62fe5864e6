"""Check-in without a camera (the typed code), the page after checking in, the organizer's door
screen and the printed sign-in sheet."""

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from accounts import roles
from courses import services
from courses.models import Attendance, Registration
from courses.services import RegistrationError
from tests.factories import UnitFactory, UserFactory
from tests.helpers import admin_client, hours_today

from .factories import CourseFactory, SessionFactory

pytestmark = pytest.mark.django_db
S = Registration.Status
A = Attendance.Status
PERIOD = services.CHECKIN_PERIOD


def session_at(now, *, start_before=dt.timedelta(minutes=5), length=dt.timedelta(hours=2)):
    """A session today that started `start_before` before `now`, within the day
    (tests.helpers.hours_today)."""
    starts, ends = hours_today(now, start_before, length - start_before)
    course = CourseFactory(sessions=0, capacity=50, venue="Hội trường tầng 3, Sở Nội vụ")
    return SessionFactory(
        course=course, date=timezone.localdate(now), starts_at=starts, ends_at=ends
    )


@pytest.fixture
def now():
    # Mid-morning, so a session around it stays within the day.
    return timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time(10, 0)))


# ------------------------------------------------------------------------------------------------
# The typed code
# ------------------------------------------------------------------------------------------------


def test_typed_code_shape_and_rotation(now):
    session = session_at(now)
    code = services.typed_checkin_code(session, now)
    assert len(code) == 6
    assert set(code) <= set(services.TYPED_CODE_ALPHABET)
    assert not set("0O1IL") & set(services.TYPED_CODE_ALPHABET)
    # The same within one window, another in the next one and for another session.
    window_start = dt.datetime.fromtimestamp(int(now.timestamp()) // PERIOD * PERIOD, tz=dt.UTC)
    assert services.typed_checkin_code(
        session, window_start + dt.timedelta(seconds=PERIOD - 1)
    ) == (services.typed_checkin_code(session, window_start))
    later = [
        services.typed_checkin_code(session, window_start + dt.timedelta(seconds=PERIOD * k))
        for k in range(1, 6)
    ]
    assert code not in later
    assert services.typed_checkin_code(session_at(now), now) != code


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("abc234", "ABC234"),
        (" AB C-234 ", "ABC234"),
        ("ABC–234", "ABC234"),
        ("ＡＢＣ２３４", "ABC234"),  # a fullwidth keyboard
        ("ABC23", None),
        ("ABC2345", None),
        ("ABC230", None),  # 0 is not in the alphabet
        ("ABCO34", None),
        ("ABC1I4", None),
        ("ABCL34", None),
        ("ÀBC234", None),
        ("", None),
        (None, None),
    ],
)
def test_clean_typed_code(typed, expected):
    assert services.clean_typed_code(typed) == expected


def registered(session, **kwargs):
    person = UserFactory(**kwargs)
    services.register(person, session.course, now=session.start - dt.timedelta(days=2))
    return person


def test_check_in_with_code_windows(now):
    session = session_at(now)
    person = registered(session)
    older = services.typed_checkin_code(session, now - dt.timedelta(seconds=2 * PERIOD))
    with pytest.raises(RegistrationError) as error:
        services.check_in_with_code(person, session, older, now=now)
    assert error.value.code == "checkin_code_wrong"
    with pytest.raises(RegistrationError) as error:
        services.check_in_with_code(person, session, "ABC-0OI", now=now)
    assert error.value.code == "checkin_code_format"
    assert not Attendance.objects.exists()
    previous = services.typed_checkin_code(session, now - dt.timedelta(seconds=PERIOD))
    typed = f"{previous[:3].lower()} {previous[3:].lower()}"
    attendance = services.check_in_with_code(person, session, typed, now=now)
    assert (attendance.status, attendance.recorded_by) == (A.PRESENT, person)
    with pytest.raises(RegistrationError) as error:
        services.check_in_with_code(person, session, previous, now=now)
    assert error.value.code == "already_checked_in"


def test_check_in_with_code_keeps_the_qr_rules(now):
    session = session_at(now, start_before=dt.timedelta(minutes=20))
    code = services.typed_checkin_code(session, now)
    with pytest.raises(RegistrationError) as error:
        services.check_in_with_code(UserFactory(), session, code, now=now)
    assert error.value.code == "checkin_not_participant"
    # Another session's code is refused.
    person = registered(session)
    other = session_at(now)
    with pytest.raises(RegistrationError) as error:
        services.check_in_with_code(
            person, session, services.typed_checkin_code(other, now), now=now
        )
    assert error.value.code == "checkin_code_wrong"
    # After LATE_AFTER the person is late.
    assert services.check_in_with_code(person, session, code, now=now).status == A.LATE
    # Not while the session is not running.
    future = SessionFactory(date=timezone.localdate(now) + dt.timedelta(days=3))
    person = registered(future)
    with pytest.raises(RegistrationError) as error:
        services.check_in_with_code(
            person, future, services.typed_checkin_code(future, now), now=now
        )
    assert error.value.code == "checkin_not_now"


def test_typed_code_guesses_are_limited_per_person_and_session(now):
    session = session_at(now)
    person = registered(session)
    limit = services.TYPED_CODE_LIMIT[0]
    right = services.typed_checkin_code(session, now)
    wrong = "ZZZZZZ" if right != "ZZZZZZ" else "YYYYYY"
    for _ in range(limit):
        with pytest.raises(RegistrationError) as error:
            services.check_in_with_code(person, session, wrong, now=now)
        assert error.value.code == "checkin_code_wrong"
    with pytest.raises(RegistrationError) as error:
        services.check_in_with_code(person, session, right, now=now)
    assert error.value.code == "checkin_too_many"
    assert not Attendance.objects.exists()
    # Someone else, or the same person on another session, still may.
    other = registered(session)
    assert services.check_in_with_code(other, session, right, now=now).status == A.PRESENT


# ------------------------------------------------------------------------------------------------
# The check-in page
# ------------------------------------------------------------------------------------------------


def running_session():
    return session_at(timezone.now(), start_before=dt.timedelta(minutes=1))


def test_check_in_page_with_typed_code_then_shows_the_status(client, vi):
    session = running_session()
    person = registered(session)
    url = reverse("courses:check_in", args=[session.pk])
    client.force_login(person)
    page = client.get(url).content.decode()
    assert 'name="typed_code"' in page and "Mã điểm danh" in page
    assert 'autocomplete="off"' in page and 'autocapitalize="characters"' in page
    assert 'inputmode="text"' in page

    response = client.post(url, {"typed_code": "ZZZ-ZZZ"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "không đúng hoặc đã hết hạn" in body
    assert 'aria-invalid="true"' in body
    assert not Attendance.objects.exists()
    body = client.post(url, {"typed_code": "AB"}).content.decode()
    assert "6 chữ cái và chữ số" in body

    code = services.typed_checkin_code(session)
    response = client.post(url, {"typed_code": code.lower()}, follow=True)
    body = response.content.decode()
    record = Attendance.objects.get()
    assert record.status == A.PRESENT
    assert "Có mặt" in body
    when = timezone.localtime(record.recorded_at).strftime("%H:%M %d/%m/%Y")
    assert when in body
    # The button and the field are gone once checked in.
    assert 'name="typed_code"' not in body and "Xác nhận tôi có mặt" not in body
    page = client.get(url, {"code": services.checkin_code(session)}).content.decode()
    assert "Xác nhận tôi có mặt" not in page and when in page


def test_status_shown_after_qr_check_in(client, vi):
    session = running_session()
    person = registered(session)
    client.force_login(person)
    url = reverse("courses:check_in", args=[session.pk])
    code = services.checkin_code(session)
    assert "Xác nhận tôi có mặt" in client.get(url, {"code": code}).content.decode()
    body = client.post(url, {"code": code}, follow=True).content.decode()
    assert "Bạn đã điểm danh thành công" in body and "Có mặt" in body
    assert "Xác nhận tôi có mặt" not in body


def test_check_in_page_rate_limited(client, vi):
    session = running_session()
    client.force_login(registered(session))
    url = reverse("courses:check_in", args=[session.pk])
    for _ in range(services.TYPED_CODE_LIMIT[0]):
        client.post(url, {"typed_code": "ZZZZZZ"})
    body = client.post(url, {"typed_code": services.typed_checkin_code(session)}).content.decode()
    assert "Bạn đã thử quá nhiều mã" in body
    assert not Attendance.objects.exists()


def test_check_in_start_page(client, vi):
    session = running_session()
    person = registered(session)
    client.force_login(person)
    response = client.get(reverse("courses:check_in_start"))
    assert response.status_code == 302
    assert response["Location"] == reverse("courses:check_in", args=[session.pk])
    client.force_login(UserFactory())
    body = client.get(reverse("courses:check_in_start")).content.decode()
    assert "đang mở điểm danh" in body


def test_projector_shows_the_typed_code(client, organizer):
    session = running_session()
    url = reverse("courses_admin:qr", args=[session.course.pk, session.pk])
    body = client.get(url).content.decode()
    match = re.search(r'id="typed-code"[^>]*>([^<]+)<', body)
    assert match, body
    assert match.group(1) in {
        services.typed_checkin_code(session),
        services.typed_checkin_code(session, timezone.now() - dt.timedelta(seconds=PERIOD)),
    }
    assert reverse("courses:check_in_start") in body


# ------------------------------------------------------------------------------------------------
# The door screen
# ------------------------------------------------------------------------------------------------


def door_url(session):
    return reverse("courses_admin:door", args=[session.course.pk, session.pk])


@pytest.fixture
def roles_set_up(db):
    call_command("setup_roles", stdout=io.StringIO())


def role_user(role):
    from django.contrib.auth.models import Group

    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


def test_door_screen_permission(client, roles_set_up):
    session = running_session()
    person = registered(session)
    url = door_url(session)
    post = {"registration": Registration.objects.get(person=person).pk, "status": A.PRESENT}
    # Logged out: to the login page, nothing recorded.
    assert client.get(url).status_code == 302
    assert client.post(url, post).status_code == 302
    refused = [
        UserFactory(),  # an ordinary civil servant
        UserFactory(is_staff=True),
        role_user(roles.EDITORS),
        role_user(roles.COORDINATORS),
        person,
    ]
    for user in refused:
        client.logout()
        admin_client(client, user)
        assert client.get(url).status_code in (302, 403), user
        assert client.post(url, post).status_code in (302, 403), user
        sheet = reverse("courses_admin:sign_in_sheet", args=[session.course.pk, session.pk])
        assert client.get(sheet).status_code in (302, 403), user
    assert not Attendance.objects.exists()
    client.logout()
    admin_client(client, role_user(roles.ORGANIZERS))
    assert client.get(url).status_code == 200
    client.post(url, post)
    assert Attendance.objects.get().status == A.PRESENT


def test_door_screen_search_is_tone_insensitive(client, organizer, vi):
    session = running_session()
    for name in ("Nguyễn Văn An", "Nguyễn Thị Bình", "Trần Đức Dũng", "Lê Văn Ánh"):
        registered(session, full_name=name)
    url = door_url(session)
    body = client.get(url, {"q": "nguyen van a"}).content.decode()
    assert "Nguyễn Văn An" in body
    assert "Nguyễn Thị Bình" not in body and "Lê Văn Ánh" not in body
    body = client.get(url, {"q": "DUC"}).content.decode()
    assert "Trần Đức Dũng" in body and "Nguyễn Văn An" not in body
    body = client.get(url, {"q": "anh"}).content.decode()
    assert "Lê Văn Ánh" in body and "Nguyễn Văn An" not in body
    body = client.get(url, {"q": "zzz"}).content.decode()
    assert "Không có ai" in body


def test_door_screen_marks_late_in_one_tap(client, organizer, vi):
    session = running_session()
    person = registered(session, full_name="Phạm Thị Lan")
    registration = Registration.objects.get(person=person)
    url = door_url(session)
    response = client.post(url, {"registration": registration.pk, "status": A.LATE, "q": "lan"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"?q=lan#reg-{registration.pk}")
    record = Attendance.objects.get()
    assert (record.status, record.method, record.recorded_by) == (
        A.LATE,
        Attendance.Method.MANUAL,
        organizer,
    )
    # With fetch: a JSON answer.
    answer = client.post(
        url,
        {"registration": registration.pk, "status": A.PRESENT},
        HTTP_ACCEPT="application/json",
    ).json()
    assert answer["ok"] and answer["status"] == A.PRESENT and answer["label"] == "Có mặt"
    # Only present or late, only people with a seat of this course.
    bad = client.post(
        url, {"registration": registration.pk, "status": A.ABSENT}, HTTP_ACCEPT="application/json"
    )
    assert bad.status_code == 400 and not bad.json()["ok"]
    outsider = services.register(UserFactory(), CourseFactory())
    bad = client.post(
        url, {"registration": outsider.pk, "status": A.PRESENT}, HTTP_ACCEPT="application/json"
    )
    assert bad.status_code == 400
    body = client.post(url, {"registration": "x", "status": A.PRESENT}, follow=True)
    assert body.status_code == 200
    assert Attendance.objects.get().status == A.PRESENT
    assert Attendance.objects.count() == 1


def test_door_screen_refuses_before_the_session_starts(client, organizer, vi):
    session = SessionFactory(date=timezone.localdate() + dt.timedelta(days=2))
    registration = Registration.objects.get(person=registered(session))
    body = client.get(door_url(session)).content.decode()
    assert "khi buổi học bắt đầu" in body
    body = client.post(
        door_url(session), {"registration": registration.pk, "status": A.PRESENT}, follow=True
    ).content.decode()
    assert "Chỉ có thể điểm danh khi buổi học đã bắt đầu" in body
    assert not Attendance.objects.exists()


def test_door_screen_queries_constant(client, organizer, django_assert_max_num_queries):
    session = running_session()
    for _ in range(3):
        registered(session)
    url = door_url(session)
    client.get(url)
    with django_assert_max_num_queries(20) as small:
        assert client.get(url).status_code == 200
    for _ in range(12):
        person = registered(session)
        services.mark_at_door(
            session,
            Registration.objects.get(person=person).pk,
            A.LATE,
            by=organizer,
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        body = client.get(url).content.decode()
    assert body.count('class="door-row') == 15


def test_sheet_qr_opens_the_person_on_the_door_screen(client, organizer, vi):
    session = running_session()
    people = [registered(session, full_name=n) for n in ("Hồ Văn Tâm", "Đỗ Thị Yến")]
    registration = Registration.objects.get(person=people[0])
    token = services.door_token(session, registration)
    body = client.get(door_url(session), {"r": token}).content.decode()
    assert "Hồ Văn Tâm" in body and "Đỗ Thị Yến" not in body
    assert "door-scanned" in body
    # Tampered: another registration id with the same signature, or another session.
    forged = token.replace(f".{registration.pk}:", f".{registration.pk + 1}:")
    assert forged != token
    body = client.get(door_url(session), {"r": forged}).content.decode()
    assert "không hợp lệ cho buổi học này" in body and "door-scanned" not in body
    other = SessionFactory(course=session.course, date=session.date + dt.timedelta(days=1))
    body = client.get(door_url(other), {"r": token}).content.decode()
    assert "không hợp lệ cho buổi học này" in body and "door-scanned" not in body
    with pytest.raises(RegistrationError):
        services.registration_id_from_door_token(other, token)
    assert services.registration_id_from_door_token(session, token) == registration.pk
    # Without JavaScript the mark comes back to the same scanned person.
    response = client.post(
        door_url(session), {"registration": registration.pk, "status": A.LATE, "r": token}
    )
    assert response.status_code == 302 and "r=" in response["Location"]
    assert Attendance.objects.get().status == A.LATE


# ------------------------------------------------------------------------------------------------
# The printed sign-in sheet
# ------------------------------------------------------------------------------------------------


def test_sign_in_sheet_pdf(client, organizer, django_assert_max_num_queries):
    session = running_session()
    unit = UnitFactory(name="Ủy ban nhân dân xã Hòa Bình")
    for name in ("Trần Văn Đức", "Lê Thị Bình", "Phạm Quốc Dũng"):
        registered(session, full_name=name, unit=unit)
    waiting = UserFactory(full_name="Võ Văn Chờ")
    session.course.capacity = 3
    session.course.save()
    services.register(waiting, session.course)
    cancelled = registered(session, full_name="Ngô Văn Hủy")
    services.cancel_own(cancelled, session.course, now=session.start - dt.timedelta(days=1))
    url = reverse("courses_admin:sign_in_sheet", args=[session.course.pk, session.pk])
    with django_assert_max_num_queries(20):
        response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    page = reader.pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    text = "\n".join(p.extract_text() for p in reader.pages)
    for heading in ("DANH SÁCH KÝ TÊN", "STT", "Họ và tên", "Đơn vị", "Ký tên"):
        assert heading in text, heading
    assert session.course.title in text and "Hội trường tầng 3" in text
    assert session.date.strftime("%d/%m/%Y") in text
    positions = [text.index(name) for name in ("Lê Thị Bình", "Phạm Quốc Dũng", "Trần Văn Đức")]
    assert positions == sorted(positions)  # Bình, Dũng, Đức: đ after d
    assert "Võ Văn Chờ" not in text and "Ngô Văn Hủy" not in text


def test_vietnamese_given_name_order():
    from common import vietnamese

    names = ["Trần Văn Đức", "Lê Thị Bình", "Phạm Quốc Dũng", "Nguyễn Văn Bình"]
    assert sorted(names, key=vietnamese.name_sort_key) == [
        "Lê Thị Bình",
        "Nguyễn Văn Bình",
        "Phạm Quốc Dũng",
        "Trần Văn Đức",
    ]
