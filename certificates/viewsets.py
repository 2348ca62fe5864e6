"""The certificates menu in the Wagtail admin: templates and the register (snippet viewsets),
and the issue and print screens (`admin_views`), in one group."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import ObjectList, extract_panel_definitions_from_model_class
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from common.admin_views import PermissionMenuItem

from .forms import CertificateTemplateForm
from .models import Certificate, CertificateTemplate


class DayColumn(Column):
    """A date (or a moment, in Vietnam time) as dd/mm/yyyy: the register is read by its dates,
    not as Wagtail's "1 hour ago"."""

    def get_value(self, instance):
        value = super().get_value(instance)
        if value is None:
            return ""
        if hasattr(value, "hour"):
            value = timezone.localtime(value)
        return value.strftime("%d/%m/%Y")


class RegisterPolicy(ModelPermissionPolicy):
    """The register is a legal record: nobody adds, edits or deletes its rows by hand."""

    READ_ONLY = {"add", "change", "delete", "copy", "lock", "unlock", "publish", "unpublish"}

    def user_has_permission(self, user, action):
        if action in self.READ_ONLY:
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions)


class CertificateTemplateViewSet(SnippetViewSet):
    model = CertificateTemplate
    icon = "doc-full"
    menu_label = _("Templates")
    menu_order = 100
    list_display = [
        "name",
        "kind",
        "agency",
        "paper_size",
        "orientation",
        DayColumn("updated_at", label=_("updated at"), sort_key="updated_at"),
    ]
    list_filter = ["kind"]
    search_fields = ["name", "agency", "title"]
    search_backend_name = None

    def get_edit_handler(self):
        panels = extract_panel_definitions_from_model_class(self.model)
        return ObjectList(panels, base_form_class=CertificateTemplateForm).bind_to_model(self.model)


class CertificateViewSet(SnippetViewSet):
    model = Certificate
    icon = "list-ol"
    menu_label = _("Register book")
    menu_order = 200
    list_display = [
        TitleColumn(
            "register_number",
            label=_("register number"),
            sort_key="register_no",
            url_name="certificates_admin:manage",
        ),
        Column("serial", label=_("serial number"), sort_key="serial"),
        Column("holder_name", label=_("full name"), sort_key="holder_name"),
        Column("achievement", label=_("achievement")),
        Column("grade", label=_("grade or prize")),
        DayColumn("issued_on", label=_("issued on"), sort_key="issued_on"),
        Column("get_status_display", label=_("status"), sort_key="status"),
    ]
    list_filter = ["year", "agency_code", "register_book", "status", "source_kind"]
    search_fields = ["holder_name", "serial", "register_number", "achievement"]
    search_backend_name = None
    list_per_page = 50
    ordering = ["-year", "agency_code", "register_book", "-register_no"]
    inspect_view_enabled = False


class CertificatesAdminGroup(SnippetViewSetGroup):
    items = (CertificateTemplateViewSet, CertificateViewSet)
    menu_icon = "doc-full-inverse"
    menu_label = _("Certificates")
    menu_name = "certificates"
    menu_order = 400

    def get_submenu_items(self):
        return [
            *super().get_submenu_items(),
            PermissionMenuItem(
                _("Issue certificates"),
                reverse("certificates_admin:issue"),
                icon_name="success",
                order=300,
                permission="certificates.issue_certificate",
            ),
            PermissionMenuItem(
                _("Bulk printing"),
                reverse("certificates_print:index"),
                icon_name="download",
                order=400,
                permission="certificates.print_certificate",
            ),
        ]
