"""The site search: one index of everything the public can find, searched on whole words with
or without tone marks.

The index (`SearchDocument`, one row per article, page, course, contest, or whatever another app
contributes) holds each document's words three times, every word padded by spaces:

    title_words  " cai cach hanh chinh "          folded (no tone marks, đ -> d), the title
    text_words   " cai cach hanh chinh nam ... "   folded, the title and the text
    exact_words  " cải cách hành chính năm ... "   tone marks kept, the title and the text

Finding: a full-text index over `text_words` (FTS5 on SQLite, a GIN index on a tsvector on
PostgreSQL, created by migration 0005) returns the documents holding every folded word of the
query as a whole word, so "hội" finds neither "thời" nor "phối". Vietnamese has no stemming (a
word is a syllable), so both indexes only split on spaces.

Ranking, in the same query: a phrase in the title counts 8, every word in the title 4, the phrase
anywhere 2, the phrase with the tone marks as typed 1 (a plain substring test on the padded
words, so still whole words); ties go to the newest. At most MAX_CANDIDATES matches (the most
recently indexed) are ranked, so the cost of a query does not grow with the archive; beyond that
the page says "more than" and asks for more words. The counts per kind (the facets, whose sum is
the total) come from the same statement, so there is no second query for the total.

Other apps contribute through the `register_search_documents` hook (see docs/data-model.md):

    @hooks.register("register_search_documents")
    def search_documents():
        return {
            "kind": "course", "label": _("Courses"), "order": 30,
            "documents": documents,      # documents(ids=None) -> iterable of dicts, public only
            "watch": {Course: lambda course: [course.pk]},   # saves/deletes that refresh ids
        }

Each dict: {"id", "title", "url", and optionally "summary", "body", "date", "language"}.
"""

import hashlib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import connections, router, transaction
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks

from common.vietnamese import fold, normalize

from .errors import QueryError

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
#: How many matches are ranked at most (the most recently indexed ones).
MAX_CANDIDATES = 500
WORD = re.compile(r"[^\W_]+")
HOOK = "register_search_documents"
GENERATION_KEY = "portal:search:generation"
NEWS, PAGE = "news", "page"
PAGE_KINDS = (NEWS, PAGE)


# ------------------------------------------------------------------------------------------
# Words
# ------------------------------------------------------------------------------------------

# `common.vietnamese.fold` looks at every character in Python; search folds whole texts on
# every request (snippets, highlighting), so it folds through one table in C instead: each
# Latin letter with marks to its base letter, character for character. Text the table does
# not fully fold (another script, a decomposed mark) goes through `fold` itself.
_FOLD_TABLE = {
    code: folded
    for code in range(0x80, 0x2000)
    if len(folded := fold(chr(code))) == 1 and folded.isascii()
}


def fast_fold(text: str) -> str:
    """The same as `fold`, faster for Vietnamese and English text."""
    ascii_text = text.translate(_FOLD_TABLE)
    if ascii_text.isascii():
        return ascii_text.lower()
    return fold(text)


def exact_words(text: str) -> list[str]:
    """Lower-case words with their tone marks (NFC); punctuation separates words."""
    return WORD.findall(normalize(text))


def folded_words(text: str) -> list[str]:
    return [word for word in (fast_fold(word) for word in exact_words(text)) if word]


def padded(words) -> str:
    return f" {' '.join(words)} " if words else " "


@dataclass
class ParsedQuery:
    text: str  # as typed, spaces collapsed
    exact: list  # the words with their tone marks, in order
    phrase: list  # the same words folded, in order
    terms: list  # the folded words, each once

    @property
    def has_tone_marks(self) -> bool:
        return self.exact != self.phrase


def parse(raw: str) -> ParsedQuery | None:
    """None for an empty query; QueryError for one that cannot be searched."""
    text = " ".join((raw or "").split())
    if not text:
        return None
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError("too_long")
    exact = exact_words(text)[:MAX_TERMS]
    phrase = [fold(word) for word in exact]
    if not any(phrase):
        raise QueryError("no_words")
    terms = list(dict.fromkeys(word for word in phrase if word))
    return ParsedQuery(text=text, exact=exact, phrase=phrase, terms=terms)


