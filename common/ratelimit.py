"""Fixed-window rate limits in the shared cache (Redis in production), for our own endpoints.

allauth limits its own screens; everything else (comments, votes, verification, quiz saving)
uses `hit()` so the limits hold across processes and hosts.
"""

import hashlib
import time

from django.core.cache import cache

_now = time.time  # replaced in tests, which pin the window so a burst never straddles two


def client_ip(request) -> str:
    # Behind the proxy, the first X-Forwarded-For address is the client's (see docs/operations.md).
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded:
        return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "")


def hit(scope: str, key: str, limit: int, period: int) -> bool:
    """Count one event for (scope, key); True while the count is within `limit` per `period`
    seconds, False once it is exceeded. Keys are hashed: no personal data ends up in the cache."""
    window = int(_now() // period)
    digest = hashlib.sha256(f"{scope}:{key}".encode()).hexdigest()[:32]
    cache_key = f"rl:{scope}:{digest}:{window}"
    added = cache.add(cache_key, 1, timeout=period + 1)
    if added:
        count = 1
    else:
        try:
            count = cache.incr(cache_key)
        except ValueError:  # expired between add and incr
            cache.add(cache_key, 1, timeout=period + 1)
            count = 1
    return count <= limit


def hit_ip(request, scope: str, limit: int, period: int) -> bool:
    return hit(scope, client_ip(request), limit, period)
