"""Personal data: the one registry through which every app takes part in "download my data" and
in deleting an account.

An app takes part by returning a `PersonalDataSection` from the `register_personal_data` Wagtail
hook in its `wagtail_hooks.py`; the section's functions live in the app's own `personal_data.py`
(see docs/development.md, "Personal data"). `accounts.services` reads the registry: the download
puts every section into one ZIP, and `anonymise()` runs every section's `erase` in one
transaction before erasing the account itself.

This module also holds the account's own section and the helpers the apps share: the anonymised
label that replaces a deleted person's name, and the relabelling of audit-log entries (Wagtail's
and Django admin's log rows copy an object's name into their `label`/`object_repr`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from common import vietnamese

HOOK_NAME = "register_personal_data"

#: What a deleted person's name becomes wherever a row must stay (a confirmed seat's history, a
#: ranked contest entry, a published comment). Stored, like every other stored text of the
#: portal, in the site's language.
ERASED_NAME = _("Deleted account")


def erased_name() -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return str(ERASED_NAME)


@dataclass(frozen=True)
class PersonalDataSection:
    """One app's part of a person's data.

    - `name`: the section's key in du-lieu-ca-nhan.json (stable, never translated).
    - `label`: the section's heading in the readable summary (translated).
    - `export(user)`: the person's records as plain values: dicts, lists, text, numbers, dates,
      datetimes, Decimals. The download turns datetimes into Vietnam time with their offset.
    - `erase(user, now)`: remove or anonymise what this app keeps about the person. It runs
      inside `accounts.services.anonymise()`'s transaction, before the account loses its email
      and name; raising rolls the whole deletion back.
    - `labels`: the translated label of every key `export` uses, at any depth (a test checks).
    - `on_deletion`: one translated sentence, shown on the delete page, saying what deleting the
      account does to this app's records and what stays.
    - `order`: position in the download and on the delete page (erasers run in the same order).
    """

    name: str
    label: Promise | str
    export: Callable[[Any], Any]
    erase: Callable[[Any, dt.datetime], None]
    labels: Mapping[str, Promise | str] = field(default_factory=dict)
    on_deletion: Promise | str = ""
    order: int = 100


def field_label(model, field: str):
    """A model field's translated verbose name, as the label of that key in the download."""
    return model._meta.get_field(field).verbose_name


def registered_sections() -> list[PersonalDataSection]:
    """Every app's section, from the `register_personal_data` hooks, in order."""
    from wagtail import hooks

    sections = [hook() for hook in hooks.get_hooks(HOOK_NAME)]
    names = [section.name for section in sections]
    if len(names) != len(set(names)):
        raise RuntimeError(f"Two personal-data sections share a name: {sorted(names)}")
    return sorted(sections, key=lambda section: (section.order, section.name))


# ------------------------------------------------------------------------------------------
# Helpers for the apps' erasers
# ------------------------------------------------------------------------------------------


def relabel_log_entries(objects: Iterable, label: Callable[[Any], str] = str) -> None:
    """Rewrite the audit-log rows about `objects` so they no longer carry a deleted person's name.

    Wagtail's log (and Django admin's) copies `str(obj)` into each entry when it is written; an
    eraser changes the object, then calls this so the history shows the object's new label. The
    rows stay: who did what and when is the organizers' audit trail.
    """
    from django.contrib.admin.models import LogEntry
    from wagtail.models import ModelLogEntry

    by_label = {}
    model = None
    for obj in objects:
        model = type(obj)
        by_label.setdefault(label(obj)[:255], []).append(str(obj.pk))
    if model is None:
        return
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    concrete_type = ContentType.objects.get_for_model(model)
    types = {content_type.pk, concrete_type.pk}
    for text, pks in by_label.items():
        ModelLogEntry.objects.filter(content_type_id__in=types, object_id__in=pks).update(
            label=text
        )
        LogEntry.objects.filter(content_type_id__in=types, object_id__in=pks).update(
            object_repr=text[:200]
        )


# ------------------------------------------------------------------------------------------
# The account's own section
# ------------------------------------------------------------------------------------------