def highlight_terms(query: ParsedQuery) -> list:
    """The whole phrase first, so consecutive words are marked as one stretch."""
    return [" ".join(query.phrase), *query.terms]


# ------------------------------------------------------------------------------------------
# Sources: the portal's pages and what other apps register
# ------------------------------------------------------------------------------------------


def _page_documents(model, kind, ids=None):
    from .models import page_language

    queryset = model.objects.live().public()
    if ids is not None:
        queryset = queryset.filter(pk__in=ids)
    if kind == NEWS:
        queryset = queryset.order_by("date", "pk")
    else:
        queryset = queryset.order_by("first_published_at", "pk")
    for page in queryset.iterator(chunk_size=500):
        yield {
            "id": page.pk,
            "title": page.title,
            "summary": getattr(page, "lead", "") or getattr(page, "intro", ""),
            "body": page.searchable_text(),
            "url": page.get_url() or page.url_path,
            "date": page.date if kind == NEWS else page.first_published_at,
            "language": page_language(page),
        }


def portal_sources():
    from .models import NewsPage, StandardPage

    return [
        {
            "kind": NEWS,
            "label": pgettext_lazy("search facet", "News"),
            "order": 10,
            "documents": lambda ids=None: _page_documents(NewsPage, NEWS, ids),
            "watch": {},
        },
        {
            "kind": PAGE,
            "label": pgettext_lazy("search facet", "Pages"),
            "order": 20,
            "documents": lambda ids=None: _page_documents(StandardPage, PAGE, ids),
            "watch": {},
        },
    ]


def sources() -> dict:
    """{kind: source} for the portal's pages and every app's `register_search_documents`."""
    found = portal_sources() + [hook() for hook in hooks.get_hooks(HOOK)]
    found.sort(key=lambda source: source.get("order", 100))
    return {source["kind"]: source for source in found}


def kind_labels() -> dict:
    return {kind: source["label"] for kind, source in sources().items()}


# ------------------------------------------------------------------------------------------
# Keeping the index current
# ------------------------------------------------------------------------------------------


def _document(kind, row):
    from .models import SearchDocument

    title, summary, body = (
        " ".join(unicodedata.normalize("NFC", str(value or "")).split())
        for value in (row["title"], row.get("summary"), row.get("body"))
    )
    text = f"{title} {summary} {body}" if summary and summary not in body else f"{title} {body}"
    exact = exact_words(text)
    return SearchDocument(
        kind=kind,
        object_id=str(row["id"]),
        language=row.get("language") or settings.LANGUAGE_CODE,
        title=title[:500],
        summary=summary,
        body=body,
        url=str(row["url"])[:500],
        date=row.get("date"),
        title_words=padded(folded_words(title)),
        text_words=padded([fast_fold(word) for word in exact]),
        exact_words=padded(exact),
    )


UPDATED_FIELDS = [
    "language",
    "title",
    "summary",
    "body",
    "url",
    "date",
    "title_words",
    "text_words",
    "exact_words",
]


def _write(kind, rows, ids=None, using=None):
    """Store `rows` of `kind`; drop the documents of `ids` (or, with ids None, of the whole
    kind) that `rows` no longer has: unpublished, hidden or deleted."""
    from .models import SearchDocument

    documents = SearchDocument.objects.using(using)
    kept = set()
    batch = []
    for row in rows:
        batch.append(_document(kind, row))
        kept.add(str(row["id"]))
        if len(batch) == 500:
            documents.bulk_create(
                batch,
                update_conflicts=True,
                unique_fields=["kind", "object_id"],
                update_fields=UPDATED_FIELDS,
            )
            batch = []
    if batch:
        documents.bulk_create(
            batch,
            update_conflicts=True,
            unique_fields=["kind", "object_id"],
            update_fields=UPDATED_FIELDS,
        )
    stale = documents.filter(kind=kind)
    if ids is not None:
        stale = stale.filter(object_id__in=[str(pk) for pk in ids])
    missing = [pk for pk in stale.values_list("object_id", flat=True) if pk not in kept]
    for start in range(0, len(missing), 500):
        documents.filter(kind=kind, object_id__in=missing[start : start + 500]).delete()
    forget_results()


