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


#: Civil servants and contest entrants are adults or nearly so; younger is a typing mistake.
MIN_AGE_YEARS = 15


def birth_date_problem(value, today=None):
    """A message when `value` cannot be a person's date of birth here, else None."""
    from django.utils import timezone

    if value is None:
        return None
    today = today or timezone.localdate()
    if value > today:
        return _("The date of birth cannot be in the future.")
    if value.year < 1900:
        return _("Check the year of birth (dd/mm/yyyy).")
    try:
        fifteenth = value.replace(year=value.year + MIN_AGE_YEARS)
    except ValueError:  # 29 February
        fifteenth = value.replace(year=value.year + MIN_AGE_YEARS, day=28)
    if fifteenth > today:
        return _("You must be at least %(age)s years old.") % {"age": MIN_AGE_YEARS}
    return None


def validate_birth_date(value):
    problem = birth_date_problem(value)
    if problem:
        raise ValidationError(problem, code="birth_date")
