"""State changes of people and units."""

import json

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from .models import User

#: Apps add a callable(user) -> dict here to include their records in "download my data".
PERSONAL_DATA_SECTIONS = {}


def register_personal_data_section(name, exporter):
    PERSONAL_DATA_SECTIONS[name] = exporter


def export_personal_data(user: User) -> str:
    data = {
        "account": {
            "email": user.email,
            "full_name": user.full_name,
            "date_of_birth": user.date_of_birth.isoformat() if user.date_of_birth else None,
            "phone": user.phone,
            "cccd": user.cccd,
            "unit": user.unit.name if user.unit_id else None,
            "position": user.position,
            "staff_category": user.get_staff_category_display(),
            "date_joined": user.date_joined.isoformat(),
            "consented_at": user.consented_at.isoformat() if user.consented_at else None,
        },
        "email_addresses": list(user.emailaddress_set.values("email", "verified", "primary")),
    }
    for name, exporter in PERSONAL_DATA_SECTIONS.items():
        data[name] = exporter(user)
    data["exported_at"] = timezone.now().isoformat()
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


@transaction.atomic
def anonymise(user: User, now=None) -> None:
    """Delete a person's account data but keep the rows that certificates and contest results
    legally need (their foreign keys keep pointing at this user, now without personal data).

    The full name stays only when an issued certificate or a published result names the person;
    apps say so through `RETAINED_NAME_CHECKS`.
    """
    now = now or timezone.now()
    user = User.objects.select_for_update().get(pk=user.pk)
    keep_name = any(check(user) for check in RETAINED_NAME_CHECKS)
    user.email = f"deleted-{user.pk}@invalid.local"
    if not keep_name:
        user.full_name = "Tài khoản đã xóa"
    user.date_of_birth = None
    user.phone = ""
    user.cccd = ""
    user.position = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.anonymised_at = now
    user.set_unusable_password()
    user.save()
    user.emailaddress_set.all().delete()
    user.groups.clear()
    user.coordinated_units.clear()
    from allauth.mfa.models import Authenticator

    Authenticator.objects.filter(user=user).delete()


#: Apps add a callable(user) -> bool: True when a legal record must keep showing the name.
RETAINED_NAME_CHECKS = []


# ----------------------------------------------------------------------------------------------
# Unit confirmation
# ----------------------------------------------------------------------------------------------

UNIT_ERRORS = {
    "not_allowed": _("You may only confirm people who chose a unit you coordinate."),
    "no_unit": _("This person has not chosen a work unit."),
    "already_confirmed": _("This person's unit is already confirmed."),
}


class UnitConfirmationError(Exception):
    def __init__(self, code, **params):
        self.code = code
        self.params = params
        super().__init__(code)

    @property
    def message(self) -> str:
        text = str(UNIT_ERRORS[self.code])
        return text % self.params if self.params else text


def _notify_unit(kind, person_id, unit_id):
    from .tasks import send_unit_email

    transaction.on_commit(lambda: send_unit_email.enqueue(person_id, kind, unit_id))


def _lock_person(person) -> User:
    # The unit may have changed since the page was shown: every check reads the locked row, so
    # a coordinator of the old unit cannot decide about the new one.
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("_lock_person() must run inside a transaction.")
    return User.objects.select_for_update().get(pk=person.pk)


def _check_actor(actor, person) -> None:
    if person.unit_id is None:
        raise UnitConfirmationError("no_unit")
    if not actor.may_confirm_unit_of(person):
        raise UnitConfirmationError("not_allowed")


def confirm_unit(actor, person, *, unit=None, now=None) -> User:
    """Confirm that `person` works in the unit they chose (or, from the organizers' staff list,
    in `unit`, which then replaces their choice). The actor is a coordinator of that unit or an
    organizer with the `accounts.confirm_unit` permission."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock_person(person)
        if unit is not None and unit.pk != locked.unit_id:
            # Moving someone to another unit is the organizers' call, never a coordinator's.
            if not actor.is_active or not actor.has_perm("accounts.confirm_unit"):
                raise UnitConfirmationError("not_allowed")
            locked.unit = unit
        else:
            _check_actor(actor, locked)
            if locked.unit_confirmed_at is not None:
                raise UnitConfirmationError("already_confirmed")
        locked.unit_confirmed_at = now
        locked.unit_confirmed_by = actor
        locked.save(update_fields=["unit", "unit_confirmed_at", "unit_confirmed_by"])
        log(locked, "accounts.confirm_unit", user=actor, data={"unit": locked.unit_id})
        _notify_unit("confirmed", locked.pk, locked.unit_id)
    return locked


def confirm_units(actor, people, *, now=None) -> list[User]:
    """Confirm several people at once: all of them, or none when one is refused."""
    now = now or timezone.now()
    with transaction.atomic():
        return [confirm_unit(actor, person, now=now) for person in people]


def reject_unit(actor, person) -> User:
    """The person does not work in the unit they chose ("Không thuộc đơn vị"): the unit is
    cleared, so they choose the right one in their profile, and a coordinator of that unit
    confirms it. Works on a confirmed person too (someone who left the unit)."""
    with transaction.atomic():
        locked = _lock_person(person)
        _check_actor(actor, locked)
        unit_id = locked.unit_id
        locked.unit = None
        locked.unit_confirmed_at = None
        locked.unit_confirmed_by = None
        locked.save(update_fields=["unit", "unit_confirmed_at", "unit_confirmed_by"])
        log(locked, "accounts.reject_unit", user=actor, data={"unit": unit_id})
        _notify_unit("refused", locked.pk, unit_id)
    return locked
