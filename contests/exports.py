"""The organizers' results workbook: ranking, score bands, participation by unit and team
standings, one sheet each (the issue asks that everything on the results page exports).

Only what the results page already shows goes in: names, units and scores, never a CCCD,
a date of birth or a phone number."""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from common.spreadsheets import export_filename, xlsx_workbook_response

from . import services
from .models import Prize, TeamPrize

SHEET_RANKING = "Kết quả"
SHEET_BANDS = "Phổ điểm"
SHEET_UNITS = "Tham gia theo đơn vị"
SHEET_TEAMS = "Giải tập thể"
SHEET_QUESTIONS = "Thống kê câu hỏi"


def results_response(round_, ranked):
    stats = services.round_statistics(round_)
    return xlsx_workbook_response(
        results_filename(round_),
        [
            (SHEET_RANKING, ranking_headers(), ranking_rows(round_, ranked)),
            (
                SHEET_BANDS,
                [_("Score band"), _("Entries"), _("Share (%)")],
                ([str(band["label"]), band["count"], band["percent"]] for band in stats["bands"]),
            ),
            (
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
            ),
            (
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
            ),
            question_sheet(round_),
        ],
    )


def results_filename(round_):
    """Named after the contest and its round ("ket-qua-<contest>-<round>-<dd-mm-yyyy>"), never
    after an id, so the organizers' downloads folder tells the files apart."""
    return export_filename("ket-qua", f"{round_.contest.title} {round_.title}")


def ranking_headers():
    return [
        pgettext("prize group of a contest ranking", "Group"),
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


def _unit_label(row):
    if row["unit"]:
        return row["unit"].name
    return _("Unit awaiting confirmation") if row["pending"] else _("Other (citizens)")


def unit_rows(units):
    for row in units:
        yield [
            _unit_label(row),
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


def question_sheet(round_):
    """Per question: facility and discrimination as real numbers (shown with their decimals),
    the most chosen wrong choice; the reform area's mean facility on each row of the area."""
    stats = services.question_statistics(round_)
    area_facility = {area["area"]: area["facility"] for area in stats["areas"]}
    rows = []
    for row in stats["questions"]:
        wrong = row["wrong_choice"]
        rows.append(
            [
                row["question"].pk,
                row["question"].text,
                str(row["area_label"]),
                row["seen"],
                row["right"],
                row["facility"],
                row["discrimination"],
                f"{wrong['letter']}. {wrong['text']}" if wrong else "",
                wrong["count"] if wrong else None,
                area_facility.get(row["area"]),
            ]
        )
    return (
        SHEET_QUESTIONS,
        [
            _("Question ID"),
            _("Question"),
            _("Reform area"),
            _("Attempts that drew it"),
            _("Answered right"),
            _("Facility (%)"),
            _("Discrimination"),
            _("Most chosen wrong choice"),
            _("Times chosen"),
            _("Area mean facility (%)"),
        ],
        rows,
        {
            "number_formats": [
                None,
                None,
                None,
                "#,##0",
                "#,##0",
                "0.0",
                "0.00",
                None,
                "#,##0",
                "0.0",
            ],
            "widths": [10, 60, 28, 14, 14, 14, 14, 45, 12, 18],
        },
    )
