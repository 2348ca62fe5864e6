from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm

from common.storage import PrivateFileInput

from .models import Certificate
from .rendering import TEMPLATE_IMAGE_FIELDS
from .services import MAX_NAME_LENGTH


class VerifyForm(forms.Form):
    """A serial number with the holder's full name or year of birth, or a verification code."""

    error_messages = {
        "holder_needed": _(
            "With a serial number, also enter the holder's full name or year of birth, as "
            "printed on the certificate."
        ),
        "bad_year": _("Enter the year of birth as four digits, e.g. 1990."),
    }

    q = forms.CharField(
        label=_("Serial number or verification code"),
        max_length=80,
        help_text=_("As printed on the certificate, e.g. SNV-2026-000123."),
    )
    full_name = forms.CharField(
        label=_("Holder's full name"),
        max_length=MAX_NAME_LENGTH,
        required=False,
        help_text=_("With or without tone marks, e.g. Nguyễn Văn An."),
    )
    birth_year = forms.CharField(
        label=_("Holder's year of birth"),
        required=False,
        help_text=_("Four digits, e.g. 1990."),
    )

    def clean_q(self):
        return self.cleaned_data["q"].strip()

    def clean_full_name(self):
        return " ".join(self.cleaned_data["full_name"].split())

    def clean_birth_year(self):
        value = self.cleaned_data["birth_year"].strip()
        if not value:
            return None
        # ASCII digits only: str.isdigit() also accepts "²" and other scripts' digits.
        if not (len(value) == 4 and value.isascii() and value.isdigit()):
            raise forms.ValidationError(self.error_messages["bad_year"], code="bad_year")
        return int(value)

    def has_holder_details(self):
        return bool(self.cleaned_data.get("full_name")) or (
            self.cleaned_data.get("birth_year") is not None
        )


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


class CertificateTemplateForm(WagtailAdminModelForm):
    """The signature, seal and background are private files: the "currently" link of each goes
    to the admin view that shows it to organizers, not to a public address."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in TEMPLATE_IMAGE_FIELDS:
            field = self.fields.get(name)
            if field is None:
                continue
            url = ""
            if self.instance.pk:
                url = reverse("certificates_admin:template_image", args=[self.instance.pk, name])
            field.widget = PrivateFileInput(attrs=field.widget.attrs, url=url)
