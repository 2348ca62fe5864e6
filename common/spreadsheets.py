"""Reading uploaded tables (.xlsx, .csv) and writing exports, shared by every import and export.

Reading never evaluates formulas and refuses them, guesses the text encoding of CSV files
(UTF-8 with or without BOM, then Windows-1258 and Windows-1252, which Vietnamese offices still
produce), and turns every problem into a `TableError` with a translated message.
"""

import csv
import datetime
import decimal
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from xml.parsers import expat

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

CSV_ENCODINGS = ("utf-8-sig", "cp1258", "cp1252")
_NOT_A_WORKBOOK = _("The file is not a valid Excel workbook.")
_TOO_MANY_ROWS = _("The file has more than %(max)s rows.")
# An .xlsx is a zip of XML. Real sheets compress 5 to 30 times; a zip bomb (a few hundred KB that
# unpack to millions of rows) compresses hundreds of times. Members smaller than this are never
# worth refusing, whatever their ratio.
MAX_COMPRESSION_RATIO = 100
_RATIO_CHECK_FROM = 1_048_576


class TableError(Exception):
    """A file that cannot be read as a table; `message` is shown to the person."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, dict]]  # (row number as the person sees it in the file, values)
    # Read `as_shown` only: what stops a row from being trusted, by row number, as
    # (code, params) with code one of "formula", "merged", "hidden_row"; and the names of
    # the hidden sheets that were left unread.
    problems: dict = field(default_factory=dict)
    hidden_sheets: list = field(default_factory=list)


def _clean(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_table(uploaded, required=(), max_rows=20_000, max_bytes=None, as_shown=False) -> Table:
    """Read the first sheet of an .xlsx or a .csv file into rows keyed by lower-cased header.

    `as_shown` reads a workbook the way its author sees it: the first visible sheet, every
    cell as displayed (a date "01/07/2025", a percentage "80%", not "2025-07-01 00:00:00" or
    "0.8"), and a formula, a merged cell or a hidden row as a problem of its own row
    (`Table.problems`) instead of a refusal of the whole file."""
    max_bytes = max_bytes or settings.MAX_UPLOAD_SIZE
    name = (getattr(uploaded, "name", "") or "").lower()
    size = getattr(uploaded, "size", None)
    if size is not None and size > max_bytes:
        raise TableError(
            _("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
            % {"size": round(size / 1_048_576, 1), "limit": round(max_bytes / 1_048_576)}
        )
    data = uploaded.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise TableError(
            _("The file is too large; the limit is %(limit)s MB.")
            % {"limit": round(max_bytes / 1_048_576)}
        )
    if not data.strip():
        raise TableError(_("The file is empty."))
    shown = None
    if (name.endswith(".xlsx") or data[:2] == b"PK") and as_shown:
        shown = _xlsx_shown(data, max_rows=max_rows)
        raw_rows, numbers = shown.rows, shown.numbers
    elif name.endswith(".xlsx") or data[:2] == b"PK":
        raw_rows = _xlsx_rows(data, max_rows=max_rows)
        numbers = None
    elif name.endswith((".csv", ".txt")):
        raw_rows = _csv_rows(data)
        numbers = None
    else:
        raise TableError(_("Upload an Excel (.xlsx) or CSV (.csv) file."))
    if numbers is None:
        numbers = list(range(1, len(raw_rows) + 1))
        if not as_shown:
            # Historical numbering: counted after blank rows are dropped.
            raw_rows = [row for row in raw_rows if any(_clean(cell) for cell in row)]
            numbers = list(range(1, len(raw_rows) + 1))
    kept = [
        (number, row)
        for number, row in zip(numbers, raw_rows, strict=True)
        if any(_clean(cell) for cell in row)
    ]
    numbers = [number for number, _row in kept]
    raw_rows = [row for _number, row in kept]
    if not raw_rows:
        raise TableError(_("The file has no rows."))
    if shown and shown.problems.get(numbers[0]):
        code, params = shown.problems[numbers[0]][0]
        if code == "formula":
            raise TableError(
                _("Cell %(cell)s holds a formula; paste values only.") % {"cell": params["cell"]}
            )
    headers = [_clean(cell).lower() for cell in raw_rows[0]]
    missing = [column for column in required if column not in headers]
    if missing:
        raise TableError(
            _("Missing columns: %(columns)s. Download the template to see the layout.")
            % {"columns": ", ".join(missing)}
        )
    if len(raw_rows) - 1 > max_rows:
        raise TableError(_TOO_MANY_ROWS % {"max": max_rows})
    rows = []
    for number, raw in zip(numbers[1:], raw_rows[1:], strict=True):
        values = {
            header: _clean(raw[i]) if i < len(raw) else ""
            for i, header in enumerate(headers)
            if header
        }
        rows.append((number, values))
    if shown:
        return Table(
            headers=headers,
            rows=rows,
            problems={n: p for n, p in shown.problems.items() if n != numbers[0]},
            hidden_sheets=shown.hidden_sheets,
        )
    return Table(headers=headers, rows=rows)


@dataclass
class _Shown:
    rows: list
    numbers: list
    problems: dict
    hidden_sheets: list


def _xlsx_shown(data, max_rows=20_000):
    """The first visible sheet as displayed, with each row's formulas, merged ranges and
    hidden state as problems of that row."""
    row_limit = max_rows + 1
    _check_zip(data, row_limit)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:
        raise TableError(_NOT_A_WORKBOOK) from exc
    try:
        visible = [sheet for sheet in workbook.worksheets if sheet.sheet_state == "visible"]
        if not visible:
            raise TableError(_NOT_A_WORKBOOK)
        sheet = visible[0]
        hidden = [s.title for s in workbook.worksheets if s.sheet_state != "visible"]
        problems = {}
        layout = _sheet_layout(sheet)
        for row_number in layout.hidden_rows:
            problems.setdefault(row_number, []).append(("hidden_row", {}))
        for ref, first, last in layout.merged:
            for row_number in range(first, last + 1):
                problems.setdefault(row_number, []).append(("merged", {"range": ref}))
        rows, numbers = [], []
        for row_number, row in enumerate(sheet.iter_rows(), start=1):
            if row_number > row_limit:
                raise TableError(_TOO_MANY_ROWS % {"max": max_rows})
            values = []
            for column_number, cell in enumerate(row, start=1):
                value = getattr(cell, "value", None)
                if isinstance(value, str) and value.startswith("="):
                    problems.setdefault(row_number, []).append(
                        ("formula", {"cell": f"{get_column_letter(column_number)}{row_number}"})
                    )
                    value = ""
                values.append(shown_value(value, getattr(cell, "number_format", None)))
            rows.append(values)
            numbers.append(row_number)
    except TableError:
        raise
    except Exception as exc:
        raise TableError(_NOT_A_WORKBOOK) from exc
    finally:
        workbook.close()
    return _Shown(rows=rows, numbers=numbers, problems=problems, hidden_sheets=hidden)


@dataclass
class _Layout:
    merged: list  # (ref, first row, last row)
    hidden_rows: list


def _sheet_layout(sheet):
    """Merged ranges and hidden rows, which openpyxl's read-only sheets do not report: one
    pass of the sheet's XML, after _check_zip has bounded its size."""
    merged, hidden_rows = [], []

    def start(name, attributes):
        local = name.rpartition(" ")[2]
        if local == "mergeCell":
            ref = attributes.get("ref", "")
            found = re.findall(r"[A-Z]+(\d+)", ref)
            if found:
                merged.append((ref, int(found[0]), int(found[-1])))
        elif local == "row" and attributes.get("hidden") in ("1", "true"):
            number = attributes.get("r", "")
            if number.isdigit():
                hidden_rows.append(int(number))

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = start
    with sheet._get_source() as stream:
        while chunk := stream.read(65_536):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    return _Layout(merged=merged, hidden_rows=hidden_rows)


