"""GIFT and Aiken read as Moodle documents them, spreadsheets read as their author sees them,
and partial import: the good questions saved, the refused ones downloadable to fix.

Every file here is written from the formats' documentation (Moodle's "GIFT format" and
"Aiken format" pages), not copied from anywhere."""

import datetime
import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from contests import importers
from contests.formatting import plain_text, render
from contests.importers import HEADERS
from contests.models import Area, Choice, Question
from tests.factories import UserFactory
from tests.helpers import admin_client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def gift(text, name="bank.gift", default_area=Area.PROCEDURES):
    return importers.parse(SimpleUploadedFile(name, text.encode()), default_area=default_area)


def one(text, **kwargs):
    (item,) = gift(text, **kwargs)
    return item


def messages(item):
    return [str(message) for _column, message in item.errors]


# ----------------------------------------------------------------------------------------------
# GIFT: every construct of Moodle's documentation
# ----------------------------------------------------------------------------------------------


def test_multiple_choice_with_feedback_and_general_feedback():
    item = one(
        "::Q1:: Ai ký quyết định công bố thủ tục hành chính? {\n"
        "  =Chủ tịch UBND tỉnh#Đúng thẩm quyền.\n"
        "  ~Giám đốc Sở#Chưa đúng.\n"
        "  ~Chánh Văn phòng\n"
        "####Theo Nghị định 63/2010/NĐ-CP.}"
    )
    assert item.errors == []
    assert item.kind == Question.Kind.SINGLE
    assert item.text == "Ai ký quyết định công bố thủ tục hành chính?"  # no title, no braces
    assert item.choices == [
        ("Chủ tịch UBND tỉnh", True),
        ("Giám đốc Sở", False),
        ("Chánh Văn phòng", False),
    ]
    assert item.explanation.split("\n") == [
        "Theo Nghị định 63/2010/NĐ-CP.",
        "Chủ tịch UBND tỉnh: Đúng thẩm quyền.",
        "Giám đốc Sở: Chưa đúng.",
    ]


@pytest.mark.parametrize(
    "answer, truth", [("T", True), ("TRUE", True), ("F", False), ("FALSE", False)]
)
def test_true_false_in_every_spelling(answer, truth):
    item = one(f"Hồ sơ trễ hẹn phải có văn bản xin lỗi. {{{answer}}}")
    assert item.errors == []
    assert item.kind == Question.Kind.TRUE_FALSE
    assert item.choices == [("Đúng", truth), ("Sai", not truth)]


def test_true_false_feedback_goes_to_the_explanation():
    item = one("Một cửa là nơi tiếp nhận hồ sơ. {T#Sai: xem lại.#Chính xác.####Điều 3.}")
    assert item.explanation.split("\n") == ["Điều 3.", "Đúng: Chính xác.", "Sai: Sai: xem lại."]


def test_missing_word_keeps_the_text_after_the_block():
    item = one("Cổng Dịch vụ công {=quốc gia ~tỉnh ~huyện} kết nối các bộ, ngành.")
    assert item.text == "Cổng Dịch vụ công _____ kết nối các bộ, ngành."
    assert item.errors == []


def test_multi_line_question_and_blank_line_separation():
    parsed = gift(
        "Câu hỏi\nnhiều dòng? {\n=đúng\n~sai\n}\n\n\n\nCâu thứ hai? {=a ~b}\n// chú thích\n"
    )
    assert [item.text for item in parsed] == ["Câu hỏi\nnhiều dòng?", "Câu thứ hai?"]
    assert [item.row for item in parsed] == [1, 9]


def test_multiple_answers_with_positive_weights_are_several_correct_choices():
    item = one("Kênh nộp hồ sơ? {~%50%Trực tiếp ~%50%Trực tuyến ~Qua điện thoại}")
    assert item.errors == []
    assert item.kind == Question.Kind.MULTIPLE
    assert [correct for _t, correct in item.choices] == [True, True, False]


