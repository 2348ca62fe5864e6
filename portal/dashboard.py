"""The portal's rows on the admin's "Today" panel (see common/dashboard.py): comments to moderate
for organizers, and for editors the articles waiting for approval and their own drafts."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import WorkflowState
from wagtail.permission_policies.pages import PagePermissionPolicy

from common.dashboard import TodayRow

from .models import Comment, NewsIndexPage, NewsPage


def rows(user, now):
    result = []
    if user.has_perm("portal.change_comment"):
        result.append(
            TodayRow(
                label=_("Comments awaiting moderation"),
                count=Comment.objects.filter(status=Comment.Status.PENDING).count(),
                url=reverse("wagtailsnippets_portal_comment:list")
                + f"?status={Comment.Status.PENDING}",
                icon="comment",
                order=60,
            )
        )
    if PagePermissionPolicy().user_has_any_permission(user, ["add", "change"]):
        in_moderation = WorkflowState.objects.filter(
            status=WorkflowState.STATUS_IN_PROGRESS,
            base_content_type__app_label="wagtailcore",
            base_content_type__model="page",
            content_type__app_label="portal",
            content_type__model="newspage",
        )
        news = NewsIndexPage.objects.order_by("path").first()
        explore = (
            reverse("wagtailadmin_explore", args=[news.pk])
            if news
            else reverse("wagtailadmin_explore_root")
        )
        result += [
            TodayRow(
                label=_("Articles awaiting approval"),
                count=in_moderation.count(),
                url=reverse("wagtailadmin_reports:workflow"),
                icon="tasks",
                order=70,
            ),
            TodayRow(
                label=_("Your drafts"),
                count=NewsPage.objects.filter(owner=user)
                .filter(Q(live=False) | Q(has_unpublished_changes=True))
                .count(),
                url=f"{explore}?owner={user.pk}",
                icon="doc-empty",
                order=80,
            ),
        ]
    return result
