"""Every export opens safely in Excel: text that looks like a formula is neutralised, numbers
stay numbers, and CSV files carry a UTF-8 BOM so Vietnamese letters survive."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.admin.viewsets import viewsets

from accounts.models import Unit
from common import wagtail_exports
from common.spreadsheets import csv_response, neutralise, xlsx_response
from portal.models import Comment
from tests.contests.factories import EntryFactory
from tests.factories import UnitFactory, UserFactory
from tests.helpers import admin_client
from tests.portal.conftest import article, category, home, news_index  # noqa: F401

HOSTILE = [
    '=HYPERLINK("http://evil.example","Bấm vào đây")',
    "+SUM(A1:A9)",
    "-2+3",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
]


def all_subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from all_subclasses(sub)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        *[(text, "'" + text) for text in HOSTILE],
        ("-5", "-5"),
        ("+3.5", "+3.5"),
        ("-1e5", "-1e5"),
        ("-inf", "'-inf"),
        ("- gạch đầu dòng", "'- gạch đầu dòng"),
        ("Phường Đường Số 1", "Phường Đường Số 1"),
        (-5, -5),
        (None, None),
    ],
)
def test_the_one_policy(value, expected):
    assert neutralise(value) == expected


def test_every_exporting_listing_goes_through_the_policy():
    # Wagtail's reports, form submissions and every viewset's index view inherit the mixin.
    classes = list(all_subclasses(SpreadsheetExportMixin))
    assert classes
    assert [cls for cls in classes if not wagtail_exports.is_installed(cls)] == []


def test_every_registered_viewset_with_list_export_goes_through_the_policy():
    exporting = [
        viewset
        for viewset in viewsets.viewsets
        if getattr(viewset, "list_export", None) and viewset.list_export is not viewset.UNDEFINED
    ]
    models = {viewset.model._meta.label for viewset in exporting}
    assert {"accounts.Unit", "contests.Entry", "contests.Question", "portal.Comment"} <= models
    for viewset in exporting:
        assert wagtail_exports.is_installed(viewset.index_view_class), viewset


def test_wagtail_xlsx_keeps_negative_numbers_as_numbers():
    view = SpreadsheetExportMixin()
    assert view.preprocess_field_value("n", -5, "xlsx") == -5
    assert view.preprocess_field_value("n", -5, "csv") == -5
    assert view.preprocess_field_value("t", "=1+1", "xlsx") == "'=1+1"
    assert view.preprocess_field_value("t", "=1+1", "csv") == "'=1+1"


def read_csv(response):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body.startswith("\ufeff".encode())
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def read_xlsx(response):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = load_workbook(io.BytesIO(body)).worksheets[0]
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def assert_neutralised(rows, column):
    # XML turns a stored CR into LF when the workbook is read back; compare as read.
    values = [str(row[column]).replace("\r", "\n") for row in rows[1:]]
    for text in HOSTILE:
        text = text.replace("\r", "\n")
        assert "'" + text in values, (text, values)
        assert text not in values


@pytest.fixture
def superuser_client(client, db):
    return admin_client(client, UserFactory(is_staff=True, is_superuser=True))


def export(client, url_name, export_format):
    response = client.get(reverse(url_name), {"export": export_format})
    assert response.status_code == 200
    return read_csv(response) if export_format == "csv" else read_xlsx(response)


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_units_export(superuser_client, export_format):
    for number, text in enumerate(HOSTILE):
        UnitFactory(name=text, code=f"HOSTILE{number}")
    UnitFactory(name="Ủy ban nhân dân phường Đông Hà")
    rows = export(superuser_client, "wagtailsnippets_accounts_unit:list", export_format)
    assert_neutralised(rows, column=1)
    assert "Ủy ban nhân dân phường Đông Hà" in [row[1] for row in rows]
    headcounts = [row[5] for row in rows[1:]]
    assert 20 in headcounts if export_format == "xlsx" else "20" in headcounts
    assert Unit.objects.count() >= len(HOSTILE)


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_entries_export(superuser_client, export_format):
    for text in HOSTILE:
        EntryFactory(full_name=text)
    rows = export(superuser_client, "wagtailsnippets_contests_entry:list", export_format)
    assert_neutralised(rows, column=0)


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_comments_export(superuser_client, article, export_format):  # noqa: F811
    for text in HOSTILE:
        Comment.objects.create(page=article, name=text, email="a@example.com", body=text)
    rows = export(superuser_client, "wagtailsnippets_portal_comment:list", export_format)
    assert_neutralised(rows, column=1)
    assert_neutralised(rows, column=2)


def test_the_projects_own_exports_share_the_policy():
    rows = [[text, -5] for text in HOSTILE]
    xlsx = read_xlsx(xlsx_response("x", ["text", "number"], rows))
    assert_neutralised(xlsx, column=0)
    assert {row[1] for row in xlsx[1:]} == {-5}
    assert_neutralised(read_csv(csv_response("x", ["text", "number"], rows)), column=0)