def refresh(kind, ids, using=None):
    """Re-read the documents `ids` of `kind` from their source and store or drop them."""
    source = sources().get(kind)
    if source is None or not ids:
        return
    ids = list(ids)
    _write(kind, source["documents"](ids=ids), ids=ids, using=using)


def rebuild(kinds=None, using=None) -> dict:
    """Re-read every source (or those of `kinds`); {kind: documents stored}."""
    from .models import SearchDocument

    counts = {}
    for kind, source in sources().items():
        if kinds is not None and kind not in kinds:
            continue
        with transaction.atomic(using=using):
            _write(kind, source["documents"](), using=using)
        counts[kind] = SearchDocument.objects.using(using).filter(kind=kind).count()
    if kinds is None:
        SearchDocument.objects.using(using).exclude(kind__in=list(counts)).delete()
    return counts


def refresh_pages(page_ids):
    """After a publish, unpublish, move, delete or a change of who may see them: the pages'
    documents follow (each page is a news article or a standard page, or neither).

    In the transaction that changed the pages, so the index never disagrees with them."""
    page_ids = list(page_ids)
    if not page_ids:
        return

    for kind in PAGE_KINDS:
        refresh(kind, page_ids)


def refresh_watched(sender, instance, **kwargs):
    """post_save/post_delete of any model: refresh the documents an app says depend on it,
    in the same transaction."""
    for kind, ids_for in _watchers().get(sender, ()):
        refresh(kind, ids_for(instance))


_WATCHERS = None


def _watchers():
    """{model: [(kind, ids_for)]}, read from the sources once."""
    global _WATCHERS
    if _WATCHERS is None:
        watchers = {}
        for kind, source in sources().items():
            for model, ids_for in source.get("watch", {}).items():
                watchers.setdefault(model, []).append((kind, ids_for))
        _WATCHERS = watchers
    return _WATCHERS


# ------------------------------------------------------------------------------------------
# Searching
# ------------------------------------------------------------------------------------------


def _hits_sql(vendor, table):
    if vendor == "sqlite":
        return (
            f"SELECT rowid AS id FROM {table}_fts WHERE {table}_fts MATCH %s"
            " ORDER BY rowid DESC LIMIT %s"
        )
    if vendor == "postgresql":
        return (
            f"SELECT id FROM {table} WHERE search_vector @@ plainto_tsquery('simple', %s)"
            " ORDER BY id DESC LIMIT %s"
        )
    raise NotImplementedError(f"site search on {vendor}")


def _match_param(vendor, query):
    if vendor == "sqlite":
        return " ".join(f'"{term}"' for term in query.terms)  # words only: no quotes inside
    return " ".join(query.terms)


# The same order in SQL and in Python: score, then the newest (undated last), then the id.
ORDER = "score DESC, CASE WHEN d.date IS NULL THEN 1 ELSE 0 END, d.date DESC, d.id DESC"


def _rank_key(row):
    date = row["date"]
    return (-row["score"], date is None, -date.timestamp() if date else 0, -row["id"])


@dataclass
class Results:
    rows: list = field(default_factory=list)  # SearchDocument-like dicts, ranked, this page
    facets: dict = field(default_factory=dict)  # {kind: matches}
    total: int = 0  # matches of the chosen kind (or of all kinds)
    capped: bool = False  # more matches than were ranked


