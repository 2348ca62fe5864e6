from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import Certificate


class VerifyForm(forms.Form):
    q = forms.CharField(
        label=_("Serial number or verification code"),
        max_length=80,
        help_text=_("As printed on the certificate, e.g. SNV-2026-000123."),
    )

    def clean_q(self):
        return self.cleaned_data["q"].strip()


class RevokeForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=Certificate.RevokeReason.choices)
    note = forms.CharField(
        label=pgettext_lazy("remark written by staff", "Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class BulkPrintForm(forms.Form):
    group = forms.ChoiceField(label=_("Course or contest round"), choices=())

    def __init__(self, *args, groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [("", "---------"), *groups]