@pytest.mark.parametrize(
    "block, kind",
    [
        ("{}", "tự luận"),
        ("{#3:1}", "trả lời bằng số"),
        ("{#1..5}", "trả lời bằng số"),
        ("{=mèo -> cá =chó -> xương}", "ghép đôi"),
        ("{=hai =2}", "trả lời ngắn"),
        ("{=hai}", "trả lời ngắn"),
        ("{~%50%a ~%50%b ~%-100%c}", "nhiều đáp án có trọng số âm (tính điểm từng phần)"),
    ],
)
def test_unsupported_kinds_are_named_never_turned_into_another_kind(block, kind):
    item = one(f"Câu hỏi thử {block}")
    assert messages(item) == [f"Câu hỏi dạng {kind} chưa được hỗ trợ."]
    assert str(item.kind_label) == kind


def test_essay_message_reads_as_the_issue_says():
    assert messages(one("Hãy trình bày ý kiến của anh/chị. {}")) == [
        "Câu hỏi dạng tự luận chưa được hỗ trợ."
    ]


def test_a_description_is_not_a_question():
    (item,) = gift("Phần sau gồm các câu hỏi về thủ tục hành chính.")
    assert messages(item) == ["Câu hỏi dạng đoạn mô tả (không có khối đáp án) chưa được hỗ trợ."]


def test_partial_credit_in_a_one_answer_question_is_refused_not_rounded():
    item = one("Quê ở đâu? {=Nam Định ~%50%Hà Nam ~Thái Bình}")
    assert any("50%" in message and "Hà Nam" in message for message in messages(item))
    assert Question.objects.count() == 0


def test_two_full_answers_in_a_one_answer_question_are_refused():
    item = one("Chọn một? {=a =b ~c}")
    assert str(importers.ERRORS["several_correct"]) in messages(item)


def test_escapes_are_honoured():
    item = one(r"Tỷ lệ 1\:2 \= một nửa, \{không\} là khối, dấu \# và \~? {=a\=b ~c\#d ~e\}f}")
    assert item.errors == []
    assert item.text == "Tỷ lệ 1:2 = một nửa, {không} là khối, dấu # và ~?"
    assert [text for text, _c in item.choices] == ["a=b", "c#d", "e}f"]


def test_format_markers_are_understood_and_removed():
    html = one("[html]<p>Ai <b>ký</b> <script>alert(1)</script><span>quyết định</span>?</p>{=a ~b}")
    assert html.text == "<p>Ai <b>ký</b> quyết định?</p>"
    moodle = one("[moodle]Dòng một\nDòng <i>hai</i> {=a ~b}")
    assert moodle.text == "Dòng một<br>Dòng <i>hai</i>"
    plain = one("[plain]Thẻ <b> in đậm? {=a ~b}")
    assert plain.text == "<p>Thẻ &lt;b&gt; in đậm?</p>"
    assert str(render(plain.text)) == "<p>Thẻ &lt;b&gt; in đậm?</p>"  # shown as typed
    markdown = one("[markdown]**Đậm** và *nghiêng*? {=a ~b}")
    assert markdown.text == "<b>Đậm</b> và <i>nghiêng</i>?"
    unknown = one("[abc] là chữ {=a ~b}")
    assert unknown.text == "[abc] là chữ"


def test_category_maps_to_an_area_by_name_or_alias_and_warns_on_an_unknown_one():
    parsed = gift(
        "$CATEGORY: $course$/top/Chính phủ số\n\nCâu 1? {=a ~b}\n\n"
        "$CATEGORY: tthc\nCâu 2? {=a ~b}\n\n"
        "$CATEGORY: $course$/top/Toán học\n\nCâu 3? {=a ~b}\n",
        default_area=Area.INSTITUTIONS,
    )
    assert [item.area for item in parsed] == [Area.DIGITAL, Area.PROCEDURES, Area.INSTITUTIONS]
    assert [item.errors for item in parsed] == [[], [], []]
    assert parsed[2].warnings and "Toán học" in str(parsed[2].warnings[0])
    (refused,) = gift("$CATEGORY: Toán học\n\nCâu? {=a ~b}", default_area="")
    assert refused.errors[0][0] == "lĩnh vực" and "Toán học" in str(refused.errors[0][1])


def test_comments_titles_and_html_choices():
    item = one("// chú thích\n::Tên câu:: Chọn <b>một</b>? {=<i>đúng</i> ~sai}")
    assert item.text == "Chọn <b>một</b>?"
    assert item.choices[0] == ("<i>đúng</i>", True)


# ----------------------------------------------------------------------------------------------
# GIFT: broken files
# ----------------------------------------------------------------------------------------------


