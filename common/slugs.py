"""Slugs from Vietnamese titles: "Hội nghị tổng kết công tác CCHC" -> "hoi-nghi-tong-ket-cong-tac-cchc".

Wagtail's admin JavaScript (its `w-slug` controller, with WAGTAIL_ALLOW_UNICODE_SLUGS = False)
knows no Vietnamese: it drops every toned letter ("hi-ngh-tng-kt-…") and turns đ into "dj". Its
controller accepts "formatters", regex replacements run before it slugifies; SLUG_FORMATTERS is
that table, sent to the admin by common/wagtail_hooks.py (static/js/admin-slugs.js puts it on
every slug field) and applied here by `transliterate`, so Python and the admin agree.
"""

import json
import re
import unicodedata

from django.utils.text import slugify

# Every toned or modified Vietnamese letter, precomposed (NFC), by the ASCII letter it becomes.
LETTERS = {
    "a": "àáảãạăằắẳẵặâầấẩẫậ",
    "d": "đ",
    "e": "èéẻẽẹêềếểễệ",
    "i": "ìíỉĩị",
    "o": "òóỏõọôồốổỗộơờớởỡợ",
    "u": "ùúủũụưừứửữự",
    "y": "ỳýỷỹỵ",
}

# [regex, replacement] pairs in the shape of Wagtail's `data-w-slug-formatters-value`; the regexes
# run with the flags "gu" in the browser. Combining marks go last: text typed or pasted in
# decomposed form (NFD) keeps its base letters.
SLUG_FORMATTERS = [
    *[[f"[{chars}{chars.upper()}]", ascii_letter] for ascii_letter, chars in LETTERS.items()],
    [r"[\u0300-\u036f]", ""],
]


def transliterate(text: str) -> str:
    """Vietnamese letters to ASCII with the admin's table; other characters are left alone."""
    for pattern, replacement in SLUG_FORMATTERS:
        text = re.sub(pattern, replacement, text)
    return text


def vn_slugify(text: str, max_length: int | None = None) -> str:
    """The slug the admin prefills for `text`: tone marks removed, đ -> d, ASCII only."""
    slug = slugify(transliterate(unicodedata.normalize("NFC", text or "")))
    if max_length:
        slug = slug[:max_length].rstrip("-")
    return slug


def formatters_json() -> str:
    return json.dumps(SLUG_FORMATTERS, ensure_ascii=False, separators=(",", ":"))


def free_slug(slug: str, taken) -> str:
    """`slug`, or `slug-2`, `slug-3`… : the first one `taken(candidate)` says is free."""
    candidate, suffix = slug, 1
    while taken(candidate):
        suffix += 1
        candidate = f"{slug}-{suffix}"
    return candidate
