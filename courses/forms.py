from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Course


class CatalogueFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Course.Kind.choices]
    )
    # Typed as mm/yyyy like every date here (a type=month box is a bare text box asking for
    # YYYY-MM in browsers without a month picker); YYYY-MM from older links still works.
    month = forms.CharField(
        label=_("Month"),
        required=False,
        max_length=7,
        widget=forms.TextInput(attrs={"placeholder": "mm/yyyy", "inputmode": "numeric"}),
        help_text=_("Courses with a session in this month."),
    )
    open = forms.BooleanField(label=_("Open for registration"), required=False)
    mine = forms.BooleanField(label=_("Open to my unit"), required=False)
    q = forms.CharField(label=_("Search"), required=False, max_length=100)

    def clean_month(self):
        value = self.cleaned_data["month"].strip()
        if not value:
            return None
        try:
            if "/" in value:
                month, year = (int(part) for part in value.split("/"))
            else:
                year, month = (int(part) for part in value.split("-"))
        except ValueError:
            raise forms.ValidationError(_("Enter a month as mm/yyyy, e.g. 09/2026.")) from None
        if not (1 <= month <= 12 and 2000 <= year <= 2100):
            raise forms.ValidationError(_("Enter a month as mm/yyyy, e.g. 09/2026."))
        return (year, month)


class RegistrationForm(forms.Form):
    """One text field per extra question; the service checks them again and has the last word."""

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        for question in questions:
            self.fields[str(question.pk)] = forms.CharField(
                label=question.text,
                required=False,  # the service gives the clear message
                widget=forms.Textarea(attrs={"rows": 2, "maxlength": question.max_length}),
                help_text=_("Required") if question.required else _("Optional"),
            )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text=_("Sent to the person by email."),
    )


class CheckInCodeForm(forms.Form):
    """The short code from the projector, for people who cannot scan the QR code."""

    typed_code = forms.CharField(
        label=_("Check-in code"),
        max_length=20,
        help_text=_("The 6 characters shown large on the screen at the venue."),
        widget=forms.TextInput(
            attrs={
                "inputmode": "text",
                "autocomplete": "off",
                "autocapitalize": "characters",
                "autocorrect": "off",
                "spellcheck": "false",
                "enterkeyhint": "go",
                "class": "checkin-code-input",
            }
        ),
    )