def test_broken_questions_are_reported_one_by_one_and_the_good_ones_stay_good():
    parsed = gift(
        "Khối chưa đóng? {=a ~b\n\n"
        "Đóng thừa? =a ~b}\n\n"
        "Không có đáp án đúng? {~a ~b}\n\n"
        "Hai khối {=a ~b} và {=c ~d}\n\n"
        "Câu tốt? {=a ~b}\n"
    )
    assert [bool(item.errors) for item in parsed] == [True, True, True, True, False]
    assert "1 dấu “{” và 0 dấu “}”" in messages(parsed[0])[0]
    assert "0 dấu “{” và 1 dấu “}”" in messages(parsed[1])[0]
    assert str(importers.ERRORS["no_correct"]) in messages(parsed[2])
    assert messages(parsed[3]) == [str(importers.ERRORS["gift_several_blocks"])]


def test_bom_and_windows_line_ends():
    data = "\ufeff// bom\r\nCâu một? {\r\n=a\r\n~b\r\n}\r\n\r\nCâu hai? {T}\r\n".encode()
    parsed = importers.parse(SimpleUploadedFile("x.gift", data), default_area=Area.DIGITAL)
    assert [item.text for item in parsed] == ["Câu một?", "Câu hai?"]
    assert all(not item.errors for item in parsed)


@pytest.mark.parametrize("content", [b"", b"   \n\n", b"\xef\xbb\xbf\r\n"])
def test_an_empty_file_is_a_message(content):
    with pytest.raises(importers.ImportFileError) as error:
        importers.parse(SimpleUploadedFile("x.gift", content))
    assert str(error.value.message) == "Tệp trống."


def test_a_file_of_comments_only_has_no_questions():
    with pytest.raises(importers.ImportFileError) as error:
        importers.parse(SimpleUploadedFile("x.gift", b"// a\n// b\n"))
    assert "Không tìm thấy câu hỏi" in str(error.value.message)


def test_gift_txt_is_read_as_gift():
    assert importers.detect_format("Ngan-hang.GIFT.txt") == "gift"
    assert importers.detect_format("aiken.txt") == "aiken"
    parsed = gift("Câu? {=a ~b}", name="cau-hoi.gift.txt")
    assert parsed[0].errors == []


def test_ten_thousand_questions_are_read_and_checked_quickly():
    text = "\n\n".join(
        f"::Q{n}:: Câu hỏi số {n}? {{=đúng ~sai ~%50%nửa}}"
        if n % 1000 == 0
        else f"::Q{n}:: Câu hỏi số {n}? {{=đúng ~sai}}"
        for n in range(10_000)
    )
    started = time.perf_counter()
    parsed = gift(text)
    elapsed = time.perf_counter() - started
    assert len(parsed) == 10_000
    assert sum(1 for item in parsed if item.errors) == 10
    assert elapsed < 10, elapsed


# ----------------------------------------------------------------------------------------------
# Aiken
# ----------------------------------------------------------------------------------------------


def test_aiken_bad_blocks_among_good_ones():
    text = (
        "Câu một?\nA) x\nB) y\nANSWER: B\n"  # no blank line needed: ANSWER ends a question
        "Câu thiếu ANSWER?\nA. x\nB. y\n\n"
        "Câu ba?\nA. x\nB. y\nANSWER: C\n\n"
        "Câu bốn?\nA. x\nC. y\nANSWER: A\n\n"
        "ANSWER: A\n\n"
        "Câu sáu?\nA. x\nB. y\nANSWER: B\n"
    )
    parsed = importers.parse(SimpleUploadedFile("a.txt", text.encode()), default_area=Area.DIGITAL)
    assert [item.text for item in parsed] == [
        "Câu một?",
        "Câu thiếu ANSWER?",
        "Câu ba?",
        "Câu bốn?",
        "",
        "Câu sáu?",
    ]
    assert [bool(item.errors) for item in parsed] == [False, True, True, True, True, False]
    assert str(importers.ERRORS["aiken_no_answer"]) in messages(parsed[1])
    assert any("C" in message for message in messages(parsed[2]))
    assert any("A, C" in message for message in messages(parsed[3]))
    assert parsed[0].choices == [("x", False), ("y", True)]


