"""Formatted question and choice text.

A question's `text` (and a choice's) is either plain text or a small piece of HTML from an
allow list (bold, italic, underline, superscript, subscript, line breaks, paragraphs, lists):
imports from Moodle keep the formatting a teacher gave a question instead of showing raw tags.
Text counts as HTML when it holds one of the allowed tags; anything else is plain text, shown
escaped with its line breaks. Rendering always sanitises again (`render`), so whatever reaches
the database, through an import or the editor, an entrant only ever sees allowed tags.
"""

import html
import re

import nh3
from django.template.defaultfilters import linebreaksbr
from django.utils.html import escape
from django.utils.safestring import mark_safe

ALLOWED_TAGS = frozenset({"b", "strong", "i", "em", "u", "sup", "sub", "br", "p", "ul", "ol", "li"})
_TAG_NAMES = "|".join(sorted(ALLOWED_TAGS))
_ALLOWED_TAG = re.compile(rf"</?(?:{_TAG_NAMES})\b[^>]*>", re.IGNORECASE)
_ANY_TAG = re.compile(r"<[^>]*>")
_BLOCK_BREAK = re.compile(r"<br\s*/?>|</p>|</li>|<li\b[^>]*>", re.IGNORECASE)


def is_html(text):
    return bool(_ALLOWED_TAG.search(text or ""))


def sanitise(markup):
    """HTML cut down to the allow list (no attributes, no comments), or plain text when nothing
    formatted is left (a span-only Moodle export becomes just its words)."""
    cleaned = nh3.clean(markup or "", tags=set(ALLOWED_TAGS), attributes={}, strip_comments=True)
    cleaned = cleaned.strip()
    if not is_html(cleaned):
        words = html.unescape(cleaned)
        # "&lt;b&gt;" was text about a tag: keep it text, not bold.
        return from_plain(words) if is_html(words) else words
    return cleaned


_COMPLETE_TAG = re.compile(r"<[a-zA-Z/!][^<>]*>")


def has_markup(text):
    """Whether text holds a complete tag ("x < 5 và y > 3" does not)."""
    return bool(_COMPLETE_TAG.search(text or ""))


def from_markup(text):
    """Text that may hold HTML (a spreadsheet cell): sanitised when it has a tag, kept as typed
    when it has none."""
    text = (text or "").strip()
    return sanitise(text) if has_markup(text) else text


def from_plain(text):
    """Plain text kept exactly as typed, even when it looks like a tag ("<b> là thẻ in đậm")."""
    text = (text or "").strip()
    if "<" in text or "&" in text:
        return "<p>" + escape(text).replace("\n", "<br>") + "</p>"
    return text


def plain_text(text):
    """The words of a formatted text, for keys, lists, lengths and exports."""
    text = text or ""
    if not is_html(text):
        return text.strip()
    text = _BLOCK_BREAK.sub(" ", text)
    text = _ANY_TAG.sub("", text)
    return re.sub(r"[ \t]+", " ", html.unescape(text)).strip()


_INLINE_BLOCKS = re.compile(r"</?(?:p|ul|ol)\b[^>]*>|</li>", re.IGNORECASE)


def render(text, inline=False):
    """Safe HTML for a template. `inline` is for a <legend> or <label>, where paragraphs and
    lists are not allowed: they become line breaks (list items keep a dash)."""
    text = text or ""
    if not is_html(text):
        return linebreaksbr(text.strip(), autoescape=True)
    cleaned = sanitise(text)
    if not is_html(cleaned):
        return linebreaksbr(cleaned, autoescape=True)
    if inline:
        cleaned = re.sub(r"<li\b[^>]*>", "<br>– ", cleaned, flags=re.IGNORECASE)
        cleaned = _INLINE_BLOCKS.sub("<br>", cleaned)
        cleaned = re.sub(r"^(?:\s*<br>)+|(?:<br>\s*)+$", "", cleaned)
        cleaned = re.sub(r"(?:<br>\s*){2,}", "<br>", cleaned)
    return mark_safe(cleaned)
