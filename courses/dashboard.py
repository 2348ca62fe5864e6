"""The courses' rows on the admin's "Today" panel (see common/dashboard.py)."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from common.dashboard import ITEMS_SHOWN, TodayItem, TodayRow

from .models import Course, Registration, Session

PERMISSION = "courses.manage_registrations"


def rows(user, now):
    if not user.has_perm(PERMISSION):
        return []
    pending = Q(registrations__status=Registration.Status.PENDING)
    waiting = list(
        Course.objects.annotate(pending=Count("registrations", filter=pending))
        .filter(pending__gt=0)
        .order_by("-pending", "title")
        .values_list("pk", "title", "pending")[:ITEMS_SHOWN]
    )
    waiting_total = (
        Registration.objects.filter(status=Registration.Status.PENDING)
        .values("course")
        .distinct()
        .count()
    )
    today = timezone.localdate(now)
    sessions = list(
        Session.objects.filter(
            date=today, course__status=Course.Status.PUBLISHED, course__cancelled_at__isnull=True
        )
        .select_related("course")
        .order_by("starts_at", "pk")
    )
    return [
        TodayRow(
            label=_("Courses with registrations awaiting approval"),
            count=waiting_total,
            url=reverse("wagtailsnippets_courses_course:list"),
            icon="calendar",
            order=10,
            items=[
                TodayItem(
                    label=title,
                    url=reverse("courses_admin:registrations", args=[pk]) + "?status=pending",
                    note=ngettext("%(count)d to approve", "%(count)d to approve", count)
                    % {"count": count},
                )
                for pk, title, count in waiting
            ],
        ),
        TodayRow(
            label=_("Sessions today"),
            count=len(sessions),
            url=reverse("wagtailsnippets_courses_course:list"),
            icon="time",
            order=20,
            items=[
                TodayItem(
                    label=session.course.title,
                    note=session.starts_at.strftime("%H:%M"),
                    url=reverse("courses_admin:attendance", args=[session.course_id, session.pk]),
                    action=_("Take attendance"),
                )
                for session in sessions[: ITEMS_SHOWN * 2]
            ],
        ),
    ]
