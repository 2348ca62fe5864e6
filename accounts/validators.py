from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from common import vietnamese

CCCD_MESSAGES = {
    "format": _("A CCCD number has exactly 12 digits."),
    "century": _("The fourth digit of a CCCD number must be 0, 1, 2 or 3."),
    "birth_year": _("The CCCD number does not match the year of birth."),
}


def validate_cccd_format(value):
    problem = vietnamese.cccd_problem(value)
    if problem:
        raise ValidationError(CCCD_MESSAGES[problem], code=f"cccd_{problem}")


def validate_phone(value):
    if value and vietnamese.normalize_phone(value) != value:
        raise ValidationError(
            _("Enter a 10-digit Vietnamese phone number, e.g. 0912 345 678."), code="phone"
        )
