import io
import unicodedata
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from accounts.importers import import_units
from accounts.models import Unit, UnitGroup

HEADER = "ma,ten,loai,nhom,ma_don_vi_cha,bien_che,hieu_luc_tu,hieu_luc_den,ma_tien_than"


def csv_file(*lines, name="don-vi.csv", encoding="utf-8"):
    text = "\n".join([HEADER, *lines])
    if encoding == "cp1258":
        # Windows-1258 has the letters ă â ê ô ơ ư đ but writes tones as combining marks.
        text = "".join(to_cp1258_form(ch) for ch in text)
    return SimpleUploadedFile(name, text.encode(encoding))


def to_cp1258_form(ch):
    decomposed = unicodedata.normalize("NFD", ch)
    tones = "".join(mark for mark in decomposed[1:] if mark in "\u0300\u0301\u0303\u0309\u0323")
    letter = unicodedata.normalize("NFC", "".join(m for m in decomposed if m not in tones))
    return letter + tones


def xlsx_file(rows, name="don-vi.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(","))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.fixture
def groups(db):
    UnitGroup.objects.create(code="cap-xa", name="Cấp xã")
    UnitGroup.objects.create(code="co-quan-hanh-chinh", name="Cơ quan hành chính")


GOOD_ROWS = [
    "AL,Tỉnh An Lạc,tinh,,,0,,,",
    # A child listed before its parent in the file is fine.
    "X-LONGPHU,Ủy ban nhân dân xã Long Phú,xa,cap-xa,AL,33,01/07/2025,,H-LONGPHU",
    "H-LONGPHU,Ủy ban nhân dân huyện Long Phú,huyen,,AL,0,,30/06/2025,",
    "SNV,Sở Nội vụ,so_nganh,co-quan-hanh-chinh,AL,74,,,",
]


def test_good_csv_creates_the_tree_with_history(groups):
    result = import_units(csv_file(*GOOD_ROWS))
    assert result.ok, result.errors
    assert (result.created, result.updated) == (4, 0)
    commune = Unit.objects.get(code="X-LONGPHU")
    assert commune.parent.code == "AL"
    assert commune.group.code == "cap-xa"
    assert commune.valid_from == date(2025, 7, 1)
    assert [unit.code for unit in commune.predecessors.all()] == ["H-LONGPHU"]
    assert Unit.objects.get(code="H-LONGPHU").successors.get() == commune
    assert set(Unit.objects.current(on=date(2026, 1, 1)).values_list("code", flat=True)) == {
        "AL",
        "X-LONGPHU",
        "SNV",
    }


def test_good_xlsx_and_reimport_updates_instead_of_duplicating(groups):
    rows = [line.split(",") for line in GOOD_ROWS]
    assert import_units(xlsx_file(rows)).ok
    rows[3][5] = "80"
    result = import_units(xlsx_file(rows))
    assert result.ok and (result.created, result.updated) == (0, 4)
    assert Unit.objects.get(code="SNV").headcount == 80
    assert Unit.objects.count() == 4


def test_windows_1258_csv_keeps_vietnamese_letters(groups):
    upload = csv_file(
        "AL,Tinh An Lac,tinh,,,0,,,", "SNV,Sở Nội vụ,so_nganh,,AL,1,,,", encoding="cp1258"
    )
    assert import_units(upload).ok
    assert Unit.objects.get(code="SNV").name == "Sở Nội vụ"


@pytest.mark.parametrize(
    ("bad_line", "column", "fragment"),
    [
        ("X1,Xã Một,xa,,KHONGCO,1,,,", "ma_don_vi_cha", "KHONGCO"),
        ("SNV,Sở trùng mã,so_nganh,,AL,1,,,", "ma", "dòng"),
        ("X2,Xã Hai,xa,,AL,1,31/02/2025,,", "hieu_luc_tu", "dd/mm/yyyy"),
        ("X3,Xã Ba,xa,,AL,1,01/07/2025,30/06/2025,", "hieu_luc_den", "trước"),
        ("X4,Xã Bốn,thon,,AL,1,,,", "loai", "thon"),
        ("X5,Xã Năm,xa,nhom-la,AL,1,,,", "nhom", "nhom-la"),
        ("X6,Xã Sáu,xa,,AL,-3,,,", "bien_che", "số nguyên"),
        (",Xã Bảy,xa,,AL,1,,,", "ma", "bắt buộc"),
        ("X8,,xa,,AL,1,,,", "ten", "bắt buộc"),
        ("X9,Xã Chín,xa,,AL,1,,,KHONGCO", "ma_tien_than", "KHONGCO"),
        ("X10,Xã Mười,xa,,X10,1,,,", "ma_don_vi_cha", "chính nó"),
    ],
)
def test_each_broken_row_is_reported_and_nothing_is_saved(groups, vi, bad_line, column, fragment):
    result = import_units(csv_file(*GOOD_ROWS, bad_line))
    assert not result.ok
    errors = [error for error in result.errors if error.column == column]
    assert errors, result.errors
    assert errors[0].row == len(GOOD_ROWS) + 2
    assert fragment in errors[0].message
    assert Unit.objects.count() == 0


def test_parent_cycle_is_refused(groups, vi):
    result = import_units(csv_file("A,Một,khac,,B,0,,,", "B,Hai,khac,,A,0,,,"))
    assert {error.column for error in result.errors} == {"ma_don_vi_cha"}
    assert "vòng" in result.errors[0].message
    assert Unit.objects.count() == 0


@pytest.mark.parametrize(
    ("upload", "fragment"),
    [
        (SimpleUploadedFile("trong.csv", b""), "trống"),
        (SimpleUploadedFile("anh.png", b"\x89PNG\r\n\x1a\n0000"), ".xlsx"),
        (SimpleUploadedFile("hong.xlsx", b"PK\x03\x04 not really a zip"), "Excel"),
        (SimpleUploadedFile("thieu.csv", b"ma,ten\nA,B"), "loai"),
    ],
)
def test_unreadable_files_get_a_clear_message(db, vi, upload, fragment):
    result = import_units(upload)
    assert fragment in result.file_error
    assert Unit.objects.count() == 0


def test_formula_cells_are_refused(groups, vi):
    result = import_units(xlsx_file([["AL", '=HYPERLINK("x")', "tinh", "", "", 0, "", "", ""]]))
    assert "B2" in result.file_error and "công thức" in result.file_error


def test_oversized_file_is_refused_before_reading(db, vi, settings):
    settings.MAX_UPLOAD_SIZE = 1024
    result = import_units(SimpleUploadedFile("lon.csv", b"ma,ten,loai\n" + b"x" * 2048))
    assert "quá lớn" in result.file_error


def test_command_reports_rows_and_exits_non_zero(groups, tmp_path):
    path = tmp_path / "don-vi.csv"
    path.write_text("\n".join([HEADER, *GOOD_ROWS, "X1,Xã Một,xa,,KHONGCO,1,,,"]), encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="Không lưu gì: 1 lỗi"):
        call_command("import_units", str(path), stderr=err)
    assert "Dòng 6, cột ma_don_vi_cha" in err.getvalue()
    assert Unit.objects.count() == 0
    path.write_text("\n".join([HEADER, *GOOD_ROWS]), encoding="utf-8")
    out = io.StringIO()
    call_command("import_units", str(path), stdout=out)
    assert "4 đơn vị mới" in out.getvalue()
