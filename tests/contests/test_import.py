"""Question import: each format, each kind of error by row and column, all or nothing, speed."""

import io
import time
import unicodedata

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from contests import importers
from contests.importers import HEADERS, ImportFileError
from contests.models import Area, Choice, Question
from tests.contests.factories import QuestionFactory
from tests.factories import UserFactory
from tests.helpers import admin_client

pytestmark = pytest.mark.django_db


def xlsx(rows, headers=HEADERS, name="cau-hoi.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def row(
    text="Câu hỏi mẫu?",
    area="Cải cách thủ tục hành chính",
    answer="A",
    a="Một",
    b="Hai",
    c="Ba",
    d="Bốn",
    kind="",
):
    return [
        text,
        area,
        "Dễ",
        "Tất cả",
        kind,
        a,
        b,
        c,
        d,
        answer,
        "Giải thích",
        "Nghị định 118/2025/NĐ-CP",
    ]


def errors_of(parsed):
    return [(item.row, column, str(message)) for item in parsed for column, message in item.errors]


def test_xlsx_template_round_trip_and_kinds():
    parsed = importers.parse(
        xlsx(
            [
                row("Một đáp án?", answer="B"),
                row("Nhiều đáp án?", answer="A, C", area="chinh phu so"),
                row(
                    "Đúng hay sai?",
                    a="Đúng",
                    b="Sai",
                    c="",
                    d="",
                    answer="B",
                    area="Cải cách chế độ công vụ",
                ),
            ]
        )
    )
    assert errors_of(parsed) == []
    kinds = [item.kind for item in parsed]
    assert kinds == [Question.Kind.SINGLE, Question.Kind.MULTIPLE, Question.Kind.TRUE_FALSE]
    assert parsed[1].area == Area.DIGITAL
    saved = importers.save_questions([item.as_dict() for item in parsed], UserFactory())
    assert len(saved) == 3
    assert Choice.objects.filter(is_correct=True).count() == 4
    assert Question.objects.filter(status=Question.Status.DRAFT).count() == 3


def test_every_error_kind_is_reported_by_row_and_column():
    QuestionFactory(text="Câu đã có trong ngân hàng?")
    parsed = importers.parse(
        xlsx(
            [
                row("Không có đáp án?", answer=""),  # row 2
                row("Một đáp án mà nhiều?", answer="A,B", kind="Một đáp án"),  # row 3
                row("Trùng trong tệp?"),  # row 4
                row("trùng  trong tệp?"),  # row 5: same text, other case and spaces
                row("Câu đã có trong ngân hàng?"),  # row 6
                row("Phương án trống?", b=""),  # row 7
                row("Lĩnh vực lạ?", area="Thiên văn học"),  # row 8
                row("Đáp án trỏ vào ô trống?", c="", d="", answer="D"),  # row 9
                row("Đáp án sai dạng?", answer="E"),  # row 10
            ]
        )
    )
    found = {(r, c, m.split(" ")[0]) for r, c, m in errors_of(parsed)}
    by_row = {}
    for r, c, m in errors_of(parsed):
        by_row.setdefault(r, []).append((c, m))
    assert [c for c, _m in by_row[2]] == ["đáp án"]
    assert ("đáp án", str(importers.ERRORS["several_correct"])) in by_row[3]
    assert 4 not in by_row
    assert by_row[5][0][0] == "câu hỏi" and "4" in by_row[5][0][1]
    assert by_row[6] == [("câu hỏi", str(importers.ERRORS["duplicate_bank"]))]
    assert by_row[7][0][0] == "B"
    assert by_row[8][0][0] == "lĩnh vực" and "Thiên văn học" in by_row[8][0][1]
    assert by_row[9][0][0] == "đáp án"
    assert by_row[10][0] == ("đáp án", str(importers.ERRORS["bad_answer"]))
    assert found


def to_cp1258(text):
    """Windows-1258 as Vietnamese offices write it: composed letters, combining tone marks."""
    out = b""
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            tones = "".join(mark for mark in parts[1:] if mark in "\u0300\u0301\u0303\u0309\u0323")
            letter = parts[0] + "".join(mark for mark in parts[1:] if mark not in tones)
            out += unicodedata.normalize("NFC", letter).encode("cp1258") + tones.encode("cp1258")
    return out


def test_csv_in_windows_encoding():
    content = (
        "Câu hỏi,Lĩnh vực,A,B,Đáp án\nThủ tục hành chính là gì?,thu tuc hanh chinh,Một,Hai,A\n"
    )
    parsed = importers.parse(SimpleUploadedFile("bank.csv", to_cp1258(content)))
    assert errors_of(parsed) == []
    assert parsed[0].text == "Thủ tục hành chính là gì?"


