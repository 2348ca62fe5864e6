from django import forms
from django.conf import settings
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from common import vietnamese

from .models import Unit, User
from .validators import CCCD_MESSAGES, validate_birth_date
from .widgets import UnitPicker

UNIT_HELP = _(
    "Your unit's coordinator confirms that you work there before it counts for nominations and "
    "team prizes."
)


#: Day first, as on every Vietnamese document; ISO for what a browser may autofill.
BIRTH_DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]


class BirthDateField(forms.DateField):
    """A date of birth typed as dd/mm/yyyy in a text box, for every public form that asks one.

    Not type=date: a browser's date picker shows mm/dd/yyyy on English systems and makes a
    birth year decades back a long scroll. Refuses a date in the future or under 15 years."""

    default_error_messages = {"invalid": _("Enter the date as dd/mm/yyyy, e.g. 25/08/1990.")}
    default_validators = [validate_birth_date]

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Date of birth"))
        # Said in words too: the placeholder is gone once the person starts typing.
        kwargs.setdefault("help_text", _("Day, month, year: dd/mm/yyyy, e.g. 25/08/1990."))
        kwargs.setdefault("input_formats", BIRTH_DATE_INPUT_FORMATS)
        kwargs.setdefault(
            "widget",
            forms.DateInput(
                format="%d/%m/%Y",
                attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "bday"},
            ),
        )
        super().__init__(**kwargs)


class CCCDField(forms.CharField):
    """A CCCD number as people type or paste it: "079 090 001 234", "079.090.001.234" or in
    fullwidth digits become the 12 ASCII digits stored and compared; anything else is refused
    next to the field. The birth-year check needs the date of birth: the form's clean() does it."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Citizen ID (CCCD)"))
        # Room for the separators people type; the 12 digits are checked after normalising.
        kwargs.setdefault("max_length", 24)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        return vietnamese.normalize_cccd(super().to_python(value))

    def validate(self, value):
        super().validate(value)
        problem = vietnamese.cccd_problem(value) if value else None
        if problem:
            raise forms.ValidationError(CCCD_MESSAGES[problem], code=f"cccd_{problem}")


def cccd_birth_year_error(form, cccd_field="cccd", birth_field="date_of_birth"):
    """Put the CCCD/date-of-birth mismatch next to the CCCD field (the 5th and 6th digits are
    the year of birth)."""
    cccd, dob = form.cleaned_data.get(cccd_field), form.cleaned_data.get(birth_field)
    if cccd and dob and vietnamese.cccd_problem(cccd, dob) == "birth_year":
        form.add_error(cccd_field, CCCD_MESSAGES["birth_year"])


class UnitChoiceField(forms.ModelChoiceField):
    default_error_messages = {
        "invalid_choice": _("Choose a unit from the list."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Unit.objects.current().select_related("parent"))
        kwargs.setdefault("widget", UnitPicker)
        kwargs.setdefault("label", _("Work unit"))
        super().__init__(**kwargs)


class SignupForm(forms.Form):
    """Extra fields on allauth's sign-up form; allauth calls signup() after creating the user."""

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        help_text=_("As on your citizen ID, with tone marks, e.g. Nguyễn Thị Minh Khai."),
    )
    unit = UnitChoiceField(
        required=False,
        empty_label=_("— Other (citizens) —"),
        help_text=UNIT_HELP,
    )
    staff_category = forms.ChoiceField(
        label=_("Staff category"), choices=[("", "—"), *User.StaffCategory.choices], required=False
    )
    consent = forms.BooleanField(
        label=_("I agree to the processing of my personal data as described in the notice."),
        error_messages={"required": _("You must agree to the personal-data notice to sign up.")},
    )

    field_order = ["full_name", "email", "password1", "password2", "unit", "staff_category"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].help_text = _(
            'Read the <a href="%(url)s" target="_blank">personal-data notice</a>.'
        ) % {"url": reverse_lazy("accounts:privacy")}

    def clean_full_name(self):
        name = " ".join(self.cleaned_data["full_name"].split())
        if len(name.split()) < 2:
            raise forms.ValidationError(_("Enter your full name (family name and given name)."))
        return name

    def signup(self, request, user):
        """Fields are saved in the adapter; kept for allauth's form contract."""


#: Staff categories that work in a unit of the province: they cannot be "other (citizens)".
IN_SERVICE = (
    User.StaffCategory.CAN_BO,
    User.StaffCategory.CONG_CHUC,
    User.StaffCategory.VIEN_CHUC,
)


class ProfileForm(forms.ModelForm):
    unit = UnitChoiceField(
        required=False,
        empty_label=_("— Other (citizens) —"),
        help_text=UNIT_HELP,
    )
    # Wider than the stored 10 digits: people type "+84 912 345 678"; clean_phone normalises it.
    phone = forms.CharField(
        label=_("Phone"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    date_of_birth = BirthDateField(required=False)
    cccd = CCCDField(
        required=False,
        help_text=_("12 digits. Shown masked to everyone but you and the organizers."),
    )

    class Meta:
        model = User
        fields = [
            "full_name",
            "date_of_birth",
            "phone",
            "cccd",
            "unit",
            "position",
            "staff_category",
        ]

    def clean_full_name(self):
        return " ".join(self.cleaned_data["full_name"].split())

    def clean_phone(self):
        raw = self.cleaned_data.get("phone", "")
        if not raw:
            return ""
        phone = vietnamese.normalize_phone(raw)
        if phone is None:
            raise forms.ValidationError(
                _("Enter a 10-digit Vietnamese phone number, e.g. 0912 345 678.")
            )
        return phone

    def clean_cccd(self):
        cccd = self.cleaned_data.get("cccd", "")
        if cccd and User.objects.filter(cccd=cccd).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("This CCCD number is already used by another account."))
        return cccd

    def clean(self):
        data = super().clean()
        in_service = data.get("staff_category", self.instance.staff_category) in IN_SERVICE
        asked = "unit" in self.fields and "unit" not in self.errors
        if in_service and asked and not data.get("unit"):
            self.add_error(
                "unit", _("Officials, civil servants and public employees choose their unit.")
            )
        cccd_birth_year_error(self)
        return data


class CompleteProfileForm(ProfileForm):
    """ "Hoàn thiện hồ sơ": only the profile fields still empty (`User.profile_gaps`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        gaps = set(self.instance.profile_gaps())
        for name in list(self.fields):
            if name not in gaps:
                del self.fields[name]


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        if not self.user.check_password(self.cleaned_data["password"]):
            raise forms.ValidationError(_("The password is not correct."))
        return self.cleaned_data["password"]


class UnitImportForm(forms.Form):
    file = forms.FileField(
        label=_("Units file (.xlsx or .csv)"),
        help_text=_("Use the template: one row per unit. Nothing is saved if any row is wrong."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        limit = settings.MAX_UPLOAD_SIZE
        if uploaded.size > limit:
            raise forms.ValidationError(
                _("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
                % {"size": round(uploaded.size / 1_048_576, 1), "limit": round(limit / 1_048_576)}
            )
        if not uploaded.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Upload an Excel (.xlsx) or CSV (.csv) file."))
        return uploaded


class StaffListImportForm(UnitImportForm):
    file = forms.FileField(
        label=_("Staff list (.xlsx or .csv)"),
        help_text=_(
            "Use the template: one row per person (email, full name, unit code). Every row is "
            "checked and shown before anything is saved."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
