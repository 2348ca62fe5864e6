"""The portal's moderation screens in the Wagtail admin: the comment edit view and the bulk
actions, both deciding through `services.record_moderation`/`moderate_comments`.

Registered in wagtail_hooks.py (bulk actions) and viewsets.py (the edit view).
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.views.snippets import EditView

from . import services
from .models import Comment


class CommentEditView(EditView):
    """Changing the status in the edit form is a moderation decision, like the bulk actions."""

    def save_instance(self):
        comment = super().save_instance()
        if "status" in self.form.changed_data and comment.status != Comment.Status.PENDING:
            services.record_moderation(comment, user=self.request.user)
        return comment


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


class ApproveCommentsAction(ModerateCommentsAction):
    display_name = _("Approve")
    action_type = "approve"
    aria_label = _("Approve the selected comments")
    status = Comment.Status.APPROVED
    action_priority = 10


class RejectCommentsAction(ModerateCommentsAction):
    display_name = _("Reject")
    action_type = "reject"
    aria_label = _("Reject the selected comments")
    status = Comment.Status.REJECTED
    action_priority = 20


class SpamCommentsAction(ModerateCommentsAction):
    display_name = _("Mark as spam")
    action_type = "spam"
    aria_label = _("Mark the selected comments as spam")
    status = Comment.Status.SPAM
    action_priority = 25
