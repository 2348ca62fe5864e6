"""The page cache's CSRF tokens (common/csrf.py) are Django's, drawn in one read."""

import random
from collections import Counter

import pytest
from django.http import HttpResponse
from django.middleware.csrf import (
    CSRF_ALLOWED_CHARS,
    CsrfViewMiddleware,
    _unmask_cipher_token,
)
from django.middleware.csrf import get_token as django_get_token
from django.test import RequestFactory

from common import csrf


def view(request):
    return HttpResponse("ok")


def posted(secret, token):
    """Django's CSRF check on a form POST carrying `token`, with `secret` in the cookie."""
    request = RequestFactory().post(
        "/binh-luan/1/",
        {"csrfmiddlewaretoken": token},
        HTTP_COOKIE=f"csrftoken={secret}",
    )
    request._dont_enforce_csrf_checks = False
    middleware = CsrfViewMiddleware(view)
    middleware.process_request(request)
    return middleware.process_view(request, view, (), {})


@pytest.mark.django_db  # the refusal page reads the site's settings
def test_a_new_readers_token_passes_djangos_check_and_a_changed_one_does_not():
    request = RequestFactory().get("/")
    token = csrf.get_token(request)
    secret = request.META["CSRF_COOKIE"]
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True
    assert len(token) == 64 and len(secret) == 32
    assert _unmask_cipher_token(token) == secret
    assert posted(secret, token) is None  # accepted
    changed = token[:40] + ("A" if token[40] != "A" else "B") + token[41:]
    assert posted(secret, changed).status_code == 403


def test_a_reader_with_a_secret_keeps_it_and_each_token_is_masked_anew():
    request = RequestFactory().get("/")
    django_token = django_get_token(request)  # as a rendered page would have made it
    secret = request.META["CSRF_COOKIE"]
    first, second = csrf.get_token(request), csrf.get_token(request)
    assert request.META["CSRF_COOKIE"] == secret
    assert len({django_token, first, second}) == 3
    assert {_unmask_cipher_token(t) for t in (django_token, first, second)} == {secret}


def test_a_token_reads_the_systems_randomness_once(monkeypatch):
    """Django's own get_token reads it 64 times for a new reader (one per character), and each
    read lets go of the GIL."""
    reads = []
    real = random._urandom  # what the secrets module reads (through random.SystemRandom)

    def urandom(size):
        reads.append(size)
        return real(size)

    monkeypatch.setattr(random, "_urandom", urandom)
    django_get_token(RequestFactory().get("/"))
    assert len(reads) >= 64  # what this replaces (a few more: draws above 61 are drawn again)
    reads.clear()
    csrf.get_token(RequestFactory().get("/"))
    assert len(reads) == 1


def test_every_character_is_equally_likely():
    """Bytes are drawn again above the largest multiple of 62: taking `byte % 62` of every byte
    would make the first eight characters a quarter more likely than the rest."""
    counts = Counter(csrf.random_characters(200_000))
    assert set(counts) == set(CSRF_ALLOWED_CHARS)
    first_eight = sum(counts[c] for c in CSRF_ALLOWED_CHARS[:8]) / 8
    others = sum(counts[c] for c in CSRF_ALLOWED_CHARS[8:]) / (len(CSRF_ALLOWED_CHARS) - 8)
    assert 0.95 < first_eight / others < 1.05
