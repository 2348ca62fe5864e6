from django.utils.translation import gettext_lazy as _

from common.errors import ServiceError


class QaError(ServiceError):
    messages = {
        "spam": _("Your question could not be sent. Please try again."),
        "too_many": _(
            "Too many questions have been sent from your network in the last hour. "
            "Please try again later."
        ),
        "no_consent": _("Please agree to how your details are used before sending."),
        "answer_empty": _("Write an answer before sending it."),
        "answer_too_long": _("An answer can have at most 20,000 characters."),
        "is_spam": _("This question is marked as spam: it cannot be answered or published."),
        "not_answered": _("Answer the question before publishing it."),
    }
    status_codes = {"too_many": 429}
