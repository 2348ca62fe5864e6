"""The spreadsheet layout (.xlsx / .csv): reading it, the template with drop-down lists, the
bank export and the workbook of refused rows to fix and upload again."""

import io

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from common.spreadsheets import TableError, neutralise, read_table

from ..formatting import from_markup
from .core import (
    AREA_ALIASES,
    AREA_LABELS_VI,
    AUDIENCE_ALIASES,
    AUDIENCE_VI,
    COLUMNS,
    DIFFICULTY_ALIASES,
    DIFFICULTY_VI,
    ERRORS,
    HEADERS,
    KIND_ALIASES,
    KIND_VI,
    LETTERS,
    REQUIRED,
    ImportFileError,
    ParsedFile,
    ParsedQuestion,
    _answer_letters,
    _choices_from_columns,
    _is_true_false,
    _lookup,
)
from .core import Question as _Question

SHEET_TITLE = "Câu hỏi"
LISTS_TITLE = "Danh mục"
ERROR_HEADER = "Lỗi cần sửa"


def read_spreadsheet(uploaded, default_area=""):
    try:
        table = read_table(uploaded, required=REQUIRED, as_shown=True)
    except TableError as exc:
        raise ImportFileError(exc.message) from exc
    parsed = ParsedFile()
    if table.hidden_sheets:
        parsed.notes.append(
            ERRORS["hidden_sheets"] % {"sheets": ", ".join(f"“{n}”" for n in table.hidden_sheets)}
        )
    for row_number, values in table.rows:
        item = ParsedQuestion(row=row_number, text=from_markup(values.get("câu hỏi", "")))
        item.source = [values.get(column, "") for column in COLUMNS]
        problems = table.problems.get(row_number, [])
        for code, params in problems:
            item.error("", code, **params)
        if problems:
            # What the row holds is not what its author sees: only its problems are reported.
            item.unreadable = True
            parsed.append(item)
            continue
        _lookup(
            item,
            "lĩnh vực",
            values.get("lĩnh vực", ""),
            AREA_ALIASES,
            "area",
            "unknown_area",
            default_area,
        )
        _lookup(
            item,
            "mức độ",
            values.get("mức độ", ""),
            DIFFICULTY_ALIASES,
            "difficulty",
            "unknown_difficulty",
        )
        _lookup(
            item,
            "đối tượng",
            values.get("đối tượng", ""),
            AUDIENCE_ALIASES,
            "audience",
            "unknown_audience",
        )
        declared_kind = ""
        if values.get("loại", ""):
            before = len(item.errors)
            _lookup(item, "loại", values["loại"], KIND_ALIASES, "kind", "unknown_kind")
            declared_kind = item.kind if len(item.errors) == before else ""
        texts = [from_markup(values.get(letter.lower(), "")) for letter in LETTERS]
        letters = _answer_letters(item, values.get("đáp án", ""))
        item.choices = _choices_from_columns(item, texts, letters)
        if declared_kind:
            item.kind = declared_kind
        elif len(letters) > 1:
            item.kind = _Question.Kind.MULTIPLE
        elif _is_true_false(texts):
            item.kind = _Question.Kind.TRUE_FALSE
        item.explanation = from_markup(values.get("giải thích", ""))
        item.legal_source = values.get("căn cứ pháp lý", "")
        parsed.append(item)
    return parsed


# ----------------------------------------------------------------------------------------------
# Writing
# ----------------------------------------------------------------------------------------------


def question_row(question, choices):
    texts = [choice.text for choice in choices][:4]
    texts += [""] * (4 - len(texts))
    answer = ", ".join(LETTERS[i] for i, choice in enumerate(choices[:4]) if choice.is_correct)
    return [
        question.text,
        AREA_LABELS_VI[question.area],
        DIFFICULTY_VI[question.difficulty],
        AUDIENCE_VI[question.audience],
        KIND_VI[question.kind],
        *texts,
        answer,
        question.explanation,
        question.legal_source,
    ]


