"""The refusals of the portal services (comments, polls), with the text shown for each."""

from django.utils.translation import gettext_lazy as _

from common.errors import ServiceError


class PortalError(ServiceError):
    messages = {
        "comments_closed": _("Comments are closed for this article."),
        "comment_too_long": _("A comment can have at most 3,000 characters."),
        "comment_empty": _("Please write your comment."),
        "comment_html": _("Comments cannot contain HTML code. Please write plain text."),
        "spam": _("Your comment could not be accepted."),
        "too_many": _(
            "Too many attempts from your network. Please wait a few minutes and try again."
        ),
        "poll_closed": _("This poll is not open for voting."),
        "poll_bad_choice": _("Please choose one of this poll's answers."),
        "poll_already_voted": _("You have already voted in this poll. Thank you!"),
    }
    status_codes = {"too_many": 429}


class QueryError(ServiceError):
    """A search text that cannot be searched (the search page answers 400 with the text)."""

    messages = {
        "too_long": _("The search text is too long: please use at most 200 characters."),
        "no_words": _("Please type at least one word or number to search for."),
    }
