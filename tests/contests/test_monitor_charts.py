"""The round monitor's charts: entries per hour (Vietnam hours, a bounded query, the shared
column chart) and the score bands and participation by unit (the shared bar chart), with the
right numbers on a small fixed data set, dots in SVG attributes and commas in texts."""

import re
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from common.charts import column_chart
from contests import services
from contests.models import Attempt
from contests.services.statistics import MAX_HOURS
from tests.contests.factories import EntrantGroupFactory, EntryFactory, RoundFactory
from tests.factories import UnitFactory, UserFactory
from tests.helpers import admin_client

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
OPENS = datetime(2026, 11, 16, 9, 30, tzinfo=VN)


def a_round(hours=4):
    group = EntrantGroupFactory()
    round_ = RoundFactory(
        contest=group.contest, opens_at=OPENS, closes_at=OPENS + timedelta(hours=hours)
    )
    return round_, group


def attempt(round_, entry, started, score=None, number=1):
    return Attempt.objects.create(
        round=round_,
        entry=entry,
        number=number,
        status=Attempt.Status.OPEN if score is None else Attempt.Status.SUBMITTED,
        started_at=started,
        deadline=started + timedelta(minutes=30),
        submitted_at=None if score is None else started + timedelta(minutes=5),
        question_total=10,
        correct_count=0 if score is None else int(score // 10),
        score=None if score is None else Decimal(score),
    )


def at(hour, minute):
    return datetime(2026, 11, 16, hour, minute, tzinfo=VN)


def fixed_round():
    """Round 09:30–13:30 Vietnam time; attempts at 09:40, 09:50, 10:05, 12:59 and a voided one."""
    round_, group = a_round()
    unit = UnitFactory(name="Phường Trung Tâm", headcount=3)
    for minute_at, score in ((at(9, 40), 100), (at(9, 50), 80), (at(10, 5), 0)):
        attempt(round_, EntryFactory(group=group, person=UserFactory(unit=unit)), minute_at, score)
    attempt(round_, EntryFactory(group=group), at(12, 59), 50)
    voided = EntryFactory(group=group)
    voided.voided_at = at(13, 0)
    voided.save()
    attempt(round_, voided, at(11, 15), 90)
    return round_, group, unit


def test_entries_per_hour_in_vietnam_hours_with_empty_hours_as_zero():
    round_, _group, _unit = fixed_round()
    hours = services.entries_per_hour(round_, now=at(20, 0))
    assert [(row["hour"].astimezone(VN).hour, row["count"]) for row in hours] == [
        (9, 2),
        (10, 1),
        (11, 0),  # the voided entry's attempt is left out
        (12, 1),
        (13, 0),
    ]
    # While the round runs, the chart stops at the current hour.
    assert len(services.entries_per_hour(round_, now=at(10, 30))) == 2
    assert services.entries_per_hour(RoundFactory(opens_at=OPENS, closes_at=at(12, 0))) == []


def test_entries_per_hour_is_bounded_to_a_week_whatever_the_round(django_assert_num_queries):
    round_, group = a_round(hours=24 * 30)
    start = OPENS + timedelta(days=29)
    for index in range(5):
        attempt(round_, EntryFactory(group=group), start + timedelta(minutes=50 * index), 70)
    with django_assert_num_queries(1):
        hours = services.entries_per_hour(round_, now=OPENS + timedelta(days=40))
    assert len(hours) == MAX_HOURS
    assert sum(row["count"] for row in hours) == 5


def test_hours_chart_is_an_svg_with_title_desc_and_a_table():
    round_, _group, _unit = fixed_round()
    chart = services.hours_chart(services.entries_per_hour(round_, now=at(20, 0)))
    html = render_to_string("includes/column_chart.html", {"chart": chart})
    svg = re.search(r"<svg .*?</svg>", html, flags=re.S).group(0)
    assert 'role="img"' in svg
    ident = chart.ident
    assert f'aria-labelledby="{ident}-title {ident}-desc"' in svg
    assert f'<title id="{ident}-title">Lượt dự thi theo giờ</title>' in svg
    desc = re.search(r'<desc id="[^"]+">(.*?)</desc>', svg).group(1)
    assert desc == "Tổng cộng 4; cao nhất là 2, lúc 16/11 09:00."
    # Attributes are numbers with a dot; no comma in any attribute of the picture.
    for name, value in re.findall(r' (x|y|width|height|x1|x2|y1|y2)="([^"]*)"', svg):
        assert re.fullmatch(r"\d+(\.\d+)?(%)?", value), (name, value)
    assert "," not in "".join(re.findall(r'="([^"]*)"', svg.replace("aria-labelledby", "")))
    heights = [float(h) for h in re.findall(r'<rect class="column"[^>]* height="([\d.]+)"', svg)]
    assert heights[0] == pytest.approx(2 * heights[1]) and heights[2] == 0
    assert "09h" in svg and "16/11" in svg
    # The table: one row per hour, the same figures.
    rows = re.findall(r'<th scope="row">([^<]+)</th><td>([^<]+)</td>', html)
    assert rows == [
        ("16/11 09:00", "2"),
        ("16/11 10:00", "1"),
        ("16/11 11:00", "0"),
        ("16/11 12:00", "1"),
        ("16/11 13:00", "0"),
    ]


def test_column_chart_writes_big_numbers_the_vietnamese_way():
    chart = column_chart("Số lượt", [("a", 1234), ("b", 617)])
    html = render_to_string("includes/column_chart.html", {"chart": chart})
    assert "<td>1.234</td>" in html and "<td>617</td>" in html
    assert chart.columns[0].height == "108.6"  # 176 × 1234 / 2000: the scale tops at 2.000
    assert chart.ticks[-1] == ("12.0", "2.000")


def test_monitor_shows_the_three_charts_with_the_right_numbers(client):
    round_, _group, _unit = fixed_round()
    admin_client(client, UserFactory(is_staff=True, is_superuser=True))
    html = client.get(reverse("contests_admin_monitor", args=[round_.pk])).content.decode()
    assert html.count('class="column-chart"') == 1
    assert html.count('class="bar-chart"') == 2
    assert "css/charts.css" in html
    # Participation: 3 of the unit's 3 people took part = 100,0% in text, width 100.0% in SVG.
    unit_chart = html.split("Tỷ lệ tham gia theo đơn vị")[1]
    assert "Phường Trung Tâm" in unit_chart and "100,0%" in unit_chart and "3 / 3" in unit_chart
    assert 'width="100.0%"' in unit_chart
    # Score bands over the four attempts not voided: 100, 80, 50 and 0.
    bands = html.split("Số lượt dự thi theo khoảng điểm")[1].split("</figure>")[0]
    assert re.findall(r"<span>(\d+)</span></td>\s*<td>([\d,]+%)</td>", bands) == [
        ("1", "25,0%"),
        ("1", "25,0%"),
        ("1", "25,0%"),
        ("0", "0,0%"),
        ("1", "25,0%"),
    ]
    assert "style=" not in html.split('class="column-chart"')[1].split("</figure>")[0]


def test_monitor_queries_stay_the_same_as_entries_grow(client, django_assert_max_num_queries):
    round_, group, _unit = fixed_round()
    admin_client(client, UserFactory(is_staff=True, is_superuser=True))
    url = reverse("contests_admin_monitor", args=[round_.pk])

    def count():
        with django_assert_max_num_queries(60) as captured:
            assert client.get(url).status_code == 200
        return len(captured.captured_queries)

    count()  # the first request of the session writes what later ones only read
    small = count()
    for index in range(40):
        unit = UnitFactory(headcount=10)
        attempt(
            round_,
            EntryFactory(group=group, person=UserFactory(unit=unit)),
            OPENS + timedelta(minutes=5 * index),
            index % 101,
        )
    assert count() == small
