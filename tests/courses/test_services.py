import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from wagtail.models import ModelLogEntry

from accounts.models import UnitGroup
from courses import services
from courses.models import Attendance, Course, Registration, RegistrationQuestion
from courses.services import RegistrationError
from courses.signals import completion_confirmed
from tests.factories import UnitFactory, UserFactory
from tests.helpers import hours_today

from .factories import CourseFactory, SessionFactory

pytestmark = pytest.mark.django_db
S = Registration.Status


@pytest.fixture
def now():
    return timezone.now()


def people(n, **kwargs):
    return [UserFactory(**kwargs) for _ in range(n)]


def test_register_confirms_then_waitlists_in_order(now):
    course = CourseFactory(capacity=2)
    regs = [
        services.register(p, course, now=now + dt.timedelta(seconds=i))
        for i, p in enumerate(people(4))
    ]
    assert [r.status for r in regs] == [S.CONFIRMED, S.CONFIRMED, S.WAITLISTED, S.WAITLISTED]
    assert services.waiting_position(regs[2]) == 1
    assert services.waiting_position(regs[3]) == 2


def test_register_without_waiting_list_refuses_when_full(now):
    course = CourseFactory(capacity=1, waiting_list_enabled=False)
    services.register(UserFactory(), course, now=now)
    person = UserFactory()
    with pytest.raises(RegistrationError) as error:
        services.register(person, course, now=now)
    assert error.value.code == "full"
    assert not Registration.objects.filter(person=person).exists()


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"registration_opens_at": timezone.now() + dt.timedelta(days=1)}, "not_open_yet"),
        ({"registration_closes_at": timezone.now() - dt.timedelta(days=1)}, "closed"),
        ({"status": Course.Status.CANCELLED}, "course_cancelled"),
        ({"status": Course.Status.DRAFT}, "not_published"),
    ],
)
def test_register_refused_outside_window_or_when_not_open(change, code, vi):
    course = CourseFactory(**change)
    with pytest.raises(RegistrationError) as error:
        services.register(UserFactory(), course)
    assert error.value.code == code
    assert error.value.message  # a readable sentence, not a code
    assert not Registration.objects.exists()


def test_register_twice_refused(now):
    course = CourseFactory()
    person = UserFactory()
    services.register(person, course, now=now)
    with pytest.raises(RegistrationError) as error:
        services.register(person, course, now=now)
    assert error.value.code == "already_registered"
    assert Registration.objects.count() == 1


def test_register_again_after_cancelling_goes_to_the_back(now):
    course = CourseFactory(capacity=1)
    first, second = people(2)
    reg = services.register(first, course, now=now)
    services.register(second, course, now=now + dt.timedelta(seconds=1))
    services.cancel(reg, by=first, now=now + dt.timedelta(seconds=2))
    again = services.register(first, course, now=now + dt.timedelta(seconds=3))
    assert again.pk == reg.pk and again.status == S.WAITLISTED
    assert Registration.objects.get(person=second).status == S.CONFIRMED


def test_audience_by_unit_and_group(now):
    group = UnitGroup.objects.create(code="cap-xa-test", name="Cấp xã")
    listed, in_group, other = UnitFactory(), UnitFactory(group=group), UnitFactory()
    course = CourseFactory(audience=Course.Audience.LISTED)
    course.audience_units.add(listed)
    course.audience_groups.add(group)
    course.save()  # parental many-to-many relations are written on save
    services.register(UserFactory(unit=listed), course, now=now)
    services.register(UserFactory(unit=in_group), course, now=now)
    with pytest.raises(RegistrationError) as error:
        services.register(UserFactory(unit=other), course, now=now)
    assert error.value.code == "not_in_audience"
    with pytest.raises(RegistrationError) as error:
        services.register(UserFactory(unit=None), course, now=now)
    assert error.value.code == "no_unit"
    assert Registration.objects.count() == 2


def test_extra_questions_required_and_length(now):
    course = CourseFactory()
    q = RegistrationQuestion.objects.create(course=course, text="Lĩnh vực công tác?", max_length=10)
    person = UserFactory()
    with pytest.raises(RegistrationError) as error:
        services.register(person, course, answers={}, now=now)
    assert error.value.code == "answer_missing"
    with pytest.raises(RegistrationError) as error:
        services.register(person, course, answers={str(q.pk): "x" * 11}, now=now)
    assert error.value.code == "answer_too_long"
    assert not Registration.objects.exists()
    reg = services.register(person, course, answers={str(q.pk): "Tư pháp"}, now=now)
    assert reg.answers[str(q.pk)]["answer"] == "Tư pháp"


