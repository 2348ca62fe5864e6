"""Ranking with every tie-break level, counted attempts, prizes, team prizes, voiding, statistics."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from contests import services
from contests.models import Attempt, Prize, Round, TeamPrize
from contests.services import ContestError
from contests.signals import results_published
from tests.contests.factories import (
    EntrantGroupFactory,
    EntryFactory,
    RoundFactory,
    quota,
)
from tests.factories import UnitFactory, UnitGroupFactory

pytestmark = pytest.mark.django_db

T0 = timezone.now().replace(microsecond=0) - timedelta(days=10)


def closed_round(**kwargs):
    group = kwargs.pop("group", None) or EntrantGroupFactory()
    round_ = RoundFactory(
        contest=group.contest,
        opens_at=T0,
        closes_at=T0 + timedelta(days=7),
        **kwargs,
    )
    return round_, group


def graded(
    round_,
    entry,
    score,
    *,
    prediction=None,
    duration=60,
    submitted=0,
    number=1,
    status=Attempt.Status.SUBMITTED,
):
    started = T0 + timedelta(hours=1, seconds=submitted) - timedelta(seconds=duration)
    return Attempt.objects.create(
        round=round_,
        entry=entry,
        number=number,
        status=status,
        started_at=started,
        deadline=started + timedelta(minutes=30),
        submitted_at=started + timedelta(seconds=duration),
        duration_ms=duration * 1000,
        prediction=prediction,
        question_total=10,
        correct_count=int(score // 10),
        score=Decimal(score),
    )


def ranks(round_):
    return {
        attempt.entry.full_name: attempt.rank
        for attempt in Attempt.objects.filter(round=round_, counted=True).select_related("entry")
    }


def test_ties_are_broken_at_every_level():
    round_, group = closed_round(predicts=Round.Predicts.FULL_SCORE)
    names = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Khoa"]
    entries = {name: EntryFactory(group=group, full_name=name) for name in names}
    # Three full scores: the truth is 3.
    graded(round_, entries["An"], 100, prediction=3, duration=80, submitted=10)
    graded(round_, entries["Bình"], 100, prediction=5, duration=50, submitted=5)  # further off
    graded(round_, entries["Chi"], 100, prediction=3, duration=70, submitted=20)  # faster than An
    graded(round_, entries["Dũng"], 90, prediction=3, duration=70, submitted=30)
    graded(round_, entries["Giang"], 90, prediction=3, duration=70, submitted=25)  # earlier
    graded(round_, entries["Hà"], 90, prediction=None, duration=10, submitted=1)  # no prediction
    graded(round_, entries["Khoa"], 90, prediction=1, duration=10, submitted=1)  # off by 2
    services.compute_results(round_)
    round_.refresh_from_db()
    assert round_.prediction_truth == 3
    assert ranks(round_) == {
        "Chi": 1,  # score, exact prediction, shortest time
        "An": 2,
        "Bình": 3,  # same score, prediction off by 2
        "Giang": 4,  # 90, exact, same time as Dũng but submitted earlier
        "Dũng": 5,
        "Khoa": 6,  # off by 2
        "Hà": 7,  # no prediction ranks after any prediction
    }


def test_the_counted_attempt_follows_the_round_policy():
    for policy, expected in [
        (Round.Counted.BEST, Decimal("80")),
        (Round.Counted.FIRST, Decimal("50")),
        (Round.Counted.LAST, Decimal("30")),
    ]:
        round_, group = closed_round(attempts_allowed=3, counted_attempt=policy)
        entry = EntryFactory(group=group)
        graded(round_, entry, 50, number=1)
        graded(round_, entry, 80, number=2, submitted=100)
        graded(round_, entry, 30, number=3, submitted=200)
        services.compute_results(round_)
        counted = Attempt.objects.get(round=round_, counted=True)
        assert counted.score == expected, policy


def test_participants_prediction_counts_people_not_attempts():
    round_, group = closed_round(attempts_allowed=2, predicts=Round.Predicts.PARTICIPANTS)
    first, second = EntryFactory(group=group), EntryFactory(group=group)
    graded(round_, first, 50)
    graded(round_, first, 60, number=2, submitted=10)
    graded(round_, second, 70)
    services.compute_results(round_)
    round_.refresh_from_db()
    assert round_.prediction_truth == 2


def test_results_need_a_closed_round():
    group = EntrantGroupFactory()
    round_ = RoundFactory(contest=group.contest)
    with pytest.raises(ContestError) as error:
        services.compute_results(round_)
    assert error.value.code == "round_not_closed"


def test_prizes_follow_the_scheme_per_group_and_one_prize_per_person():
    round1, servants = closed_round()
    citizens = EntrantGroupFactory(contest=servants.contest, audience="public")
    quota(round1, servants, first=1, second=1, third=0, consolation=1)
    quota(round1, citizens, first=1, second=0, third=0, consolation=0)
    people = [EntryFactory(group=servants, full_name=f"CC {i}") for i in range(5)]
    public = [EntryFactory(group=citizens, full_name=f"ND {i}", unit=None) for i in range(2)]
    for index, entry in enumerate(people):
        graded(round1, entry, 100 - index * 10)
    graded(round1, public[0], 40)
    graded(round1, public[1], 0)
    services.compute_results(round1)
    prizes = {p.person_id: p.level for p in Prize.objects.filter(round=round1)}
    assert prizes == {
        people[0].person_id: Prize.Level.FIRST,
        people[1].person_id: Prize.Level.SECOND,
        people[2].person_id: Prize.Level.CONSOLATION,
        public[0].person_id: Prize.Level.FIRST,
    }
    services.publish_results(round1)
    # Next week the same winners score best again: one prize per person passes them over.
    round2 = RoundFactory(
        contest=servants.contest, opens_at=T0 + timedelta(days=7), closes_at=T0 + timedelta(days=8)
    )
    quota(round2, servants, first=1, second=1, third=0, consolation=0)
    for index, entry in enumerate(people):
        graded(round2, entry, 100 - index * 10)
    services.compute_results(round2, now=T0 + timedelta(days=9))
    winners = list(
        Prize.objects.filter(round=round2).order_by("rank").values_list("person_id", "level")
    )
    assert winners == [
        (people[3].person_id, Prize.Level.FIRST),
        (people[4].person_id, Prize.Level.SECOND),
    ]


def test_team_prizes_by_participation_rate_with_minimum_then_average():
    round_, group = closed_round()
    contest = group.contest
    contest.team_prizes_per_group = 2
    contest.team_min_rate = Decimal("50")
    contest.save()
    communes = UnitGroupFactory(code="cap-xa-test")
    a = UnitFactory(group=communes, headcount=4, name="Xã A")  # 3/4 = 75%, avg 50
    b = UnitFactory(group=communes, headcount=2, name="Xã B")  # 2/2 = 100%
    c = UnitFactory(group=communes, headcount=4, name="Xã C")  # 3/4 = 75%, avg 90
    d = UnitFactory(group=communes, headcount=10, name="Xã D")  # 4/10 = 40%: below minimum
    for unit, scores in [(a, [50, 50, 50]), (b, [10, 20]), (c, [90, 90, 90]), (d, [100] * 4)]:
        for score in scores:
            graded(round_, EntryFactory(group=group, person__unit=unit), score)
    services.compute_results(round_)
    team = list(TeamPrize.objects.filter(round=round_).order_by("rank"))
    assert [(t.unit_id, t.rank) for t in team] == [(b.pk, 1), (c.pk, 2)]
    assert team[0].participation_rate == Decimal("100.00")
    assert team[1].average_score == Decimal("90.00")


def test_voiding_moves_the_next_person_up_and_is_audited():
    from wagtail.models import ModelLogEntry

    round_, group = closed_round()
    quota(round_, group, first=1, second=1, third=0, consolation=0)
    entries = [EntryFactory(group=group, full_name=f"Người {i}") for i in range(3)]
    for index, entry in enumerate(entries):
        graded(round_, entry, 90 - index * 10)
    services.compute_results(round_)
    assert list(
        Prize.objects.filter(round=round_).order_by("rank").values_list("person_id", flat=True)
    ) == [
        entries[0].person_id,
        entries[1].person_id,
    ]
    with pytest.raises(ContestError):
        services.void_entry(entries[0], "  ")
    services.void_entry(entries[0], "Khai báo sai đơn vị công tác")
    assert list(
        Prize.objects.filter(round=round_).order_by("rank").values_list("person_id", "level")
    ) == [
        (entries[1].person_id, Prize.Level.FIRST),
        (entries[2].person_id, Prize.Level.SECOND),
    ]
    assert ranks(round_) == {"Người 1": 1, "Người 2": 2}
    assert ModelLogEntry.objects.filter(action="contests.void_entry").count() == 1


def test_publish_sends_the_signal_after_commit(django_capture_on_commit_callbacks):
    round_, group = closed_round()
    graded(round_, EntryFactory(group=group), 100)
    received = []

    def listener(sender, round, **kwargs):
        received.append(round.pk)

    results_published.connect(listener)
    try:
        with pytest.raises(ContestError):
            services.publish_results(round_)
        services.compute_results(round_)
        with django_capture_on_commit_callbacks(execute=True):
            services.publish_results(round_)
        assert received == [round_.pk]
        with pytest.raises(ContestError):
            services.publish_results(round_)
    finally:
        results_published.disconnect(listener)
    people = services.full_score_people(round_)
    assert len(people) == 1


def test_statistics_per_unit_and_score_bands(django_assert_max_num_queries):
    round_, group = closed_round()
    unit_a = UnitFactory(headcount=10)
    unit_b = UnitFactory(headcount=4)
    for score in [100, 80, 75, 50, 0]:
        graded(round_, EntryFactory(group=group, person__unit=unit_a), score)
    for score in [20, 100]:
        graded(round_, EntryFactory(group=group, person__unit=unit_b), score)
    graded(round_, EntryFactory(group=group, unit=None), 25)
    services.compute_results(round_)
    with django_assert_max_num_queries(4):
        stats = services.round_statistics(round_)
    bands = {band["key"]: band["count"] for band in stats["bands"]}
    assert bands == {"full": 2, "high": 2, "middle": 2, "low": 1, "zero": 1}
    assert stats["people"] == 8
    units = {row["unit"].pk if row["unit"] else None: row for row in stats["units"]}
    assert units[unit_a.pk]["rate"] == 50.0
    assert units[unit_b.pk]["rate"] == 50.0
    assert units[None]["people"] == 1


def test_admin_export_has_ranking_bands_units_and_team_sheets(client):
    import io

    from django.urls import reverse
    from openpyxl import load_workbook

    from tests.factories import UserFactory
    from tests.helpers import admin_client

    round_, group = closed_round()
    contest = group.contest
    contest.team_prizes_per_group = 1
    contest.team_min_rate = Decimal("50")
    contest.save()
    communes = UnitGroupFactory(code="cap-xa-xuat", name="Khối xã")
    a = UnitFactory(group=communes, headcount=2, name="Xã A")  # 2/2 = 100%
    b = UnitFactory(group=communes, headcount=4, name="Xã B")  # 2/4 = 50%
    number = 0
    for unit, scores in [(a, [100, 80]), (b, [50, 0])]:
        for score in scores:
            number += 1
            entry = EntryFactory(group=group, person__unit=unit, cccd=f"00109001234{number}")
            graded(round_, entry, score)
    graded(round_, EntryFactory(group=group, unit=None, full_name="Công dân"), 20)
    services.compute_results(round_)
    admin_client(client, UserFactory(is_staff=True, is_superuser=True))
    response = client.get(
        reverse("contests_admin_results", args=[round_.pk]) + "?export=xlsx",
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        "Kết quả",
        "Phổ điểm",
        "Tham gia theo đơn vị",
        "Giải tập thể",
        "Thống kê câu hỏi",
    ]
    ranking = list(workbook["Kết quả"].values)
    assert len(ranking) == 6
    assert not any("00109001234" in str(cell) for row in ranking for cell in row)
    bands = list(workbook["Phổ điểm"].values)
    assert bands[0] == ("Khoảng điểm", "Lượt dự thi", "Tỷ lệ (%)")
    assert [row[1] for row in bands[1:]] == [1, 1, 1, 1, 1]
    units = {row[0]: row for row in list(workbook["Tham gia theo đơn vị"].values)[1:]}
    assert units["Xã A"][1:] == ("Khối xã", 2, 2, 2, 100)
    assert units["Xã B"][2:] == (2, 2, 4, 50)
    teams = list(workbook["Giải tập thể"].values)
    assert [row[:3] for row in teams[1:]] == [("Khối xã", 1, "Xã A"), ("Khối xã", 2, "Xã B")]
    assert teams[0][5] == "Tỷ lệ tham gia (%)"
    assert teams[1][7] == "Giải 1" and not teams[2][7]
