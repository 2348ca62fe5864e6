from django import forms
from django.urls import reverse_lazy


class UnitPicker(forms.Select):
    """A plain select (works without JavaScript) that unit-picker.js turns into a search box
    matching names typed with or without tone marks."""

    template_name = "accounts/widgets/unit_picker.html"

    def __init__(self, attrs=None):
        attrs = {"data-unit-picker": "", "data-search-url": reverse_lazy("accounts:unit_search")}
        super().__init__(attrs)

    class Media:
        js = ["js/unit-picker.js"]
