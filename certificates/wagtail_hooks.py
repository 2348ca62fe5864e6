from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import ObjectList, extract_panel_definitions_from_model_class
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.viewsets.base import ViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import admin_views
from .forms import CertificateTemplateForm
from .models import BulkPrintJob, Certificate, CertificateTemplate


class CertificateTemplateViewSet(SnippetViewSet):
    model = CertificateTemplate
    icon = "doc-full"
    menu_label = _("Templates")
    menu_order = 100
    list_display = ["name", "kind", "agency", "paper_size", "orientation", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["name", "agency", "title"]
    search_backend_name = None

    def get_edit_handler(self):
        panels = extract_panel_definitions_from_model_class(self.model)
        return ObjectList(panels, base_form_class=CertificateTemplateForm).bind_to_model(self.model)


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


register_permission_policy(Certificate, RegisterPolicy(Certificate))


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
        DateColumn("issued_on", label=_("issued on"), sort_key="issued_on"),
        Column("get_status_display", label=_("status"), sort_key="status"),
    ]
    list_filter = ["year", "agency_code", "register_book", "status", "source_kind"]
    search_fields = ["holder_name", "serial", "register_number", "achievement"]
    search_backend_name = None
    list_per_page = 50
    ordering = ["-year", "agency_code", "register_book", "-register_no"]
    inspect_view_enabled = False


class PermissionMenuItem(MenuItem):
    permission = ""

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


class IssueViewSet(ViewSet):
    name = "certificates_admin"
    url_prefix = "chung-nhan/cap"
    icon = "success"
    menu_label = _("Issue certificates")
    menu_order = 300

    @property
    def menu_item_class(self):
        return type(
            "IssueMenuItem", (PermissionMenuItem,), {"permission": "certificates.issue_certificate"}
        )

    def get_urlpatterns(self):
        return [
            path("", admin_views.issue_view, name="issue"),
            path("<int:pk>/", admin_views.manage_view, name="manage"),
            path("<int:pk>/<slug:action>/", admin_views.action_view, name="action"),
            path("so-vao-so.xlsx", admin_views.register_export_view, name="register_export"),
            path("mau/<int:pk>/pdf/", admin_views.template_pdf_view, name="template_pdf"),
            path(
                "mau/<int:pk>/anh/<slug:field>/",
                admin_views.template_image_view,
                name="template_image",
            ),
        ]


class PrintViewSet(ViewSet):
    name = "certificates_print"
    url_prefix = "chung-nhan/in"
    icon = "download"
    menu_label = _("Bulk printing")
    menu_order = 400

    @property
    def menu_item_class(self):
        return type(
            "PrintMenuItem", (PermissionMenuItem,), {"permission": "certificates.print_certificate"}
        )

    def get_urlpatterns(self):
        return [
            path("", admin_views.print_view, name="index"),
            path("<int:pk>/", admin_views.job_view, name="job"),
            path("<int:pk>/tai/<str:kind>/", admin_views.job_file_view, name="file"),
        ]


class CertificatesAdminGroup(SnippetViewSetGroup):
    items = (CertificateTemplateViewSet, CertificateViewSet, IssueViewSet, PrintViewSet)
    menu_icon = "doc-full-inverse"
    menu_label = _("Certificates")
    menu_name = "certificates"
    menu_order = 400


@hooks.register("register_admin_viewset")
def register_certificate_viewsets():
    return CertificatesAdminGroup()


@hooks.register("register_log_actions")
def register_certificate_actions(actions):
    actions.register_action("certificates.issue", _("Issue certificate"), _("Certificate issued"))
    actions.register_action(
        "certificates.revoke", _("Revoke certificate"), _("Certificate revoked")
    )
    actions.register_action(
        "certificates.replace", _("Replace certificate"), _("Certificate replaced")
    )
    actions.register_action(
        "certificates.reissue", _("Reissue certificate"), _("Certificate reissued")
    )
    actions.register_action(
        "certificates.certify_lost",
        _("Certify a lost certificate"),
        _("Certification of completion issued for a lost certificate"),
    )
    actions.register_action("certificates.render", _("Render PDF again"), _("PDF rendered again"))
    actions.register_action("certificates.bulk_print", _("Bulk print"), _("Bulk print started"))


def template_preview_url(template):
    return reverse("certificates_admin:template_pdf", args=[template.pk])


__all__ = ["BulkPrintJob"]


@hooks.register("register_personal_data")
def register_certificates_personal_data():
    from . import personal_data

    return personal_data.SECTION


@hooks.register("register_admin_today")
def register_admin_today():
    from . import dashboard

    return dashboard.rows
