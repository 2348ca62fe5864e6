"""The courses part of "Quá trình học tập của tôi" (accounts.learning): each course a person
signed up for, with attendance per session, the final test, progress towards completion, the
status and the certificate once issued. Four queries whatever the number of courses."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.learning import LearningSection
from certificates.public import valid_certificates

from .models import Attendance, Course, Registration, Session
from .services import with_positions


@dataclass
class SessionLine:
    session: Session
    attendance: Attendance | None
    upcoming: bool


@dataclass
class CourseRecord:
    registration: Registration
    sessions: list[SessionLine] = field(default_factory=list)
    certificate: object = None

    @property
    def course(self) -> Course:
        return self.registration.course

    @property
    def attended(self) -> int:
        return sum(
            1
            for line in self.sessions
            if line.attendance and line.attendance.status in Attendance.ATTENDED
        )

    @property
    def session_count(self) -> int:
        return len(self.sessions)

    @property
    def required_percent(self) -> int:
        return self.course.min_attendance_percent

    @property
    def meets_attendance(self) -> bool:
        return self.course.meets_attendance(self.attended, self.session_count)

    @property
    def score(self) -> Decimal | None:
        return self.registration.final_test_score

    @property
    def pass_mark(self) -> Decimal | None:
        return self.course.pass_mark

    @property
    def meets_test(self) -> bool:
        return self.course.meets_test(self.score)


def records(person, now=None) -> list[CourseRecord]:
    now = now or timezone.now()
    registrations = list(
        # `ahead`: the waiting-list position, in the same query.
        with_positions(Registration.objects.filter(person=person))
        .exclude(course__status=Course.Status.DRAFT)
        .select_related("course")
        .prefetch_related(
            Prefetch("course__sessions", queryset=Session.objects.order_by("date", "starts_at")),
            Prefetch(
                "attendances",
                queryset=Attendance.objects.only(
                    "pk", "registration_id", "session_id", "status", "recorded_at"
                ),
            ),
        )
        .order_by("-created_at", "-pk")
    )
    certificates = valid_certificates(
        person, "course", [registration.course_id for registration in registrations]
    )
    result = []
    for registration in registrations:
        by_session = {
            attendance.session_id: attendance for attendance in registration.attendances.all()
        }
        lines = [
            SessionLine(session, by_session.get(session.pk), session.end > now)
            for session in registration.course.sessions.all()
        ]
        result.append(CourseRecord(registration, lines, certificates.get(registration.course_id)))
    return result


def render(request, person) -> str:
    items = records(person)
    if not items:
        return ""
    return render_to_string(
        "courses/includes/learning_record.html",
        {"records": items, "Status": Registration.Status, "now": timezone.now()},
        request=request,
    )


SECTION = LearningSection(name="courses", label=_("Courses and workshops"), render=render, order=10)
