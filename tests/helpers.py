"""Helpers for tests that need staff in the admin (staff must have two-factor authentication)."""

import time

from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)


def give_mfa(user) -> str:
    """Turn on TOTP for `user` and return the secret, so tests can compute codes."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_code(secret: str) -> str:
    """The current six-digit code for `secret` (30-second period, as allauth uses)."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def admin_client(client, user):
    """A test client logged in as `user`, with MFA on so the admin lets them in."""
    give_mfa(user)
    client.force_login(user)
    return client
