"""Figures of a round for the results page, the live page and the organizers' monitor, in a
fixed number of queries whatever the size of the round."""

from django.db.models import BooleanField, Case, Count, F, IntegerField, Q, Value, When
from django.utils import dateformat, timezone
from django.utils.translation import gettext_lazy as _

from common.charts import bar_chart
from common.vietnamese import format_number

from ..models import Attempt
from .results import COUNTS_FOR_UNIT

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


def entries_per_hour(round_, now=None):
    """Attempts started per hour of the round so far (live monitoring)."""
    from django.db.models.functions import TruncHour

    rows = (
        Attempt.objects.filter(round=round_)
        .annotate(hour=TruncHour("started_at"))
        .values("hour")
        .annotate(count=Count("pk"))
        .order_by("hour")
    )
    return [{"hour": row["hour"], "count": row["count"]} for row in rows]


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
    """Attempts started per hour of `entries_per_hour()`, hours in Vietnam time."""
    return bar_chart(
        _("Entries per hour"),
        [
            (dateformat.format(timezone.localtime(row["hour"]), "d/m H:i"), row["count"])
            for row in hours
        ],
        value_label=_("Entries"),
    )
