from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .admin_views import ApproveCommentsAction, RejectCommentsAction, SpamCommentsAction
from .viewsets import PortalViewSetGroup

register_snippet(PortalViewSetGroup)

for action in (ApproveCommentsAction, RejectCommentsAction, SpamCommentsAction):
    hooks.register("register_bulk_action", action)


@hooks.register("register_log_actions")
def register_portal_log_actions(actions):
    actions.register_action("portal.comment.approved", _("Approve comment"), _("Comment approved"))
    actions.register_action("portal.comment.rejected", _("Reject comment"), _("Comment rejected"))
    actions.register_action(
        "portal.comment.spam", _("Mark comment as spam"), _("Comment marked as spam")
    )


@hooks.register("register_personal_data")
def register_portal_personal_data():
    from . import personal_data

    return personal_data.SECTION


@hooks.register("register_admin_today")
def register_admin_today():
    from . import dashboard

    return dashboard.rows


@hooks.register("register_parindex_metric")
def register_news_metric():
    from .metrics import NewsMetric

    return NewsMetric()