ACCOUNT_LABELS = {
    "email": _("email address"),
    "full_name": _("full name"),
    "date_of_birth": _("date of birth"),
    "phone": _("phone"),
    "cccd": _("citizen ID (CCCD)"),
    "unit": _("work unit"),
    "unit_confirmed_at": _("unit confirmed at"),
    "unit_confirmed_by": _("unit confirmed by"),
    "position": _("position"),
    "staff_category": _("staff category"),
    "date_joined": _("date joined"),
    "last_login": _("last login"),
    "consented_at": _("consent to data processing given at"),
    "email_addresses": _("Email addresses"),
    "verified": _("verified"),
    "primary": _("primary"),
    "authenticators": _("Two-factor authentication"),
    "type": _("type"),
    "created_at": _("created at"),
    "last_used_at": _("last used at"),
}


def export_account(user) -> dict:
    from allauth.mfa.models import Authenticator

    return {
        "email": user.email,
        "full_name": user.full_name,
        "date_of_birth": user.date_of_birth,
        "phone": user.phone,
        "cccd": user.cccd,
        "unit": user.unit.name if user.unit_id else None,
        "unit_confirmed_at": user.unit_confirmed_at,
        "unit_confirmed_by": user.unit_confirmed_by.full_name
        if user.unit_confirmed_by_id
        else None,
        "position": user.position,
        "staff_category": user.get_staff_category_display(),
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "consented_at": user.consented_at,
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in user.emailaddress_set.order_by("-primary", "email")
        ],
        # The kind and dates only: the secrets themselves are never handed out.
        "authenticators": [
            {
                "type": authenticator.get_type_display(),
                "created_at": authenticator.created_at,
                "last_used_at": authenticator.last_used_at,
            }
            for authenticator in Authenticator.objects.filter(user=user).order_by("pk")
        ],
    }


ACCOUNT_SECTION = PersonalDataSection(
    name="account",
    label=_("Account and profile"),
    export=export_account,
    # The account is erased by accounts.services.anonymise() itself, after every other section.
    erase=lambda user, now: None,
    labels=ACCOUNT_LABELS,
    on_deletion=_(
        "Your account: email addresses, full name, date of birth, phone, citizen ID, position, "
        "two-factor authentication and password are erased and you are logged out everywhere. The "
        "empty account stays only so that the records below keep pointing at it, with your "
        "work unit kept for statistics by unit."
    ),
    order=0,
)


def all_sections() -> list[PersonalDataSection]:
    return [ACCOUNT_SECTION, *registered_sections()]


# ------------------------------------------------------------------------------------------
# Presenting exported values
# ------------------------------------------------------------------------------------------

VIETNAM = "Asia/Ho_Chi_Minh"


def _vietnam_time(value: dt.datetime) -> dt.datetime:
    from zoneinfo import ZoneInfo

    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value.astimezone(ZoneInfo(VIETNAM))


def json_default(value):
    """JSON for what exporters return: datetimes in Vietnam time with their +07:00 offset."""
    if isinstance(value, dt.datetime):
        return _vietnam_time(value).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Promise):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def format_value(value) -> str:
    """A value as the readable summary shows it: dd/mm/yyyy, 24-hour times, "1.234,5"."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, dt.datetime):
        return _vietnam_time(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal):
        decimals = max(0, -value.as_tuple().exponent)
        return vietnamese.format_number(value, decimals)
    if isinstance(value, int):
        return vietnamese.format_number(value)
    return str(value)


@dataclass
class Node:
    """One piece of the readable summary.

    kind "value": `text`; "values": `items` are texts; "records": `items` are Nodes;
    "fields": `items` are (label, Node) pairs of plain values, shown as one list, and `groups`
    are (label, Node) pairs of nested records, each shown under its own heading.
    """

    kind: str
    text: str = ""
    items: list = field(default_factory=list)
    groups: list = field(default_factory=list)


def present(value, labels: Mapping[str, Any]) -> Node:
    if isinstance(value, Mapping):
        node = Node("fields")
        for key, item in value.items():
            child = present(item, labels)
            target = node.groups if child.kind in ("fields", "records") else node.items
            target.append((str(labels.get(key, key)), child))
        return node
    if isinstance(value, list | tuple):
        if not value:
            return Node("value", text=str(_("None")))
        if all(isinstance(item, Mapping) for item in value):
            return Node("records", items=[present(item, labels) for item in value])
        return Node("values", items=[format_value(item) for item in value])
    return Node("value", text=format_value(value))


def keys_used(value) -> set[str]:
    """Every key an export uses, at any depth (tests check each has a label)."""
    if isinstance(value, Mapping):
        keys = set(value)
        for item in value.values():
            keys |= keys_used(item)
        return keys
    if isinstance(value, list | tuple):
        return set().union(*(keys_used(item) for item in value)) if value else set()
    return set()
