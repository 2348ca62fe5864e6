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

Each lookup is one cache round trip: a copy is read together with its tags' versions (the tags a
copy under that key had the last time this process saw it, `_hints`), and while a request is
handled (`versions_remembered`) a tag's version is read once; a page rendered for the cache is
stored only if none of the versions its rendering relied on has changed since. A page rendered
again reads the parts its last rendering in this process read (fragments, kept values) all at
once, with their tags' versions, in its first round trip (`rendering`).
"""

import contextvars
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
    remembered = _remembered.get()
    if remembered is not None:
        remembered.forget(tags)


class _Remembered:
    """What one request read: the tag versions ({tag: version, or None when the cache had
    none}; `changed` once this request itself purged one of them) and, while a page is
    rendered for the cache, the keys its parts were read under (`rendering`, `keys`), with
    the parts read ahead for it (`ahead`: {key: entry or None}; `pending` until fetched)."""

    __slots__ = ("versions", "changed", "rendering", "keys", "ahead", "pending")

    def __init__(self):
        self.versions = {}
        self.changed = False
        self.rendering = None
        self.keys = []
        self.ahead = {}
        self.pending = ()

    def forget(self, tags):
        for tag in tags:
            if self.versions.pop(tag, _UNREAD) is not _UNREAD:
                self.changed = True


_UNREAD = object()
_remembered = contextvars.ContextVar("page_cache_versions", default=None)


@contextmanager
def versions_remembered():
    """While handling one request: each tag's version is read from the cache once, with the
    first copy that carries it (fragments and kept values share the site's and the tree's)."""
    token = _remembered.set(_Remembered())
    try:
        yield
    finally:
        _remembered.reset(token)


#: {cache key: the tags of the copy last seen under it} in this process, so the next lookup
#: reads the copy and its tags' versions in one round trip. Only a guess: tags it misses are
#: read in a second round trip.
_hints = {}
HINTS_MAX = 4096


def hinted_tags(key):
    return _hints.get(key, ())


def remember_tags(key, tags):
    if len(_hints) >= HINTS_MAX and key not in _hints:
        _hints.clear()
    _hints[key] = tags


#: {page's cache key: the keys of the parts its last rendering in this process read}: a page
#: rendered again reads them all, with their tags' versions, in its first round trip.
_parts = {}


def rendering(key):
    """The page under `key` is about to be rendered for the cache: its parts (as last rendered
    in this process) are read ahead with the first of them."""
    remembered = _remembered.get()
    if remembered is not None:
        remembered.rendering = key
        remembered.pending = _parts.get(key, ())


def remember_parts(key):
    """The page under `key` was stored: remember the keys its parts were read under."""
    remembered = _remembered.get()
    if remembered is not None and remembered.rendering == key and remembered.keys:
        if len(_parts) >= HINTS_MAX and key not in _parts:
            _parts.clear()
        _parts[key] = tuple(dict.fromkeys(remembered.keys))


def read(keys, tags):
    """(the entries found under `keys`, {tag: version or None}) in one cache round trip, for
    `tags` not read yet during this request."""
    remembered = _remembered.get()
    known = {} if remembered is None else remembered.versions
    tags = set(tags)
    found = {}
    ahead = []
    if remembered is not None and remembered.rendering is not None:
        remembered.keys.extend(keys)
        read_ahead = [key for key in keys if key in remembered.ahead]
        for key in read_ahead:
            entry = remembered.ahead.pop(key)  # once: a second read goes to the cache
            if entry is not None:
                found[key] = entry
        keys = [key for key in keys if key not in read_ahead]
        if remembered.pending:
            ahead = [key for key in remembered.pending if key not in keys and key not in found]
            remembered.pending = ()
            for key in ahead:
                tags.update(hinted_tags(key))
    wanted = [tag for tag in tags if tag not in known]
    if not keys and not wanted and not ahead:
        return found, dict(known)
    found.update(cache.get_many([*keys, *ahead, *(_tag_key(tag) for tag in wanted)]))
    for key in ahead:
        remembered.ahead[key] = found.pop(key, None)
    versions = dict(known)
    for tag in wanted:
        versions[tag] = found.pop(_tag_key(tag), None)
    if remembered is not None:
        for tag in wanted:
            remembered.versions.setdefault(tag, versions[tag])
    return found, versions


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


def is_current(tags, sequence, versions=None):
    """Whether a copy rendered at `sequence` showing `tags` is still current: none of its tags
    purged since (a tag the cache forgot counts as purged). `versions` are those already read
    (see `read`); the others are read now."""
    versions = versions or {}
    missing = [tag for tag in tags if tag not in versions]
    if missing:
        versions = {**versions, **read((), missing)[1]}
    for tag in tags:
        value = versions[tag]
        if value is None or value > sequence:
            return False
    return True


def kept(key, tags, compute, seconds):
    """`compute()`'s value, from the cache while none of `tags` has been purged since it was
    computed, else computed again and kept for at most `seconds`. None is never kept."""
    tags = tuple(tags)
    found, versions = read([key], tags)
    entry = found.get(key)
    if entry is not None:
        value, sequence, kept_tags = entry
        remember_tags(key, kept_tags)  # read ahead with a page's parts
        if is_current(kept_tags, sequence, versions):
            return value
    sequence = current_sequence()
    value = compute()
    if value is not None and may_store(tags, sequence):
        cache.set(key, (value, sequence, tags), seconds)
        remember_tags(key, tags)
    return value


def may_store(tags, sequence, *, relied_on=False):
    """Whether a copy rendered at `sequence` showing `tags` may be stored: False when one of
    them was purged while it was being rendered. With `relied_on` (a page's copy), also False
    when a version read earlier in this request (for a fragment or a kept value the rendering
    used) has changed since."""
    remembered = _remembered.get() if relied_on else None
    if remembered is not None and remembered.changed:
        return False
    checked = (
        {tag: version for tag, version in remembered.versions.items() if version is not None}
        if remembered is not None
        else {}
    )
    keys = [_tag_key(tag) for tag in tags]
    versions = cache.get_many([*keys, *(_tag_key(tag) for tag in checked if tag not in tags)])
    for key in keys:
        if key not in versions:
            # A tag never purged (or forgotten by the cache) starts at this copy's sequence:
            # older copies carrying it are then treated as stale.
            cache.add(key, sequence, timeout=None)
    if any(versions.get(_tag_key(tag)) != version for tag, version in checked.items()):
        return False
    return all(versions[key] <= sequence for key in keys if key in versions)
