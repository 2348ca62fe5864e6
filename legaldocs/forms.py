from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.reform import ReformArea

from . import search
from .models import LegalDocument


class RegisterFilterForm(forms.Form):
    """The public list's filters, as GET parameters with Vietnamese names (shared links read
    well: /van-ban/?loai=ke-hoach&nam=2026). A value that no longer exists is ignored, never an
    error: links outlive issuers and years."""

    q = forms.CharField(
        label=_("Number or words"),
        required=False,
        max_length=search.MAX_QUERY_LENGTH,
        help_text=_("e.g. 12/KH-UBND, or words of the subject, with or without tone marks"),
    )
    loai = forms.ChoiceField(
        label=pgettext_lazy("legal document", "Type"),
        required=False,
        choices=[("", _("All types")), *LegalDocument.Type.choices],
    )
    co_quan = forms.TypedChoiceField(
        label=pgettext_lazy("legal document", "Issuing agency"),
        required=False,
        coerce=int,
        empty_value=None,
    )
    linh_vuc = forms.ChoiceField(
        label=_("Reform area"),
        required=False,
        choices=[("", _("All areas")), *ReformArea.choices],
    )
    nam = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, issuers=(), years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["co_quan"].choices = [
            ("", _("All agencies")),
            *((issuer.pk, issuer.label) for issuer in issuers),
        ]
        self.fields["nam"].choices = [("", _("All years")), *((year, year) for year in years)]

    def filters(self):
        """The valid filters only: a stale or mistyped one is dropped, the others still apply."""
        if self.is_bound:
            self.is_valid()
        return getattr(self, "cleaned_data", {})
