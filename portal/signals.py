"""What the portal does when content changes elsewhere: purge its cached pages, forget the
cached site settings, keep the search index current. Connected once, from PortalConfig.ready()."""

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.models import Locale, Page, PageViewRestriction, Site, WorkflowPage
from wagtail.signals import page_published, page_unpublished, post_page_move

from common.signals import public_content_changed

from . import cache, search
from .context_processors import forget_site_settings
from .models import (
    Comment,
    Leader,
    NewsCategory,
    Poll,
    PollChoice,
    PollVote,
    PortalSettings,
    ServiceLink,
    forget_locale_codes,
)

#: Shown on every cached page (the settings: header, footer, alert; a category's name on the
#: cards of any list), or on a page no purge tag names (the organisation page's leaders):
#: changing one empties the page cache. Editors change them rarely.
SHOWN_EVERYWHERE = (NewsCategory, PortalSettings, Site, Leader)


def connect():
    """Each change drops the cached pages that show what changed (portal/cache.py)."""
    page_published.connect(cache.purge_page, dispatch_uid="portal-purge-published")
    page_unpublished.connect(cache.purge_page, dispatch_uid="portal-purge-unpublished")
    post_page_move.connect(cache.purge_moved, dispatch_uid="portal-purge-moved")
    post_delete.connect(cache.purge_deleted_page, sender=Page, dispatch_uid="portal-purge-deleted")
    for action, receiver in (("save", cache.purge_restricted), ("delete", cache.purge_restricted)):
        signal = post_save if action == "save" else post_delete
        signal.connect(
            receiver, sender=PageViewRestriction, dispatch_uid=f"portal-purge-restriction-{action}"
        )
    # A new comment waits for moderation and shows nowhere, so it leaves the cache alone
    # (otherwise any visitor could empty the cache with one post).
    post_save.connect(cache.purge_for_comment, sender=Comment, dispatch_uid="portal-purge-Comment")
    post_delete.connect(
        cache.purge_deleted_comment, sender=Comment, dispatch_uid="portal-purge-del-Comment"
    )
    for model in (Poll, PollChoice):
        post_save.connect(
            cache.purge_polls, sender=model, dispatch_uid=f"portal-purge-{model.__name__}"
        )
        post_delete.connect(
            cache.purge_polls, sender=model, dispatch_uid=f"portal-purge-del-{model.__name__}"
        )
    for model in SHOWN_EVERYWHERE:
        post_save.connect(
            cache.purge_all_on_change, sender=model, dispatch_uid=f"portal-purge-{model.__name__}"
        )
        post_delete.connect(
            cache.purge_all, sender=model, dispatch_uid=f"portal-purge-del-{model.__name__}"
        )
    from wagtail.images import get_image_model

    image_model = get_image_model()
    post_save.connect(cache.purge_image, sender=image_model, dispatch_uid="portal-purge-image")
    post_delete.connect(
        cache.purge_image, sender=image_model, dispatch_uid="portal-purge-del-image"
    )
    post_save.connect(cache.purge_sites, sender=Site, dispatch_uid="portal-purge-sites")
    post_delete.connect(cache.purge_sites, sender=Site, dispatch_uid="portal-purge-del-sites")
    post_save.connect(forget_site_settings, sender=PortalSettings, dispatch_uid="portal-settings")
    post_save.connect(forget_locale_codes, sender=Locale, dispatch_uid="portal-locales-saved")
    post_save.connect(share_workflow_with_translation, dispatch_uid="portal-translation-workflow")
    post_delete.connect(forget_locale_codes, sender=Locale, dispatch_uid="portal-locales-deleted")
    # Another app's public records: the home page shows other apps' sections.
    public_content_changed.connect(
        cache.purge_home_sections, dispatch_uid="portal-purge-app-content"
    )
    # A vote changes what the voter's cached pages show them (the form or "you have voted").
    post_save.connect(cache.forget_votes, sender=PollVote, dispatch_uid="portal-votes-saved")
    post_delete.connect(cache.forget_votes, sender=PollVote, dispatch_uid="portal-votes-deleted")
    connect_accounts()
    # The footer's public-service links are read with the settings (one cached value) and show
    # on every page from the moment one is added.
    for signal, suffix in ((post_save, ""), (post_delete, "-del")):
        signal.connect(
            forget_site_settings, sender=ServiceLink, dispatch_uid=f"portal-links{suffix}"
        )
        signal.connect(
            cache.purge_all, sender=ServiceLink, dispatch_uid=f"portal-purge-links{suffix}"
        )
    connect_sitemap()
    connect_search()


def share_workflow_with_translation(sender, instance, created=False, raw=False, **kwargs):
    """A section translated with the admin's Translate action gets its original's approval
    workflow: English news is approved like Vietnamese news (permission rules do not change
    with the language). Wagtail copies no workflow assignment with a page."""
    if not created or raw or not isinstance(instance, Page):
        return
    original = (
        WorkflowPage.objects.filter(page__translation_key=instance.translation_key)
        .exclude(page_id=instance.pk)
        .first()
    )
    if original is not None:
        WorkflowPage.objects.get_or_create(page=instance, defaults={"workflow": original.workflow})


def connect_accounts():
    """The account menu cached per reader is forgotten when what it shows changes: the
    person, their groups and permissions (Wagtail's user bar), the units they coordinate."""
    user_model = get_user_model()
    post_save.connect(
        cache.forget_account_on_save, sender=user_model, dispatch_uid="portal-account-saved"
    )
    for field in ("groups", "user_permissions", "coordinated_units"):
        m2m_changed.connect(
            cache.forget_account_on_m2m,
            sender=getattr(user_model, field).through,
            dispatch_uid=f"portal-account-{field}",
        )


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
