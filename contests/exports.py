"""The organizers' results workbook: ranking, score bands, participation by unit and team
standings, one sheet each (the issue asks that everything on the results page exports).

Only what the results page already shows goes in: names, units and scores, never a CCCD,
a date of birth or a phone number."""

import io

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from common.spreadsheets import _export_value

from . import services
from .models import Prize, TeamPrize

SHEET_RANKING = "Kết quả"
SHEET_BANDS = "Phổ điểm"
SHEET_UNITS = "Tham gia theo đơn vị"
SHEET_TEAMS = "Giải tập thể"


def results_response(round_, ranked):
    stats = services.round_statistics(round_)
    workbook = Workbook()
    workbook.remove(workbook.active)
    _sheet(workbook, SHEET_RANKING, ranking_headers(), ranking_rows(round_, ranked))
    _sheet(
        workbook,
        SHEET_BANDS,
        [_("Score band"), _("Entries"), _("Share (%)")],
        ([str(band["label"]), band["count"], band["percent"]] for band in stats["bands"]),
    )
    _sheet(
        workbook,
        SHEET_UNITS,
        [
            _("Unit"),
            _("Unit group"),
            _("Entries"),
            _("People"),
            _("Headcount"),
            _("Participation (%)"),
        ],
        unit_rows(stats["units"]),
    )
    _sheet(
        workbook,
        SHEET_TEAMS,
        [
            _("Unit group"),
            _("Rank"),
            _("Unit"),
            _("People"),
            _("Headcount"),
            _("Participation (%)"),
            _("Average score (%)"),
            _("Team prize"),
        ],
        team_rows(round_),
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    filename = f"ket-qua-{round_.contest.slug}-{round_.pk}"
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def _sheet(workbook, title, headers, rows):
    sheet = workbook.create_sheet(title[:31])
    sheet.append([str(header) for header in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_export_value(value) for value in row])
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(
            12, min(50, len(str(header)) + 4)
        )
    sheet.freeze_panes = "A2"
    return sheet


def ranking_headers():
    return [
        _("Group"),
        _("Rank"),
        _("Full name"),
        _("Unit"),
        _("Correct answers"),
        _("Score (%)"),
        _("Prediction"),
        _("Time taken (s)"),
        _("Submitted at"),
        _("Prize"),
    ]


def ranking_rows(round_, ranked):
    levels = dict(Prize.objects.filter(round=round_).values_list("attempt_id", "level"))
    labels = dict(Prize.Level.choices)
    for attempt in ranked.iterator(chunk_size=1000):
        yield [
            attempt.entry.group.name,
            attempt.rank,
            attempt.entry.full_name,
            attempt.entry.unit.name if attempt.entry.unit_id else _("Other"),
            attempt.correct_count,
            float(attempt.score),
            attempt.prediction,
            round(attempt.duration_ms / 1000, 1) if attempt.duration_ms is not None else None,
            attempt.submitted_at,
            str(labels[levels[attempt.pk]]) if attempt.pk in levels else "",
        ]


def unit_rows(units):
    for row in units:
        yield [
            row["unit"].name if row["unit"] else _("Other (citizens)"),
            row["group"].name if row["group"] else "",
            row["attempts"],
            row["people"],
            row["headcount"],
            row["rate"],
        ]


def team_rows(round_):
    """Every unit group's standings (units under the minimum rate are left out, as for the
    prizes), with the team prize each unit won, if any."""
    from accounts.models import UnitGroup

    standings = services.team_standings(round_)
    won = dict(TeamPrize.objects.filter(round=round_).values_list("unit_id", "rank"))
    for group in UnitGroup.objects.filter(pk__in=list(standings)):
        for rank, item in enumerate(standings[group.pk], start=1):
            prize = won.get(item["unit_id"])
            yield [
                group.name,
                rank,
                item["unit_name"],
                item["participants"],
                item["headcount"],
                float(item["rate"]),
                float(item["average"]),
                _("Prize %(rank)s") % {"rank": prize} if prize else "",
            ]
