from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from common.spreadsheets import xlsx_response

from .forms import UnitImportForm
from .importers import import_units, template_rows
from .models import Unit, UnitGroup


class UnitIndexView(IndexView):
    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        # Names typed with or without tone marks; codes as typed.
        return queryset.search(self.search_query) | queryset.filter(
            code__icontains=self.search_query
        )


class UnitViewSet(SnippetViewSet):
    model = Unit
    icon = "site"
    menu_label = _("Units")
    menu_order = 100
    index_view_class = UnitIndexView
    list_display = ["name", "code", "kind", "group", "headcount", "parent", "valid_to"]
    list_filter = ["kind", "group"]
    list_export = ["code", "name", "kind", "group", "parent", "headcount", "valid_from", "valid_to"]
    export_filename = "don-vi"
    search_fields = ["name", "code"]
    ordering = ["sort_order", "name"]
    list_per_page = 50

    def get_queryset(self, request):
        return Unit.objects.select_related("group", "parent")


class UnitGroupViewSet(SnippetViewSet):
    model = UnitGroup
    icon = "group"
    menu_label = _("Unit groups")
    menu_order = 110
    list_display = ["name", "code", "sort_order"]


class UnitAdminGroup(SnippetViewSetGroup):
    items = (UnitViewSet, UnitGroupViewSet)
    menu_icon = "site"
    menu_label = _("Units")
    menu_name = "units"
    menu_order = 900


@hooks.register("register_admin_viewset")
def register_unit_viewsets():
    return UnitAdminGroup()


def import_units_view(request):
    if not request.user.has_perm("accounts.add_unit"):
        raise PermissionDenied
    result = None
    form = UnitImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        result = import_units(form.cleaned_data["file"])
        if result.ok:
            messages.success(
                request,
                _("Imported %(created)s new units and updated %(updated)s.")
                % {"created": result.created, "updated": result.updated},
            )
            return redirect(reverse("wagtailsnippets_accounts_unit:list"))
    return TemplateResponse(
        request, "accounts/admin/import_units.html", {"form": form, "result": result}
    )


def units_template_view(request):
    if not request.user.has_perm("accounts.add_unit"):
        raise PermissionDenied
    headers, rows = template_rows()
    return xlsx_response("mau-nhap-don-vi", headers, rows, sheet_title="Đơn vị")


@hooks.register("register_admin_urls")
def register_import_urls():
    return [
        path("don-vi/nhap/", import_units_view, name="accounts_import_units"),
        path("don-vi/nhap/mau.xlsx", units_template_view, name="accounts_units_template"),
    ]


class ImportUnitsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("accounts.add_unit")


@hooks.register("register_settings_menu_item")
def register_import_menu_item():
    return ImportUnitsMenuItem(
        _("Import units"), reverse("accounts_import_units"), icon_name="upload", order=900
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
