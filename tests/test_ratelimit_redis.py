"""The rate limit's one-round-trip Redis path counts as the cache.add/incr path does (run when
the tests' cache is Redis, as in CI's PostgreSQL + Redis pass)."""

import uuid

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache

from common import ratelimit


@pytest.fixture
def redis_cache():
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        pytest.skip("the tests' cache is not Redis (set REDIS_URL)")
    return backend


def test_redis_counts_in_one_window_and_expires(redis_cache):
    scope = f"test-{uuid.uuid4().hex}"
    assert [ratelimit.hit(scope, "person", 3, 60) for _ in range(5)] == [
        True,
        True,
        True,
        False,
        False,
    ]
    assert ratelimit.hit(scope, "someone-else", 3, 60)
    client = redis_cache._cache.get_client()
    keys = client.keys(f"*rl:{scope}:*")
    assert len(keys) == 2
    assert all(0 < client.ttl(key) <= 61 for key in keys)  # each window expires
    counts = {redis_cache.get(key.decode().split(":", 2)[-1]) for key in keys}
    assert counts == {5, 1}  # plain numbers, readable through the cache as before
