"""Helpers for tests that need staff in the admin.

The admin asks for TOTP on the account and for the second factor given in this session; these
helpers set up both the way allauth does after a password and a code at its login.
"""

import datetime as dt
import time

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.test import Client, RequestFactory


def give_mfa(user) -> str:
    """Turn on TOTP for `user` and return the secret, so tests can compute codes."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_code(secret: str) -> str:
    """The current six-digit code for `secret` (30-second period, as allauth uses)."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def pass_second_factor(client, user):
    """Record in `client`'s session a password login and a TOTP code for `user`, as allauth's
    login records them (`user` must already have TOTP and be logged in on `client`)."""
    request = RequestFactory().get("/")
    request.session = client.session
    request.user = user
    totp = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    record_authentication(request, user, "password", email=user.email)
    record_authentication(request, user, "mfa", id=totp.pk, type=totp.type)
    request.session.save()
    return client


def admin_client(client, user):
    """`client` logged in as `user` with TOTP on and the second factor given, as after a full
    login through allauth, so the admin lets them in."""
    if not Authenticator.objects.filter(user=user, type="totp").exists():
        give_mfa(user)
    client.force_login(user)
    return pass_second_factor(client, user)


class AdminClient(Client):
    """A test client whose every login is an admin session as after allauth's full login, for
    test helpers that log in by themselves (Wagtail's assertPageIsEditable and the like)."""

    def force_login(self, user, backend=None):
        if not Authenticator.objects.filter(user=user, type="totp").exists():
            give_mfa(user)
        super().force_login(user, backend)
        pass_second_factor(self, user)


# ------------------------------------------------------------------------------------------
# Parallel HTTP requests against a live server (tests/concurrency, race tests)
# ------------------------------------------------------------------------------------------


def logged_in_cookie(user) -> str:
    """The session cookie of a fresh login as `user`, for raw HTTP requests."""
    from django.conf import settings

    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


#: A valid CSRF secret, sent as cookie and header by `post_all`.
CSRF = "a" * 32


def post_all(live_server, path, cookies, body=""):
    """POST `path` once per session cookie, each on its own connection, all threads released
    together; returns the HTTP statuses in the order of `cookies`."""
    import http.client
    import threading
    import urllib.parse

    from django.conf import settings

    url = urllib.parse.urlsplit(live_server.url)
    barrier = threading.Barrier(len(cookies))
    statuses = [None] * len(cookies)

    def worker(index, cookie):
        connection = http.client.HTTPConnection(url.hostname, url.port, timeout=120)
        connection.connect()
        barrier.wait()
        connection.request(
            "POST",
            path,
            body=body,
            headers={
                "Cookie": f"{settings.SESSION_COOKIE_NAME}={cookie}; csrftoken={CSRF}",
                "X-CSRFToken": CSRF,
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        statuses[index] = connection.getresponse().status
        connection.close()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(cookies)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def backends_waiting_for_a_lock(database) -> int:
    """PostgreSQL backends of `database` blocked on a lock now, read on a connection of its own
    (a transaction would see a frozen snapshot of pg_stat_activity). Race tests wait on it until
    every other request is really queued behind the lock."""
    from django.db import connections

    connection = connections.create_connection("default")
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = %s AND wait_event_type = 'Lock'",
                [database],
            )
            return cursor.fetchone()[0]
    finally:
        connection.close()


def hours_today(now, before, after):
    """(starts_at, ends_at) of a session running at `now`: from `before` earlier to `after` later,
    cut at midnight on either side, since a session lies within one day (it ends after it
    starts). Tests on the real clock then pass at any hour: at 23:30 the session ends at
    23:59:59, and it is not one that began at 00:00 (where someone arriving now is late)."""
    from django.utils import timezone

    local = timezone.localtime(now)
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    starts = max(local - before, midnight)
    ends = min(local + after, midnight + dt.timedelta(seconds=86_399))
    return starts.time(), ends.time()
