"""Whole-page cache for every reader, signed in or not.

One copy of a page's body is kept per address, language and host, rendered as an anonymous
reader sees it, and every request fills in its own parts when it is served:

* the account menu in the header (a small fragment per user, cached for a few minutes and
  forgotten when the user, their groups or their units change);
* the comment form's name and email (a signed-in reader's own);
* the poll box: its form, or "you have voted" for a reader who voted (one indexed query, only
  for a signed-in reader or a browser carrying the voter cookie);
* the CSRF token and the CSP nonce (placeholders in the cached copy: a nonce repeated across
  responses would let an injected script reuse it).

Because the shared copy is rendered with an anonymous user in place of the real one, nothing
personal can reach it; editors (who get Wagtail's user bar), readers with a message waiting and
pages behind a view restriction are rendered in full and not stored.

Purging is by tag. A cached page records the tags of what it shows (`page:<id>` for itself and
the articles it lists, `news` for the lists of all news, `category:<id>`, `tag:<id>` for related
lists, `children:<path>`, `polls`, `home-sections`, and `site` for what every page shows) and
the purge sequence number current when its rendering began. Purging a tag stores the next
sequence number as the tag's version; a copy is served only while every one of its tags has a
version no newer than the copy. So publishing an article drops that article, the home page, the
news index and its filtered lists, and the articles that share its category or tags, and
nothing else; no cache lookup happens for a request that can never be cached.
"""

import hashlib
import re

from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY
from django.core.cache import cache
from django.http import HttpResponse
from django.template.loader import get_template
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.crypto import constant_time_compare
from django.utils.html import escape
from django.utils.translation import get_language

from common.csrf import get_token
from common.middleware import resolved_view_name
from common.page_cache import (  # noqa: F401 (the portal's own users import them from here)
    CACHED_VIEWS,
    FILLERS,
    SEQUENCE_KEY,
    SITE_TAG,
    current_sequence,
    expire_at,
    hinted_tags,
    is_current,
    kept,
    may_store,
    purge,
    read,
    register_cached_views,
    remember_parts,
    remember_tags,
    rendering,
    shareable,
    shared_render,
    sharing_requested,
    tag,
    versions_remembered,
)
from common.pagination import PAGE_PARAM

