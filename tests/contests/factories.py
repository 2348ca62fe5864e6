"""Factories for contests: an appraised bank, a contest with a civil-servant group, open rounds."""

from datetime import date, timedelta

import factory
from django.utils import timezone

from contests.models import (
    Area,
    Audience,
    BlueprintItem,
    Choice,
    Contest,
    EntrantGroup,
    Entry,
    PrizeQuota,
    Question,
    Round,
)
from tests.factories import UserFactory


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question
        skip_postgeneration_save = True

    text = factory.Sequence(lambda n: f"Câu hỏi số {n} về cải cách hành chính?")
    area = Area.PROCEDURES
    status = Question.Status.APPRAISED
    kind = Question.Kind.SINGLE

    @factory.post_generation
    def with_choices(self, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        correct = extracted if isinstance(extracted, (list, tuple, set)) else {0}
        for index in range(4):
            Choice.objects.create(
                question=self,
                text=f"Phương án {'ABCD'[index]} của câu {self.pk}",
                is_correct=index in correct,
                sort_order=index,
            )


class ContestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contest

    title = factory.Sequence(lambda n: f"Cuộc thi tìm hiểu cải cách hành chính {n}")
    slug = factory.Sequence(lambda n: f"cuoc-thi-{n}")
    is_published = True
    require_cccd = False
    require_phone = False
    require_date_of_birth = False


class EntrantGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EntrantGroup

    contest = factory.SubFactory(ContestFactory)
    name = "Cán bộ, công chức, viên chức"
    audience = Audience.CIVIL_SERVANTS


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Round

    contest = factory.SubFactory(ContestFactory)
    title = factory.Sequence(lambda n: f"Tuần {n}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=6))
    question_count = 5
    time_limit_minutes = 10
    grace_seconds = 20


class EntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entry

    person = factory.SubFactory(UserFactory)
    contest = factory.SelfAttribute("group.contest")
    group = factory.SubFactory(EntrantGroupFactory)
    unit = factory.SelfAttribute("person.unit")
    full_name = factory.SelfAttribute("person.full_name")
    consented_at = factory.LazyFunction(timezone.now)


def bank(count=10, area=Area.PROCEDURES, audience=Audience.ALL):
    return [QuestionFactory(area=area, audience=audience) for _ in range(count)]


def blueprint(round_, **counts):
    for area, count in counts.items():
        BlueprintItem.objects.create(round=round_, area=area, count=count)


def quota(round_, group, first=1, second=1, third=1, consolation=1):
    return PrizeQuota.objects.create(
        round=round_, group=group, first=first, second=second, third=third, consolation=consolation
    )


ADULT = date(1990, 5, 17)
