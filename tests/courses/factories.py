import datetime as dt

import factory
from django.utils import timezone

from courses.models import Course, Session
from tests.factories import UnitFactory


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Lớp bồi dưỡng kỹ năng cải cách hành chính số {n}")
    slug = factory.Sequence(lambda n: f"lop-boi-duong-{n}")
    kind = Course.Kind.CLASS
    status = Course.Status.PUBLISHED
    summary = "Bồi dưỡng nghiệp vụ giải quyết thủ tục hành chính."
    organizing_unit = factory.SubFactory(UnitFactory)
    capacity = 10
    registration_opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=10))
    registration_closes_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=10))

    @factory.post_generation
    def sessions(self, create, extracted, **kwargs):
        """sessions=N adds N daily sessions starting 14 days from now (default 2)."""
        if not create:
            return
        count = 2 if extracted is None else extracted
        start = timezone.localdate() + dt.timedelta(days=14)
        for index in range(count):
            SessionFactory(course=self, date=start + dt.timedelta(days=index))


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    course = factory.SubFactory(CourseFactory, sessions=0)
    date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=14))
    starts_at = dt.time(8, 0)
    ends_at = dt.time(11, 30)
    topic = factory.Sequence(lambda n: f"Chuyên đề {n}")
    lecturer = "TS. Trần Thị Hoa"


def course_edit_data(course, capacity):
    """The Wagtail edit form's POST for `course` with a new capacity (no sessions or questions)."""
    local = timezone.localtime
    return {
        "title": course.title,
        "slug": course.slug,
        "kind": course.kind,
        "status": course.status,
        "summary": "",
        "description": "",
        "audience": "all",
        "contact": "",
        "venue": "",
        "online_link": "",
        "capacity": str(capacity),
        "min_attendance_percent": "80",
        "pass_mark": "",
        "waiting_list_enabled": "on",
        "freed_seat": course.freed_seat,
        "offer_hours": str(course.offer_hours),
        "registration_opens_at": local(course.registration_opens_at).strftime("%d/%m/%Y %H:%M"),
        "registration_closes_at": local(
            course.registration_closes_at + dt.timedelta(days=1)
        ).strftime("%d/%m/%Y %H:%M"),
        **{
            f"{prefix}-{key}": value
            for prefix in ("sessions", "questions")
            for key, value in (
                ("TOTAL_FORMS", "0"),
                ("INITIAL_FORMS", "0"),
                ("MIN_NUM_FORMS", "0"),
                ("MAX_NUM_FORMS", "1000"),
            )
        },
    }


def held(course, now=None):
    """Moves the course's sessions a month back, in their order, as if they had been held:
    attendance and completion can be recorded only after the sessions they concern."""
    sessions = list(course.sessions.order_by("date", "starts_at"))
    if sessions:
        shift = sessions[0].date - (timezone.localdate(now) - dt.timedelta(days=30))
        for session in sessions:
            session.date -= shift
            session.save(update_fields=["date"])
    return course
