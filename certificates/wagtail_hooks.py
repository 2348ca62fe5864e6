from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from . import admin_urls
from .models import Certificate
from .viewsets import CertificatesAdminGroup, RegisterPolicy

register_permission_policy(Certificate, RegisterPolicy(Certificate))


@hooks.register("register_admin_viewset")
def register_certificate_viewsets():
    return CertificatesAdminGroup()


@hooks.register("register_admin_urls")
def register_certificate_admin_urls():
    return [
        path("chung-nhan/cap/", include(admin_urls.issue_urls)),
        path("chung-nhan/in/", include(admin_urls.print_urls)),
    ]


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


@hooks.register("register_personal_data")
def register_certificates_personal_data():
    from . import personal_data

    return personal_data.SECTION


@hooks.register("register_admin_today")
def register_admin_today():
    from . import dashboard

    return dashboard.rows


@hooks.register("register_sitemap_entries")
def certificates_sitemap_entries():
    from django.urls import reverse

    return [{"location": reverse("certificates:verify"), "lastmod": None}]


@hooks.register("register_site_map_section")
def certificates_site_map_section():
    from django.urls import reverse

    return {
        "title": _("Verify a certificate"),
        "url": reverse("certificates:verify"),
        "order": 60,
        "children": [{"title": _("My certificates"), "url": reverse("certificates:mine")}],
    }
