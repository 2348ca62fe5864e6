"""An index set as the .xlsx provinces publish: STT, nội dung, điểm tối đa, hướng dẫn chấm, tài
liệu kiểm chứng (and, optionally, phương thức). Reading checks every row and the sums, and says
what is wrong row by row; nothing is written until the organizer confirms the preview."""

import re
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from common.spreadsheets import TableError, read_table

from .errors import ParIndexError
from .models import Area, Criterion, SubCriterion
from .services import parse_points

COLUMNS = ("stt", "nội dung", "điểm tối đa", "hướng dẫn chấm", "tài liệu kiểm chứng")
METHOD_COLUMN = "phương thức"
METHODS = {
    "": SubCriterion.Method.SELF,
    "tự chấm": SubCriterion.Method.SELF,
    "điều tra": SubCriterion.Method.SURVEY,
    "tự động": SubCriterion.Method.COMPUTED,
}
METHOD_NAMES = {value: key for key, value in METHODS.items() if key}
_ROMAN = re.compile(r"^(X{0,3})(IX|IV|V?I{0,3})$")
_CRITERION = re.compile(r"^\d{1,3}$")
_SUB = re.compile(r"^\d{1,3}(\.\d{1,3}){1,2}$")

LEVEL_NAMES = {"area": _("area"), "criterion": _("criterion"), "sub": _("sub-criterion")}


def parse_guidance(text):
    """'Ban hành đúng hạn: 1; chậm: 0,5; không ban hành: 0' → [["Ban hành đúng hạn", 1.0], …]."""
    levels = []
    for part in re.split(r"[;\n]", text or ""):
        part = part.strip()
        if not part:
            continue
        label, sep, points = part.rpartition(":")
        if not sep or not label.strip():
            raise ParIndexError("row_guidance", text=part[:60])
        levels.append([label.strip(), float(parse_points(points))])
    return levels


def format_guidance(levels):
    return "; ".join(
        f"{label}: {format(Decimal(str(points)).normalize(), 'f').replace('.', ',')}"
        for label, points in levels
    )


def read_set(uploaded, max_total=Decimal("100")):
    """(tree, errors): the tree as plain data (areas → criteria → subs, ready for the session)
    and a list of (row number, message)."""
    try:
        table = read_table(uploaded, required=COLUMNS, max_rows=2000)
    except TableError as error:
        raise ParIndexError("table", message=str(error.message)) from None
    tree, errors = [], []
    area = criterion = None
    for number, row in table.rows:
        stt = row.get("stt", "").strip().rstrip(".")
        try:
            title = row.get("nội dung", "").strip()
            if not title:
                raise ParIndexError("row_title")
            points = parse_points(row.get("điểm tối đa", ""))
            node = {"row": number, "number": stt, "title": title, "max": str(points)}
            if stt and _ROMAN.match(stt.upper()):
                node.update(number=stt.upper(), criteria=[])
                tree.append(node)
                area, criterion = node, None
            elif _CRITERION.match(stt):
                if area is None:
                    raise ParIndexError("row_order", what=LEVEL_NAMES["criterion"])
                node["subs"] = []
                area["criteria"].append(node)
                criterion = node
            elif _SUB.match(stt):
                if criterion is None:
                    raise ParIndexError("row_order", what=LEVEL_NAMES["sub"])
                method = METHODS.get(row.get(METHOD_COLUMN, "").strip().lower())
                if method is None:
                    raise ParIndexError("method", value=row.get(METHOD_COLUMN, "")[:30])
                guidance = parse_guidance(row.get("hướng dẫn chấm", ""))
                if any(Decimal(str(p)) > points for _label, p in guidance):
                    raise ParIndexError("row_guidance", text=row.get("hướng dẫn chấm", "")[:60])
                node.update(
                    guidance=guidance,
                    evidence=row.get("tài liệu kiểm chứng", "").strip(),
                    method=str(method),
                )
                criterion["subs"].append(node)
            else:
                raise ParIndexError("row_number", value=stt[:20])
        except ParIndexError as error:
            errors.append((number, error.message))
    if not errors:
        errors = _sum_errors(tree, max_total)
    return tree, errors


def _sum_errors(tree, max_total):
    errors = []

    def check(node, parts):
        total = sum((Decimal(part["max"]) for part in parts), Decimal("0"))
        if total != Decimal(node["max"]):
            errors.append(
                (
                    node["row"],
                    ParIndexError(
                        "row_sum", number=node["number"], max=node["max"], sum=str(total)
                    ).message,
                )
            )

    for area in tree:
        check(area, area["criteria"])
        for criterion in area["criteria"]:
            check(criterion, criterion["subs"])
    total = sum((Decimal(area["max"]) for area in tree), Decimal("0"))
    if total != max_total:
        errors.append((1, ParIndexError("set_total", sum=str(total), max=str(max_total)).message))
    return errors


def save_set(index_set, tree):
    """Replace the set's tree with `tree` (from `read_set`, without errors)."""
    if index_set.assessments.exists():
        raise ParIndexError("set_has_assessments")
    with transaction.atomic():
        index_set.areas.all().delete()
        order = 0
        for area_node in tree:
            order += 1
            area = Area.objects.create(
                index_set=index_set,
                number=area_node["number"],
                title=area_node["title"],
                max_points=Decimal(area_node["max"]),
                sort_order=order,
            )
            for criterion_node in area_node["criteria"]:
                order += 1
                criterion = Criterion.objects.create(
                    area=area,
                    number=criterion_node["number"],
                    title=criterion_node["title"],
                    max_points=Decimal(criterion_node["max"]),
                    sort_order=order,
                )
                subs = []
                for sub_node in criterion_node["subs"]:
                    order += 1
                    subs.append(
                        SubCriterion(
                            criterion=criterion,
                            area=area,
                            index_set=index_set,
                            number=sub_node["number"],
                            title=sub_node["title"],
                            max_points=Decimal(sub_node["max"]),
                            guidance=sub_node["guidance"],
                            evidence_expected=sub_node["evidence"],
                            method=sub_node["method"],
                            sort_order=order,
                        )
                    )
                SubCriterion.objects.bulk_create(subs)
    return index_set


def export_rows(index_set):
    """The set as rows of the published layout; three queries."""
    areas = list(index_set.areas.all())
    criteria = list(
        Criterion.objects.filter(area__index_set=index_set).order_by("sort_order", "pk")
    )
    subs = list(index_set.subs.order_by("sort_order", "pk"))
    rows = []
    for area in areas:
        rows.append([area.number, area.title, area.max_points, "", "", ""])
        for criterion in (c for c in criteria if c.area_id == area.pk):
            rows.append([criterion.number, criterion.title, criterion.max_points, "", "", ""])
            for sub in (s for s in subs if s.criterion_id == criterion.pk):
                rows.append(
                    [
                        sub.number,
                        sub.title,
                        sub.max_points,
                        format_guidance(sub.guidance),
                        sub.evidence_expected,
                        METHOD_NAMES.get(sub.method, ""),
                    ]
                )
    return rows


HEADERS = ["STT", "Nội dung", "Điểm tối đa", "Hướng dẫn chấm", "Tài liệu kiểm chứng", "Phương thức"]
