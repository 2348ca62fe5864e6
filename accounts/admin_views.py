"""The accounts app's own screens in the Wagtail admin: importing units and staff lists.

Mounted by `register_admin_urls` in wagtail_hooks.py; each screen names the permission it needs.
"""

import uuid

from django.contrib import messages
from django.core.cache import cache
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from common.admin_views import AdminScreen, CodenamePermissionPolicy, ServiceActionMixin
from common.spreadsheets import xlsx_response

from .forms import StaffListImportForm, UnitImportForm
from .importers import (
    import_units,
    parse_staff_list,
    save_staff_list,
    staff_template_rows,
    template_rows,
)
from .models import Unit, User

STAFF_IMPORT_CACHE_SECONDS = 3600


class UnitScreen(AdminScreen):
    """Screens for people who may add units."""

    permission_policy = CodenamePermissionPolicy(Unit)
    permission_required = "add"


class StaffListScreen(AdminScreen):
    """Screens for organizers who may confirm people's work units."""

    permission_policy = CodenamePermissionPolicy(User)
    permission_required = "confirm_unit"


class ImportUnitsView(UnitScreen):
    template_name = "accounts/admin/import_units.html"
    page_title = _("Import units")
    header_icon = "upload"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("wagtailsnippets_accounts_unit:list"), "label": _("Units")},
            {"url": "", "label": self.page_title},
        ]

    def get(self, request):
        return self.render_to_response(self.get_context_data(form=UnitImportForm()))

    def post(self, request):
        form = UnitImportForm(request.POST, request.FILES)
        result = None
        if form.is_valid():
            result = import_units(form.cleaned_data["file"])
            if result.ok:
                messages.success(
                    request,
                    _("Imported %(created)s new units and updated %(updated)s.")
                    % {"created": result.created, "updated": result.updated},
                )
                return redirect("wagtailsnippets_accounts_unit:list")
        return self.render_to_response(self.get_context_data(form=form, result=result))


class UnitsTemplateView(UnitScreen):
    def get(self, request):
        headers, rows = template_rows()
        return xlsx_response("mau-nhap-don-vi", headers, rows, sheet_title="Đơn vị")


class ImportStaffView(ServiceActionMixin, StaffListScreen):
    """Upload a staff list → preview of every row with its errors → confirm; all or nothing."""

    template_name = "accounts/admin/import_staff.html"
    page_title = _("Import staff lists")
    header_icon = "upload"
    url_name = "accounts_import_staff"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get(self, request):
        return self.render_to_response(self.get_context_data(form=StaffListImportForm()))

    def post(self, request):
        if request.POST.get("token"):
            return self.save(request.POST["token"][:64])
        form = StaffListImportForm(request.POST, request.FILES)
        context = {"form": form}
        if form.is_valid():
            preview = parse_staff_list(form.cleaned_data["file"])
            context["preview"] = preview
            if not preview.file_error and not preview.error_count and preview.to_save:
                # Only ids go to the cache; saving reads the people again under lock.
                token = uuid.uuid4().hex
                cache.set(
                    self.cache_key(token),
                    [row.as_dict() for row in preview.to_save],
                    STAFF_IMPORT_CACHE_SECONDS,
                )
                context["token"] = token
        return self.render_to_response(self.get_context_data(**context))

    def cache_key(self, token):
        return f"accounts-staff-import:{self.request.user.pk}:{token}"

    def save(self, token):
        rows = cache.get(self.cache_key(token))
        if rows is None:
            messages.error(self.request, _("The preview has expired; upload the file again."))
            return redirect(self.url_name)
        outcome = self.run(
            save_staff_list,
            rows,
            self.request.user,
            success=lambda confirmed: (
                _("Unit confirmed for %(count)s people.") % {"count": confirmed}
            ),
        )
        if outcome:
            cache.delete(self.cache_key(token))
        return redirect(self.url_name)


class StaffTemplateView(StaffListScreen):
    def get(self, request):
        headers, rows = staff_template_rows()
        return xlsx_response("mau-danh-sach-can-bo", headers, rows, sheet_title="Cán bộ")


urlpatterns = [
    path("don-vi/nhap/", ImportUnitsView.as_view(), name="accounts_import_units"),
    path("don-vi/nhap/mau.xlsx", UnitsTemplateView.as_view(), name="accounts_units_template"),
    path("don-vi/can-bo/nhap/", ImportStaffView.as_view(), name="accounts_import_staff"),
    path(
        "don-vi/can-bo/nhap/mau.xlsx", StaffTemplateView.as_view(), name="accounts_staff_template"
    ),
]
