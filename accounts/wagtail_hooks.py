from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from common.admin_views import PermissionMenuItem


@hooks.register("register_admin_viewset")
def register_unit_viewsets():
    from .viewsets import UnitAdminGroup

    return UnitAdminGroup()


@hooks.register("register_admin_urls")
def register_import_urls():
    from . import admin_views

    return admin_views.urlpatterns


@hooks.register("register_settings_menu_item")
def register_import_menu_item():
    return PermissionMenuItem(
        _("Import units"),
        reverse("accounts_import_units"),
        icon_name="upload",
        order=900,
        permission="accounts.add_unit",
    )


# Wagtail's own password screen is off (WAGTAIL_PASSWORD_MANAGEMENT_ENABLED): the password and the
# authenticator app are managed on the portal's account pages, through allauth.
@hooks.register("register_account_menu_item")
def change_password_link(request):
    return {
        "url": reverse("account_change_password"),
        "label": _("Change password"),
        "help_text": _("On the portal's account pages, after entering the current password."),
    }


@hooks.register("register_account_menu_item")
def two_factor_link(request):
    return {
        "url": reverse("mfa_index"),
        "label": _("Two-factor authentication"),
        "help_text": _("Your authenticator app and recovery codes."),
    }


@hooks.register("register_settings_menu_item")
def register_staff_import_menu_item():
    return PermissionMenuItem(
        _("Import staff lists"),
        reverse("accounts_import_staff"),
        icon_name="upload",
        order=910,
        permission="accounts.confirm_unit",
    )


@hooks.register("register_log_actions")
def register_unit_actions(actions):
    actions.register_action(
        "accounts.confirm_unit", _("Confirm work unit"), _("Work unit confirmed")
    )
    actions.register_action(
        "accounts.reject_unit", _("Refuse work unit"), _("Work unit refused: not in this unit")
    )
