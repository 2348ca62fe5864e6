import uuid

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from common.spreadsheets import xlsx_response

from .forms import StaffListImportForm, UnitImportForm
from .importers import (
    import_units,
    parse_staff_list,
    save_staff_list,
    staff_template_rows,
    template_rows,
)
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


STAFF_IMPORT_CACHE_SECONDS = 3600


def import_staff_view(request):
    """Upload a staff list → preview of every row with its errors → confirm; all or nothing."""
    if not request.user.has_perm("accounts.confirm_unit"):
        raise PermissionDenied
    if request.method == "POST" and request.POST.get("token"):
        key = f"accounts-staff-import:{request.user.pk}:{request.POST['token'][:64]}"
        rows = cache.get(key)
        if rows is None:
            messages.error(request, _("The preview has expired; upload the file again."))
            return redirect("accounts_import_staff")
        confirmed = save_staff_list(rows, request.user)
        cache.delete(key)
        messages.success(
            request,
            _("Unit confirmed for %(count)s people.") % {"count": confirmed},
        )
        return redirect("accounts_import_staff")
    form = StaffListImportForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        preview = parse_staff_list(form.cleaned_data["file"])
        context["preview"] = preview
        if not preview.file_error and not preview.error_count and preview.to_save:
            # Only ids go to the cache; saving reads the people again under lock.
            token = uuid.uuid4().hex
            cache.set(
                f"accounts-staff-import:{request.user.pk}:{token}",
                [row.as_dict() for row in preview.to_save],
                STAFF_IMPORT_CACHE_SECONDS,
            )
            context["token"] = token
    return TemplateResponse(request, "accounts/admin/import_staff.html", context)


def staff_template_view(request):
    if not request.user.has_perm("accounts.confirm_unit"):
        raise PermissionDenied
    headers, rows = staff_template_rows()
    return xlsx_response("mau-danh-sach-can-bo", headers, rows, sheet_title="Cán bộ")


@hooks.register("register_admin_urls")
def register_import_urls():
    return [
        path("don-vi/nhap/", import_units_view, name="accounts_import_units"),
        path("don-vi/nhap/mau.xlsx", units_template_view, name="accounts_units_template"),
        path("don-vi/can-bo/nhap/", import_staff_view, name="accounts_import_staff"),
        path("don-vi/can-bo/nhap/mau.xlsx", staff_template_view, name="accounts_staff_template"),
    ]


class PermissionMenuItem(MenuItem):
    """A menu item shown only to people holding `permission` (the view checks it again)."""

    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


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
