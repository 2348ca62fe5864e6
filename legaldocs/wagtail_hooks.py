"""Registers the register: its admin (viewsets.py), the documents it gives the site search, and its sitemap entries."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .viewsets import LegalDocsGroup

register_snippet(LegalDocsGroup)


@hooks.register("register_search_documents")
def legaldocs_search_documents():
    from . import public

    return public.SEARCH_SOURCE


@hooks.register("register_sitemap_entries")
def legaldocs_sitemap_entries():
    from . import public

    return public.sitemap_entries()


@hooks.register("register_site_map_section")
def legaldocs_site_map_section():
    from . import public

    return public.site_map_section()


@hooks.register("register_feeds")
def legaldocs_feeds():
    from . import public

    return public.feeds()
