from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from accounts import roles


@task()
def notify_pending_comment(comment_id):
    """Tell the editors that a reader's comment waits for moderation."""
    from .models import Comment

    comment = Comment.objects.select_related("page").filter(pk=comment_id).first()
    if comment is None or comment.status != Comment.Status.PENDING:
        return 0
    recipients = list(
        get_user_model()
        .objects.filter(groups__name=roles.EDITORS, is_active=True)
        .values_list("email", flat=True)
        .distinct()
    )
    if not recipients:
        return 0
    with translation.override("vi"):
        pending = Comment.objects.filter(status=Comment.Status.PENDING).count()
        subject = _("A reader comment is waiting for moderation")
        body = render_to_string(
            "portal/email/pending_comment.txt",
            {
                "comment": comment,
                "pending": pending,
                "admin_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/")
                + "/admin/snippets/portal/comment/?status=pending",
            },
        )
    send_mail(subject, body, None, recipients)
    return len(recipients)


@task()
def publish_scheduled_pages():
    """Publish and unpublish pages whose scheduled time has come (Wagtail's own command)."""
    from django.core.management import call_command

    call_command("publish_scheduled")
