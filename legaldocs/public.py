"""What other apps may use from the register, through Wagtail hooks (see wagtail_hooks.py):
site-search results and sitemap entries."""

from . import search
from .models import LegalDocument


def published():
    return LegalDocument.objects.filter(is_public=True)


def matching(query: str):
    """Published documents matching every word of `query`; an exact number first."""
    documents = search.filter_words(published(), query)
    return search.number_rank(documents, query).order_by("number_match", "-issued_on", "-pk")


def search_results(query: str, limit: int = 20) -> list[dict]:
    """Site search: documents by number, subject or summary, with or without tone marks."""
    if not search.words(query):
        return []
    documents = matching(query).only("number", "title", "summary", "slug", "doc_type", "issued_on")[
        :limit
    ]
    return [
        {
            "kind": str(document.get_doc_type_display()),
            "title": f"{document.number}: {document.title}",
            "url": document.get_absolute_url(),
            "summary": document.summary,
        }
        for document in documents
    ]


def sitemap_entries() -> list[dict]:
    """Every published document's page, one query."""
    return [
        {"location": document.get_absolute_url(), "lastmod": document.updated_at}
        for document in published().only("slug", "updated_at").order_by("pk")
    ]
