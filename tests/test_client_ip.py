"""Whose address the rate limits count: TRUSTED_PROXY_COUNT decides, for allauth's and ours.

Each trusted proxy appends the address it received the request from to X-Forwarded-For, so with
N proxies the visitor's address is the N-th from the right; whatever a visitor writes in the
header themselves sits further left and is never believed.
"""

import pytest
from allauth.account.adapter import get_adapter
from django.test import RequestFactory

from common.ratelimit import client_ip

PROXY = "10.0.0.5"
WRONG = "Địa chỉ email hoặc mật khẩu bạn nhập không đúng."
TOO_MANY_FAILURES = "Bạn đã đăng nhập sai quá nhiều lần."


def request_from(remote=PROXY, forwarded=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


@pytest.mark.parametrize(
    ("count", "remote", "forwarded", "expected"),
    [
        # No trusted proxy: the socket address, whatever the header says.
        (0, "203.0.113.7", None, "203.0.113.7"),
        (0, "203.0.113.7", "198.51.100.1", "203.0.113.7"),
        (0, "203.0.113.7", "1.1.1.1, 2.2.2.2", "203.0.113.7"),
        # One proxy (it appends the visitor's address).
        (1, PROXY, "203.0.113.7", "203.0.113.7"),
        (1, PROXY, "198.51.100.1, 203.0.113.7", "203.0.113.7"),  # forged entry on the left
        (1, PROXY, "not-an-address, 203.0.113.7", "203.0.113.7"),
        (1, PROXY, None, PROXY),  # straight to the app (a health check)
        (1, PROXY, "", PROXY),
        (1, PROXY, "garbage", PROXY),  # the proxy did not append: trust only the socket
        # Two proxies (a load balancer in front of nginx): the second from the right.
        (2, PROXY, "203.0.113.7, 10.0.0.9", "203.0.113.7"),
        (2, PROXY, "198.51.100.1, 203.0.113.7, 10.0.0.9", "203.0.113.7"),
        (2, PROXY, "203.0.113.7", "203.0.113.7"),  # came past the outer proxy
        # Ports and IPv6 as some proxies write them.
        (1, PROXY, "203.0.113.7:51234", "203.0.113.7"),
        (1, PROXY, "[2001:db8::1]:443", "2001:db8::1"),
        (1, PROXY, "2001:DB8::1", "2001:db8::1"),
    ],
)
def test_client_ip_trusts_only_what_our_proxies_wrote(settings, count, remote, forwarded, expected):
    # Only our setting: allauth's limits follow it too (and never fail on a short header).
    settings.TRUSTED_PROXY_COUNT = count
    request = request_from(remote, forwarded)
    assert client_ip(request) == expected
    assert get_adapter().get_client_ip(request) == expected


def test_allauth_reads_the_same_setting():
    from allauth import app_settings
    from django.conf import settings

    assert app_settings.TRUSTED_PROXY_COUNT == settings.TRUSTED_PROXY_COUNT


def lookup(n):
    """A certificate look-up (serial and name) for a different serial each time, so only the
    per-address limit can refuse it (each serial also has a daily limit of its own)."""
    return {"q": f"SNV-2026-{n:06d}", "full_name": "Nguyễn Văn An"}


@pytest.mark.django_db
def test_forged_headers_do_not_escape_our_limit_without_a_trusted_proxy(client, settings):
    """60 certificate look-ups with a fresh forged X-Forwarded-For each: the limit (30 a minute
    per address) still holds, because the header is not believed."""
    settings.TRUSTED_PROXY_COUNT = 0
    statuses = [
        client.post(
            "/chung-nhan/xac-minh/", lookup(n), HTTP_X_FORWARDED_FOR=f"198.51.100.{n}"
        ).status_code
        for n in range(60)
    ]
    assert statuses.count(429) == 30


@pytest.mark.django_db
def test_forged_headers_do_not_escape_our_limit_behind_a_proxy(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    statuses = [
        client.post(
            "/chung-nhan/xac-minh/",
            lookup(n),
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.7",
            REMOTE_ADDR=PROXY,
        ).status_code
        for n in range(60)
    ]
    assert statuses.count(429) == 30


@pytest.mark.django_db
def test_one_ipv6_line_counts_as_one_visitor(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    statuses = [
        client.post(
            "/chung-nhan/xac-minh/",
            lookup(n),
            HTTP_X_FORWARDED_FOR=f"2001:db8:1:2::{n:x}",
            REMOTE_ADDR=PROXY,
        ).status_code
        for n in range(1, 61)
    ]
    assert statuses.count(429) == 30


def allauth_login(client, person, password, address):
    return client.post(
        "/tai-khoan/login/",
        {"login": person.email, "password": password},
        HTTP_X_FORWARDED_FOR=address,
        REMOTE_ADDR=PROXY,
    )


@pytest.mark.django_db
def test_behind_the_proxy_many_people_log_in_at_once(settings):
    """allauth allows 30 logins a minute per address: behind the proxy, without the setting, the
    31st person of a busy minute was refused."""
    from django.test import Client

    from tests.factories import UserFactory

    settings.TRUSTED_PROXY_COUNT = 1
    people = [UserFactory() for _ in range(35)]
    for n, person in enumerate(people):
        client = Client()
        response = allauth_login(client, person, "mat-khau-an-toan-2026", f"203.0.113.{n + 1}")
        assert response.status_code == 302, n
        assert client.session["_auth_user_id"] == str(person.pk)


@pytest.mark.django_db
def test_one_address_guessing_is_limited_and_no_one_else_is(settings, vi):
    """12 failed logins with random emails from one address: that address is refused (10 a
    minute), everyone else still logs in."""
    from django.test import Client

    from tests.factories import UserFactory

    settings.TRUSTED_PROXY_COUNT = 1
    guesser = Client()
    answers = []
    for n in range(12):
        response = guesser.post(
            "/tai-khoan/login/",
            {"login": f"doan-{n}@example.gov.vn", "password": "doan-mo"},
            # Forged entries on the left change every time: the proxy's entry does not.
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.66",
            REMOTE_ADDR=PROXY,
        )
        page = response.content.decode()
        answers.append(
            "limited" if TOO_MANY_FAILURES in page else "wrong" if WRONG in page else "?"
        )
    assert answers == ["wrong"] * 10 + ["limited"] * 2

    person = UserFactory()
    client = Client()
    assert allauth_login(client, person, "mat-khau-an-toan-2026", "203.0.113.8").status_code == 302
    assert client.session["_auth_user_id"] == str(person.pk)
