"""Hostile spreadsheets: a zip bomb is refused by its size, its packing or its row count before
openpyxl reads it whole, always with a translated message and never a 500."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl.worksheet import _read_only

from accounts.models import Unit
from common import spreadsheets
from common.spreadsheets import TableError, read_table
from tests.factories import UserFactory
from tests.helpers import admin_client
from tests.security.bombs import sheet_xml, xlsx_bomb, xlsx_bytes


@pytest.fixture
def rows_read(monkeypatch):
    """How many rows openpyxl handed out while the file was read."""
    counter = {"rows": 0}
    original = _read_only.ReadOnlyWorksheet._cells_by_row

    def counting(self, *args, **kwargs):
        for row in original(self, *args, **kwargs):
            counter["rows"] += 1
            yield row

    monkeypatch.setattr(_read_only.ReadOnlyWorksheet, "_cells_by_row", counting)
    return counter


def upload(data, name="bom.xlsx"):
    return SimpleUploadedFile(name, data)


def refusal(data, **kwargs):
    with translation.override("vi"), pytest.raises(TableError) as error:
        read_table(upload(data), **kwargs)
    return str(error.value.message)


def test_the_zip_bomb_of_the_issue_is_small_and_huge():
    bomb = xlsx_bomb()
    assert len(bomb) < 150_000
    assert sheet_xml(3).count("<row>") == 3


def test_the_zip_bomb_is_refused_by_its_packing_before_a_row_is_read(rows_read):
    message = refusal(xlsx_bomb())
    assert "lần dung lượng" in message
    assert rows_read["rows"] == 0


def test_a_declared_dimension_past_the_limit_is_refused_before_a_row_is_read(
    rows_read, monkeypatch
):
    monkeypatch.setattr(spreadsheets, "MAX_COMPRESSION_RATIO", 10**9)
    message = refusal(xlsx_bomb())
    assert message == "Tệp có hơn 20000 dòng."
    assert rows_read["rows"] == 0


def test_rows_are_counted_before_openpyxl_opens_a_sheet_that_declares_no_dimension(
    rows_read, monkeypatch
):
    # openpyxl parses such a sheet whole just to size it, before any row is asked for.
    monkeypatch.setattr(spreadsheets, "MAX_COMPRESSION_RATIO", 10**9)
    opened = []
    monkeypatch.setattr(spreadsheets, "load_workbook", lambda *a, **k: opened.append(a))
    message = refusal(xlsx_bomb(declare_dimension=False))
    assert message == "Tệp có hơn 20000 dòng."
    assert opened == []
    assert rows_read["rows"] == 0


def test_the_row_limit_is_exact():
    assert (
        len(
            read_table(upload(xlsx_bytes(sheet_xml(51, declare_dimension=False))), max_rows=50).rows
        )
        == 50
    )
    message = refusal(xlsx_bytes(sheet_xml(52, declare_dimension=False)), max_rows=50)
    assert message == "Tệp có hơn 50 dòng."


def test_the_total_unpacked_size_is_bounded(settings, rows_read, monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_COMPRESSION_RATIO", 10**9)
    settings.MAX_UPLOAD_UNPACKED_SIZE = 5 * 1_048_576
    message = refusal(xlsx_bomb())
    assert message == "Bảng tính khi giải nén lớn hơn 5 MB; hãy chia thành nhiều tệp nhỏ hơn."
    assert rows_read["rows"] == 0


def test_a_file_that_is_not_a_zip_but_claims_to_be_is_not_a_workbook():
    assert refusal(b"PK\x03\x04 not really a zip") == "Tệp không phải là bảng tính Excel hợp lệ."


def test_the_zip_bomb_in_the_units_import_screen_is_a_message(client, db):
    admin_client(client, UserFactory(is_staff=True, is_superuser=True))
    units = Unit.objects.count()
    response = client.post(reverse("accounts_import_units"), {"file": upload(xlsx_bomb())})
    assert response.status_code == 200
    assert "lần dung lượng" in response.content.decode()
    assert Unit.objects.count() == units
