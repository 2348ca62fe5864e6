from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, SnippetViewSet, SnippetViewSetGroup

from . import services
from .models import Comment, NewsCategory, Poll


class CommentEditView(EditView):
    """Changing the status in the edit form is a moderation decision, like the bulk actions."""

    def save_instance(self):
        comment = super().save_instance()
        if "status" in self.form.changed_data and comment.status != Comment.Status.PENDING:
            services.record_moderation(comment, user=self.request.user)
        return comment


class CommentViewSet(SnippetViewSet):
    model = Comment
    edit_view_class = CommentEditView
    icon = "comment"
    menu_label = _("Reader comments")
    list_display = ["body", "name", "page", "status", "created_at"]
    list_filter = ["status"]
    list_export = ["page", "name", "body", "status", "created_at", "moderated_at"]
    search_fields = ["body", "name"]
    ordering = ["-created_at"]
    list_per_page = 50

    def get_queryset(self, request):
        return Comment.objects.select_related("page")


class PollViewSet(SnippetViewSet):
    model = Poll
    icon = "list-ul"
    menu_label = _("Opinion polls")
    list_display = ["question", "opens_at", "closes_at", "placement"]


class NewsCategoryViewSet(SnippetViewSet):
    model = NewsCategory
    icon = "folder-open-inverse"
    menu_label = _("News categories")
    list_display = ["name", "slug", "sort_order"]


class PortalViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Portal")
    menu_icon = "globe"
    menu_order = 200
    items = (CommentViewSet, PollViewSet, NewsCategoryViewSet)


register_snippet(PortalViewSetGroup)


class ModerateCommentsAction(SnippetBulkAction):
    """Approve, reject or mark as spam many comments at once, through the moderation service."""

    models = [Comment]
    template_name = "portal/admin/confirm_moderation.html"
    status = None

    def check_perm(self, obj):
        return self.permission_policy.user_has_permission_for_instance(
            self.request.user, "change", obj
        )

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "action_label": self.display_name}

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        action = kwargs["self"]
        changed = services.moderate_comments(
            [obj.pk for obj in objects], action.status, user=action.request.user
        )
        return changed, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d comment updated.", "%(count)d comments updated.", num_parent_objects
        ) % {"count": num_parent_objects}


@hooks.register("register_bulk_action")
class ApproveCommentsAction(ModerateCommentsAction):
    display_name = _("Approve")
    action_type = "approve"
    aria_label = _("Approve the selected comments")
    status = Comment.Status.APPROVED
    action_priority = 10


@hooks.register("register_bulk_action")
class RejectCommentsAction(ModerateCommentsAction):
    display_name = _("Reject")
    action_type = "reject"
    aria_label = _("Reject the selected comments")
    status = Comment.Status.REJECTED
    action_priority = 20


@hooks.register("register_bulk_action")
class SpamCommentsAction(ModerateCommentsAction):
    display_name = _("Mark as spam")
    action_type = "spam"
    aria_label = _("Mark the selected comments as spam")
    status = Comment.Status.SPAM
    action_priority = 25


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
