"""Team prizes and participation by unit count only entrants confirmed in that unit."""

from decimal import Decimal

import pytest

from contests import services
from contests.models import TeamPrize
from tests.contests.factories import EntryFactory
from tests.contests.test_results import closed_round, graded
from tests.factories import UnitFactory, UnitGroupFactory, UserFactory

pytestmark = pytest.mark.django_db


def entrant(group, unit, *, confirmed=True, entry_unit=None):
    person = UserFactory(unit=unit, **({} if confirmed else {"unit_confirmed_at": None}))
    return EntryFactory(group=group, person=person, unit=entry_unit or unit)


def test_only_confirmed_members_count_for_the_team_prize_and_the_rate():
    round_, group = closed_round()
    contest = group.contest
    contest.team_prizes_per_group = 1
    contest.team_min_rate = Decimal("50")
    contest.save()
    communes = UnitGroupFactory(code="cap-xa-xn")
    ward = UnitFactory(group=communes, headcount=2, name="Phường Trung Tâm")
    rival = UnitFactory(group=communes, headcount=4, name="Xã Long Phú")
    # The ward: one confirmed entrant and one whose unit awaits confirmation (1/2 = 50%, not
    # 2/2); the rival: three confirmed of four (75%), so it wins only if the claim is ignored.
    graded(round_, entrant(group, ward), 100)
    graded(round_, entrant(group, ward, confirmed=False), 100)
    # Confirmed elsewhere, but typed the ward in the entry form: counts for neither.
    graded(round_, entrant(group, UnitFactory(group=communes), entry_unit=ward), 100)
    for _ in range(3):
        graded(round_, entrant(group, rival), 40)
    services.compute_results(round_)

    standings = {item["unit_id"]: item for item in services.team_standings(round_)[communes.pk]}
    assert standings[ward.pk]["participants"] == 1
    assert standings[ward.pk]["rate"] == Decimal("50.00")
    assert standings[rival.pk]["rate"] == Decimal("75.00")
    assert list(TeamPrize.objects.filter(round=round_).values_list("unit_id", flat=True)) == [
        rival.pk
    ]

    rows = services.unit_participation(round_)
    by_unit = {row["unit"].pk: row for row in rows if row["unit"]}
    assert by_unit[ward.pk]["people"] == 1 and by_unit[ward.pk]["rate"] == 50.0
    awaiting = [row for row in rows if row["unit"] is None and row["pending"]]
    assert [row["people"] for row in awaiting] == [2]
    assert sum(row["people"] for row in rows) == 6  # everyone is still counted somewhere


def test_results_pages_name_the_awaiting_row(vi):
    round_, group = closed_round()
    graded(round_, entrant(group, UnitFactory(), confirmed=False), 80)
    services.compute_results(round_)
    from django.template.loader import render_to_string

    html = render_to_string(
        "contests/admin/_bars.html", {"stats": services.round_statistics(round_)}
    )
    assert "Đơn vị chờ xác nhận" in html