def test_cancel_promotes_first_waitlisted(now, django_capture_on_commit_callbacks, mailoutbox):
    course = CourseFactory(capacity=1)
    a, b, c = people(3)
    ra = services.register(a, course, now=now)
    services.register(b, course, now=now + dt.timedelta(seconds=1))
    services.register(c, course, now=now + dt.timedelta(seconds=2))
    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.cancel(ra, by=a, now=now + dt.timedelta(seconds=3))
    assert [r.person for r in promoted] == [b]
    statuses = dict(Registration.objects.values_list("person", "status"))
    assert statuses == {a.pk: S.CANCELLED, b.pk: S.CONFIRMED, c.pk: S.WAITLISTED}
    assert {m.to[0] for m in mailoutbox} == {a.email, b.email}
    promoted_mail = next(m for m in mailoutbox if m.to == [b.email])
    assert promoted_mail.attachments and promoted_mail.attachments[0][2] == "text/calendar"


def test_cancel_twice_and_after_start_refused(now):
    course = CourseFactory()
    person = UserFactory()
    reg = services.register(person, course, now=now)
    with pytest.raises(RegistrationError) as error:
        services.cancel(reg, by=person, now=now + dt.timedelta(days=30))
    assert error.value.code == "course_started"
    services.cancel(reg, by=person, now=now)
    with pytest.raises(RegistrationError) as error:
        services.cancel(reg, by=person, now=now)
    assert error.value.code == "cannot_cancel"


def test_organizer_cancel_notifies_with_reason(now, django_capture_on_commit_callbacks, mailoutbox):
    course = CourseFactory()
    organizer = UserFactory(is_staff=True)
    reg = services.register(UserFactory(), course, now=now)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(reg, by=organizer, now=now, reason="Trùng lịch công tác")
    assert "Trùng lịch công tác" in mailoutbox[-1].body
    assert ModelLogEntry.objects.filter(action="courses.cancel").exists()


def test_approval_flow(now, django_capture_on_commit_callbacks, mailoutbox):
    course = CourseFactory(capacity=1, requires_approval=True)
    organizer = UserFactory()
    a, b, c = people(3)
    ra, rb, rc = (services.register(p, course, now=now) for p in (a, b, c))
    assert {ra.status, rb.status, rc.status} == {S.PENDING}
    assert services.approve(ra, by=organizer, now=now).status == S.CONFIRMED
    assert services.approve(rb, by=organizer, now=now).status == S.WAITLISTED
    with pytest.raises(RegistrationError) as error:
        services.approve(ra, by=organizer, now=now)
    assert error.value.code == "not_pending"
    with pytest.raises(RegistrationError) as error:
        services.reject(rc, by=organizer, reason="  ", now=now)
    assert error.value.code == "reason_required"
    with django_capture_on_commit_callbacks(execute=True):
        services.reject(rc, by=organizer, reason="Không đúng đối tượng", now=now)
    assert "Không đúng đối tượng" in mailoutbox[-1].body
    # Rejecting a seated person passes the seat on.
    services.reject(ra, by=organizer, reason="Đơn vị cử người khác", now=now)
    rb.refresh_from_db()
    assert rb.status == S.CONFIRMED
    assert ModelLogEntry.objects.filter(action="courses.approve").count() == 2


def test_nominate_several_overflow_to_waiting_list(now):
    unit = UnitFactory()
    coordinator = UserFactory(unit=unit)
    coordinator.coordinated_units.add(unit)
    course = CourseFactory(capacity=2)
    staff = people(3, unit=unit)
    regs = services.nominate(coordinator, course, staff, now=now)
    assert [r.status for r in regs] == [S.CONFIRMED, S.CONFIRMED, S.WAITLISTED]
    assert all(
        r.source == Registration.Source.NOMINATION and r.created_by == coordinator for r in regs
    )


def test_nominate_outside_own_unit_changes_nothing(now):
    unit = UnitFactory()
    coordinator = UserFactory(unit=unit)
    coordinator.coordinated_units.add(unit)
    course = CourseFactory()
    with pytest.raises(RegistrationError) as error:
        services.nominate(coordinator, course, [UserFactory(unit=unit), UserFactory()], now=now)
    assert error.value.code == "not_coordinator"
    assert not Registration.objects.exists()


