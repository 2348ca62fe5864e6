"""Registers the courses admin: the snippet (viewsets.py), the organizer screens'
URLs (admin_views.py), log actions and the personal-data section."""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from . import admin_views
from .viewsets import CourseViewSet

register_snippet(CourseViewSet)


@hooks.register("register_admin_urls")
def register_course_admin_urls():
    return [path("khoa-hoc/", include(admin_views, namespace="courses_admin"))]


@hooks.register("register_log_actions")
def register_course_actions(actions):
    actions.register_action(
        "courses.approve", _("Approve registration"), _("Registration approved")
    )
    actions.register_action("courses.reject", _("Reject registration"), _("Registration rejected"))
    actions.register_action(
        "courses.cancel", _("Cancel registration"), _("Registration cancelled by an organizer")
    )
    actions.register_action("courses.move", _("Move registration"), _("Registration moved by hand"))
    actions.register_action(
        "courses.nominate", _("Nominate staff"), _("Staff nominated by a unit coordinator")
    )
    actions.register_action(
        "courses.withdraw_nomination",
        _("Withdraw nomination"),
        _("Nomination withdrawn by a unit coordinator"),
    )
    actions.register_action(
        "courses.reorder_nomination",
        _("Reorder nominees"),
        _("Nominee moved up or down by a unit coordinator"),
    )
    actions.register_action("courses.capacity", _("Change capacity"), _("Course capacity changed"))
    actions.register_action("courses.cancel_course", _("Cancel course"), _("Course cancelled"))
    actions.register_action(
        "courses.pause_registration", _("Pause registration"), _("Registration paused")
    )
    actions.register_action(
        "courses.resume_registration", _("Reopen registration"), _("Registration reopened")
    )
    actions.register_action("courses.attendance", _("Record attendance"), _("Attendance recorded"))
    actions.register_action(
        "courses.completion", _("Confirm completion"), _("Completion confirmed")
    )


@hooks.register("register_personal_data")
def register_courses_personal_data():
    from . import personal_data

    return personal_data.SECTION


@hooks.register("register_learning_record")
def register_courses_learning_record():
    from . import learning

    return learning.SECTION


# The portal's home page and search show what courses offer; order: courses before contests.
@hooks.register("register_home_section", order=10)
def courses_home_section(request, limit):
    from . import public

    return public.home_section(request, limit=limit)


@hooks.register("register_search_documents")
def courses_search_documents():
    from . import public

    return public.SEARCH_SOURCE


@hooks.register("register_certificate_source")
def register_course_certificate_source():
    from . import certificates

    return certificates.SOURCE


@hooks.register("register_mailing_audience")
def register_courses_mailing_audience():
    from . import messaging

    return messaging.AUDIENCE


@hooks.register("register_admin_today")
def register_admin_today():
    from . import dashboard

    return dashboard.rows


@hooks.register("register_sitemap_entries")
def courses_sitemap_entries():
    from . import public

    return public.sitemap_entries()


@hooks.register("register_site_map_section")
def courses_site_map_section():
    from . import public

    return public.site_map_section()
