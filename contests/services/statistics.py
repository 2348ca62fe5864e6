"""Figures of a round for the results page, the live page and the organizers' monitor, in a
fixed number of queries whatever the size of the round."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.db.models import BooleanField, Case, Count, F, IntegerField, Q, Value, When
from django.db.models.functions import TruncHour
from django.utils import dateformat, timezone
from django.utils.translation import gettext_lazy as _

from common.charts import bar_chart, column_chart
from common.vietnamese import format_number

from ..models import Attempt
from .results import COUNTS_FOR_UNIT

#: The province's hours: the monitor counts entries per hour of its clock, whatever the server's.
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")

SCORE_BANDS = [
    ("full", _("100%")),
    # xgettext:no-python-format
    ("high", _("75% or more")),
    ("middle", _("25% to under 75%")),
    ("low", _("Under 25%")),
    ("zero", _("Zero")),
]


def round_statistics(round_):
    """Counts for the results and live pages: a fixed number of queries whatever the size."""
    graded = Attempt.objects.filter(round=round_, entry__voided_at__isnull=True).exclude(
        status=Attempt.Status.OPEN
    )
    totals = Attempt.objects.filter(round=round_, entry__voided_at__isnull=True).aggregate(
        attempts=Count("pk"),
        people=Count("entry_id", distinct=True),
        open=Count("pk", filter=Q(status=Attempt.Status.OPEN)),
    )
    counted = graded.filter(counted=True) if round_.results_computed_at else graded
    bands = counted.aggregate(
        full=Count("pk", filter=Q(score=100)),
        high=Count("pk", filter=Q(score__gte=75, score__lt=100)),
        middle=Count("pk", filter=Q(score__gte=25, score__lt=75)),
        low=Count("pk", filter=Q(score__gt=0, score__lt=25)),
        zero=Count("pk", filter=Q(score=0)),
    )
    band_total = sum(bands.values()) or 1
    band_rows = [
        {
            "key": key,
            "label": label,
            "count": bands[key],
            "percent": round(bands[key] * 100 / band_total, 1),
        }
        for key, label in SCORE_BANDS
    ]
    return {
        "attempts": totals["attempts"],
        "people": totals["people"],
        "open": totals["open"],
        "bands": band_rows,
        "units": unit_participation(round_),
    }


def unit_participation(round_):
    """Per unit: distinct people confirmed in it who took part, headcount and rate, best rate
    first; then one row for entrants whose unit awaits confirmation and one for citizens."""
    from accounts.models import Unit

    rows = (
        Attempt.objects.filter(round=round_, entry__voided_at__isnull=True)
        .annotate(
            counted_unit=Case(
                When(COUNTS_FOR_UNIT, then=F("entry__unit_id")),
                default=Value(None),
                output_field=IntegerField(),
            ),
            pending=Case(
                When(COUNTS_FOR_UNIT, then=Value(False)),
                When(entry__unit__isnull=True, then=Value(False)),
                default=Value(True),
                output_field=BooleanField(),
            ),
        )
        .values("counted_unit", "pending")
        .annotate(people=Count("entry_id", distinct=True), attempts=Count("pk"))
        .order_by()
    )
    counts = {(row["counted_unit"], row["pending"]): row for row in rows}
    units = Unit.objects.filter(pk__in=[pk for pk, _pending in counts if pk]).select_related(
        "group"
    )
    result = []
    for unit in units:
        row = counts[unit.pk, False]
        rate = round(row["people"] * 100 / unit.headcount, 1) if unit.headcount else None
        result.append(
            {
                "unit": unit,
                "group": unit.group,
                "pending": False,
                "people": row["people"],
                "attempts": row["attempts"],
                "headcount": unit.headcount,
                "rate": rate,
                "bar": min(100, rate or 0),
            }
        )
    for pending in (True, False):
        row = counts.get((None, pending))
        if row is None:
            continue
        result.append(
            {
                "unit": None,
                "group": None,
                "pending": pending,
                "people": row["people"],
                "attempts": row["attempts"],
                "headcount": None,
                "rate": None,
                "bar": 0,
            }
        )
    result.sort(key=lambda item: (-(item["rate"] or -1), -item["people"]))
    return result


#: The per-hour chart covers at most this many hours (a week: a round's usual length), the
#: latest ones: one grouped query returns at most this many rows whatever the number of entries.
MAX_HOURS = 7 * 24


def entries_per_hour(round_, now=None):
    """Attempts started per hour, hours in Vietnam time, from the round's opening (or the last
    MAX_HOURS hours) until now or its closing; hours without an attempt count zero. Empty when
    nobody has started. Voided entries are left out, as in the other figures."""
    now = now or timezone.now()
    end = min(now, round_.closes_at)
    start = max(round_.opens_at, end - timedelta(hours=MAX_HOURS))
    if end <= start:
        return []
    last = (
        (end - timedelta(microseconds=1))
        .astimezone(VIETNAM)
        .replace(minute=0, second=0, microsecond=0)
    )
    first = max(
        start.astimezone(VIETNAM).replace(minute=0, second=0, microsecond=0),
        last - timedelta(hours=MAX_HOURS - 1),
    )
    counts = dict(
        Attempt.objects.filter(
            round=round_, entry__voided_at__isnull=True, started_at__gte=first, started_at__lt=end
        )
        .annotate(hour=TruncHour("started_at", tzinfo=VIETNAM))
        .values("hour")
        .annotate(count=Count("pk"))
        .order_by()
        .values_list("hour", "count")
    )
    if not counts:
        return []
    counts = {hour.astimezone(VIETNAM): count for hour, count in counts.items()}
    hours, hour = [], first
    while hour <= last:
        hours.append({"hour": hour, "count": counts.get(hour, 0)})
        hour = (hour + timedelta(hours=1)).astimezone(VIETNAM)
    return hours


# ----------------------------------------------------------------------------------------------
# Charts (common.charts: an accessible table with SVG bars, `{% bar_chart chart %}`)
# ----------------------------------------------------------------------------------------------


def score_band_chart(stats):
    """Entries per score band of `round_statistics()`, drawn against the largest band."""
    return bar_chart(
        _("Entries by score band"),
        [
            (
                band["label"],
                band["count"],
                format_number(band["percent"], 1) + "%",
                f"band-{band['key']}",
            )
            for band in stats["bands"]
        ],
        value_label=_("Entries"),
        note_label=_("Share (%)"),
    )


def unit_label(row):
    """The name shown for a row of `unit_participation()`."""
    if row["unit"] is not None:
        return row["unit"].name
    return _("Unit awaiting confirmation") if row["pending"] else _("Other (citizens)")


def unit_participation_chart(units):
    """Participation rate per unit of `unit_participation()`; rows without a unit have none."""
    return bar_chart(
        _("Participation by unit"),
        [
            (
                unit_label(row),
                row["rate"],
                format_number(row["people"])
                + (f" / {format_number(row['headcount'])}" if row["headcount"] else ""),
            )
            for row in units
        ],
        percent=True,
        decimals=1,
        value_label=_("Participation (%)"),
        note_label=_("People / headcount"),
    )


def hours_chart(hours):
    """Attempts started per hour of `entries_per_hour()`: columns along time, Vietnam hours."""
    return column_chart(
        _("Entries per hour"),
        [
            (
                dateformat.format(row["hour"], "d/m H:i"),
                row["count"],
                dateformat.format(row["hour"], "H\\h"),
                dateformat.format(row["hour"], "d/m"),
            )
            for row in hours
        ],
        value_label=_("Entries"),
        label_heading=_("Hour"),
    )


def round_charts(stats):
    """The score bands and the participation by unit of `round_statistics()`, as charts."""
    return score_band_chart(stats), unit_participation_chart(stats["units"])


# ----------------------------------------------------------------------------------------------
# Question statistics (as Moodle's quiz statistics): facility, discrimination, distractors
# ----------------------------------------------------------------------------------------------

#: A discrimination index from this value up separates the strong from the weak entrants well;
#: under REVIEW_BELOW the question deserves a second look (wording, key, a misleading choice).
DISCRIMINATION_GOOD = 0.3
DISCRIMINATION_REVIEW_BELOW = 0.2

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def question_statistics(round_):
    """Per question drawn in the round, over its graded attempts of entries not voided:

    - `seen`: attempts that drew it; `right`: those that answered it right (an unanswered
      question counts as not right);
    - `facility`: the share right, in percent;
    - `discrimination`: the share right among the top third of the attempts by score minus the
      share right among the bottom third (−1 to 1; None with fewer than three attempts or when
      a third never saw the question);
    - `wrong_choice`: the wrong choice picked most often ({letter, text, count}, the letter in
      the bank's order of the choices), or None.

    And per reform area: its questions and their mean facility. Four queries whatever the number
    of attempts and questions: the attempts (score and draw), their answers, the questions and
    their choices; the arithmetic is one pass in Python.
    """
    from ..models import Answer, Area, Question

    graded = Attempt.objects.filter(round=round_, entry__voided_at__isnull=True).exclude(
        status=Attempt.Status.OPEN
    )
    attempts = list(graded.order_by("-score", "pk").values_list("pk", "draw"))
    third = len(attempts) // 3
    top = {pk for pk, _draw in attempts[:third]}
    bottom = {pk for pk, _draw in attempts[len(attempts) - third :]} if third else set()

    def blank():
        return {"seen": 0, "right": 0, "top_seen": 0, "top_right": 0, "low_seen": 0,
                "low_right": 0, "picked": {}}  # fmt: skip

    figures = {}
    for pk, draw in attempts:
        for item in draw or []:
            row = figures.setdefault(item[0], blank())
            row["seen"] += 1
            if pk in top:
                row["top_seen"] += 1
            elif pk in bottom:
                row["low_seen"] += 1
    answers = Answer.objects.filter(attempt__in=graded).values_list(
        "attempt_id", "question_id", "choices", "is_correct"
    )
    for attempt_id, question_id, choices, is_correct in answers.iterator(chunk_size=2000):
        row = figures.get(question_id)
        if row is None:  # an answer to a question no longer in the draw: nothing to count
            continue
        if is_correct:
            row["right"] += 1
            if attempt_id in top:
                row["top_right"] += 1
            elif attempt_id in bottom:
                row["low_right"] += 1
        else:
            for choice_id in choices or []:
                row["picked"][choice_id] = row["picked"].get(choice_id, 0) + 1

    questions = Question.objects.filter(pk__in=list(figures)).prefetch_related("choices")
    areas = dict(Area.choices)
    area_order = list(areas)
    rows = []
    for question in questions:
        row = figures[question.pk]
        choices = sorted(question.choices.all(), key=lambda choice: (choice.sort_order, choice.pk))
        letters = {choice.pk: LETTERS[index % 26] for index, choice in enumerate(choices)}
        wrong = [
            (count, choice)
            for choice in choices
            if not choice.is_correct and (count := row["picked"].get(choice.pk, 0))
        ]
        wrong_choice = None
        if wrong:
            count, choice = min(wrong, key=lambda item: (-item[0], choice_rank(item[1])))
            wrong_choice = {"letter": letters[choice.pk], "text": choice.text, "count": count}
        discrimination = None
        if third and row["top_seen"] and row["low_seen"]:
            discrimination = round(
                row["top_right"] / row["top_seen"] - row["low_right"] / row["low_seen"], 2
            )
        rows.append(
            {
                "question": question,
                "area": question.area,
                "area_label": areas.get(question.area, question.area),
                "seen": row["seen"],
                "right": row["right"],
                "facility": round(row["right"] * 100 / row["seen"], 1) if row["seen"] else None,
                "discrimination": discrimination,
                "verdict": discrimination_verdict(discrimination),
                "wrong_choice": wrong_choice,
            }
        )
    rows.sort(
        key=lambda row: (
            area_order.index(row["area"]) if row["area"] in area_order else len(area_order),
            row["facility"] if row["facility"] is not None else 101,
            row["question"].pk,
        )
    )
    by_area = {}
    for row in rows:
        area = by_area.setdefault(
            row["area"], {"area": row["area"], "label": row["area_label"], "facilities": []}
        )
        if row["facility"] is not None:
            area["facilities"].append(row["facility"])
    area_rows = []
    for area in by_area.values():
        facilities = area.pop("facilities")
        area["questions"] = sum(1 for row in rows if row["area"] == area["area"])
        area["facility"] = round(sum(facilities) / len(facilities), 1) if facilities else None
        area_rows.append(area)
    return {"attempts": len(attempts), "third": third, "questions": rows, "areas": area_rows}


def choice_rank(choice):
    """Ties between wrong choices go to the one first in the bank's order."""
    return (choice.sort_order, choice.pk)


def discrimination_verdict(value):
    """ "good", "fair", "review" or "" (no value) for a discrimination index."""
    if value is None:
        return ""
    if value >= DISCRIMINATION_GOOD:
        return "good"
    if value < DISCRIMINATION_REVIEW_BELOW:
        return "review"
    return "fair"


def area_facility_chart(areas):
    """Mean facility per reform area of `question_statistics()`."""
    return bar_chart(
        _("Share answering right, by reform area"),
        [(area["label"], area["facility"], format_number(area["questions"])) for area in areas],
        percent=True,
        decimals=1,
        value_label=_("Mean facility (%)"),
        note_label=_("Questions"),
    )