def test_capacity_changes(now):
    course = CourseFactory(capacity=2)
    organizer = UserFactory()
    for i, p in enumerate(people(4)):
        services.register(p, course, now=now + dt.timedelta(seconds=i))
    with pytest.raises(RegistrationError) as error:
        services.set_capacity(course, 1, by=organizer, now=now)
    assert error.value.code == "capacity_below_confirmed"
    course.refresh_from_db()
    assert course.capacity == 2
    with pytest.raises(RegistrationError):
        services.set_capacity(course, "abc", by=organizer, now=now)
    promoted = services.set_capacity(course, 3, by=organizer, now=now)
    assert len(promoted) == 1 and promoted[0].queued_at == now + dt.timedelta(seconds=2)
    assert services.seats_taken(course) == 3


def test_move_by_hand_with_audit(now):
    course = CourseFactory(capacity=1)
    organizer = UserFactory()
    a, b = people(2)
    ra = services.register(a, course, now=now)
    rb = services.register(b, course, now=now + dt.timedelta(seconds=1))
    with pytest.raises(RegistrationError) as error:
        services.move(rb, S.CONFIRMED, by=organizer, now=now)
    assert error.value.code == "no_seat"
    services.move(ra, S.WAITLISTED, by=organizer, now=now + dt.timedelta(seconds=5), reason="Đổi")
    ra.refresh_from_db()
    rb.refresh_from_db()
    assert (ra.status, rb.status) == (S.WAITLISTED, S.CONFIRMED)
    with pytest.raises(RegistrationError) as error:
        services.move(ra, S.COMPLETED, by=organizer, now=now)
    assert error.value.code == "move_invalid"
    entry = ModelLogEntry.objects.get(action="courses.move")
    assert entry.data["from"] == S.CONFIRMED and entry.user_id == organizer.pk


def test_cancel_course(now, django_capture_on_commit_callbacks, mailoutbox):
    course = CourseFactory(capacity=1)
    for p in people(2):
        services.register(p, course, now=now)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.cancel_course(course, by=UserFactory(), reason="Thay đổi kế hoạch") == 2
    assert set(Registration.objects.values_list("status", flat=True)) == {S.CANCELLED}
    assert len(mailoutbox) == 2
    with pytest.raises(RegistrationError) as error:
        services.register(UserFactory(), course, now=now)
    assert error.value.code == "course_cancelled"


def running_session(now):
    local = timezone.localtime(now)
    start, end = hours_today(now, dt.timedelta(minutes=30), dt.timedelta(minutes=60))
    course = CourseFactory(sessions=0)
    return SessionFactory(course=course, date=local.date(), starts_at=start, ends_at=end)


def test_check_in_rules():
    # A fixed time of day: a session 09:30-11:00 today, checked in at 10:00 (the clock-based
    # `now` fell back to a 00:00-23:59 session just after midnight, where 10:00 is not late).
    now = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time(10, 0)))
    session = running_session(now)
    assert (session.starts_at, session.ends_at) == (dt.time(9, 30), dt.time(11, 0))
    person = UserFactory()
    services.register(person, session.course, now=now - dt.timedelta(days=1))
    code = services.checkin_code(session, now)
    with pytest.raises(RegistrationError) as error:
        services.check_in(person, session, code[:-1] + ("0" if code[-1] != "0" else "1"), now=now)
    assert error.value.code == "checkin_forged"
    old = services.checkin_code(session, now - dt.timedelta(seconds=3 * services.CHECKIN_PERIOD))
    with pytest.raises(RegistrationError) as error:
        services.check_in(person, session, old, now=now)
    assert error.value.code == "checkin_expired"
    with pytest.raises(RegistrationError) as error:
        services.check_in(UserFactory(), session, code, now=now)
    assert error.value.code == "checkin_not_participant"
    attendance = services.check_in(person, session, code, now=now)
    assert attendance.method == Attendance.Method.QR
    assert attendance.status == Attendance.Status.LATE  # 30 minutes after the start
    with pytest.raises(RegistrationError) as error:
        services.check_in(person, session, code, now=now)
    assert error.value.code == "already_checked_in"
    assert Attendance.objects.count() == 1


def test_check_in_outside_session(now):
    session = SessionFactory(date=timezone.localdate(now) + dt.timedelta(days=3))
    later = session.start - dt.timedelta(hours=2)
    code = services.checkin_code(session, later)
    with pytest.raises(RegistrationError) as error:
        services.check_in(UserFactory(), session, code, now=later)
    assert error.value.code == "checkin_not_now"


