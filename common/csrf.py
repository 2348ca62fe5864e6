"""The CSRF token for a page served from the cache, drawn from one read of the system's randomness.

Django's `get_token` draws a new reader's 32-character secret and each token's 32-character mask
one character at a time (`get_random_string`, one `secrets.choice` each): 64 reads of os.urandom
for a reader without a CSRF cookie. Each read lets go of the GIL, so on a threaded server a page
served from the cache, whose own work is a few string replacements, waited its turn again 64
times. Here the same characters come from one read, and the token is Django's: the mask followed
by the secret shifted by it, which Django's CSRF check unmasks (`tests/common/test_csrf.py` posts
one through it). The secret goes where Django's own `get_token` puts it, so CsrfViewMiddleware
sends the cookie (or stores it in the session) as for any other page.
"""

import secrets

from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH

_BASE = len(CSRF_ALLOWED_CHARS)
#: Bytes at or above this are drawn again, so that every character is equally likely.
_LIMIT = 256 - 256 % _BASE


def random_characters(length):
    """`length` characters of CSRF_ALLOWED_CHARS, each equally likely, from os.urandom."""
    found = []
    while len(found) < length:
        # An eighth more than needed: at most 8 in 256 bytes are drawn again.
        batch = secrets.token_bytes(length + length // 8 + 4)
        found.extend(CSRF_ALLOWED_CHARS[byte % _BASE] for byte in batch if byte < _LIMIT)
    return "".join(found[:length])


def get_token(request):
    """A masked CSRF token for a form in this response, as `django.middleware.csrf.get_token`
    gives, and the reader's secret made or renewed the same way."""
    meta = request.META
    if "CSRF_COOKIE" in meta:
        secret, mask = meta["CSRF_COOKIE"], random_characters(CSRF_SECRET_LENGTH)
    else:
        drawn = random_characters(2 * CSRF_SECRET_LENGTH)
        secret, mask = drawn[:CSRF_SECRET_LENGTH], drawn[CSRF_SECRET_LENGTH:]
        meta["CSRF_COOKIE"] = secret
    meta["CSRF_COOKIE_NEEDS_UPDATE"] = True  # sent again, which renews its expiry
    cipher = "".join(
        CSRF_ALLOWED_CHARS[(CSRF_ALLOWED_CHARS.index(s) + CSRF_ALLOWED_CHARS.index(m)) % _BASE]
        for s, m in zip(secret, mask, strict=True)
    )
    return mask + cipher
