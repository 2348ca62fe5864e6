"""Wagtail's user screens, adapted to one full-name field and the work unit."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm as WagtailUserCreationForm
from wagtail.users.forms import UserEditForm as WagtailUserEditForm

from .models import User

ADMIN_USER_FIELDS = {
    "email",
    "full_name",
    "unit",
    "position",
    "coordinated_units",
    "is_superuser",
    "groups",
}


class UserCreationForm(WagtailUserCreationForm):
    first_name = None
    last_name = None
    full_name = forms.CharField(label=_("Full name"), max_length=150)

    class Meta(WagtailUserCreationForm.Meta):
        model = User
        fields = ADMIN_USER_FIELDS
        widgets = {
            "groups": forms.CheckboxSelectMultiple,
            "coordinated_units": forms.SelectMultiple(attrs={"size": 8}),
        }


class UserEditForm(WagtailUserEditForm):
    first_name = None
    last_name = None
    full_name = forms.CharField(label=_("Full name"), max_length=150)

    class Meta(WagtailUserEditForm.Meta):
        model = User
        fields = ADMIN_USER_FIELDS | {"is_active"}
        widgets = {
            "groups": forms.CheckboxSelectMultiple,
            "coordinated_units": forms.SelectMultiple(attrs={"size": 8}),
        }
