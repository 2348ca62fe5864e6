"""What other apps may use from the register, through Wagtail hooks (see wagtail_hooks.py):
the documents the site search indexes, and sitemap entries."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from . import search
from .models import LegalDocument


def published():
    return LegalDocument.objects.filter(is_public=True)


def matching(query: str):
    """Published documents matching every word of `query`; an exact number first."""
    documents = search.filter_words(published(), query)
    return search.number_rank(documents, query).order_by("number_match", "-issued_on", "-pk")


def sitemap_entries() -> list[dict]:
    """Every published document's page, one query."""
    return [
        {"location": document.get_absolute_url(), "lastmod": document.updated_at}
        for document in published().only("slug", "updated_at").order_by("pk")
    ]


def search_documents(ids=None):
    """The published documents, for the portal's site search index (see `SEARCH_SOURCE`): the
    number leads the title, so "12/KH-UBND" and "kh ubnd" find it like its subject's words."""
    documents = published()
    if ids is not None:
        documents = documents.filter(pk__in=ids)
    for document in documents.only(
        "number", "title", "summary", "slug", "issued_on", "created_at"
    ).order_by("issued_on", "pk"):
        yield {
            "id": document.pk,
            "title": f"{document.number}: {document.title}",
            "summary": document.summary,
            "url": document.get_absolute_url(),
            # The index orders by time: the day of issue, at its start in the site's time zone.
            "date": timezone.make_aware(dt.datetime.combine(document.issued_on, dt.time.min)),
        }


#: What the portal's site search indexes from the register (hook `register_search_documents`):
#: documents rank in the one list beside news, courses and contests, with their own facet.
SEARCH_SOURCE = {
    "kind": "legal_document",
    "label": pgettext_lazy("search facet", "Documents"),
    "order": 50,
    "documents": search_documents,
    "watch": {LegalDocument: lambda document: [document.pk]},
}


def site_map_section() -> dict:
    """The register for the portal's HTML site map (hook `register_site_map_section`)."""
    return {
        "title": pgettext_lazy("site map", "Legal documents"),
        "url": reverse("legaldocs:register"),
        "order": 40,
        "children": [],
    }


def feeds() -> list[dict]:
    """The register's feed for the portal's list of feeds (hook `register_feeds`)."""
    return [
        {
            "title": pgettext_lazy("feed", "New documents"),
            "url": reverse("legaldocs:feed"),
            "description": pgettext_lazy(
                "feed", "Legal documents as they are published in the register."
            ),
            "order": 50,
        }
    ]
