"""Who must pass the second factor before the admin, and whether this session has passed it.

allauth keeps a log of the authentication steps of the session (account.authentication): a
password login of someone with TOTP adds a "password" and then an "mfa" record; Wagtail's and the
Django admin's own login forms never added the second. The admin gate asks for an "mfa" record of
this session, not only for an authenticator on the account.
"""

from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled

ADMIN_ACCESS_PERMISSION = "wagtailadmin.access_admin"


def can_reach_admin(user) -> bool:
    """Anyone who can open a page of either admin: superusers, staff, and whoever holds Wagtail's
    access permission, on the account or through a group (editors and organizers are not staff)."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or user.is_staff or user.has_perm(ADMIN_ACCESS_PERMISSION)


def has_totp(user) -> bool:
    return is_mfa_enabled(user, [Authenticator.Type.TOTP])


def passed_second_factor(request, user) -> bool:
    """True once this session has an "mfa" record for `user` (a code at login, at
    reauthentication, or when setting up TOTP)."""
    return any(
        record.get("method") == "mfa" for record in get_authentication_records(request, user)
    )


def record_second_factor(request, authenticator: Authenticator) -> None:
    """Log in the session that `authenticator`'s code was just given, as allauth logs a code given
    at login (same record, so allauth's own checks read it too)."""
    record_authentication(
        request, authenticator.user, "mfa", id=authenticator.pk, type=authenticator.type
    )
