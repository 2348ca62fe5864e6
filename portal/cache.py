"""Whole-page cache for anonymous readers.

Pages are stored under a key that includes a generation number; publishing, unpublishing,
moving or deleting a page (and changing comments, polls or settings shown on pages) bumps the
generation, so every cached page is dropped at once. That is deliberate: an article also shows
on the home page, the index, other articles' related lists and the feeds, and a site of this
size re-renders all of them in well under a second.

CSRF tokens and CSP nonces are not shared: the cached copy keeps placeholders that each
reader's own token and the response's fresh nonce replace when the page is served (a nonce
repeated across responses would let an injected script reuse it).
"""

import hashlib
import re

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

GENERATION_KEY = "portal:page-cache:generation"
CSRF_PLACEHOLDER = "__portal_csrf_token__"
CSRF_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+(")')
NONCE_PLACEHOLDER = "__portal_csp_nonce__"


def timeout():
    return getattr(settings, "PORTAL_PAGE_CACHE_SECONDS", 300)


def generation():
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY, 1)
    return value


def purge_all(**_kwargs):
    """Drop every cached page (and tell the front-end caches, when configured)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)


def purge_for_comment(instance, created=False, **kwargs):
    """A comment changes cached pages only once it is, or was, approved."""
    if created and instance.status != instance.Status.APPROVED:
        return
    purge_all()


def cache_key(request):
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    host = request.get_host()
    return f"portal:page:{generation()}:{get_language()}:{host}:{path}"


def request_is_cacheable(request):
    if request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    # Anyone with a session (signed in, or carrying messages) sees a page of their own.
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    return not request.GET.get("preview")


def store(request, response):
    from .models import PortalSettings

    seconds = timeout()
    site_settings = PortalSettings.load()
    expires = site_settings.alert_expires_at
    if site_settings.alert_text and expires:
        # A page showing an alert must not outlive the alert.
        remaining = int((expires - timezone.now()).total_seconds())
        if remaining > 0:
            seconds = min(seconds, remaining)
    content = CSRF_INPUT.sub(rf"\g<1>{CSRF_PLACEHOLDER}\g<2>", response.content.decode())
    nonce = getattr(request, "_csp_nonce", None)  # set only when the page used it
    if nonce:
        content = content.replace(f'nonce="{nonce}"', f'nonce="{NONCE_PLACEHOLDER}"')
    headers = {
        key: value
        for key, value in response.items()
        if key.lower() in ("content-type", "content-language", "x-frame-options")
    }
    cache.set(cache_key(request), (content, headers), seconds)


def fetch(request):
    entry = cache.get(cache_key(request))
    if entry is None:
        return None
    content, headers = entry
    if CSRF_PLACEHOLDER in content:
        content = content.replace(CSRF_PLACEHOLDER, get_token(request))
    if NONCE_PLACEHOLDER in content:
        content = content.replace(NONCE_PLACEHOLDER, str(request.csp_nonce))
    response = HttpResponse(content)
    for key, value in headers.items():
        response[key] = value
    response["X-Portal-Cache"] = "hit"
    patch_vary_headers(response, ["Cookie"])
    return response


class AnonymousPageCacheMiddleware:
    """Serves portal pages from the cache to readers without a session.

    Goes last in MIDDLEWARE, so the language is known and sessions and CSRF are handled by the
    middleware above it exactly as for a rendered page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        cacheable = request_is_cacheable(request)
        if cacheable:
            response = fetch(request)
            if response is not None:
                return response
        response = self.get_response(request)
        if (
            cacheable
            and getattr(response, "portal_cacheable", False)
            and response.status_code == 200
            and not response.cookies
            and not getattr(request, "is_preview", False)
        ):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            store(request, response)
            response["X-Portal-Cache"] = "miss"
            patch_vary_headers(response, ["Cookie"])
        return response


# ------------------------------------------------------------------------------------------
# Sitemap: one cached copy per language, rebuilt after a publish
# ------------------------------------------------------------------------------------------

#: Stands for "scheme://host" in the cached sitemap; each response puts its own back, so one
#: copy serves every host name a site answers to.
ORIGIN_PLACEHOLDER = "__portal_origin__"
SITEMAP_PREFIX = "portal:sitemap"


def sitemap_timeout():
    """A day: publishing, unpublishing, moving or deleting a page drops it sooner."""
    return getattr(settings, "PORTAL_SITEMAP_CACHE_SECONDS", 24 * 3600)


def sitemap_key(language):
    """One copy per language. The XML holds no site: it lists the public pages of every site,
    each address under the requesting host (ORIGIN_PLACEHOLDER), so keying by site would only
    cost a database query per request to find it."""
    return f"{SITEMAP_PREFIX}:{language}"


def purge_sitemaps(**_kwargs):
    """Forget the cached sitemap in every language (its own keys, nothing else)."""
    cache.delete_many([sitemap_key(code) for code, _name in settings.LANGUAGES])
