"""Registers the register: its admin (viewsets.py), its search results and sitemap entries."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .viewsets import LegalDocsGroup

register_snippet(LegalDocsGroup)


# In site search after courses and contests.
@hooks.register("register_search_results", order=30)
def legaldocs_search_results(query, limit):
    from . import public

    return public.search_results(query, limit=limit)


@hooks.register("register_sitemap_entries")
def legaldocs_sitemap_entries():
    from . import public

    return public.sitemap_entries()
