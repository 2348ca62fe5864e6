"""Wagtail's user screens, adapted to one full-name field and the work unit."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm
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


class AdminLoginForm(LoginForm):
    """Wagtail's sign-in form declares its password field without a label, so Django makes one
    from the field name ("Password") that gettext never sees, and the Vietnamese admin login
    showed English. Use Django's own (translated) label for the same field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = AuthenticationForm.base_fields["password"].label
