"""What other apps may use, through Wagtail hooks (see wagtail_hooks.py): the published
questions the site search indexes, and sitemap entries."""

from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.translation import pgettext_lazy

from . import search
from .models import Question


def published():
    return Question.objects.published()


def matching(query: str):
    return search.filter_words(published(), query)


def sitemap_entries() -> list[dict]:
    """Every published question's page, one query."""
    return [
        {"location": question.get_absolute_url(), "lastmod": question.updated_at}
        for question in published().only("pk", "updated_at").order_by("pk")
    ]


def search_documents(ids=None):
    """Published questions with their answers, for the portal's site search index. Only what
    the public page shows: never the sender's name, email or unit."""
    questions = published()
    if ids is not None:
        questions = questions.filter(pk__in=ids)
    for question in questions.only("title", "body", "answer", "published_at").order_by("pk"):
        yield {
            "id": question.pk,
            "title": question.title,
            "summary": question.body[:300],
            "body": f"{question.body} {strip_tags(question.answer)}",
            "url": question.get_absolute_url(),
            "date": question.published_at,
        }


#: The site search's source (hook `register_search_documents`): saving a question refreshes its
#: document, which search_documents() drops unless the question is published.
SEARCH_SOURCE = {
    "kind": "question",
    "label": pgettext_lazy("search facet", "Questions and answers"),
    "order": 60,
    "documents": search_documents,
    "watch": {Question: lambda question: [question.pk]},
}


def site_map_section() -> dict:
    """Q&A for the portal's HTML site map (hook `register_site_map_section`)."""
    return {
        "title": pgettext_lazy("qa section", "Questions and answers"),
        "url": reverse("qa:list"),
        "order": 45,
        "children": [
            {
                "title": pgettext_lazy("site map", "Send a question or feedback"),
                "url": reverse("qa:submit"),
            }
        ],
    }