def test_aiken_text_is_plain_text():
    text = "Thẻ <b> có in đậm không?\nA. <i>có</i>\nB. không\nANSWER: B\n"
    (item,) = importers.parse(SimpleUploadedFile("a.txt", text.encode()), default_area=Area.DIGITAL)
    assert plain_text(item.text) == "Thẻ <b> có in đậm không?"
    assert str(render(item.choices[0][0])) == "<p>&lt;i&gt;có&lt;/i&gt;</p>"


# ----------------------------------------------------------------------------------------------
# Spreadsheets as their author sees them
# ----------------------------------------------------------------------------------------------


def base_row(text, **changes):
    values = dict(
        zip(
            HEADERS,
            [
                text,
                "Cải cách thủ tục hành chính",
                "Dễ",
                "Tất cả",
                "",
                "Một",
                "Hai",
                "",
                "",
                "A",
                "",
                "",
            ],
            strict=True,
        )
    )
    values.update(changes)
    return [values[header] for header in HEADERS]


def workbook_upload(workbook, name="cau-hoi.xlsx"):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def test_dates_percentages_and_numbers_keep_the_value_the_person_sees():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    sheet.append(base_row("Luật có hiệu lực từ ngày nào?"))
    sheet.append(base_row("Tỷ lệ hồ sơ trực tuyến tối thiểu?"))
    sheet.append(base_row("Phí bao nhiêu?"))
    sheet["F2"] = datetime.datetime(2025, 7, 1)
    sheet["F2"].number_format = "dd/mm/yyyy"
    sheet["G2"] = datetime.datetime(2025, 1, 7)
    sheet["G2"].number_format = "mm-dd-yy"
    sheet["F3"] = 0.8
    sheet["F3"].number_format = "0%"
    sheet["G3"] = 0.125
    sheet["G3"].number_format = "0.0%"
    sheet["F4"] = 1500000
    sheet["F4"].number_format = "#,##0"
    sheet["G4"] = 2.5
    parsed = importers.parse(workbook_upload(workbook))
    assert [[text for text, _c in item.choices] for item in parsed] == [
        ["01/07/2025", "07/01/2025"],
        ["80%", "12,5%"],
        ["1.500.000", "2,5"],
    ]
    assert all(not item.errors for item in parsed)


def test_formulas_merged_cells_and_hidden_rows_are_problems_of_their_rows_only():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    sheet.append(base_row("Câu tốt 1?"))  # 2
    sheet.append(base_row("Câu có công thức?", **{"Đáp án": "=CHAR(65)"}))  # 3
    sheet.append(base_row("Câu gộp ô 1?"))  # 4
    sheet.append(base_row("Câu gộp ô 2?"))  # 5
    sheet.append(base_row("Câu bị ẩn?"))  # 6
    sheet.append(base_row("Câu tốt 2?"))  # 7
    sheet.merge_cells("B4:B5")
    sheet.row_dimensions[6].hidden = True
    hidden = workbook.create_sheet("Nháp")
    hidden.sheet_state = "hidden"
    parsed = importers.parse(workbook_upload(workbook))
    by_row = {item.row: messages(item) for item in parsed}
    assert by_row[2] == [] and by_row[7] == []
    assert "Ô J3 chứa công thức" in by_row[3][0]
    assert "B4:B5" in by_row[4][0] and "B4:B5" in by_row[5][0]
    assert "ẩn" in by_row[6][0]
    assert "“Nháp”" in str(parsed.notes[0])


def test_a_hidden_first_sheet_is_skipped_for_the_visible_one():
    workbook = Workbook()
    workbook.active.title = "Cũ"
    workbook.active.append(["rác"])
    workbook.active.sheet_state = "hidden"
    sheet = workbook.create_sheet("Câu hỏi")
    sheet.append(HEADERS)
    sheet.append(base_row("Câu trên trang hiển thị?"))
    workbook.active = 1
    parsed = importers.parse(workbook_upload(workbook))
    assert [item.text for item in parsed] == ["Câu trên trang hiển thị?"]


