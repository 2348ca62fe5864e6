"""The page cache's vocabulary, for any app whose public pages it serves.

The cache itself (the middleware that looks a page up, stores it and fills in each reader's own
parts) is the portal's (`portal/cache.py`, whose docstring tells how it works). An app whose
views show the same thing to every reader uses only what is here, so no app depends on the portal:

* `register_cached_views("app:view", ...)`: the middleware may serve and store these views;
* `shareable`: the view is rendered as an anonymous reader sees it when the cache asks for it;
* `tag(request, "round:7")` while rendering, and `purge("round:7")` when what it shows changes;
* `expire_at(request, when)`: the page changes by itself at `when` (a round opening);
* `register_filler(marker, function)`: a signed-in reader's own part of a page holding `marker`.

Purging is by tag: a cached copy records the tags of what it shows and the purge sequence number
current when its rendering began; purging a tag stores the next sequence number as its version,
and a copy is served only while none of its tags has a newer version.
"""

import functools
import time
from contextlib import contextmanager

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import transaction

SEQUENCE_KEY = "portal:page-cache:sequence"
TAG_PREFIX = "portal:page-tag:"
#: What every cached page shows (site settings, categories on cards): its tag empties them all.
SITE_TAG = "site"

#: The views whose responses may be cached (Wagtail's pages, the portal's site map and feeds,
#: the contests' public pages, ...): each app registers its own with `register_cached_views`.
CACHED_VIEWS = set()


def register_cached_views(*view_names):
    """Let the page cache serve and store these views (`namespace:name` as resolved)."""
    CACHED_VIEWS.update(view_names)


#: Other apps' personal parts of their cached pages: {marker: function(request, content,
#: user_pk) -> content}, called for a signed-in reader's response when the page holds the
#: marker (the shared copy holds the anonymous version). See `register_filler`.
FILLERS = {}


def register_filler(marker, function):
    """Have `function` fill a signed-in reader's own parts of pages holding `marker`."""
    FILLERS[marker] = function


def _tag_key(tag):
    return TAG_PREFIX + tag


def current_sequence():
    value = cache.get(SEQUENCE_KEY)
    if value is None:
        # Starts from the clock, so a sequence lost from the cache never goes backwards.
        cache.add(SEQUENCE_KEY, time.time_ns() // 1000, timeout=None)
        value = cache.get(SEQUENCE_KEY)
    return value


def _next_sequence():
    try:
        return cache.incr(SEQUENCE_KEY)
    except ValueError:
        current_sequence()
        return cache.incr(SEQUENCE_KEY)


def _bump(tags):
    sequence = _next_sequence()
    cache.set_many({_tag_key(tag): sequence for tag in tags}, timeout=None)


def purge(*tags):
    """Drop every cached page showing any of `tags`, now and again once the transaction that
    changed the content commits (a page rendered in between read the old rows)."""
    tags = sorted(set(tags))
    if not tags:
        return
    _bump(tags)
    transaction.on_commit(lambda: _bump(tags))


def tag(request, *tags):
    """Record that the page being rendered for the cache shows `tags` (a no-op otherwise), and
    so does every fragment being rendered for it."""
    state = getattr(request, "portal_page_cache", None)
    if state is not None and state.shared:
        state.tags.update(tags)
        for collected in state.collectors:
            collected.update(tags)


def expire_at(request, when):
    """The page being rendered for the cache changes by itself at `when` (a round opening or
    closing): its copy is kept no longer (a no-op otherwise, or when `when` is None)."""
    state = getattr(request, "portal_page_cache", None)
    if state is not None and state.shared and when is not None:
        state.expires = when if state.expires is None else min(state.expires, when)


@contextmanager
def shared_render(request):
    """Render the page as an anonymous reader sees it: the copy goes to every reader."""
    state = request.portal_page_cache
    real_user = request.user
    request.user = AnonymousUser()
    state.shared = True
    try:
        yield state
    finally:
        request.user = real_user


def shareable(view):
    """A plain view (not a page) whose response is the same for every reader, cached like a page
    when CACHED_VIEWS names it: rendered as an anonymous reader sees it."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not sharing_requested(request):
            return view(request, *args, **kwargs)
        with shared_render(request):
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        response.portal_cacheable = True
        return response

    return wrapper


def sharing_requested(request):
    state = getattr(request, "portal_page_cache", None)
    return state is not None


def is_current(tags, sequence):
    """Whether a copy rendered at `sequence` showing `tags` is still current: none of its tags
    purged since (a tag the cache forgot counts as purged)."""
    versions = cache.get_many([_tag_key(tag) for tag in tags])
    return len(versions) == len(tags) and all(value <= sequence for value in versions.values())


def kept(key, tags, compute, seconds):
    """`compute()`'s value, from the cache while none of `tags` has been purged since it was
    computed, else computed again and kept for at most `seconds`. None is never kept."""
    entry = cache.get(key)
    if entry is not None:
        value, sequence, kept_tags = entry
        if is_current(kept_tags, sequence):
            return value
    sequence = current_sequence()
    value = compute()
    tags = tuple(tags)
    if value is not None and may_store(tags, sequence):
        cache.set(key, (value, sequence, tags), seconds)
    return value


def may_store(tags, sequence):
    """Whether a copy rendered at `sequence` showing `tags` may be stored: False when one of
    them was purged while it was being rendered."""
    keys = [_tag_key(tag) for tag in tags]
    versions = cache.get_many(keys)
    for key in keys:
        if key not in versions:
            # A tag never purged (or forgotten by the cache) starts at this copy's sequence:
            # older copies carrying it are then treated as stale.
            cache.add(key, sequence, timeout=None)
    return all(value <= sequence for value in versions.values())