def test_gift_format():
    gift = """// ngân hàng câu hỏi
$CATEGORY: $course$/Cải cách thủ tục hành chính

::Q1:: Bộ phận Một cửa cấp tỉnh hiện nay là? {
  =Trung tâm Phục vụ hành chính công
  ~Văn phòng Sở Nội vụ#Không đúng
  ~Phòng Tư pháp
  ~Ủy ban nhân dân xã
####Theo Nghị định 118/2025/NĐ-CP.}

Hồ sơ trễ hẹn phải có phiếu xin lỗi. {T}

Chọn các kênh nộp hồ sơ: {
  ~%50%Trực tiếp
  ~%50%Trực tuyến
  ~Qua điện thoại
}

Chọn các kênh, có trừ điểm: {
  ~%50%Trực tiếp
  ~%50%Trực tuyến
  ~%-100%Qua điện thoại
}

Câu hỏi thiếu dấu ngoặc {=a ~b
"""
    parsed = importers.parse(SimpleUploadedFile("bank.gift", gift.encode()), default_area="")
    assert parsed[0].area == Area.PROCEDURES
    assert parsed[0].choices[0] == ("Trung tâm Phục vụ hành chính công", True)
    # Per-choice feedback follows the general feedback in the explanation.
    assert (
        parsed[0].explanation == "Theo Nghị định 118/2025/NĐ-CP.\nVăn phòng Sở Nội vụ: Không đúng"
    )
    assert parsed[1].kind == Question.Kind.TRUE_FALSE
    assert parsed[1].choices == [("Đúng", True), ("Sai", False)]
    assert parsed[2].kind == Question.Kind.MULTIPLE
    assert [c for _t, c in parsed[2].choices] == [True, True, False]
    assert errors_of(parsed[:3]) == []
    # Negative weights are partial credit the bank cannot score: refused by name, not rounded.
    assert parsed[3].unsupported and parsed[3].errors[0][0] == "loại"
    assert parsed[4].errors and parsed[4].unreadable


def test_aiken_format():
    aiken = """Cổng Dịch vụ công quốc gia do cơ quan nào quản lý?
A. Văn phòng Chính phủ
B. Bộ Tài chính
C. Bộ Nội vụ
D. Bộ Tư pháp
ANSWER: A

Câu không có đáp án?
A. Một
B. Hai
"""
    parsed = importers.parse(
        SimpleUploadedFile("bank.txt", aiken.encode()), default_area=Area.DIGITAL
    )
    assert parsed[0].row == 1
    assert parsed[0].choices[0] == ("Văn phòng Chính phủ", True)
    assert parsed[0].area == Area.DIGITAL
    assert not parsed[0].errors
    assert parsed[1].row == 8
    assert parsed[1].errors


@pytest.mark.parametrize(
    "upload, fragment",
    [
        (SimpleUploadedFile("a.xlsx", b""), "empty"),
        (SimpleUploadedFile("a.xlsx", b"PK\x03\x04 not really a zip"), "Excel"),
        (SimpleUploadedFile("a.pdf", b"%PDF-1.4 ..."), ".xlsx"),
        (SimpleUploadedFile("a.gift", b"\x00\x01binary"), "text"),
        (SimpleUploadedFile("a.txt", "Câu hỏi?\nA. x".encode("utf-16")), "text"),
    ],
)
def test_bad_files_get_a_clear_message(upload, fragment, settings):
    settings.LANGUAGE_CODE = "en"
    from django.utils import translation

    with translation.override("en"), pytest.raises(ImportFileError) as error:
        importers.parse(upload)
    assert fragment.lower() in str(error.value.message).lower()


def test_big_and_formula_files_are_refused():
    from django.utils import translation

    big = SimpleUploadedFile("big.csv", b"a" * (50 * 1024 * 1024))
    with translation.override("en"), pytest.raises(ImportFileError) as error:
        importers.parse(big)
    assert "too large" in str(error.value.message)
    # A formula refuses its own row only (the good rows can still be imported).
    formula = xlsx([row("Công thức?", answer='=CONCAT("A")'), row("Giá trị?")])
    with translation.override("en"):
        parsed = importers.parse(formula)
    assert ["formula" in str(m) for _c, m in parsed[0].errors] == [True]
    assert parsed[1].errors == []


def test_a_thousand_questions_import_in_a_few_seconds():
    rows = [
        row(f"Câu hỏi số {n} về cải cách hành chính?", answer="ABCD"[n % 4]) for n in range(1000)
    ]
    upload = xlsx(rows)
    started = time.perf_counter()
    parsed = importers.parse(upload)
    importers.save_questions([item.as_dict() for item in parsed], None)
    elapsed = time.perf_counter() - started
    assert Question.objects.count() == 1000
    assert Choice.objects.count() == 4000
    assert elapsed < 5, elapsed


