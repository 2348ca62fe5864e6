import json

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from common.vietnamese import UNIT_ABBREVIATIONS


class UnitPicker(forms.Select):
    """A plain select (works without JavaScript) that unit-picker.js turns into a search box
    matching names typed with or without tone marks."""

    template_name = "accounts/widgets/unit_picker.html"

    def __init__(self, attrs=None):
        attrs = {
            "data-unit-picker": "",
            "data-search-url": reverse_lazy("accounts:unit_search"),
            # The same abbreviations the server's search spells out (common.vietnamese).
            "data-abbreviations": json.dumps(UNIT_ABBREVIATIONS, separators=(",", ":")),
            "data-empty": _(
                "No unit found. Type fewer letters or another name, e.g. “Nội vụ” or "
                "“phường Trung Tâm”."
            ),
        }
        super().__init__(attrs)

    class Media:
        js = ["js/unit-picker.js"]
