"""Tone-insensitive matching for the register: numbers ("12/KH-UBND" = "12 kh ubnd") and words.

Numbers and text are folded the same way (common.vietnamese.fold, then every run of characters
other than letters and digits becomes one space), so "12/kh-ubnd", "12 KH UBND" and "kh ubnd" all
find 12/KH-UBND, and "ke hoach cai cach" finds "Kế hoạch cải cách".
"""

import re

from django.db.models import Case, IntegerField, Q, Value, When

from common import vietnamese

MAX_QUERY_LENGTH = 200
MAX_WORDS = 10
_SEPARATORS = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """Lower case, no tone marks, words of letters and digits separated by single spaces."""
    return _SEPARATORS.sub(" ", vietnamese.fold(text or "")).strip()


def number_key(number: str) -> str:
    """What makes two numbers the same number: "12/KH-UBND" and "12 / kh-ubnd" are one."""
    return fold(number).replace(" ", "")


def words(query: str) -> list[str]:
    """The folded words of a query, at most MAX_WORDS of them."""
    return fold((query or "")[:MAX_QUERY_LENGTH]).split()[:MAX_WORDS]


def padded(text: str) -> str:
    """Folded text with a space on each side, so " word" finds a word's start and " word "
    a whole word."""
    folded = fold(text)
    return f" {folded} " if folded else ""


def filter_words(queryset, query: str):
    """Documents where every word of `query` starts a word of the number, title or summary
    ("ke hoach" finds "Kế hoạch"; "12" finds 12/KH-UBND, not 512/UBND)."""
    for word in words(query):
        queryset = queryset.filter(search_folded__contains=f" {word}")
    return queryset


def number_rank(queryset, query: str):
    """Annotate `number_match`: 0 for the number itself, 1 when every word is a part of the
    number ("kh ubnd" and 05/KH-UBND), 2 otherwise; a search orders by it first."""
    query_words = words(query)
    if not query_words:
        return queryset.annotate(number_match=Value(2, output_field=IntegerField()))
    whole = Q()
    for word in query_words:
        whole &= Q(number_folded__contains=f" {word} ")
    return queryset.annotate(
        number_match=Case(
            When(number_key=number_key(query), then=Value(0)),
            When(whole, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    )
