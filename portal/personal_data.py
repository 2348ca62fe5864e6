"""The portal's part of a person's data (registered in wagtail_hooks.py).

Reader comments are not tied to accounts: they are the person's when written with one of the
account's email addresses. Deleting the account erases the email of every such comment. A
published comment stays on its article (it is part of a public discussion) with the anonymised
label instead of the name; a comment never published (waiting, rejected, spam) is deleted, as it
is shown to nobody and nobody should moderate it any more.

A poll vote cast while logged in is linked to the account only through its voter key
("user:<id>"); deletion replaces the key by a random one, so the counts stay and the link goes.
"""

import uuid

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.personal_data import (
    PersonalDataSection,
    erased_name,
    field_label,
    relabel_log_entries,
)

from . import services
from .models import Comment, PollVote

LABELS = {
    "comments": Comment._meta.verbose_name_plural,
    "article": field_label(Comment, "page"),
    "name": field_label(Comment, "name"),
    "email": field_label(Comment, "email"),
    "text": field_label(Comment, "body"),
    "written_at": field_label(Comment, "created_at"),
    "status": field_label(Comment, "status"),
    "poll_votes": PollVote._meta.verbose_name_plural,
    "poll": field_label(PollVote, "poll"),
    "choice": field_label(PollVote, "choice"),
    "voted_at": field_label(PollVote, "created_at"),
}


def _emails(user) -> list[str]:
    emails = {user.email.lower()} if user.email else set()
    emails.update(
        address.lower() for address in user.emailaddress_set.values_list("email", flat=True)
    )
    return sorted(emails)


def comments_of(user):
    query = Q(pk__in=[])
    for email in _emails(user):
        query |= Q(email__iexact=email)
    return Comment.objects.filter(query)


def export(user) -> dict:
    return {
        "comments": [
            {
                "article": comment.page.title,
                "name": comment.name,
                "email": comment.email,
                "text": comment.body,
                "written_at": comment.created_at,
                "status": comment.get_status_display(),
            }
            for comment in comments_of(user).select_related("page").order_by("created_at")
        ],
        "poll_votes": [
            {"poll": vote.poll.question, "choice": vote.choice.text, "voted_at": vote.created_at}
            for vote in PollVote.objects.filter(
                voter_key=services.voter_key_for(user=user)
            ).select_related("poll", "choice")
        ],
    }


def erase(user, now) -> None:
    comments = comments_of(user)
    comment_ids = list(comments.values_list("pk", flat=True))
    Comment.objects.filter(pk__in=comment_ids).update(name=erased_name(), email="")
    relabel_log_entries(Comment.objects.filter(pk__in=comment_ids))
    Comment.objects.filter(pk__in=comment_ids).exclude(status=Comment.Status.APPROVED).delete()
    for vote in PollVote.objects.filter(voter_key=services.voter_key_for(user=user)):
        vote.voter_key = f"erased:{uuid.uuid4().hex}"
        vote.save(update_fields=["voter_key"])


SECTION = PersonalDataSection(
    name="portal",
    label=_("Comments and polls"),
    export=export,
    erase=erase,
    labels=LABELS,
    on_deletion=_(
        "Comments and polls: comments you wrote with your email address lose the email; "
        "published ones stay under “Deleted account”, the others are deleted. Your poll votes "
        "stay in the counts but are no longer linked to you."
    ),
    order=40,
)