CSRF_PLACEHOLDER = "__portal_csrf_token__"
CSRF_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+(")')
NONCE_PLACEHOLDER = "__portal_csp_nonce__"
NAME_PLACEHOLDER = "__portal_comment_name__"
EMAIL_PLACEHOLDER = "__portal_comment_email__"
ACCOUNT_START = "<!--portal-account-->"
ACCOUNT_END = "<!--/portal-account-->"
POLL_FORM = "<!--portal-poll-form:"

#: The query parameters a cached page may vary by (the news index's filters and page number).
#: Any other (a preview, a tracking parameter, a typo) is rendered and not stored, with no
#: cache lookup: each distinct value would otherwise take a cache entry of its own.
#: Wagtail's pages, and the portal's site map and list of feeds (built from the page tree and the
#: apps' sections).
register_cached_views("wagtail_serve", "portal:site_map", "portal:feeds")
#: Every page change purges this tag too: the site map shows the whole tree.
TREE_TAG = "tree"
CACHEABLE_PARAMS = frozenset({"chuyen-muc", "the", "thang", PAGE_PARAM})

ACCOUNT_SECONDS = 600
VOTED_SECONDS = 24 * 3600


def timeout():
    return getattr(settings, "PORTAL_PAGE_CACHE_SECONDS", 300)


def signed_in_enabled():
    return getattr(settings, "PORTAL_PAGE_CACHE_SIGNED_IN", True)


# ------------------------------------------------------------------------------------------
# Tags and purging
# ------------------------------------------------------------------------------------------


def purge_all(**_kwargs):
    """Drop every cached page: only for what every page shows (site settings, categories)."""
    purge(SITE_TAG)


def purge_all_on_change(created=False, **_kwargs):
    """A settings row, category or site edited. A new one shows nowhere yet (the settings row
    is created from its defaults by the first page that reads it; a category appears once an
    article using it is published)."""
    if not created:
        purge_all()


def page_tags(page):
    """The tags of the cached pages that show `page`: itself, its parent's list of children
    and, for an article, every list of news it may be in."""
    from .models import NewsPage

    tags = {f"page:{page.pk}", TREE_TAG}
    if page.depth > 1:
        tags.add(f"children:{page.path[: -page.steplen]}")
    specific_class = page.specific_class
    if specific_class is not None and issubclass(specific_class, NewsPage):
        tags.add("news")
        article = NewsPage.objects.filter(pk=page.pk).only("category_id").first()
        if article is not None:
            if article.category_id:
                tags.add(f"category:{article.category_id}")
            tags.update(f"tag:{pk}" for pk in article.tags.values_list("pk", flat=True))
    return tags


def purge_page(instance, **_kwargs):
    """Publishing or unpublishing a page."""
    purge(*page_tags(instance))


def purge_deleted_page(instance, **_kwargs):
    tags = {f"page:{instance.pk}", "news", TREE_TAG}
    if instance.depth > 1:
        tags.add(f"children:{instance.path[: -instance.steplen]}")
    purge(*tags)


def purge_subtree(page):
    """A page and everything under it (moved, or put behind a view restriction): their
    addresses or their visibility change wherever they are listed."""
    from wagtail.models import Page

    tags = {"news", TREE_TAG}
    for pk, path in Page.objects.descendant_of(page, inclusive=True).values_list("pk", "path"):
        tags.add(f"page:{pk}")
        tags.add(f"children:{path[: -Page.steplen]}")
    purge(*tags)


def purge_moved(instance, parent_page_before=None, **_kwargs):
    purge_subtree(instance)
    if parent_page_before is not None:
        purge(f"children:{parent_page_before.path}", f"page:{parent_page_before.pk}")


def purge_restricted(instance, **_kwargs):
    from wagtail.models import Page

    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        purge_subtree(page)


def purge_image(instance, created=False, **_kwargs):
    """An image edited or deleted: the pages and fragments showing it (their renditions go). A
    new image shows nowhere yet."""
    if not created:
        purge(f"image:{instance.pk}")


def purge_polls(**_kwargs):
    purge("polls")


def purge_home_sections(**_kwargs):
    """Another app's public content changed: the home page shows its sections."""
    purge("home-sections")


def purge_for_comment(instance, created=False, **kwargs):
    """A comment changes its article's page (and the article's cached fragment, which shows
    the comments) only once it is, or was, approved (a new one waits for moderation: otherwise
    any visitor could empty the cache with one post)."""
    if created and instance.status != instance.Status.APPROVED:
        return
    purge(f"page:{instance.page_id}", comments_tag(instance.page_id))


def purge_deleted_comment(instance, **_kwargs):
    purge(f"page:{instance.page_id}", comments_tag(instance.page_id))


def comments_tag(page_id):
    return f"comments:{page_id}"


# ------------------------------------------------------------------------------------------
# Fragments: parts of pages kept across the purges of the pages that show them
# ------------------------------------------------------------------------------------------

FRAGMENT_PREFIX = "portal:fragment:"


def fragment_timeout():
    """As long as a page by default: a fragment outlives the purges of the pages showing it (a
    page is purged for a new comment or a new related article; its article body is not), but
    what it shows untagged is never older than a cached page's."""
    return getattr(settings, "PORTAL_FRAGMENT_CACHE_SECONDS", 300)


def fragment_key(request, name, vary):
    digest = hashlib.sha256("\x1f".join(str(part) for part in vary).encode()).hexdigest()[:32]
    origin = f"{request.scheme}://{request.get_host()}"  # absolute addresses in the part
    return f"{FRAGMENT_PREFIX}{name}:{get_language()}:{origin}:{digest}"


def fragments_apply(request):
    """Whether this render is one for the page cache (shared, not a preview): only then are
    fragments read and kept, with placeholders for the token and the nonce."""
    state = getattr(request, "portal_page_cache", None)
    return state is not None and state.shared and not getattr(request, "is_preview", False)


def fragment(request, name, vary, render, seconds=None, own_tags=()):
    """The HTML `render()` gives for part of a page being rendered for the page cache, kept
    under `name`, the language, the host and `vary` (what, besides tagged content, it depends
    on: `page.cache_key` changes when its page is published or moved).

    The tags recorded while it renders are kept with it, and it is served only while none of
    them has been purged since (as for a page); a page that reuses it records them too, so the
    page is purged whenever the fragment would be. Only for shared renders: a fragment is
    what an anonymous reader sees, so nothing personal can reach it; any other render (an
    editor's, a preview, a page behind a restriction) renders in full.

    `own_tags` drop the fragment without being recorded on the page (the page shows something
    that changes with them, but was never purged with them: the tree, for the links to a
    page's translations)."""
    if not fragments_apply(request):
        return render()
    state = request.portal_page_cache
    key = fragment_key(request, name, vary)
    # One round trip: the copy with its tags' versions (those this request has not read yet).
    found, versions = read([key], hinted_tags(key))
    entry = found.get(key)
    if entry is not None:
        html, sequence, tags, page_tags, expires = entry
        remember_tags(key, tags)
        if is_current(tags, sequence, versions):
            state.tags.update(page_tags)
            expire_at(request, expires)
            return html
    collected = {SITE_TAG}
    state.collectors.append(collected)
    expires_before = state.expires
    state.expires = None
    try:
        html = render()
    finally:
        state.collectors.remove(collected)
        # What changes by itself inside the fragment (a round opening) bounds it and the page.
        expires = state.expires
        state.expires = expires_before
        expire_at(request, expires)
    page_tags = tuple(sorted(collected))
    tags = tuple(sorted(collected.union(own_tags)))
    seconds = fragment_timeout() if seconds is None else seconds
    if expires is not None:
        seconds = min(seconds, int((expires - timezone.now()).total_seconds()))
    if seconds > 0 and may_store(tags, state.sequence):
        cache.set(key, (html, state.sequence, tags, page_tags, expires), seconds)
        remember_tags(key, tags)
    return html


# ------------------------------------------------------------------------------------------
# The site of a host, for Wagtail's routing
# ------------------------------------------------------------------------------------------

#: Purged when a site is added, edited or deleted (only the cached sites carry it).
SITES_TAG = "sites"


def purge_sites(**_kwargs):
    purge(SITES_TAG)


def site_for_request(request):
    """Wagtail's Site for the request's host, its root page the specific home page, from the
    cache until a site or any page changes; Wagtail's routing then starts from it without the
    three queries for the site, the active locale and the home page."""
    from django.http.request import split_domain_port
    from wagtail.models import Site

    def find():
        site = Site.find_for_request(request)
        if site is not None:
            site.root_page = site.root_page.specific
        return site

    hostname = split_domain_port(request._get_raw_host())[0]  # as Wagtail finds it
    key = f"portal:site:{hostname}:{request.get_port()}"
    return kept(key, (SITES_TAG, TREE_TAG), find, fragment_timeout())


def child_page(parent, slug):
    """The specific live-or-not child of `parent` at `slug` (None when there is none), from the
    cache until the tree changes: the sections under the home page are routed through on every
    page's render, with Wagtail's two queries each time otherwise."""

    def find():
        page = parent.get_children().filter(slug=slug).first()
        return None if page is None else page.specific

    return kept(f"portal:child:{parent.pk}:{slug}", (TREE_TAG,), find, fragment_timeout())


RESTRICTIONS_KEY = "portal:view-restrictions"


def surely_unrestricted(page):
    """True when neither `page` nor any page above it has a view restriction or is an alias
    (whose source's restrictions would apply): known from the cache until any page or
    restriction changes (the tree tag), so such a page is served without Wagtail's two
    queries. False means "ask Wagtail"."""
    from wagtail.models import Page, PageViewRestriction

    def find():
        restricted = frozenset(PageViewRestriction.objects.values_list("page__path", flat=True))
        aliases = frozenset(
            Page.objects.filter(alias_of__isnull=False).values_list("path", flat=True)
        )
        return restricted, aliases

    restricted, aliases = kept(RESTRICTIONS_KEY, (TREE_TAG,), find, fragment_timeout())
    step = page.steplen
    paths = {page.path[:end] for end in range(step, len(page.path) + 1, step)}
    return paths.isdisjoint(restricted) and paths.isdisjoint(aliases)


# ------------------------------------------------------------------------------------------
# The account fragment
# ------------------------------------------------------------------------------------------


def account_key(user_pk, language):
    return f"portal:account:{user_pk}:{language}"


def account_fragment(user):
    """What a signed-in reader's pages show of them: the account menu (with a CSRF
    placeholder), whether they get Wagtail's user bar, and the comment form's prefill."""
    menu = get_template("includes/account_menu.html").render(
        {"user": user, "csrf_token": CSRF_PLACEHOLDER}
    )
    return {
        "pk": user.pk,
        # The session's own copy must match for the fragment to be used without loading the
        # user: a session ended by a password change gets nothing of the account.
        "hash": user.get_session_auth_hash(),
        "menu": menu,
        "editor": user.has_perm("wagtailadmin.access_admin"),
        "name": user.full_name,
        "email": user.email,
    }


def forget_account(user_pk):
    cache.delete_many([account_key(user_pk, code) for code, _name in settings.LANGUAGES])


def forget_account_on_save(instance, **_kwargs):
    forget_account(instance.pk)


def forget_account_on_m2m(instance, reverse=False, pk_set=None, **_kwargs):
    """Groups, permissions or coordinated units changed (from either side)."""
    from django.contrib.auth import get_user_model

    if isinstance(instance, get_user_model()):
        forget_account(instance.pk)
    else:
        for pk in pk_set or ():
            forget_account(pk)


def voted_key(voter_key):
    digest = hashlib.sha256(voter_key.encode()).hexdigest()[:32]
    return f"portal:voted:{digest}"


def voted_polls(voter_key):
    """The polls this voter voted in (cached until they vote again)."""
    from .models import PollVote

    key = voted_key(voter_key)
    polls = cache.get(key)
    if polls is None:
        polls = frozenset(
            PollVote.objects.filter(voter_key=voter_key).values_list("poll_id", flat=True)
        )
        cache.set(key, polls, VOTED_SECONDS)
    return polls


def forget_votes(instance, **_kwargs):
    cache.delete(voted_key(instance.voter_key))


# ------------------------------------------------------------------------------------------
# Storing and serving
# ------------------------------------------------------------------------------------------


class CacheState:
    """What the middleware knows about a request whose page may be cached."""

    __slots__ = ("key", "sequence", "reader", "shared", "tags", "expires", "collectors")

    def __init__(self, key, sequence, reader):
        self.key = key
        self.sequence = sequence
        self.reader = reader
        self.shared = False
        self.tags = {SITE_TAG}
        self.expires = None  # when the page changes by itself (see `expire_at`)
        self.collectors = []  # the tags of the fragments being rendered (see `fragment`)


def cache_key(request):
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"portal:page:{get_language()}:{request.get_host()}:{path}"


def request_may_be_cached(request):
    """Decided from the request alone, without touching the cache."""
    if request.method not in ("GET", "HEAD"):
        return False
    if request.GET and not CACHEABLE_PARAMS.issuperset(request.GET):
        return False
    cookies = request.COOKIES
    if cookies.get("messages"):  # a message waits to be shown to this reader
        return False
    if settings.SESSION_COOKIE_NAME in cookies and not signed_in_enabled():
        return False
    urlconf = getattr(request, "urlconf", None)
    return resolved_view_name(request.path_info, urlconf) in CACHED_VIEWS


def _messages_waiting(request):
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    return bool(request.session.get("_messages"))


def store(request, state, content, response):
    from .context_processors import site_settings

    seconds = timeout()
    values = site_settings()  # cached: no query for each page stored
    expires = values["alert_expires_at"]
    if values["alert_text"] and expires:
        # A page showing an alert must not outlive the alert.
        remaining = int((expires - timezone.now()).total_seconds())
        if remaining > 0:
            seconds = min(seconds, remaining)
    if state.expires is not None:
        remaining = int((state.expires - timezone.now()).total_seconds())
        if remaining <= 0:
            return  # changes within the second: not worth storing
        seconds = min(seconds, remaining)
    tags = tuple(sorted(state.tags))
    if not may_store(tags, state.sequence, relied_on=True):
        return  # purged while this copy was being rendered
    headers = {
        key: value
        for key, value in response.items()
        if key.lower() in ("content-type", "content-language", "x-frame-options")
    }
    cache.set(state.key, (content, headers, state.sequence, tags), seconds)
    remember_tags(state.key, tags)
    remember_parts(state.key)


def make_shareable(request, content):
    """The rendered page with this response's CSRF token and nonce replaced by placeholders."""
    content = CSRF_INPUT.sub(rf"\g<1>{CSRF_PLACEHOLDER}\g<2>", content)
    nonce = getattr(request, "_csp_nonce", None)  # set only when the page used it
    if nonce:
        content = content.replace(f'nonce="{nonce}"', f'nonce="{NONCE_PLACEHOLDER}"')
    return content


def _cut(content, start, end):
    begin = content.find(start)
    if begin < 0:
        return content
    finish = content.find(end, begin)
    if finish < 0:
        return content
    return content[:begin] + content[finish + len(end) :]


def _replace_between(content, start, end, replacement):
    begin = content.find(start)
    finish = content.find(end, begin)
    if begin < 0 or finish < 0:
        return content
    return content[:begin] + replacement + content[finish + len(end) :]


def _fill_polls(content, reader):
    """Each poll box keeps its form for a reader who has not voted, and shows "you have
    voted" with the link to the results to one who has."""
    position = content.find(POLL_FORM)
    if position < 0:
        return content
    voted = reader.voted()
    while position >= 0:
        end = content.find("-->", position)
        poll_id = int(content[position + len(POLL_FORM) : end])
        if poll_id in voted:  # the form goes, from this marker on
            content = _cut(
                content, content[position : end + 3], f"<!--/portal-poll-form:{poll_id}-->"
            )
        else:
            content = _cut(
                content,
                f"<!--portal-poll-voted:{poll_id}-->",
                f"<!--/portal-poll-voted:{poll_id}-->",
            )
            position = end
        position = content.find(POLL_FORM, position)
    return content


class Reader:
    """Who the response is for: their account fragment (None when anonymous) and, lazily, the
    polls they voted in (from the cache fetched with the page, else one query)."""

    __slots__ = ("personal", "voter_key", "_voted")

    def __init__(self, personal, voter_key, voted=None):
        self.personal = personal
        self.voter_key = voter_key
        self._voted = voted

    def voted(self):
        if self._voted is None:
            self._voted = voted_polls(self.voter_key) if self.voter_key else frozenset()
        return self._voted


def fill(request, content, reader):
    """This reader's page from the shared copy."""
    personal = reader.personal
    if personal is not None:
        content = _replace_between(content, ACCOUNT_START, ACCOUNT_END, personal["menu"])
        name, email = escape(personal["name"]), escape(personal["email"])
    else:
        name = email = ""
    if NAME_PLACEHOLDER in content:
        content = content.replace(f'value="{NAME_PLACEHOLDER}"', f'value="{name}"').replace(
            f'value="{EMAIL_PLACEHOLDER}"', f'value="{email}"'
        )
    content = _fill_polls(content, reader)
    if personal is not None:
        for marker, filler in FILLERS.items():
            if marker in content:
                content = filler(request, content, personal["pk"])
    if CSRF_PLACEHOLDER in content:
        content = content.replace(CSRF_PLACEHOLDER, get_token(request))
    if NONCE_PLACEHOLDER in content:
        content = content.replace(NONCE_PLACEHOLDER, str(request.csp_nonce))
    return content


def _finish(response, reader, status):
    response["X-Portal-Cache"] = status
    patch_vary_headers(response, ["Cookie"])
    if reader.personal is not None:
        patch_cache_control(response, private=True)
    return response


def _session_user(request):
    """(user id, session hash) of the session's signed-in user, read from the session alone
    (the user is loaded only when their cached fragment does not match); (None, None)."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return None, None
    session = request.session
    return session.get(SESSION_KEY), session.get(HASH_SESSION_KEY)


def _browser_voter_key(request):
    from .polls import VOTER_COOKIE, VOTER_COOKIE_SALT
    from .services import voter_key_for

    if VOTER_COOKIE not in request.COOKIES:
        return None
    token = request.get_signed_cookie(VOTER_COOKIE, default=None, salt=VOTER_COOKIE_SALT)
    return None if token is None else voter_key_for(browser_token=token)


def lookup(request):
    """The cached response for this request, or None (then `request.portal_page_cache` says
    how to render and store the page, or is absent when it must not be stored)."""
    key = cache_key(request)
    language = get_language()
    user_id, session_hash = _session_user(request)
    voter_key = f"user:{user_id}" if user_id is not None else _browser_voter_key(request)
    keys = [key, SEQUENCE_KEY]
    if user_id is not None:
        keys.append(account_key(user_id, language))
    if voter_key is not None:
        keys.append(voted_key(voter_key))
    # One round trip for a hit: the copy, the reader's parts and the versions of the tags the
    # copy had when this process last saw it.
    found, versions = read(keys, hinted_tags(key))
    personal = None
    if user_id is not None:
        personal = found.get(keys[2])
        if personal is None or not constant_time_compare(personal["hash"], session_hash or ""):
            user = request.user  # Django's own checks: the session may have ended
            if user.is_authenticated:
                personal = account_fragment(user)
                cache.set(account_key(user.pk, language), personal, ACCOUNT_SECONDS)
            else:
                personal = voter_key = None
        if personal is not None and personal["editor"]:
            return None  # Wagtail's user bar, rendered for them alone
    if _messages_waiting(request):
        return None
    reader = Reader(personal, voter_key, found.get(voted_key(voter_key)) if voter_key else None)
    entry = found.get(key)
    if entry is not None:
        remember_tags(key, entry[3])
    if entry is not None and is_current(entry[3], entry[2], versions):
        content, headers = entry[0], entry[1]
        response = HttpResponse(fill(request, content, reader))
        for name, value in headers.items():
            response[name] = value
        return _finish(response, reader, "hit")
    sequence = found.get(SEQUENCE_KEY)
    if sequence is None:
        sequence = current_sequence()
    request.portal_page_cache = CacheState(key, sequence, reader)
    rendering(key)  # its parts are read ahead, in one round trip
    return None


class PageCacheMiddleware:
    """Serves portal pages from the cache (see the module's docstring).

    Goes last in MIDDLEWARE, so the language is known and sessions and CSRF are handled by the
    middleware above it exactly as for a rendered page. The lookup happens before Django
    resolves the address (the view it names is remembered per address), so a hit costs no URL
    resolution; only a view registered with `register_cached_views` is looked up.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(request, "portal_page_cache_missed", False) and not hasattr(
            request, "_wagtail_site"
        ):
            # Rendered: Wagtail's routing starts from the cached site (no cost for a hit).
            request._wagtail_site = site_for_request(request)

    def __call__(self, request):
        with versions_remembered():
            if request_may_be_cached(request):
                response = lookup(request)
                if response is not None:
                    return response
                request.portal_page_cache_missed = True
            return self._respond(request)

    def _respond(self, request):
        response = self.get_response(request)
        state = getattr(request, "portal_page_cache", None)
        if state is None or not state.shared or not getattr(response, "portal_cacheable", False):
            return response
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        content = make_shareable(request, response.content.decode())
        if (
            response.status_code == 200
            and not response.cookies
            and not getattr(request, "is_preview", False)
        ):
            store(request, state, content, response)
        response.content = fill(request, content, state.reader)
        return _finish(response, state.reader, "miss")


#: The former name, for settings written before signed-in readers were served from the cache.
AnonymousPageCacheMiddleware = PageCacheMiddleware


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
