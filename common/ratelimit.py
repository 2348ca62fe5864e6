"""Fixed-window rate limits in the shared cache (Redis in production), for our own endpoints.

allauth limits its own screens; everything else (comments, votes, verification, quiz saving)
uses `hit()` so the limits hold across processes and hosts.
"""

import hashlib
import ipaddress
import time

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.redis import RedisCache

_now = time.time  # replaced in tests, which pin the window so a burst never straddles two

# Counting IPv6 visitors per /64, as allauth does: one home or office line gets a whole /64, so
# counting single addresses would let one visitor use millions of them.
IPV6_PREFIX = 64


def _address(value: str) -> str | None:
    """`value` as a normalised IP address ("[::1]:443" and "10.0.0.1:80" lose their port), or None."""
    value = value.strip()
    if value.startswith("[") and "]" in value:
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request) -> str:
    """The visitor's address, as far as it can be trusted (docs/operations.md, "Proxy").

    Each of the TRUSTED_PROXY_COUNT proxies in front of us appends the address it received the
    request from to X-Forwarded-For, so the visitor's is the count-th entry from the right; entries
    further left are whatever the visitor sent and are ignored. With no trusted proxy the header
    is ignored: anyone can write it. allauth asks the same function (accounts.adapter), so its
    limits and ours count the same visitor.
    """
    remote = _address(request.META.get("REMOTE_ADDR", "")) or ""
    count = settings.TRUSTED_PROXY_COUNT
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    forwarded = [part.strip() for part in header.split(",") if part.strip()]
    if count <= 0 or not forwarded:
        return remote
    # Fewer entries than proxies: the request came in past the outer ones, and the leftmost entry
    # is what the proxy it reached first saw (allauth raises ImproperlyConfigured here instead,
    # which would be a 500 for the visitor).
    chosen = forwarded[-count] if len(forwarded) >= count else forwarded[0]
    # Our proxies write plain addresses; anything else means the count is wrong, and the socket
    # address (the proxy) is the one thing known to be true.
    return _address(chosen) or remote


def _rate_key(address: str) -> str:
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        return str(ipaddress.IPv6Network(f"{parsed}/{IPV6_PREFIX}", strict=False).network_address)
    return address


def hit(scope: str, key: str, limit: int, period: int) -> bool:
    """Count one event for (scope, key); True while the count is within `limit` per `period`
    seconds, False once it is exceeded. Keys are hashed: no personal data ends up in the cache."""
    window = int(_now() // period)
    digest = hashlib.sha256(f"{scope}:{key}".encode()).hexdigest()[:32]
    cache_key = f"rl:{scope}:{digest}:{window}"
    backend = caches[DEFAULT_CACHE_ALIAS]
    if isinstance(backend, RedisCache):
        return _count_in_redis(backend, cache_key, period) <= limit
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


def _count_in_redis(backend, cache_key, period):
    """The window's count after this event, in one round trip (SET NX with expiry, INCR,
    pipelined) rather than the three that cache.add + cache.incr take on Redis; limits sit on
    hot paths such as the quiz autosave. Django's Redis cache stores integers as plain numbers,
    so the value reads the same through cache.get()."""
    key = backend.make_and_validate_key(cache_key)
    client = backend._cache.get_client(key, write=True)
    pipeline = client.pipeline(transaction=False)
    pipeline.set(key, 0, ex=period + 1, nx=True)
    pipeline.incr(key)
    _created, count = pipeline.execute()
    return count


def hit_ip(request, scope: str, limit: int, period: int) -> bool:
    return hit(scope, _rate_key(client_ip(request)), limit, period)