def _decimals(number_format):
    match = re.search(r"\.(0+)", number_format or "")
    return len(match.group(1)) if match else 0


def _vietnamese_number(value, decimals, grouped):
    text = f"{value:,.{decimals}f}" if grouped else f"{value:.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def shown_value(value, number_format=None):
    """A cell's value as a spreadsheet displays it, in Vietnamese notation: dates dd/mm/yyyy,
    times HH:MM, percentages with their sign, decimal comma. Text is left as it is."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    number_format = number_format or "General"
    if isinstance(value, datetime.datetime):
        has_date = bool(re.search(r"[dy]", number_format, re.IGNORECASE))
        has_time = bool(re.search(r"[hs]", number_format, re.IGNORECASE))
        if has_time and not has_date:
            return value.strftime("%H:%M")
        if value.time() == datetime.time(0) or not has_time:
            return value.strftime("%d/%m/%Y")
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if isinstance(value, datetime.timedelta):
        return str(value)
    if isinstance(value, int | float):
        if "%" in number_format:
            return _vietnamese_number(value * 100, _decimals(number_format), False) + "%"
        grouped = "#,##" in number_format
        if number_format == "General" or not re.search(r"[0#]", number_format):
            if float(value).is_integer():
                return _vietnamese_number(int(value), 0, False)
            return f"{value:.10g}".replace(".", ",")
        return _vietnamese_number(value, _decimals(number_format), grouped)
    return value


def _xlsx_rows(data, max_rows=20_000):
    """Rows of the first sheet. A zip with broken XML inside fails anywhere in openpyxl (while
    opening, or lazily while the read-only sheet is walked) with ParseError, KeyError, TypeError
    and more: every failure of the reading is the same "not a valid workbook" to the person.

    The zip is measured before openpyxl opens it, and rows are counted while they are read, so a
    small file that unpacks to a huge sheet is refused in milliseconds instead of holding a
    worker for the time it takes to parse it all."""
    # The header row, plus the data rows allowed; one more proves the file is too long.
    row_limit = max_rows + 1
    _check_zip(data, row_limit)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:
        raise TableError(_NOT_A_WORKBOOK) from exc
    try:
        if not workbook.worksheets:
            raise TableError(_NOT_A_WORKBOOK)
        sheet = workbook.worksheets[0]
        rows = []
        for row_number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            if row_number > row_limit:  # measured already; a second guard costs nothing
                raise TableError(_TOO_MANY_ROWS % {"max": max_rows})
            for column_number, cell in enumerate(row, start=1):
                if isinstance(cell, str) and cell.startswith("="):
                    raise TableError(
                        _("Cell %(cell)s holds a formula; paste values only.")
                        % {"cell": f"{get_column_letter(column_number)}{row_number}"}
                    )
            rows.append(list(row))
    except TableError:
        raise
    except Exception as exc:
        raise TableError(_NOT_A_WORKBOOK) from exc
    finally:
        workbook.close()
    return rows


def _check_zip(data, row_limit):
    """Refuse a workbook whose members unpack to more than MAX_UPLOAD_UNPACKED_SIZE in all, or
    one member packed suspiciously tightly, or a sheet longer than `row_limit` rows. The sizes
    come from the zip's directory; zipfile never hands out more bytes than a member declares,
    so a lying directory cannot get past."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            _check_sizes(members)
            for member in members:
                with archive.open(member) as stream:
                    _check_sheet_length(stream, row_limit)
    except TableError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise TableError(_NOT_A_WORKBOOK) from exc