def query_documents(query: ParsedQuery, *, kind="", offset=0, limit=10, using=None) -> Results:
    """One statement: the facets (matches per kind) and the ranked page of documents."""
    from .models import SearchDocument

    using = using or router.db_for_read(SearchDocument)
    connection = connections[using]
    vendor = connection.vendor
    table = connection.ops.quote_name(SearchDocument._meta.db_table)
    find = "instr" if vendor == "sqlite" else "strpos"
    phrase = padded(query.phrase)
    every_word_in_title = " AND ".join(f"{find}(d.title_words, %s) > 0" for _ in query.terms)
    score = (
        f"(CASE WHEN {find}(d.title_words, %s) > 0 THEN 8 ELSE 0 END"
        f" + CASE WHEN {every_word_in_title} THEN 4 ELSE 0 END"
        f" + CASE WHEN {find}(d.text_words, %s) > 0 THEN 2 ELSE 0 END"
        f" + CASE WHEN {find}(d.exact_words, %s) > 0 THEN 1 ELSE 0 END)"
    )
    score_params = [phrase, *(padded([term]) for term in query.terms), phrase, padded(query.exact)]
    sql = (
        f"WITH hits AS ({_hits_sql(vendor, SearchDocument._meta.db_table)}),"
        f" matched AS (SELECT d.id, d.kind, d.date FROM hits INNER JOIN {table} d ON d.id = hits.id),"
        " facets AS (SELECT kind, COUNT(*) AS matches FROM matched GROUP BY kind),"
        f" ranked AS (SELECT d.id, d.kind, d.title, d.summary, d.body, d.url, d.date, d.language,"
        f" {score} AS score FROM matched m INNER JOIN {table} d ON d.id = m.id"
        " WHERE (%s = '' OR d.kind = %s)"
        f" ORDER BY {ORDER} LIMIT %s OFFSET %s)"
        " SELECT 0 AS part, kind, matches, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM facets"
        " UNION ALL"
        " SELECT 1, kind, id, title, summary, body, url, date, language, score FROM ranked"
    )
    params = [
        _match_param(vendor, query),
        MAX_CANDIDATES + 1,
        *score_params,
        kind,
        kind,
        limit,
        offset,
    ]
    results = Results()
    date_field = SearchDocument._meta.get_field("date")
    converters = connection.ops.get_db_converters(date_field.get_col(SearchDocument._meta.db_table))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    ranked = []
    for part, row_kind, number, title, summary, body, url, date, language, score in rows:
        if part == 0:
            results.facets[row_kind] = number
            continue
        for converter in converters:
            date = converter(date, date_field, connection)
        ranked.append(
            {
                "id": number,
                "kind": row_kind,
                "title": title,
                "summary": summary,
                "body": body,
                "url": url,
                "date": date,
                "language": language,
                "score": score,
            }
        )
    # UNION ALL promises no order: put the page's rows back in the ranking's.
    ranked.sort(key=_rank_key)
    results.rows = ranked
    matches = sum(results.facets.values())
    results.capped = matches > MAX_CANDIDATES
    results.total = results.facets.get(kind, 0) if kind else matches
    results.total = min(results.total, MAX_CANDIDATES)
    return results


# ------------------------------------------------------------------------------------------
# Results briefly cached per query
# ------------------------------------------------------------------------------------------


def cache_seconds():
    return getattr(settings, "PORTAL_SEARCH_CACHE_SECONDS", 60)


def _generation():
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY, 1)
    return value


