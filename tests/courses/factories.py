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
