"""Tone-insensitive search over news and standard pages.

Each page stores its text twice (see SearchableTextMixin): folded and exact. A query matches when
every folded term is in the folded text, which works the same on SQLite and PostgreSQL; results
whose exact text holds the query as typed (tones included) come first, then title matches —
across both page types, in one list (a union of the two ranked querysets).
"""

import re
import unicodedata
from dataclasses import dataclass

from django.db.models import Case, F, IntegerField, Value, When
from django.utils.html import escape
from django.utils.safestring import mark_safe

from common.vietnamese import fold, normalize

from .errors import QueryError
from .models import NewsPage, StandardPage

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
WORD = re.compile(r"\w+", re.UNICODE)


@dataclass
class ParsedQuery:
    text: str
    exact: str
    terms: list


def parse(raw: str) -> ParsedQuery | None:
    """None for an empty query; QueryError for one that cannot be searched."""
    text = " ".join((raw or "").split())
    if not text:
        return None
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError("too_long")
    words = WORD.findall(normalize(text))
    if not words:
        raise QueryError("no_words")
    terms = []
    for word in words:
        folded = fold(word)
        if folded and folded not in terms:
            terms.append(folded)
    return ParsedQuery(text=text, exact=" ".join(words), terms=terms[:MAX_TERMS])


def highlight_terms(query: ParsedQuery) -> list:
    """The whole phrase first, so consecutive words are marked as one stretch."""
    return [fold(query.exact), *query.terms]


def _ranked(queryset, query: ParsedQuery):
    for term in query.terms:
        queryset = queryset.filter(search_folded__contains=term)
    title_filter = {}
    if query.terms:
        title_filter = {"title__icontains": query.text}
    return queryset.annotate(
        rank=Case(
            When(search_exact__contains=query.exact, then=Value(0)),
            When(**title_filter, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    )


NEWS, STANDARD = "news", "standard"


def search_pages(query: ParsedQuery):
    """News and standard pages in one ranked list; returns a list-like that pages lazily.

    Exact-tone matches come first whatever the page type, then title matches, then the rest;
    within a rank, the newest first (a news page's date, a standard page's first publication).
    """
    news = _ranked(NewsPage.objects.live().public(), query).annotate(
        kind=Value(NEWS), sort_date=F("date")
    )
    standard = _ranked(StandardPage.objects.live().public(), query).annotate(
        kind=Value(STANDARD), sort_date=F("first_published_at")
    )
    columns = ("pk", "kind", "rank", "sort_date")
    union = (
        news.order_by()
        .values(*columns)
        .union(standard.order_by().values(*columns), all=True)
        .order_by("rank", F("sort_date").desc(nulls_last=True), "-pk")
    )
    return RankedResults(union)


class RankedResults:
    """A ranked union of page rows, paged as one list (Paginator needs count() and slicing).

    A slice reads the page's rows from the union, then loads the pages with one query per model
    and keeps the union's order.
    """

    loaders = {
        NEWS: lambda pks: NewsPage.objects.filter(pk__in=pks).select_related("category"),
        STANDARD: lambda pks: StandardPage.objects.filter(pk__in=pks),
    }

    def __init__(self, union):
        self.union = union
        self._count = None

    def count(self):
        if self._count is None:
            self._count = self.union.count()
        return self._count

    def __len__(self):
        return self.count()

    def __getitem__(self, item):
        if not isinstance(item, slice):
            return self[item : item + 1][0]
        rows = list(self.union[item])
        pages = {}
        for kind, load in self.loaders.items():
            pks = [row["pk"] for row in rows if row["kind"] == kind]
            if pks:
                pages.update((page.pk, page) for page in load(pks))
        # A page unpublished between the two queries is left out rather than failing.
        return [pages[row["pk"]] for row in rows if row["pk"] in pages]


def _fold_map(text):
    """Folded text plus, for each folded character, the index of the original character."""
    folded, positions = [], []
    for index, char in enumerate(text):
        piece = fold(unicodedata.normalize("NFC", char))
        for out in piece:
            folded.append(out)
            positions.append(index)
    return "".join(folded), positions


def highlight(text: str, terms) -> str:
    """HTML of `text` with every tone-insensitive occurrence of the terms in <mark>."""
    if not text:
        return ""
    folded, positions = _fold_map(text)
    marked = [False] * len(text)
    for term in terms:
        start = folded.find(term)
        while start != -1:
            for index in range(start, start + len(term)):
                marked[positions[index]] = True
            start = folded.find(term, start + len(term))
    html, index = [], 0
    while index < len(text):
        end = index
        while end < len(text) and marked[end] == marked[index]:
            end += 1
        chunk = escape(text[index:end])
        html.append(f"<mark>{chunk}</mark>" if marked[index] else chunk)
        index = end
    return mark_safe("".join(html))


def snippet(text: str, terms, length=240) -> str:
    """A stretch of `text` around the first matching term, highlighted."""
    if not text:
        return ""
    folded, positions = _fold_map(text)
    first = min((folded.find(t) for t in terms if folded.find(t) != -1), default=-1)
    if first == -1 or len(text) <= length:
        piece = text[:length]
        prefix = ""
    else:
        origin = positions[first]
        begin = max(0, origin - length // 3)
        piece = text[begin : begin + length]
        prefix = "… " if begin else ""
    suffix = " …" if len(text) > len(prefix) + len(piece) else ""
    return mark_safe(escape(prefix) + highlight(piece, terms) + escape(suffix))