def forget_results():
    """Any change to the index makes every cached result old (a new generation)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)


def cached(key_parts, compute):
    seconds = cache_seconds()
    if not seconds:
        return compute()
    digest = hashlib.sha256("\x1f".join(map(str, key_parts)).encode()).hexdigest()[:32]
    key = f"portal:search:{_generation()}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds)
    return value


# ------------------------------------------------------------------------------------------
# "Did you mean", highlighting and snippets
# ------------------------------------------------------------------------------------------


def suggestion(query: ParsedQuery, rows) -> str:
    """For a query typed without tone marks: the accented form of its words that the best
    results use most (their titles first, then their text), or "".

    The vocabulary is the ranked results themselves, so a suggestion always finds something and
    costs no query.
    """
    if query.has_tone_marks:
        return ""
    size = len(query.phrase)
    for part in ("title", "summary", "body"):
        forms = Counter()
        for row in rows:
            words = exact_words(row.get(part) or "")
            folded = [fast_fold(word) for word in words]
            for start in range(len(words) - size + 1):
                if folded[start : start + size] == query.phrase:
                    form = " ".join(words[start : start + size])
                    if form != " ".join(query.phrase):
                        forms[form] += 1
        if forms:
            return forms.most_common(1)[0][0]
    return ""


class _Same:
    """Positions when folding kept every character in place: index i is character i."""

    def __getitem__(self, index):
        return index


def _fold_map(text):
    """Folded text plus, for each folded character, the index of the original character.

    Vietnamese text in NFC folds character for character (a letter and its marks are one code
    point), so the positions are the same and the whole text is folded at once; otherwise each
    character is folded on its own."""
    if unicodedata.is_normalized("NFC", text):
        folded = fast_fold(text)
        if len(folded) == len(text):
            return folded, _Same()
    folded, positions = [], []
    for index, char in enumerate(text):
        piece = fold(unicodedata.normalize("NFC", char))
        for out in piece:
            folded.append(out)
            positions.append(index)
    return "".join(folded), positions


def _is_word_char(folded, index):
    return 0 <= index < len(folded) and (folded[index].isalnum())


def _occurrences(folded, term):
    """Start offsets of `term` in `folded` as whole words only ("hoi" not in "thoi")."""
    start = folded.find(term)
    while start != -1:
        end = start + len(term)
        if not _is_word_char(folded, start - 1) and not _is_word_char(folded, end):
            yield start
        start = folded.find(term, start + 1)


def highlight(text: str, terms) -> str:
    """HTML of `text` with every tone-insensitive whole-word occurrence of the terms in <mark>.

    A phrase term ("cai cach") matches words separated by one space in the text.
    """
    if not text:
        return ""
    folded, positions = _fold_map(text)
    marked = [False] * len(text)
    for term in terms:
        if not term:
            continue
        for start in _occurrences(folded, term):
            for index in range(start, start + len(term)):
                marked[positions[index]] = True
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
    """A stretch of `text` around the first whole-word match, cut at spaces, highlighted."""
    if not text:
        return ""
    folded, positions = _fold_map(text)
    found = [next(_occurrences(folded, term), -1) for term in terms if term]
    found = [start for start in found if start != -1]
    if not found or len(text) <= length:
        begin = 0
    else:
        origin = positions[min(found)]
        begin = max(0, origin - length // 3)
        if begin:
            space = text.find(" ", begin)
            begin = space + 1 if space != -1 and space < origin else begin
    piece = text[begin : begin + length]
    if begin + length < len(text):
        space = piece.rfind(" ")
        piece = piece[:space] if space > length // 2 else piece
    prefix = "… " if begin else ""
    suffix = " …" if begin + len(piece) < len(text) else ""
    return mark_safe(escape(prefix) + highlight(piece, terms) + escape(suffix))


def matches_in(text: str, terms) -> bool:
    folded, _positions = _fold_map(text or "")
    return any(next(_occurrences(folded, term), None) is not None for term in terms if term)


# ------------------------------------------------------------------------------------------
# The search page's results
# ------------------------------------------------------------------------------------------

#: Shown on results whose kind no source names (a document of an app since removed).
UNKNOWN_KIND = _("Other")


def search(query: ParsedQuery, *, kind="", page=1, per_page=10) -> dict:
    """What the search page shows for `query`: ranked rows with highlighted title and snippet,
    facets, the total, and a suggestion; cached for a short while per query, kind and page."""

    def compute():
        results = query_documents(query, kind=kind, offset=(page - 1) * per_page, limit=per_page)
        terms = highlight_terms(query)
        rows = []
        for row in results.rows:
            text = row["summary"] if matches_in(row["summary"], terms) else row["body"]
            rows.append(
                {
                    "kind": row["kind"],
                    "title": row["title"],
                    "url": row["url"],
                    "date": row["date"],
                    "language": row["language"],
                    "title_html": highlight(row["title"], terms),
                    "snippet_html": snippet(text or row["summary"], terms),
                }
            )
        return {
            "rows": rows,
            "facets": results.facets,
            "total": results.total,
            "capped": results.capped,
            "suggestion": suggestion(query, results.rows),
        }

    return cached((query.text, kind, page, per_page), compute)
