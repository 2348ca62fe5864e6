"""The refusals of the accounts services, with the text shown for each."""

from django.utils.translation import gettext_lazy as _

from common.errors import ServiceError


class UnitConfirmationError(ServiceError):
    """A coordinator's or organizer's decision about someone's work unit that is refused."""

    messages = {
        "not_allowed": _("You may only confirm people who chose a unit you coordinate."),
        "no_unit": _("This person has not chosen a work unit."),
        "already_confirmed": _("This person's unit is already confirmed."),
        "nobody_chosen": _("Choose at least one person."),
    }