def _check_sizes(members):
    limit = settings.MAX_UPLOAD_UNPACKED_SIZE
    too_big = TableError(
        _("The workbook unpacks to more than %(limit)s MB; split it into smaller files.")
        % {"limit": round(limit / 1_048_576)}
    )
    if sum(member.file_size for member in members) > limit:
        raise too_big
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > _RATIO_CHECK_FROM and ratio > MAX_COMPRESSION_RATIO:
            raise TableError(
                _(
                    "The workbook unpacks to %(ratio)s times its size, which a real spreadsheet"
                    " never does; open it in Excel, save it again and upload that file."
                )
                % {"ratio": round(ratio)}
            )


class _SheetMeasured(Exception):
    pass


def _check_sheet_length(stream, row_limit):
    """Count the rows of a worksheet part without building it. openpyxl, opening a sheet that
    declares no <dimension>, parses the whole sheet just to size it (before a single row is
    asked for), so its row count must be known before openpyxl sees the file. Any other part
    stops at its first element; a sheet that declares its dimension stops there too, since
    openpyxl reads no row past the declared last one."""
    rows = 0
    first = True

    def start(name, attributes):
        nonlocal rows, first
        local = name.rpartition(" ")[2]
        if first:
            first = False
            if local != "worksheet":
                raise _SheetMeasured
        elif local == "dimension":
            last_row = "".join(
                ch for ch in attributes.get("ref", "").rpartition(":")[2] if ch.isdigit()
            )
            if last_row and int(last_row) > row_limit:
                raise TableError(_TOO_MANY_ROWS % {"max": row_limit - 1})
            raise _SheetMeasured
        elif local == "row":
            rows += 1
            if rows > row_limit:
                raise TableError(_TOO_MANY_ROWS % {"max": row_limit - 1})

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = start
    try:
        while chunk := stream.read(65_536):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except (_SheetMeasured, expat.ExpatError):
        # Measured, or not XML at all (a picture): openpyxl decides whether the part is valid.
        return


def _csv_rows(data):
    for encoding in CSV_ENCODINGS:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes nearly anything
        raise TableError(_("The file's text encoding is not recognised; save it as UTF-8."))
    # Windows-1258 writes tones as combining marks; compose them so "ở" is one letter again.
    text = unicodedata.normalize("NFC", text)
    if "\x00" in text:
        raise TableError(_("The file is not a text CSV file."))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return list(csv.reader(io.StringIO(text), dialect))


# ----------------------------------------------------------------------------------------------
# Exports
# ----------------------------------------------------------------------------------------------


#: How export cells show dates and moments (local time, Vietnamese order).
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
DATE_FORMAT = "dd/mm/yyyy"
#: Column widths, in characters: never narrower than a date, never wider than a screen.
MIN_WIDTH, MAX_WIDTH = 10, 60