def test_the_template_has_drop_down_lists():
    organizer = UserFactory(is_staff=True, is_superuser=True)
    from django.test import Client

    client = Client()
    admin_client(client, organizer)
    response = client.get(reverse("contests_admin_template"))
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["Câu hỏi"]
    ranges = {
        str(validation.sqref): validation.formula1
        for validation in sheet.data_validations.dataValidation
    }
    assert set(ranges) == {"B2:B5001", "C2:C5001", "D2:D5001", "E2:E5001"}
    lists = workbook["Danh mục"]
    areas = [cell.value for cell in lists["A"][1:] if cell.value]
    assert "Chính phủ điện tử, chính phủ số" in areas and len(areas) == 7
    assert [cell.value for cell in lists["D"][1:] if cell.value] == [
        "Một đáp án",
        "Nhiều đáp án",
        "Đúng/Sai",
    ]
    # The template's own rows read back without a problem.
    parsed = importers.parse(SimpleUploadedFile("mau.xlsx", response.content))
    assert all(not item.errors for item in parsed)


# ----------------------------------------------------------------------------------------------
# Formatted text on the entrant's pages
# ----------------------------------------------------------------------------------------------


def test_rendering_shows_formatting_never_raw_tags_or_scripts():
    rendered = Template("{% load question_text %}{{ text|formatted }}|{{ text|formatted_inline }}")
    out = rendered.render(
        Context({"text": "<p>Chọn <b>một</b><img src=x onerror=alert(1)></p><ul><li>x</li></ul>"})
    )
    assert out == "<p>Chọn <b>một</b></p><ul><li>x</li></ul>|Chọn <b>một</b><br>– x"
    plain = Template("{% load question_text %}{{ text|formatted }}").render(
        Context({"text": "a < b\nc & d"})
    )
    assert plain == "a &lt; b<br>c &amp; d"


def test_formatting_never_makes_two_questions_different():
    assert Question.key_for("<p><b>Ai</b> ký?</p>") == Question.key_for("Ai ký?")


# ----------------------------------------------------------------------------------------------
# The admin screen: partial import and the refused rows
# ----------------------------------------------------------------------------------------------


