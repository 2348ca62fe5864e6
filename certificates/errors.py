"""The refusals of the certificates services, with the text shown for each."""

from django.utils.translation import gettext_lazy as _

from common.errors import ServiceError

MESSAGES = {
    "already_issued": _("A certificate has already been issued to this person for this."),
    "no_template": _("No certificate template is set for this."),
    "not_valid": _("Only a valid certificate can be changed this way."),
    "not_reissuable": _(
        "Only a valid certificate can be reissued; a revoked or replaced certificate cannot."
    ),
    "not_original": _("A certification of completion can only be made for a certificate."),
    "bad_reason": _("Choose a reason for the revocation."),
    "name_too_long": _("The full name is longer than 300 characters; please shorten it."),
    "no_name": _("The person has no full name in their profile."),
    "holder_deleted": _("This person has deleted their account; no certificate can be issued."),
    "empty_print": _("There are no certificates to print for this selection."),
    "bad_group": _("Choose a course or a contest round to print."),
    "apps_missing": _("This kind of source is not available."),
    "bad_placeholder": _(
        "The text of the certificate template has a placeholder that cannot be filled: "
        "%(placeholder)s. Correct the template: write placeholders as {ho_ten}, with nothing "
        "after the name."
    ),
    "bad_braces": _(
        "The text of the certificate template has an unbalanced brace ({ or }). Correct the "
        "template: write placeholders as {ho_ten}; to print a brace, double it ({{ or }})."
    ),
}

#: Errors of the template itself: every issue from it fails the same way, so batches stop.
TEMPLATE_ERRORS = ("bad_placeholder", "bad_braces")


class CertificateError(ServiceError):
    messages = MESSAGES
    status_codes = {"already_issued": 409}