def test_admin_preview_then_all_or_nothing_save(client):
    organizer = UserFactory(is_staff=True, is_superuser=True)
    admin_client(client, organizer)
    url = reverse("contests_admin_import")
    assert client.get(url).status_code == 200
    bad = client.post(
        url, {"file": xlsx([row("Đúng?"), row("Sai?", answer="")]), "file_format": "auto"}
    )
    assert bad.status_code == 200
    assert b"import-error" in bad.content
    # Only "import the good one" is offered; checking saved nothing.
    assert bad.context["good_count"] == 1 and bad.context["refused_count"] == 1
    assert Question.objects.count() == 0
    good = client.post(url, {"file": xlsx([row("Đúng 1?"), row("Đúng 2?")]), "file_format": "auto"})
    token = good.context["token"]
    saved = client.post(url, {"token": token})
    assert saved.status_code == 302
    assert Question.objects.count() == 2
    assert client.post(url, {"token": token}).status_code == 302  # expired: nothing doubled
    assert Question.objects.count() == 2
    template = client.get(reverse("contests_admin_template"))
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")
    export = client.get(reverse("contests_admin_export_bank"))
    reparsed = importers.read_spreadsheet(SimpleUploadedFile("x.xlsx", export.content))
    assert [item.text for item in reparsed] == ["Đúng 1?", "Đúng 2?"]


def test_appraisal_needs_a_second_person(client):
    from contests import services
    from contests.services import ContestError

    author, other = UserFactory(), UserFactory()
    question = QuestionFactory(status=Question.Status.DRAFT, author=author)
    with pytest.raises(ContestError):
        services.appraise_question(question, author)
    services.appraise_question(question, other)
    question.refresh_from_db()
    assert question.status == Question.Status.APPRAISED
    assert question.appraised_by == other


def corrupt_xlsx(part, name="hong.xlsx"):
    """A real zip from a real workbook, with one of its XML parts broken."""
    import zipfile

    good = xlsx([row()]).read()
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(good)) as source,
        zipfile.ZipFile(buffer, "w") as target,
    ):
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == part:
                data = b"<?xml version='1.0'?><worksheet><sheetData><row><c r='A1'"
            target.writestr(info.filename, data)
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.mark.parametrize(
    "part", ["xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/styles.xml", "[Content_Types].xml"]
)
def test_a_corrupt_workbook_is_a_table_error(part):
    from django.utils import translation

    from common.spreadsheets import TableError, read_table

    with translation.override("vi"), pytest.raises(TableError) as error:
        read_table(corrupt_xlsx(part))
    assert str(error.value.message) == "Tệp không phải là bảng tính Excel hợp lệ."


def test_a_corrupt_workbook_in_the_import_view_is_a_message_not_a_500(client):
    organizer = UserFactory(is_staff=True, is_superuser=True)
    admin_client(client, organizer)
    response = client.post(
        reverse("contests_admin_import"),
        {"file": corrupt_xlsx("xl/worksheets/sheet1.xml"), "file_format": "auto"},
    )
    assert response.status_code == 200
    assert "Tệp không phải là bảng tính Excel hợp lệ." in response.content.decode()
    assert Question.objects.count() == 0


def test_a_true_false_question_with_four_choices_is_a_row_error_on_the_kind_column(client):
    parsed = importers.parse(
        xlsx(
            [
                row("Đúng hay sai: bốn phương án?", kind="Đúng/Sai"),  # row 2
                row("Đúng hay sai: hai phương án?", kind="Đúng/Sai", a="Đúng", b="Sai", c="", d=""),
                row("Nhiều đáp án mà chọn hai?", kind="Nhiều đáp án", answer="A, C"),  # row 4
            ]
        )
    )
    assert errors_of(parsed) == [
        (2, "loại", str(importers.ERRORS["kind_true_false"])),
    ]
    organizer = UserFactory(is_staff=True, is_superuser=True)
    admin_client(client, organizer)
    response = client.post(
        reverse("contests_admin_import"),
        {"file": xlsx([row("Đúng hay sai?", kind="Đúng/Sai")]), "file_format": "auto"},
    )
    assert b"import-error" in response.content
    assert b'name="token"' not in response.content
    assert Question.objects.count() == 0


def test_a_second_confirm_while_the_first_is_saving_saves_nothing(client, monkeypatch):
    """A double click: the second confirm arrives while the first is still saving, before it
    has marked the questions saved. Only one of them saves."""
    from contests import admin_views

    organizer = UserFactory(is_staff=True, is_superuser=True)
    admin_client(client, organizer)
    url = reverse("contests_admin_import")
    good = client.post(url, {"file": xlsx([row("Đúng 1?"), row("Đúng 2?")]), "file_format": "auto"})
    token = good.context["token"]
    real_save = importers.save_questions
    second = []

    def save_while_clicked_again(items, user):
        if not second:
            second.append(client.post(url, {"token": token}, follow=True))
        return real_save(items, user)

    monkeypatch.setattr(admin_views.importers, "save_questions", save_while_clicked_again)
    client.post(url, {"token": token})
    assert Question.objects.count() == 2
    assert "đang được nhập" in second[0].content.decode()