def test_import_the_good_ones_download_the_refused_fix_and_import_them(client):
    organizer = UserFactory(is_staff=True, is_superuser=True)
    admin_client(client, organizer)
    url = reverse("contests_admin_import")
    text = (
        "$CATEGORY: Chính phủ số\n\n"
        "Câu tốt một? {=a ~b}\n\n"
        "Hãy trình bày. {}\n\n"
        "Câu tốt hai? {T}\n\n"
        "Khối hỏng? {=a ~b\n"
    )
    preview = client.post(
        url,
        {"file": SimpleUploadedFile("bank.gift.txt", text.encode()), "file_format": "auto"},
    )
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "Câu hỏi dạng tự luận chưa được hỗ trợ." in page
    assert "Chính phủ điện tử, chính phủ số" in page  # the area in Vietnamese, not "digital"
    assert "<td>Đúng/Sai</td>" in page and "<td>Một đáp án đúng</td>" in page  # kinds too
    assert "<td>true_false</td>" not in page
    assert Question.objects.count() == 0  # nothing saved by a check
    token = preview.context["token"]
    assert preview.context["good_count"] == 2 and preview.context["refused_count"] == 2

    refused = client.get(url, {"refused": token})
    assert refused["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(refused.content))["Câu hỏi"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][-1] == "Lỗi cần sửa"
    assert rows[1][0] == "Hãy trình bày." and "tự luận" in rows[1][-1]
    assert rows[2][-1].startswith("Dòng 9")

    saved = client.post(url, {"token": token})
    assert saved.status_code == 302
    assert sorted(Question.objects.values_list("text", flat=True)) == [
        "Câu tốt hai?",
        "Câu tốt một?",
    ]
    assert client.post(url, {"token": token}).status_code == 302  # nothing saved twice
    assert Question.objects.count() == 2
    assert client.get(url, {"refused": token}).status_code == 200  # still downloadable

    # The organizer fixes the refused rows in the downloaded file and imports it.
    workbook = load_workbook(io.BytesIO(refused.content))
    sheet = workbook["Câu hỏi"]
    sheet["A2"], sheet["E2"], sheet["F2"], sheet["G2"], sheet["J2"] = (
        "Trình bày được không?",
        "Một đáp án",
        "Có",
        "Không",
        "A",
    )
    sheet["A3"], sheet["F3"], sheet["G3"], sheet["J3"] = "Khối đã sửa?", "a", "b", "A"
    again = client.post(url, {"file": workbook_upload(workbook, "sua.xlsx"), "file_format": "auto"})
    assert again.context["refused_count"] == 0, again.context["parsed"][0].errors
    client.post(url, {"token": again.context["token"]})
    assert Question.objects.count() == 4
    assert Choice.objects.filter(question__text="Khối đã sửa?", is_correct=True).count() == 1


def test_a_file_with_only_bad_questions_offers_no_import(client):
    organizer = UserFactory(is_staff=True, is_superuser=True)
    admin_client(client, organizer)
    response = client.post(
        reverse("contests_admin_import"),
        {"file": SimpleUploadedFile("x.gift", "Câu? {}".encode()), "file_format": "auto"},
    )
    assert response.status_code == 200
    assert b'class="import-confirm"' not in response.content
    assert (
        client.post(
            reverse("contests_admin_import"), {"token": response.context["token"]}
        ).status_code
        == 302
    )
    assert Question.objects.count() == 0


def test_the_refused_rows_of_another_user_are_not_served(client):
    owner = UserFactory(is_staff=True, is_superuser=True)
    admin_client(client, owner)
    response = client.post(
        reverse("contests_admin_import"),
        {"file": SimpleUploadedFile("x.gift", "Câu? {}".encode()), "file_format": "auto"},
    )
    token = response.context["token"]
    client.logout()
    admin_client(client, UserFactory(is_staff=True, is_superuser=True))
    other = client.get(reverse("contests_admin_import"), {"refused": token})
    assert other.status_code == 302  # "expired": the cache key holds the owner's id


def test_the_entrant_sees_the_formatting_of_an_imported_question_and_nothing_else(client):
    from contests import services
    from tests.contests.factories import EntrantGroupFactory, EntryFactory, RoundFactory

    (item,) = gift(
        "[html]<p>Ai <b>ký</b> quyết định?<script>alert('x')</script></p>"
        "<img src=x onerror=alert(1)>{=<i>Chủ tịch</i> ~Giám đốc<br>Sở}"
    )
    importers.save_questions([item.as_dict()], None)
    Question.objects.update(status=Question.Status.APPRAISED)
    group = EntrantGroupFactory()
    round_ = RoundFactory(contest=group.contest, question_count=1)
    entry = EntryFactory(group=group)
    attempt = services.start_attempt(round_, entry.person)
    client.force_login(entry.person)
    body = client.get(reverse("contests:attempt", args=[attempt.pk])).content.decode()
    assert "Ai <b>ký</b> quyết định?" in body
    assert "<i>Chủ tịch</i>" in body and "Giám đốc<br>Sở" in body
    assert "alert" not in body.split("<main", 1)[-1].split("</main>", 1)[0]
    assert "&lt;b&gt;" not in body


def test_saving_is_all_or_nothing(monkeypatch):
    parsed = gift("Câu một? {=a ~b}\n\nCâu hai? {=a ~b}")

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(Choice.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        importers.save_questions([item.as_dict() for item in parsed], None)
    assert Question.objects.count() == 0


def test_ten_thousand_questions_through_the_screen(client):
    organizer = UserFactory(is_staff=True, is_superuser=True)
    admin_client(client, organizer)
    text = "\n\n".join(f"Câu hỏi số {n}? {{=đúng ~sai}}" for n in range(10_000))
    text += "\n\nCâu hỏng {=a ~b\n"
    started = time.perf_counter()
    response = client.post(
        reverse("contests_admin_import"),
        {
            "file": SimpleUploadedFile("lon.gift", text.encode()),
            "file_format": "auto",
            "default_area": Area.DIGITAL,
        },
    )
    assert response.status_code == 200
    assert response.context["good_count"] == 10_000
    assert response.context["refused_count"] == 1
    assert response.context["truncated"]
    client.post(reverse("contests_admin_import"), {"token": response.context["token"]})
    assert Question.objects.count() == 10_000
    assert time.perf_counter() - started < 60


def test_html_in_a_spreadsheet_cell_is_sanitised_and_plain_text_is_kept_as_typed():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    sheet.append(
        base_row(
            "<p>Chọn <b>một</b><script>alert(1)</script></p>",
            A="x < 5 và y > 3",
            B='<span style="color:red">đỏ</span>',
        )
    )
    (item,) = importers.parse(workbook_upload(workbook))
    assert item.text == "<p>Chọn <b>một</b></p>"
    assert [text for text, _c in item.choices] == ["x < 5 và y > 3", "đỏ"]
    assert str(render(item.choices[0][0])) == "x &lt; 5 và y &gt; 3"
