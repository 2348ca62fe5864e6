"""The site map ("Sơ đồ cổng") and the list of feeds ("RSS"): two pages every state portal shows,
built from the live page tree and from what the other apps declare through two hooks:

    @hooks.register("register_site_map_section")
    def my_section():
        return {"title": ..., "url": ..., "order": 30, "children": [{"title": ..., "url": ...}]}

    @hooks.register("register_feeds")
    def my_feeds():
        return [{"title": ..., "url": ..., "description": ..., "order": 50}]

A section lists an app's public entry pages (never every record: the XML sitemap does that);
each hook costs a fixed number of queries, whatever the number of records.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Subquery
from django.db.models.functions import Length, Substr
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from wagtail import hooks
from wagtail.models import Page, PageViewRestriction, Site

from . import cache as page_cache
from .models import NewsCategory, NewsIndexPage, NewsPage

SITE_MAP_HOOK = "register_site_map_section"
FEEDS_HOOK = "register_feeds"


def _public_tree_pages(site):
    """The live, public pages of `site` except news articles, in menu order: one query.

    Private means under any view restriction (password, sign-in, groups), read in the same
    query as Wagtail's `public()` would in two.
    """
    restricted = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    root_path = Page.objects.filter(pk=site.root_page_id).values("path")[:1]
    return (
        Page.objects.live()
        .filter(path__startswith=Subquery(root_path))
        .exclude(Exists(restricted))
        .not_type(NewsPage)
        .only("title", "seo_title", "path", "depth", "url_path", "content_type")
        .order_by("path")
    )


def page_tree(request):
    """[{"title", "url", "children": [...]}] for the requesting site's page tree; the news
    index gets its categories as children instead of its articles."""
    site = Site.find_for_request(request)
    if site is None:
        return []
    pages = list(_public_tree_pages(site))
    news_index_type = ContentType.objects.get_for_model(NewsIndexPage).pk
    categories = None
    nodes, stack = [], []
    for page in pages:
        url = page.get_url(request=request)
        if url is None:
            continue
        node = {"title": page.title, "url": url, "children": []}
        if page.content_type_id == news_index_type:
            if categories is None:
                categories = list(NewsCategory.objects.only("name", "slug"))
            node["children"] = [
                {"title": category.name, "url": f"{url}?chuyen-muc={category.slug}", "children": []}
                for category in categories
            ]
        # Pages come in path order, so a page's parent is the last shallower page seen.
        while stack and stack[-1][0] >= page.depth:
            stack.pop()
        (stack[-1][1]["children"] if stack else nodes).append(node)
        stack.append((page.depth, node))
    return nodes


def app_sections():
    sections = []
    for section in hooks.get_hooks(SITE_MAP_HOOK):
        value = section()
        if value:
            sections.append(value)
    return sorted(sections, key=lambda section: section.get("order", 100))


@require_GET
@page_cache.shareable
def site_map_view(request):
    # Purged when any page changes (the tree) or another app's public content does (sections).
    page_cache.tag(request, page_cache.TREE_TAG, "home-sections")
    response = render(
        request,
        "portal/site_map.html",
        {"tree": page_tree(request), "sections": app_sections()},
    )
    return response


def portal_feeds():
    """The portal's own feeds: all news (RSS and Atom), then one per category."""
    feeds = [
        {
            "title": _("All news"),
            "url": reverse("portal:feed_rss"),
            "description": _("The latest articles of every category."),
            "atom_url": reverse("portal:feed_atom"),
        }
    ]
    for category in NewsCategory.objects.only("name", "slug", "description"):
        feeds.append(
            {
                "title": _("News: %(category)s") % {"category": category.name},
                "url": reverse("portal:category_feed_rss", args=[category.slug]),
                "description": category.description,
                "atom_url": reverse("portal:category_feed_atom", args=[category.slug]),
            }
        )
    return feeds


def app_feeds():
    feeds = []
    for app_feed_list in hooks.get_hooks(FEEDS_HOOK):
        feeds.extend(app_feed_list())
    return sorted(feeds, key=lambda feed: feed.get("order", 100))


@require_GET
@page_cache.shareable
def feeds_view(request):
    response = render(
        request,
        "portal/feeds.html",
        {"feeds": portal_feeds() + app_feeds(), "absolute": request.build_absolute_uri("/")},
    )
    return response
