"""Every change the public or the editors make to comments and polls goes through here."""

import hashlib
import re

from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.log_actions import log

from .errors import PortalError
from .models import Comment, NewsPage, Poll, PollChoice, PollVote

COMMENT_MAX_LENGTH = 3000
HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")


# ------------------------------------------------------------------------------------------
# Comments
# ------------------------------------------------------------------------------------------


def submit_comment(*, page: NewsPage, name: str, email: str, body: str, now=None) -> Comment:
    """Store a reader's comment, held for moderation; the editors hear of it after commit."""
    from .tasks import notify_pending_comment

    body = (body or "").strip()
    if not page.comments_open:
        raise PortalError("comments_closed")
    if not body:
        raise PortalError("comment_empty")
    if len(body) > COMMENT_MAX_LENGTH:
        raise PortalError("comment_too_long")
    if HTML_TAG.search(body) or HTML_TAG.search(name or ""):
        raise PortalError("comment_html")
    with transaction.atomic():
        comment = Comment.objects.create(
            page=page,
            name=name.strip()[:100],
            email=email.strip(),
            body=body,
            created_at=now or timezone.now(),
        )
        transaction.on_commit(lambda: notify_pending_comment.enqueue(comment.pk))
    return comment


def moderate_comments(comment_ids, status, *, user=None, now=None) -> int:
    """Approve, reject or mark as spam; returns how many comments changed."""
    if status not in Comment.Status.values or status == Comment.Status.PENDING:
        raise ValueError(status)
    now = now or timezone.now()
    with transaction.atomic():
        comments = list(Comment.objects.filter(pk__in=comment_ids).exclude(status=status))
        for comment in comments:
            comment.status = status
            record_moderation(comment, user=user, now=now)
    return len(comments)


def record_moderation(comment: Comment, *, user=None, now=None) -> None:
    """Stamp and log the moderation decision held in `comment.status` (already set).

    Used by the bulk actions and by the single comment edit form in the admin.
    """
    if comment.status not in Comment.Status.values or comment.status == Comment.Status.PENDING:
        raise ValueError(comment.status)
    comment.moderated_at = now or timezone.now()
    comment.moderated_by = user
    comment.save(update_fields=["status", "moderated_at", "moderated_by"])
    log(
        comment,
        f"portal.comment.{comment.status}",
        user=user,
        data={"page": comment.page_id},
    )


# ------------------------------------------------------------------------------------------
# Polls
# ------------------------------------------------------------------------------------------


def voter_key_for(*, user=None, browser_token: str | None = None) -> str:
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    digest = hashlib.sha256((browser_token or "").encode()).hexdigest()[:40]
    return f"browser:{digest}"


def has_voted(poll: Poll, voter_key: str) -> bool:
    return PollVote.objects.filter(poll=poll, voter_key=voter_key).exists()


def vote(*, poll: Poll, choice_id, voter_key: str, now=None) -> PollVote:
    """One vote per voter and poll; the unique constraint settles simultaneous submissions."""
    now = now or timezone.now()
    if not poll.is_open(now):
        raise PortalError("poll_closed")
    try:
        choice = PollChoice.objects.get(pk=int(choice_id), poll=poll)
    except (PollChoice.DoesNotExist, TypeError, ValueError):
        raise PortalError("poll_bad_choice") from None
    try:
        with transaction.atomic():
            return PollVote.objects.create(
                poll=poll, choice=choice, voter_key=voter_key, created_at=now
            )
    except IntegrityError:
        raise PortalError("poll_already_voted") from None
