"""Wagtail's own CSV and XLSX exports (every `list_export` listing, the reports, form
submissions) under the project's export policy.

Wagtail's `SpreadsheetExportMixin` writes CSV without a BOM (Excel then reads Vietnamese as
Windows-1252 mojibake) and escapes nothing in CSV: a comment typed as `=HYPERLINK(...)` runs in
the organizer's Excel. Every Wagtail listing that exports inherits from that one mixin, so the
policy is installed there once, at start-up, rather than in each viewset, where a new viewset
could forget it. `tests/security/test_exports.py` checks every registered listing.
"""

from wagtail.admin.views.mixins import SpreadsheetExportMixin

from .spreadsheets import neutralise

CSV_BOM = "\ufeff"

_wagtail_preprocess = SpreadsheetExportMixin.preprocess_field_value
_wagtail_stream_csv = SpreadsheetExportMixin.stream_csv
_wagtail_csv_response = SpreadsheetExportMixin.write_csv_response


def preprocess_field_value(self, field, value, export_format):
    # After Wagtail's own conversion: numbers and dates come out as they are, text neutralised.
    return neutralise(_wagtail_preprocess(self, field, value, export_format))


def stream_csv(self, queryset):
    yield CSV_BOM
    yield from _wagtail_stream_csv(self, queryset)


def write_csv_response(self, queryset):
    response = _wagtail_csv_response(self, queryset)
    response["Content-Type"] = "text/csv; charset=utf-8"
    return response


def install():
    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value
    SpreadsheetExportMixin.stream_csv = stream_csv
    SpreadsheetExportMixin.write_csv_response = write_csv_response


def is_installed(view_class):
    """Whether `view_class` exports through the project's policy (no override of its own)."""
    return (
        view_class.preprocess_field_value is preprocess_field_value
        and view_class.stream_csv is stream_csv
    )