def parsed_row(item):
    """A question read from GIFT or Aiken, in the template's layout."""
    texts = [text for text, _correct in item.choices][:4]
    texts += [""] * (4 - len(texts))
    answer = ", ".join(LETTERS[i] for i, (_t, correct) in enumerate(item.choices[:4]) if correct)
    return [
        item.text,
        AREA_LABELS_VI.get(item.area, ""),
        DIFFICULTY_VI.get(item.difficulty, ""),
        AUDIENCE_VI.get(item.audience, ""),
        item.unsupported or KIND_VI.get(item.kind, ""),
        *texts,
        answer,
        item.explanation,
        item.legal_source,
    ]


def template_rows():
    return HEADERS, [
        [
            "Cơ quan nào chủ trì xây dựng Cổng Dịch vụ công quốc gia?",
            "Chính phủ điện tử, chính phủ số",
            "Dễ",
            "Tất cả",
            "Một đáp án",
            "Văn phòng Chính phủ",
            "Bộ Nội vụ",
            "Bộ Tư pháp",
            "Bộ Tài chính",
            "A",
            "Văn phòng Chính phủ xây dựng, quản lý Cổng Dịch vụ công quốc gia.",
            "Nghị định 45/2020/NĐ-CP",
        ],
        [
            "Kết quả giải quyết thủ tục hành chính được trả đúng hẹn thì không cần xin lỗi người dân.",
            "Cải cách thủ tục hành chính",
            "Dễ",
            "Tất cả",
            "Đúng/Sai",
            "Đúng",
            "Sai",
            "",
            "",
            "A",
            "",
            "",
        ],
    ]


def export_rows(queryset):
    for question in queryset.prefetch_related("choices").iterator(chunk_size=500):
        yield question_row(question, list(question.choices.all()))


#: Rows of the template that carry the drop-down lists (the header is row 1).
VALIDATED_ROWS = 5000


def _workbook(headers, rows, with_lists=True):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([neutralise(value) if isinstance(value, str) else value for value in row])
    for index, header in enumerate(headers, start=1):
        width = 60 if index in (1, len(headers)) else max(12, min(40, len(str(header)) + 6))
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    if with_lists:
        _add_lists(workbook, sheet)
    return workbook


def _add_lists(workbook, sheet):
    """Drop-down lists for area, difficulty, entrant group and kind. The areas' names hold
    commas, which an inline list cannot, so every list lives on a second sheet."""
    lists = workbook.create_sheet(LISTS_TITLE)
    columns = {
        "Lĩnh vực": list(AREA_LABELS_VI.values()),
        "Mức độ": list(DIFFICULTY_VI.values()),
        "Đối tượng": list(AUDIENCE_VI.values()),
        "Loại": list(KIND_VI.values()),
    }
    for index, (header, values) in enumerate(columns.items(), start=1):
        letter = get_column_letter(index)
        lists.cell(row=1, column=index, value=header).font = Font(bold=True)
        for row, value in enumerate(values, start=2):
            lists.cell(row=row, column=index, value=value)
        lists.column_dimensions[letter].width = 36
        target = get_column_letter(HEADERS.index(header) + 1)
        validation = DataValidation(
            type="list",
            formula1=f"'{LISTS_TITLE}'!${letter}$2:${letter}${len(values) + 1}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=_("Value not in the list"),
            error=_("Choose a value from the list."),
        )
        sheet.add_data_validation(validation)
        validation.add(f"{target}2:{target}{VALIDATED_ROWS + 1}")


def _response(workbook, filename):
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def template_response():
    headers, rows = template_rows()
    return _response(_workbook(headers, rows), "mau-ngan-hang-cau-hoi")


def refused_response(refused):
    """The refused rows, in the template's layout with the problems in a last column: fix the
    rows, delete nothing, upload the file again."""
    rows = [[*row, error] for row, error in refused]
    return _response(_workbook([*HEADERS, ERROR_HEADER], rows), "cau-hoi-bi-tu-choi")


def refused_rows(parsed):
    """(row in the template layout, the problems as one text) for each refused question."""
    refused = []
    for item in parsed:
        if not item.errors:
            continue
        source = item.source or parsed_row(item)
        where = _("Row %(row)s") % {"row": item.row}
        problems = "; ".join(
            f"{column}: {message}" if column else str(message) for column, message in item.errors
        )
        refused.append(([str(value) for value in source], f"{where}: {problems}"))
    return refused