def export_filename(prefix, title, day=None):
    """A download's name from what it is about, never from an id: "dang-ky-<title slug>-<dd-mm-yyyy>"
    (Vietnamese tones dropped the way the admin's slugs drop them), without the extension."""
    from django.utils import timezone

    from common.slugs import vn_slugify

    day = day or timezone.localdate()
    parts = [prefix, vn_slugify(str(title), max_length=80), f"{day:%d-%m-%Y}"]
    return "-".join(part for part in parts if part)


def attachment_disposition(filename):
    """A Content-Disposition for a download: an ASCII `filename` every browser understands,
    and `filename*` (RFC 6266/5987) with the name as written for those that read UTF-8."""
    from urllib.parse import quote

    from common.slugs import transliterate

    fallback = unicodedata.normalize("NFKD", transliterate(unicodedata.normalize("NFC", filename)))
    fallback = fallback.encode("ascii", "ignore").decode("ascii")
    fallback = re.sub(r"[^A-Za-z0-9._ -]", "_", fallback).strip() or "download"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def xlsx_response(filename, headers, rows, sheet_title="Dữ liệu"):
    return xlsx_workbook_response(filename, [(sheet_title, headers, rows)])


def _shown_length(value):
    if value is None:
        return 0
    if isinstance(value, datetime.datetime):
        return len(DATETIME_FORMAT)
    if isinstance(value, datetime.date):
        return len(DATE_FORMAT)
    # A long text wraps in the reader's eyes anyway: its longest line decides.
    return max((len(line) for line in str(value).splitlines()), default=0)


def xlsx_workbook_response(filename, sheets):
    """An .xlsx download with one sheet per (title, headers, rows): bold frozen header row,
    columns as wide as their content (within MIN_WIDTH..MAX_WIDTH), moments as real date cells
    in local time shown dd/mm/yyyy hh:mm, and values made safe from formula injection.

    A sheet may carry a fourth item, a dict of per-column lists: `number_formats` (an Excel
    number format, or None, per column: "0.0" keeps a figure a number while showing one
    decimal) and `widths` (a width, or None to fit the content, per column)."""
    workbook = Workbook(write_only=False)
    workbook.remove(workbook.active)
    for title, headers, rows, *extra in sheets:
        options = extra[0] if extra else {}
        number_formats = options.get("number_formats") or []
        fixed_widths = options.get("widths") or []
        sheet = workbook.create_sheet(str(title)[:31])
        sheet.append([str(header) for header in headers])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        widths = [_shown_length(str(header)) for header in headers]
        for row in rows:
            values = [_export_value(value) for value in row]
            sheet.append(values)
            for index, value in enumerate(values):
                if index >= len(widths):
                    widths.append(0)
                widths[index] = max(widths[index], _shown_length(value))
                cell = sheet.cell(row=sheet.max_row, column=index + 1)
                if isinstance(value, datetime.datetime):
                    cell.number_format = DATETIME_FORMAT
                elif isinstance(value, datetime.date):
                    cell.number_format = DATE_FORMAT
                elif (
                    index < len(number_formats)
                    and number_formats[index]
                    and isinstance(value, (int, float))
                ):
                    cell.number_format = number_formats[index]
        for index, width in enumerate(widths, start=1):
            fixed = fixed_widths[index - 1] if index <= len(fixed_widths) else None
            sheet.column_dimensions[get_column_letter(index)].width = fixed or max(
                MIN_WIDTH, min(MAX_WIDTH, width + 2)
            )
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = attachment_disposition(f"{filename}.xlsx")
    return response


def csv_response(filename, headers, rows):
    buffer = io.StringIO()
    # The BOM makes Excel open the file as UTF-8, so Vietnamese letters survive.
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow([str(header) for header in headers])
    for row in rows:
        writer.writerow([_export_value(value, for_csv=True) for value in row])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = attachment_disposition(f"{filename}.csv")
    return response


# What a spreadsheet program takes for the start of a formula (or, for tab and CR, what it strips
# before looking for one). "-" and "+" also start numbers, which stay numbers.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def neutralise(value):
    """The one formula-injection policy of every export (ours and Wagtail's listings): text that
    a spreadsheet would run as a formula gets a leading apostrophe, so it is shown as typed.
    Numbers, and text that is just a number ("-5", "+3.5"), are left alone."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def _export_value(value, for_csv=False):
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise(value)
    if hasattr(value, "tzinfo") and getattr(value, "tzinfo", None) is not None:
        from django.utils import timezone

        value = timezone.localtime(value).replace(tzinfo=None)
        return value.strftime("%d/%m/%Y %H:%M") if for_csv else value
    if isinstance(value, int | float | decimal.Decimal) or hasattr(value, "year"):
        return value
    return neutralise(str(value))
