"""State changes of people and units."""

import io
import json
import zipfile
from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from wagtail.log_actions import log

from . import personal_data
from .errors import UnitConfirmationError
from .models import User

# ------------------------------------------------------------------------------------------
# Personal data: download and deletion (the registry is in accounts/personal_data.py)
# ------------------------------------------------------------------------------------------

ARCHIVE_JSON = "du-lieu-ca-nhan.json"
ARCHIVE_SUMMARY = "tom-tat.html"


def export_personal_data(user: User, now=None) -> dict:
    """Everything every app keeps about the person, section by section, as plain values."""
    now = now or timezone.now()
    data = {"exported_at": now}
    for section in personal_data.all_sections():
        data[section.name] = section.export(user)
    return data


def personal_data_archive(user: User, now=None) -> tuple[str, bytes]:
    """The download: a ZIP with the data as JSON and a readable summary. Returns (name, bytes)."""
    now = now or timezone.now()
    data = export_personal_data(user, now=now)
    body = json.dumps(data, ensure_ascii=False, indent=2, default=personal_data.json_default)
    sections = [
        {
            "name": section.name,
            "label": section.label,
            "node": personal_data.present(data[section.name], section.labels),
        }
        for section in personal_data.all_sections()
    ]
    summary = render_to_string(
        "accounts/personal_data/summary.html",
        {
            "person": user,
            "sections": sections,
            "exported_at": personal_data.format_value(now),
            "json_name": ARCHIVE_JSON,
            "agency_name": settings.AGENCY_NAME,
            "site_name": settings.WAGTAIL_SITE_NAME,
        },
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(ARCHIVE_JSON, body)
        archive.writestr(ARCHIVE_SUMMARY, summary)
    stamp = timezone.localtime(now).strftime("%Y-%m-%d")
    return f"du-lieu-ca-nhan-{stamp}.zip", buffer.getvalue()


def anonymise(user: User, now=None) -> None:
    """Delete a person's account: every app's eraser, then the account's own fields, in one
    transaction (if any eraser fails, nothing is changed).

    The row stays, emptied, so that what must remain (certificates in the register, contest
    entries that keep the rankings true, training records) keeps pointing at it.
    """
    now = now or timezone.now()
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        for section in personal_data.registered_sections():
            section.erase(user, now)
        _erase_account(user, now)


def _erase_account(user: User, now) -> None:
    from allauth.mfa.models import Authenticator
    from wagtail.users.models import UserProfile

    user.email = f"deleted-{user.pk}@invalid.local"
    user.full_name = personal_data.erased_name()
    user.date_of_birth = None
    user.phone = ""
    user.cccd = ""
    user.position = ""
    user.staff_category = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.anonymised_at = now
    # A new (unusable) password also changes the session hash Django checks on every request,
    # so sessions in any store (Redis included) stop working at their next request.
    user.set_unusable_password()
    user.save()
    user.emailaddress_set.all().delete()  # their confirmations go with them
    Authenticator.objects.filter(user=user).delete()
    user.groups.clear()
    user.user_permissions.clear()
    user.coordinated_units.clear()
    for profile in UserProfile.objects.filter(user=user):
        if profile.avatar:
            avatar = profile.avatar
            transaction.on_commit(lambda avatar=avatar: avatar.delete(save=False))
        profile.delete()
    personal_data.relabel_log_entries([user])
    _end_sessions(user, now)


# ----------------------------------------------------------------------------------------------
# Unit confirmation
# ----------------------------------------------------------------------------------------------


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


def _coordinated_people(ids, units) -> list[User]:
    """The active people with these ids who chose one of `units`. Any other id refuses the
    whole request with one message that names nobody, so ids cannot be used to look people up."""
    ids = [pk for pk in ids if pk is not None]
    if not ids:
        raise UnitConfirmationError("nobody_chosen")
    people = list(User.objects.filter(pk__in=ids, unit__in=units, is_active=True))
    if len(people) != len(ids):
        raise UnitConfirmationError("not_allowed")
    return people


def confirm_units_of(actor, ids, units, *, now=None) -> list[User]:
    """A coordinator's page: confirm the people with these ids, who chose one of `units`."""
    return confirm_units(actor, _coordinated_people(ids, units), now=now)


def reject_unit_of(actor, person_id, units) -> User:
    """A coordinator's page: the person with this id is not in the unit they chose."""
    (person,) = _coordinated_people([person_id], units)
    return reject_unit(actor, person)


def _end_sessions(user: User, now) -> None:
    """Delete the person's sessions where the store can list them (database-backed stores)."""
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    if not hasattr(store_class, "get_model_class"):
        return
    model = store_class.get_model_class()
    for session in model.objects.filter(expire_date__gt=now).iterator():
        if session.get_decoded().get(SESSION_KEY) == str(user.pk):
            store_class(session.session_key).delete()
