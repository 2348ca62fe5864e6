"""Import of the unit tree, and of the units' staff lists, from .xlsx or .csv: validate every
row, then save all or nothing.

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

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from common import vietnamese
from common.spreadsheets import TableError, read_table

from .models import Unit, UnitGroup, User

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


# ----------------------------------------------------------------------------------------------
# Staff lists: the organizers confirm people's units from the units' own lists
# ----------------------------------------------------------------------------------------------
#
# | column     | alias            | required | meaning                                        |
# |------------|------------------|----------|------------------------------------------------|
# | email      | e-mail           | yes      | the address the person signed up with          |
# | ho_ten     | full_name, name  | yes      | full name; must match the account's (tone marks |
# |            |                  |          | and letter case aside), against typos in email |
# | ma_don_vi  | unit, unit_code  | yes      | code of a current unit                         |
#
# A listed person whose account has another unit is moved to the listed one; either way their
# unit becomes confirmed. Addresses without an account are listed and skipped (not an error):
# those people confirm through their coordinator once they sign up.

STAFF_ALIASES = {
    "e-mail": "email",
    "full_name": "ho_ten",
    "name": "ho_ten",
    "unit": "ma_don_vi",
    "unit_code": "ma_don_vi",
}
STAFF_REQUIRED = ("email", "ho_ten", "ma_don_vi")

STAFF_MESSAGES = {
    "required": MESSAGES["required"],
    "bad_email": _("“%(value)s” is not an email address."),
    "duplicate_email": _("The address %(email)s appears again on row %(row)s."),
    "unknown_unit": _("No current unit with code %(code)s."),
    "name_mismatch": _(
        "The name does not match the account of this address (%(name)s); check the address."
    ),
}


class StaffAction:
    CONFIRM = "confirm"
    MOVE = "move"
    ALREADY = "already"
    NO_ACCOUNT = "no_account"

    LABELS = {
        CONFIRM: _("Unit confirmed"),
        MOVE: _("Unit changed and confirmed"),
        ALREADY: _("Already confirmed: nothing to do"),
        NO_ACCOUNT: _("No account with this address yet: skipped"),
    }


@dataclass
class StaffRow:
    row: int
    email: str
    full_name: str
    unit_code: str
    errors: list[tuple[str, str]] = field(default_factory=list)
    person_id: int | None = None
    unit_id: int | None = None
    unit_name: str = ""
    current_unit_name: str = ""
    action: str = ""

    @property
    def action_label(self):
        return StaffAction.LABELS.get(self.action, "")

    def as_dict(self):
        return {"row": self.row, "person": self.person_id, "unit": self.unit_id}


@dataclass
class StaffPreview:
    rows: list[StaffRow] = field(default_factory=list)
    file_error: str = ""

    @property
    def error_count(self):
        return sum(len(row.errors) for row in self.rows)

    @property
    def to_save(self):
        return [row for row in self.rows if row.action in (StaffAction.CONFIRM, StaffAction.MOVE)]


def _same_name(first, second):
    return " ".join(vietnamese.fold(first).split()) == " ".join(vietnamese.fold(second).split())


def parse_staff_list(uploaded) -> StaffPreview:
    """Check every row of a staff list and say what saving it would do; nothing is written."""
    preview = StaffPreview()
    try:
        table = read_table(uploaded)
    except TableError as exc:
        preview.file_error = str(exc.message)
        return preview
    headers = {STAFF_ALIASES.get(h, h) for h in table.headers}
    missing = [column for column in STAFF_REQUIRED if column not in headers]
    if missing:
        preview.file_error = str(
            _("Missing columns: %(columns)s. Download the template to see the layout.")
            % {"columns": ", ".join(missing)}
        )
        return preview
    units = {unit.code: unit for unit in Unit.objects.current()}
    parsed = []
    seen = {}
    for number, raw in table.rows:
        values = {STAFF_ALIASES.get(key, key): value for key, value in raw.items()}
        row = StaffRow(
            row=number,
            email=values.get("email", "").strip().lower(),
            full_name=" ".join(values.get("ho_ten", "").split()),
            unit_code=values.get("ma_don_vi", "").strip(),
        )
        if not row.email:
            row.errors.append(("email", str(STAFF_MESSAGES["required"])))
        else:
            try:
                validate_email(row.email)
            except ValidationError:
                row.errors.append(
                    ("email", str(STAFF_MESSAGES["bad_email"] % {"value": row.email[:100]}))
                )
            else:
                if row.email in seen:
                    row.errors.append(
                        (
                            "email",
                            str(
                                STAFF_MESSAGES["duplicate_email"]
                                % {"email": row.email, "row": seen[row.email]}
                            ),
                        )
                    )
                else:
                    seen[row.email] = number
        if not row.full_name:
            row.errors.append(("ho_ten", str(STAFF_MESSAGES["required"])))
        unit = units.get(row.unit_code)
        if not row.unit_code:
            row.errors.append(("ma_don_vi", str(STAFF_MESSAGES["required"])))
        elif unit is None:
            row.errors.append(
                ("ma_don_vi", str(STAFF_MESSAGES["unknown_unit"] % {"code": row.unit_code[:40]}))
            )
        else:
            row.unit_id, row.unit_name = unit.pk, unit.name
        parsed.append(row)

    # One query for every account named in the file; the addresses are stored lower-cased.
    people = {
        person.email: person
        for person in User.objects.filter(
            email__in=list(seen), is_active=True, anonymised_at__isnull=True
        ).select_related("unit")
    }
    for row in parsed:
        person = people.get(row.email) if row.email in seen else None
        if person is None:
            if not row.errors:
                row.action = StaffAction.NO_ACCOUNT
            continue
        row.person_id = person.pk
        row.current_unit_name = person.unit.name if person.unit_id else ""
        if row.full_name and not _same_name(row.full_name, person.full_name):
            row.errors.append(
                ("ho_ten", str(STAFF_MESSAGES["name_mismatch"] % {"name": person.full_name}))
            )
        if row.errors:
            continue
        if person.unit_id != row.unit_id:
            row.action = StaffAction.MOVE
        elif person.unit_confirmed_at is None:
            row.action = StaffAction.CONFIRM
        else:
            row.action = StaffAction.ALREADY
    preview.rows = parsed
    return preview


@transaction.atomic
def save_staff_list(rows, actor, now=None) -> int:
    """Confirm the units of a checked staff list (`StaffRow.as_dict()` of the rows to save).

    The file was checked when it was previewed; what changed since then is read again under the
    rows' locks: someone already confirmed in the listed unit is left alone, and a person whose
    account was deleted meanwhile is skipped. Returns how many units were confirmed.
    """
    from .services import confirm_unit

    # One transaction: the locks are held to the end (PostgreSQL refuses them outside one) and
    # a refusal for one row saves none of them.
    with transaction.atomic():
        units = Unit.objects.in_bulk([row["unit"] for row in rows])
        people = User.objects.select_for_update().in_bulk([row["person"] for row in rows])
        confirmed = 0
        for row in rows:
            person, unit = people.get(row["person"]), units.get(row["unit"])
            if person is None or unit is None or not person.is_active:
                continue
            if person.unit_id == unit.pk and person.unit_confirmed_at is not None:
                continue
            confirm_unit(actor, person, unit=unit, now=now)
            confirmed += 1
    return confirmed


def staff_template_rows():
    """Headers and two example rows for the downloadable staff-list template."""
    headers = ["email", "ho_ten", "ma_don_vi"]
    rows = [
        ["nguyenvanan@longphu.gov.vn", "Nguyễn Văn An", "X-LONGPHU"],
        ["tranthibich@snv.gov.vn", "Trần Thị Bích", "SNV"],
    ]
    return headers, rows
