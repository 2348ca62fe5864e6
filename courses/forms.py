from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Course


class CatalogueFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Course.Kind.choices]
    )
    month = forms.CharField(
        label=_("Month"),
        required=False,
        widget=forms.DateInput(attrs={"type": "month"}),
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
            year, month = (int(part) for part in value.split("-"))
        except ValueError:
            raise forms.ValidationError(_("Choose a month as YYYY-MM.")) from None
        if not (1 <= month <= 12 and 2000 <= year <= 2100):
            raise forms.ValidationError(_("Choose a month as YYYY-MM."))
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
