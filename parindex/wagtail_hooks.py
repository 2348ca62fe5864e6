from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from common.admin_views import PermissionMenuItem

from . import admin_urls
from .viewsets import APPRAISALS_URL, BOARD_URL, ParIndexGroup


@hooks.register("register_admin_viewset")
def register_parindex_viewsets():
    return ParIndexGroup()


@hooks.register("register_admin_urls")
def register_parindex_admin_urls():
    return [path("chi-so-cchc/", include(admin_urls, namespace="parindex_admin"))]


@hooks.register("register_parindex_menu_item")
def register_board_menu_item():
    return PermissionMenuItem(
        _("Board of units"),
        BOARD_URL,
        permission="parindex.manage_index",
        icon_name="table",
        order=1,
    )


@hooks.register("register_parindex_menu_item")
def register_appraisals_menu_item():
    return PermissionMenuItem(
        _("My appraisals"),
        APPRAISALS_URL,
        permission="parindex.appraise",
        icon_name="tasks",
        order=2,
    )


@hooks.register("register_log_actions")
def register_parindex_actions(actions):
    actions.register_action(
        "parindex.submit", _("Submit self-assessment"), _("Self-assessment submitted")
    )
    actions.register_action("parindex.reopen", _("Reopen assessment"), _("Assessment reopened"))
    actions.register_action("parindex.appraise", _("Appraise"), _("Appraisal saved"))
    actions.register_action("parindex.decide", _("Final decision"), _("Final scores saved"))
    actions.register_action(
        "parindex.survey_import", _("Import survey scores"), _("Survey scores imported")
    )
    actions.register_action("parindex.publish", _("Publish results"), _("Results published"))
    actions.register_action("parindex.remind", _("Remind units"), _("Reminders sent"))
    actions.register_action(
        "parindex.survey_entry", _("Enter survey scores"), _("Survey scores entered")
    )
    actions.register_action(
        "parindex.evidence_public", _("Make evidence public"), _("Evidence made public")
    )
    actions.register_action(
        "parindex.evidence_private", _("Make evidence private"), _("Evidence made private")
    )


@hooks.register("register_personal_data")
def register_parindex_personal_data():
    from . import personal_data

    return personal_data.SECTION


@hooks.register("register_sitemap_entries")
def parindex_sitemap_entries():
    from . import public_pages

    return public_pages.sitemap_entries()


@hooks.register("register_site_map_section")
def parindex_site_map_section():
    from . import public_pages

    return public_pages.site_map_section()