def test_mark_attendance_and_completion(now, django_capture_on_commit_callbacks):
    course = CourseFactory(
        sessions=4, capacity=5, min_attendance_percent=75, pass_mark=Decimal("5")
    )
    organizer = UserFactory()
    a, b, c = people(3)
    ra, rb, rc = (services.register(p, course, now=now) for p in (a, b, c))
    sessions = list(course.sessions.all())
    P, A = Attendance.Status.PRESENT, Attendance.Status.ABSENT
    plan = {ra.pk: [P, P, P, A], rb.pk: [P, A, A, A], rc.pk: [P, P, P, P]}
    after = sessions[-1].end + dt.timedelta(hours=1)
    for index, session in enumerate(sessions):
        services.mark_attendance(
            session, {pk: marks[index] for pk, marks in plan.items()}, by=organizer, now=after
        )
    with pytest.raises(RegistrationError):
        services.mark_attendance(sessions[0], {ra.pk: "sleeping"}, by=organizer, now=after)
    with pytest.raises(RegistrationError):
        services.mark_attendance(sessions[0], {999999: P}, by=organizer, now=after)
    services.record_test_result(person=a, course=course, score=Decimal("7.5"))
    services.record_test_result(person=a, course=course, score=Decimal("6"))  # best kept
    services.record_test_result(person=c, course=course, score=Decimal("4"))
    overview = {row.registration.pk: row for row in services.completion_overview(course)}
    assert overview[ra.pk].completed and overview[ra.pk].score == Decimal("7.50")
    assert not overview[rb.pk].meets_attendance
    assert overview[rc.pk].meets_attendance and not overview[rc.pk].meets_test
    received = []

    def receiver(sender, registration, **kwargs):
        received.append(registration.pk)

    completion_confirmed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            assert services.confirm_completion(course, by=organizer, now=after) == (1, 2)
            assert received == []  # only after commit
        for callback in callbacks:
            callback()
    finally:
        completion_confirmed.disconnect(receiver)
    assert received == [ra.pk]
    ra.refresh_from_db()
    assert ra.status == S.COMPLETED and ra.completed_at == after
    assert Registration.objects.get(pk=rb.pk).status == S.NOT_COMPLETED


def test_attendance_and_completion_wait_for_the_sessions(now):
    course = CourseFactory(sessions=2, capacity=5)
    organizer = UserFactory()
    registration = services.register(UserFactory(), course, now=now)
    first, last = course.sessions.all()
    with pytest.raises(RegistrationError) as error:
        services.mark_attendance(
            first, {registration.pk: Attendance.Status.PRESENT}, by=organizer, now=now
        )
    assert error.value.code == "session_not_started"
    assert not Attendance.objects.exists()
    services.mark_attendance(
        first, {registration.pk: Attendance.Status.PRESENT}, by=organizer, now=first.start
    )
    with pytest.raises(RegistrationError) as error:
        services.confirm_completion(course, by=organizer, now=last.end - dt.timedelta(minutes=1))
    assert error.value.code == "course_not_ended"
    registration.refresh_from_db()
    assert registration.status == S.CONFIRMED
    assert services.confirm_completion(course, by=organizer, now=last.end) == (0, 1)


def test_record_test_result_errors():
    course = CourseFactory()
    with pytest.raises(RegistrationError) as error:
        services.record_test_result(person=UserFactory(), course=course, score=8)
    assert error.value.code == "not_participant"
    person = UserFactory()
    services.register(person, course)
    with pytest.raises(RegistrationError) as error:
        services.record_test_result(person=person, course=course, score="11")
    assert error.value.code == "score_invalid"


def test_reminders_once(now, mailoutbox):
    from courses.tasks import send_reminders

    course = CourseFactory(sessions=0)
    SessionFactory(course=course, date=timezone.localdate() + dt.timedelta(days=1))
    later = CourseFactory()
    services.register(UserFactory(), course, now=now)
    services.register(UserFactory(), later, now=now)
    assert send_reminders.call() == 1
    assert send_reminders.call() == 0
    assert len(mailoutbox) == 1 and mailoutbox[0].attachments


@pytest.mark.django_db(transaction=True)
def test_lock_refused_outside_transaction():
    with pytest.raises(RuntimeError):
        services._lock_course(CourseFactory().pk)
