"""Tone-insensitive, whole-word matching for the public list of questions and answers.

The question's subject, text and answer are folded once when saved (common.vietnamese.fold,
every run of characters other than letters and digits becomes one space, padded by spaces), so
"thu tuc" finds "Thủ tục" and "hồ sơ" finds "Hồ sơ", but "ho" does not find "hồ sơ" inside
"thông". A query word must be a whole word: " word ".
"""

import re

from django.utils.html import strip_tags

from common import vietnamese

MAX_QUERY_LENGTH = 200
MAX_WORDS = 10
_SEPARATORS = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    return _SEPARATORS.sub(" ", vietnamese.fold(text or "")).strip()


def words(query: str) -> list[str]:
    return fold((query or "")[:MAX_QUERY_LENGTH]).split()[:MAX_WORDS]


def padded(*texts: str) -> str:
    folded = fold(" ".join(strip_tags(text or "") for text in texts))
    return f" {folded} " if folded else ""


def filter_words(queryset, query: str):
    """Questions holding every word of `query` as a whole word (subject, text or answer)."""
    for word in words(query):
        queryset = queryset.filter(search_folded__contains=f" {word} ")
    return queryset
