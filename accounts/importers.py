"""Import of the unit tree from .xlsx or .csv: validate every row, then save all or nothing.

Column layout (first row = headers, case-insensitive; English aliases accepted):

| column          | alias        | required | meaning                                                   |
|-----------------|--------------|----------|-----------------------------------------------------------|
| ma              | code         | yes      | unique unit code, e.g. SNV, X-LONGPHU                      |
| ten             | name         | yes      | full name, with tone marks                                |
| loai            | kind         | yes      | tinh, van_phong, so_nganh, su_nghiep, xa, huyen, khac     |
| nhom            | group        | no       | unit group code (team prizes), e.g. cap-xa                |
| ma_don_vi_cha   | parent       | no       | code of the parent unit (in the file or already saved)    |
| bien_che        | headcount    | no       | number of staff (whole number, default 0)                 |
| hieu_luc_tu     | valid_from   | no       | first day, dd/mm/yyyy                                     |
| hieu_luc_den    | valid_to     | no       | last day, dd/mm/yyyy (empty while the unit exists)        |
| ma_tien_than    | predecessors | no       | codes of the units it replaced, separated by ";"          |

A code already saved updates that unit; new codes create units.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from common.spreadsheets import TableError, read_table

from .models import Unit, UnitGroup

ALIASES = {
    "code": "ma",
    "name": "ten",
    "kind": "loai",
    "group": "nhom",
    "parent": "ma_don_vi_cha",
    "headcount": "bien_che",
    "valid_from": "hieu_luc_tu",
    "valid_to": "hieu_luc_den",
    "predecessors": "ma_tien_than",
}
KIND_ALIASES = {
    "tinh": Unit.Kind.PROVINCE,
    "van_phong": Unit.Kind.COMMITTEE_OFFICE,
    "so_nganh": Unit.Kind.DEPARTMENT,
    "su_nghiep": Unit.Kind.PUBLIC_SERVICE,
    "xa": Unit.Kind.COMMUNE,
    "huyen": Unit.Kind.DISTRICT,
    "khac": Unit.Kind.OTHER,
    **{value: value for value in Unit.Kind.values},
}
DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%Y-%m-%d %H:%M:%S")

MESSAGES = {
    "required": _("This column is required."),
    "duplicate_code": _("The code %(code)s appears again on row %(row)s."),
    "unknown_parent": _("No unit with code %(code)s in the file or in the system."),
    "unknown_predecessor": _("No unit with code %(code)s in the file or in the system."),
    "unknown_kind": _("Unknown kind “%(value)s”; use one of: %(choices)s."),
    "unknown_group": _("No unit group with code %(code)s."),
    "bad_date": _("“%(value)s” is not a date; write dd/mm/yyyy."),
    "bad_range": _("The end date is before the start date."),
    "bad_headcount": _("The headcount must be a whole number of 0 or more."),
    "too_long": _("At most %(max)s characters."),
    "cycle": _("The parent chain of this unit loops back to itself."),
    "self_parent": _("A unit cannot be its own parent."),
}


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def __str__(self):
        return _("Row %(row)s, column %(column)s: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    file_error: str = ""

    @property
    def ok(self):
        return not self.errors and not self.file_error


def _parse_date(raw):
    if not raw:
        return None
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(raw, fmt).date()  # noqa: DTZ007 - a calendar date, no time
        except ValueError:
            continue
    raise ValueError(raw)


def _normalise_headers(values):
    return {ALIASES.get(key, key): value for key, value in values.items()}


def import_units(uploaded) -> ImportResult:
    """Validate every row of `uploaded`; save only when the whole file is valid."""
    result = ImportResult()
    try:
        table = read_table(uploaded)
    except TableError as exc:
        result.file_error = str(exc.message)
        return result
    headers = {ALIASES.get(h, h) for h in table.headers}
    missing = [column for column in ("ma", "ten", "loai") if column not in headers]
    if missing:
        result.file_error = str(
            _("Missing columns: %(columns)s. Download the template to see the layout.")
            % {"columns": ", ".join(missing)}
        )
        return result

    groups = {group.code: group for group in UnitGroup.objects.all()}
    existing = {unit.code: unit for unit in Unit.objects.all()}
    rows = []
    seen = {}
    for number, raw in table.rows:
        values = _normalise_headers(raw)
        errors = result.errors
        code = values.get("ma", "")
        name = values.get("ten", "")
        if not code:
            errors.append(RowError(number, "ma", str(MESSAGES["required"])))
        elif len(code) > 40:
            errors.append(RowError(number, "ma", str(MESSAGES["too_long"] % {"max": 40})))
        elif code in seen:
            errors.append(
                RowError(
                    number,
                    "ma",
                    str(MESSAGES["duplicate_code"] % {"code": code, "row": seen[code]}),
                )
            )
        else:
            seen[code] = number
        if not name:
            errors.append(RowError(number, "ten", str(MESSAGES["required"])))
        elif len(name) > 255:
            errors.append(RowError(number, "ten", str(MESSAGES["too_long"] % {"max": 255})))
        kind_raw = values.get("loai", "").strip().lower()
        kind = KIND_ALIASES.get(kind_raw)
        if kind is None:
            errors.append(
                RowError(
                    number,
                    "loai",
                    str(
                        MESSAGES["unknown_kind"]
                        % {"value": kind_raw, "choices": ", ".join(list(KIND_ALIASES)[:7])}
                    ),
                )
            )
        group_code = values.get("nhom", "")
        if group_code and group_code not in groups:
            errors.append(
                RowError(number, "nhom", str(MESSAGES["unknown_group"] % {"code": group_code}))
            )
        headcount = 0
        if values.get("bien_che"):
            try:
                headcount = int(values["bien_che"])
                if headcount < 0:
                    raise ValueError
            except ValueError:
                errors.append(RowError(number, "bien_che", str(MESSAGES["bad_headcount"])))
        dates = {}
        for column in ("hieu_luc_tu", "hieu_luc_den"):
            try:
                dates[column] = _parse_date(values.get(column, ""))
            except ValueError:
                errors.append(
                    RowError(number, column, str(MESSAGES["bad_date"] % {"value": values[column]}))
                )
                dates[column] = None
        if (
            dates["hieu_luc_tu"]
            and dates["hieu_luc_den"]
            and dates["hieu_luc_den"] < dates["hieu_luc_tu"]
        ):
            errors.append(RowError(number, "hieu_luc_den", str(MESSAGES["bad_range"])))
        rows.append(
            {
                "row": number,
                "code": code,
                "name": name,
                "kind": kind,
                "group": groups.get(group_code),
                "parent": values.get("ma_don_vi_cha", ""),
                "headcount": headcount,
                "valid_from": dates["hieu_luc_tu"],
                "valid_to": dates["hieu_luc_den"],
                "predecessors": [
                    c.strip() for c in values.get("ma_tien_than", "").split(";") if c.strip()
                ],
            }
        )

    known = set(existing) | set(seen)
    parents = {code: unit.parent.code if unit.parent_id else "" for code, unit in existing.items()}
    for row in rows:
        if row["code"]:
            parents[row["code"]] = row["parent"]
    for row in rows:
        if row["parent"]:
            if row["parent"] == row["code"]:
                result.errors.append(
                    RowError(row["row"], "ma_don_vi_cha", str(MESSAGES["self_parent"]))
                )
            elif row["parent"] not in known:
                result.errors.append(
                    RowError(
                        row["row"],
                        "ma_don_vi_cha",
                        str(MESSAGES["unknown_parent"] % {"code": row["parent"]}),
                    )
                )
            elif _has_cycle(row["code"], parents):
                result.errors.append(RowError(row["row"], "ma_don_vi_cha", str(MESSAGES["cycle"])))
        for code in row["predecessors"]:
            if code not in known:
                result.errors.append(
                    RowError(
                        row["row"],
                        "ma_tien_than",
                        str(MESSAGES["unknown_predecessor"] % {"code": code}),
                    )
                )
    if result.errors:
        result.errors.sort(key=lambda error: error.row)
        return result
    _save(rows, existing, result)
    return result


def _has_cycle(code, parents):
    seen = {code}
    current = parents.get(code)
    while current:
        if current in seen:
            return True
        seen.add(current)
        current = parents.get(current)
    return False


@transaction.atomic
def _save(rows, existing, result):
    units = dict(existing)
    for order, row in enumerate(rows):
        unit = units.get(row["code"])
        if unit is None:
            unit = Unit(code=row["code"], sort_order=len(existing) + order)
            result.created += 1
        else:
            result.updated += 1
        unit.name = row["name"]
        unit.kind = row["kind"]
        unit.group = row["group"]
        unit.headcount = row["headcount"]
        unit.valid_from = row["valid_from"]
        unit.valid_to = row["valid_to"]
        unit.save()
        units[row["code"]] = unit
    for row in rows:
        unit = units[row["code"]]
        parent = units.get(row["parent"]) if row["parent"] else None
        if unit.parent_id != (parent.pk if parent else None):
            unit.parent = parent
            unit.save(update_fields=["parent"])
        if row["predecessors"]:
            unit.predecessors.add(*(units[code] for code in row["predecessors"]))


def template_rows():
    """Headers and two example rows for the downloadable template."""
    headers = [
        "ma",
        "ten",
        "loai",
        "nhom",
        "ma_don_vi_cha",
        "bien_che",
        "hieu_luc_tu",
        "hieu_luc_den",
        "ma_tien_than",
    ]
    rows = [
        ["SNV", "Sở Nội vụ", "so_nganh", "co-quan-hanh-chinh", "AL", 74, "", "", ""],
        [
            "X-LONGPHU",
            "Ủy ban nhân dân xã Long Phú",
            "xa",
            "cap-xa",
            "AL",
            33,
            "01/07/2025",
            "",
            "H-LONGPHU",
        ],
    ]
    return headers, rows
