"""What the portal does when content changes elsewhere: empty its page cache, forget the
cached site settings, keep the search index current. Connected once, from PortalConfig.ready()."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from common.signals import public_content_changed

from . import cache, search
from .context_processors import forget_site_settings
from .models import Comment, Leader, NewsCategory, Poll, PortalSettings, ServiceLink

#: Things shown on cached pages that are not pages themselves.
SHOWN_ON_PAGES = (NewsCategory, Poll, PortalSettings, Leader, ServiceLink)


def connect():
    page_published.connect(cache.purge_all, dispatch_uid="portal-purge-published")
    page_unpublished.connect(cache.purge_all, dispatch_uid="portal-purge-unpublished")
    post_page_move.connect(cache.purge_all, dispatch_uid="portal-purge-moved")
    post_delete.connect(cache.purge_all, sender=Page, dispatch_uid="portal-purge-deleted")
    # A new comment waits for moderation and shows nowhere, so it leaves the cache alone
    # (otherwise any visitor could empty the cache with one post).
    post_save.connect(cache.purge_for_comment, sender=Comment, dispatch_uid="portal-purge-Comment")
    post_delete.connect(cache.purge_all, sender=Comment, dispatch_uid="portal-purge-del-Comment")
    for model in SHOWN_ON_PAGES:
        post_save.connect(
            cache.purge_all, sender=model, dispatch_uid=f"portal-purge-{model.__name__}"
        )
        post_delete.connect(
            cache.purge_all, sender=model, dispatch_uid=f"portal-purge-del-{model.__name__}"
        )
    post_save.connect(forget_site_settings, sender=PortalSettings, dispatch_uid="portal-settings")
    # The footer's public-service links are read with the settings (one cached value).
    post_save.connect(forget_site_settings, sender=ServiceLink, dispatch_uid="portal-links")
    post_delete.connect(forget_site_settings, sender=ServiceLink, dispatch_uid="portal-links-del")
    # Another app's public records (the document register) show on pages and in the sitemap.
    public_content_changed.connect(cache.purge_all, dispatch_uid="portal-purge-app-content")
    connect_sitemap()
    connect_search()


def connect_sitemap():
    """The cached sitemap lists every public page: drop it (its keys only) when that changes."""
    page_published.connect(cache.purge_sitemaps, dispatch_uid="portal-sitemap-published")
    page_unpublished.connect(cache.purge_sitemaps, dispatch_uid="portal-sitemap-unpublished")
    post_page_move.connect(cache.purge_sitemaps, dispatch_uid="portal-sitemap-moved")
    post_delete.connect(cache.purge_sitemaps, sender=Page, dispatch_uid="portal-sitemap-deleted")
    public_content_changed.connect(cache.purge_sitemaps, dispatch_uid="portal-sitemap-app-content")
    for model in (PageViewRestriction, Site):
        post_save.connect(
            cache.purge_sitemaps, sender=model, dispatch_uid=f"portal-sitemap-{model.__name__}"
        )
        post_delete.connect(
            cache.purge_sitemaps, sender=model, dispatch_uid=f"portal-sitemap-del-{model.__name__}"
        )


def _index_page(instance, **_kwargs):
    search.refresh_pages([instance.pk])


def _index_subtree(instance, **_kwargs):
    search.refresh_pages(
        Page.objects.descendant_of(instance, inclusive=True).values_list("pk", flat=True)
    )


def _index_restricted(instance, **_kwargs):
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:  # not when the page itself is being deleted
        _index_subtree(page)


def connect_search():
    """Pages enter and leave the search index with their publication and visibility; other
    apps' documents follow the models their sources watch (any model: the map is read lazily)."""
    page_published.connect(_index_page, dispatch_uid="portal-search-published")
    page_unpublished.connect(_index_page, dispatch_uid="portal-search-unpublished")
    post_delete.connect(_index_page, sender=Page, dispatch_uid="portal-search-deleted")
    post_page_move.connect(_index_subtree, dispatch_uid="portal-search-moved")
    post_save.connect(
        _index_restricted, sender=PageViewRestriction, dispatch_uid="portal-search-restricted"
    )
    post_delete.connect(
        _index_restricted, sender=PageViewRestriction, dispatch_uid="portal-search-unrestricted"
    )
    post_save.connect(search.refresh_watched, dispatch_uid="portal-search-watched-save")
    post_delete.connect(search.refresh_watched, dispatch_uid="portal-search-watched-delete")
