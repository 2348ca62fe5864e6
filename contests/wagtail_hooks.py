"""Registers the organizers' admin (viewsets.py, admin_views.py, bulk_actions.py), the audit
actions, the listing buttons and the app's sections in other apps' registries."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks

from . import editor
from .bulk_actions import ACTIONS as QUESTION_BULK_ACTIONS
from .models import Entry, Question, Round
from .viewsets import ContestToolsGroup

# ----------------------------------------------------------------------------------------------
# Audit actions
# ----------------------------------------------------------------------------------------------


@hooks.register("register_log_actions")
def register_contest_actions(actions):
    actions.register_action("contests.appraise", _("Appraise question"), _("Question appraised"))
    actions.register_action("contests.retire", _("Retire question"), _("Question retired"))
    actions.register_action(
        "contests.reopen",
        _("Return question to draft"),
        _("Question edited after appraisal and returned to draft"),
    )
    actions.register_action("contests.import", _("Import questions"), _("Questions imported"))
    actions.register_action(
        "contests.compute_results", _("Compute results"), _("Round results computed")
    )
    actions.register_action(
        "contests.publish_results", _("Publish results"), _("Round results published")
    )
    actions.register_action("contests.void_entry", _("Void entry"), _("Entry voided"))
    actions.register_action(
        "contests.set_area", _("Change question area"), _("Question moved to another area")
    )
    actions.register_action(
        "contests.set_difficulty",
        _("Change question difficulty"),
        _("Question difficulty changed"),
    )
    actions.register_action(
        "contests.set_truth",
        _("Enter the prediction's true value"),
        _("True value of the prediction entered"),
    )
    actions.register_action(
        "contests.view_attempt",
        _("Open an attempt"),
        _("Attempt opened to answer a complaint"),
    )


for _bulk_action in QUESTION_BULK_ACTIONS:
    hooks.register("register_bulk_action", _bulk_action)


@hooks.register("register_admin_viewset")
def register_contest_viewsets():
    return ContestToolsGroup()


@hooks.register("after_create_snippet")
def set_question_author(request, instance):
    if isinstance(instance, Question):
        from . import services

        services.set_question_author(instance, request.user)


@hooks.register("register_admin_urls")
def register_contest_admin_urls():
    from . import admin_views

    return admin_views.urlpatterns


@hooks.register("register_snippet_listing_buttons")
def contest_listing_buttons(snippet, user, next_url=None):
    from wagtail.admin.widgets import ListingButton

    if isinstance(snippet, Question) and snippet.status == Question.Status.DRAFT:
        yield ListingButton(
            _("Appraise"), reverse("contests_admin_appraise", args=[snippet.pk]), priority=20
        )
    if isinstance(snippet, Question):
        yield ListingButton(
            _("Preview as an entrant"),
            reverse("contests_admin_preview_question", args=[snippet.pk]),
            priority=25,
        )
    if isinstance(snippet, Round):
        yield ListingButton(
            _("Results"), reverse("contests_admin_results", args=[snippet.pk]), priority=20
        )
        yield ListingButton(
            pgettext_lazy("live monitor of a contest round", "Live"),
            reverse("contests_admin_monitor", args=[snippet.pk]),
            priority=21,
        )
        yield ListingButton(
            _("Statistics"),
            reverse("contests_admin_question_statistics", args=[snippet.pk]),
            priority=22,
        )
        yield ListingButton(
            _("Email the entrants"),
            reverse("contests_admin_mailing_compose", args=[snippet.pk]),
            priority=23,
        )
    if isinstance(snippet, Entry) and not snippet.voided_at:
        yield ListingButton(
            _("Void"), reverse("contests_admin_void", args=[snippet.pk]), priority=20
        )


@hooks.register("register_personal_data")
def register_contests_personal_data():
    from . import personal_data

    return personal_data.SECTION


@hooks.register("register_learning_record")
def register_contests_learning_record():
    from . import learning

    return learning.SECTION


# The portal's home page and search show open contests, after the courses.
@hooks.register("register_home_section", order=20)
def contests_home_section(request, limit):
    from . import public

    return public.home_section(request, limit=limit)


@hooks.register("register_search_documents")
def contests_search_documents():
    from . import public

    return public.SEARCH_SOURCE


@hooks.register("register_certificate_source")
def register_contest_certificate_sources():
    from . import certificates

    return certificates.SOURCES


@hooks.register("register_mailing_audience")
def register_contests_mailing_audience():
    from . import messaging

    return messaging.AUDIENCE


@hooks.register("register_admin_today")
def register_admin_today():
    from . import dashboard

    return dashboard.rows


# ----------------------------------------------------------------------------------------------
# The question editor's underline (editor.py)
# ----------------------------------------------------------------------------------------------


hooks.register("register_rich_text_features", editor.register_underline)


@hooks.register("register_sitemap_entries")
def contests_sitemap_entries():
    from . import public

    return public.sitemap_entries()


@hooks.register("register_site_map_section")
def contests_site_map_section():
    from . import public

    return public.site_map_section()
