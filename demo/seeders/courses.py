"""Demo courses (idempotent; data in demo/data/courses/): one past with attendance and
completions, one running now, one upcoming and full with a waiting list, one needing approval
with nominations pending, a workshop.

Dates in courses.json are days from the day of seeding, so "running now" is true on the demo
day: {"day": -40, "hour": 8} is 08:00 forty days ago, plus "minute" minutes if given; a session's
times are local times. A registration names its person by email, its status, when it was made
("registered") and optionally source, created_by, decided_by, final_test_score, "completed" and
its attendance (one status per session, in session order); the course's "attendance" says how
that was recorded (method, and recorded_by: an email, or null for the person themself).
"""

import datetime as dt
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import Unit, UnitGroup, User
from courses.models import Attendance, Course, Registration, RegistrationQuestion, Session
from demo.files import read_csv, read_json

from . import demo_password, report

#: Course fields that name another row in the data files, not a value.
RELATIONS = ("slug", "sessions", "registrations", "attendance", "questions", "audience_groups")


def _people(units):
    people = {}
    for row in read_csv("courses/people.csv"):
        email = row["email"]
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User(email=email)
            user.password = demo_password()
        user.full_name = row["full_name"]
        user.unit = units[row["unit"]]
        user.position = row["position"]
        user.staff_category = User.StaffCategory.CONG_CHUC
        user.consented_at = user.consented_at or timezone.now()
        user.unit_confirmed_at = user.unit_confirmed_at or timezone.now()
        user.save()
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        people[email] = user
    return people


class Calendar:
    """Turns the data's day offsets into dates and aware datetimes around today."""

    def __init__(self, today):
        self.today = today

    def day(self, offset):
        return self.today + dt.timedelta(days=offset)

    def moment(self, when):
        hour = when.get("hour", 8)
        moment = dt.datetime.combine(self.day(when["day"]), dt.time(hour, 0))
        return timezone.make_aware(moment) + dt.timedelta(minutes=when.get("minute", 0))


def _course(data, units, calendar):
    course = Course.objects.filter(slug=data["slug"]).first()
    if course is None:
        fields = {key: value for key, value in data.items() if key not in RELATIONS}
        fields["organizing_unit"] = units[fields["organizing_unit"]]
        for name in ("registration_opens_at", "registration_closes_at"):
            fields[name] = calendar.moment(fields[name])
        if "pass_mark" in fields:
            fields["pass_mark"] = _decimal(fields["pass_mark"])
        course = Course(slug=data["slug"], **fields)
        course.save()
        for session in data["sessions"]:
            Session.objects.create(
                course=course,
                date=calendar.day(session["day"]),
                starts_at=dt.time.fromisoformat(session["starts"]),
                ends_at=dt.time.fromisoformat(session["ends"]),
                topic=session["topic"],
                lecturer=session["lecturer"],
            )
    if data.get("audience_groups"):
        course.audience_groups.set(UnitGroup.objects.filter(code__in=data["audience_groups"]))
        course.save()
    if data.get("questions") and not course.questions.exists():
        for question in data["questions"]:
            RegistrationQuestion.objects.create(course=course, **question)
    return course


def _decimal(value):
    return None if value is None else Decimal(value)


def _register(course, data, people, calendar):
    person = people[data["person"]]
    at = calendar.moment(data["registered"])
    status = data["status"]
    extra = {}
    if "final_test_score" in data:
        extra["final_test_score"] = _decimal(data["final_test_score"])
    if "decided_by" in data:
        extra["decided_by"] = people[data["decided_by"]]
    if "completed" in data:
        extra["completed_at"] = calendar.moment(data["completed"])
    registration, _ = Registration.objects.get_or_create(
        course=course,
        person=person,
        defaults={
            "status": status,
            "source": data.get("source", Registration.Source.SELF),
            "created_by": people[data["created_by"]] if "created_by" in data else person,
            "created_at": at,
            "queued_at": at,
            "decided_at": at if status in Registration.SEATED else None,
            **extra,
        },
    )
    return registration


def _attendance(course, registration, statuses, how, people):
    sessions = list(course.sessions.order_by("date", "starts_at"))
    recorder = people[how["recorded_by"]] if how["recorded_by"] else registration.person
    for session, status in zip(sessions, statuses, strict=False):
        Attendance.objects.get_or_create(
            registration=registration,
            session=session,
            defaults={
                "status": status,
                "method": how["method"],
                "recorded_by": recorder,
                "recorded_at": session.start,
            },
        )


def seed(command=None):
    now = timezone.now()
    units = {unit.code: unit for unit in Unit.objects.all()}
    if "SNV" not in units:
        report(command, "  courses: demo units missing, skipped")
        return
    people = _people(units)
    for row in read_csv("accounts/accounts.csv"):
        people.setdefault(row["email"], User.objects.get(email=row["email"]))
    calendar = Calendar(timezone.localdate())
    for data in read_json("courses/courses.json"):
        course = _course(data, units, calendar)
        for registration_data in data["registrations"]:
            registration = _register(course, registration_data, people, calendar)
            if registration_data.get("attendance"):
                statuses = registration_data["attendance"]
                _attendance(course, registration, statuses, data["attendance"], people)
    report(
        command,
        f"  {Course.objects.count()} courses, {Registration.objects.count()} registrations "
        f"({now:%d/%m/%Y})",
    )
