"""A small index set (total 10: area I = 6, area II = 4) and a clock inside its periods."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from parindex import services
from parindex.models import (
    AppraiserAssignment,
    Area,
    Band,
    Criterion,
    IndexSet,
    Level,
    SubCriterion,
    UnitOfficer,
)
from parindex.roles import APPRAISERS
from tests.factories import UnitFactory, UserFactory

TZ = dt.timezone(dt.timedelta(hours=7))
SELF_OPENS = dt.datetime(2026, 2, 1, 8, 0, tzinfo=TZ)
DURING_SELF = dt.datetime(2026, 3, 1, 9, 0, tzinfo=TZ)
SELF_CLOSES = dt.datetime(2026, 3, 15, 17, 0, tzinfo=TZ)
DURING_APPRAISAL = dt.datetime(2026, 3, 20, 9, 0, tzinfo=TZ)
APPRAISAL_CLOSES = dt.datetime(2026, 4, 1, 17, 0, tzinfo=TZ)
DURING_ANSWERS = dt.datetime(2026, 4, 5, 9, 0, tzinfo=TZ)
ANSWERS_CLOSE = dt.datetime(2026, 4, 15, 17, 0, tzinfo=TZ)
AFTER_ALL = dt.datetime(2026, 4, 20, 9, 0, tzinfo=TZ)
D = Decimal


def build_set(level=None, year=2026, **period):
    level = (
        level
        or Level.objects.get_or_create(
            code="cap-xa", defaults={"name": "Cấp xã", "unit_kinds": "commune"}
        )[0]
    )
    index_set = IndexSet.objects.create(
        year=year,
        level=level,
        title=f"Bộ chỉ số CCHC cấp xã năm {year}",
        max_total=D("10"),
        self_opens_at=period.get("self_opens_at", SELF_OPENS),
        self_closes_at=period.get("self_closes_at", SELF_CLOSES),
        appraisal_closes_at=period.get("appraisal_closes_at", APPRAISAL_CLOSES),
        explanation_closes_at=period.get("explanation_closes_at", ANSWERS_CLOSE),
    )
    Band.objects.create(index_set=index_set, label="Tốt", min_index=D("90"), sort_order=0)
    Band.objects.create(index_set=index_set, label="Khá", min_index=D("70"), sort_order=1)
    Band.objects.create(index_set=index_set, label="Trung bình", min_index=D("50"), sort_order=2)
    Band.objects.create(index_set=index_set, label="Yếu", min_index=D("0"), sort_order=3)
    area1 = Area.objects.create(
        index_set=index_set, number="I", title="Công tác chỉ đạo", max_points=D("6"), sort_order=1
    )
    area2 = Area.objects.create(
        index_set=index_set,
        number="II",
        title="Thủ tục hành chính",
        max_points=D("4"),
        sort_order=2,
    )
    c1 = Criterion.objects.create(area=area1, number="1", title="Kế hoạch CCHC", max_points=D("6"))
    c2 = Criterion.objects.create(
        area=area2, number="2", title="Giải quyết TTHC", max_points=D("4")
    )
    subs = {
        "1.1": SubCriterion.objects.create(
            criterion=c1,
            number="1.1",
            title="Ban hành kế hoạch CCHC năm",
            max_points=D("2"),
            guidance=[["Ban hành đúng hạn", 2], ["Ban hành chậm", 1], ["Không ban hành", 0]],
            sort_order=1,
        ),
        "1.2": SubCriterion.objects.create(
            criterion=c1,
            number="1.2",
            title="Mức độ hoàn thành kế hoạch",
            max_points=D("4"),
            sort_order=2,
        ),
        "2.1": SubCriterion.objects.create(
            criterion=c2,
            number="2.1",
            title="Tỷ lệ hồ sơ đúng hạn",
            max_points=D("3"),
            sort_order=3,
        ),
        "2.2": SubCriterion.objects.create(
            criterion=c2,
            number="2.2",
            title="Mức độ hài lòng (SIPAS)",
            max_points=D("1"),
            method=SubCriterion.Method.SURVEY,
            sort_order=4,
        ),
    }
    index_set.sub_map = subs
    return index_set


@pytest.fixture
def index_set(db):
    return build_set()


@pytest.fixture
def units(db):
    return [UnitFactory(name=f"Ủy ban nhân dân xã Thử {i}") for i in range(3)]


@pytest.fixture
def opened(index_set, units):
    services.open_assessments(index_set, units)
    return {a.unit_id: a for a in index_set.assessments.select_related("index_set", "unit")}


@pytest.fixture
def assessment(opened, units):
    return opened[units[0].pk]


@pytest.fixture
def officer(db, units):
    person = UserFactory(unit=units[0], full_name="Trần Thị Cán Bộ")
    UnitOfficer.objects.create(unit=units[0], person=person)
    return person


@pytest.fixture
def roles(db):
    call_command("setup_roles")


def make_appraiser(index_set, unit, name="Lê Văn Thẩm Định"):
    person = UserFactory(full_name=name, is_staff=True)
    person.groups.add(Group.objects.get(name=APPRAISERS))
    AppraiserAssignment.objects.create(index_set=index_set, unit=unit, appraiser=person)
    return person


@pytest.fixture
def appraiser(roles, index_set, units):
    return make_appraiser(index_set, units[0])


def self_entries(subs, values, explanation="Đã ban hành, có văn bản kèm theo."):
    """{"1.1": "2"} → entries keyed by sub id, each with an explanation."""
    return {
        subs[number].pk: {"value": value, "explanation": explanation}
        for number, value in values.items()
    }


def fill_and_submit(assessment, officer, subs, values=None):
    values = values or {"1.1": "2", "1.2": "3,5", "2.1": "3"}
    services.save_self_scores(assessment, officer, self_entries(subs, values), now=DURING_SELF)
    return services.submit(
        assessment, officer, approved_by_name="Nguyễn Văn Trưởng", now=DURING_SELF
    )
