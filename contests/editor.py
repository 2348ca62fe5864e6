"""The question editor's text boxes: formatted text shown formatted, not as tags.

A question imported from Moodle keeps its bold, italic, underline, superscript, subscript and
lists (formatting.py). In a plain text box an organizer would see and have to edit
"<b>Nghị định</b>"; these boxes are Wagtail's rich text editor (Draftail) limited to exactly the
allow list, and what they send back goes through the same sanitiser as an import. Text that
carries no formatting is stored as plain text again, so opening and saving an appraised question
changes nothing (and does not send it back to draft).
"""

import html
import re

from django.utils.html import escape
from django.utils.translation import gettext_lazy as _
from wagtail.admin.rich_text import DraftailRichTextArea
from wagtail.admin.rich_text.converters.html_to_contentstate import InlineStyleElementHandler
from wagtail.admin.rich_text.editors.draftail import features as draftail_features

from . import formatting

UNDERLINE = "underline"
TEXT_FEATURES = ["bold", "italic", UNDERLINE, "superscript", "subscript", "ol", "ul"]
INLINE_FEATURES = ["bold", "italic", UNDERLINE, "superscript", "subscript"]

_BLOCK_TAG = re.compile(r"<(?:p|ul|ol)\b", re.IGNORECASE)
_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.IGNORECASE | re.DOTALL)
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_ONLY_PARAGRAPHS = re.compile(r"^(?:\s*<p>(?:(?!</?p>).)*</p>)+\s*$", re.IGNORECASE | re.DOTALL)


def register_underline(features):
    """Draftail has no underline of its own; Moodle questions use <u>, so the editor needs it."""
    style = "UNDERLINE"
    features.register_editor_plugin(
        "draftail",
        UNDERLINE,
        draftail_features.InlineStyleFeature(
            {
                "type": style,
                "label": "U",
                "description": _("Underline"),
                "style": {"textDecoration": "underline"},
            }
        ),
    )
    features.register_converter_rule(
        "contentstate",
        UNDERLINE,
        {
            "from_database_format": {"u": InlineStyleElementHandler(style)},
            "to_database_format": {"style_map": {style: "u"}},
        },
    )


def to_editor(value):
    """Stored text as the editor's HTML: plain text escaped with its line breaks, formatted text
    with loose inline pieces put in a paragraph (the editor would split them apart)."""
    value = (value or "").strip()
    if not value:
        return ""
    if not formatting.is_html(value):
        return "<p>" + escape(value).replace("\n", "<br/>") + "</p>"
    # Balanced first (the converter refuses "<b> …" without its end tag, which an entrant sees
    # as bold to the end); then a closed <br/>, which the converter needs; and loose inline
    # pieces in a paragraph, which Draftail would otherwise split apart.
    value = _BREAK.sub("<br/>", formatting.sanitise(value))
    return value if _BLOCK_TAG.search(value) else f"<p>{value}</p>"


def from_editor(markup, inline=False):
    """The editor's HTML as stored text: sanitised to the allow list, and plain text again when
    nothing but paragraphs and line breaks is left. An `inline` text (a choice, shown inside a
    label) keeps no paragraphs: they become line breaks."""
    cleaned = formatting.sanitise(markup or "")
    if not formatting.is_html(cleaned):
        return cleaned
    if inline and _ONLY_PARAGRAPHS.match(cleaned):
        cleaned = "<br>".join(part.strip() for part in _PARAGRAPH.findall(cleaned))
        return cleaned if formatting.is_html(cleaned) else html.unescape(cleaned)
    if _ONLY_PARAGRAPHS.match(cleaned):
        paragraphs = [_BREAK.sub("\n", part) for part in _PARAGRAPH.findall(cleaned)]
        if not any(formatting.is_html(part) for part in paragraphs):
            return html.unescape("\n\n".join(p.strip() for p in paragraphs)).strip()
    return cleaned


def canonical(text, inline=False):
    """A text as the editor gives it back unchanged. The editor may write the same formatting
    another way ("<u>H<sub>2</sub>O</u>" comes back as "<u>H</u><sub><u>2</u></sub><u>O</u>"),
    so whether an organizer changed a question is decided on this form, not on the raw text."""
    widget = FormattedTextArea(inline=inline)
    return from_editor(widget.converter.to_database_format(widget.format_value(text)), inline)


class FormattedTextArea(DraftailRichTextArea):
    """Draftail with the question allow list, reading and writing formatting.py's text. Panels
    take the class, not an instance: the underline feature is registered by this app's
    wagtail_hooks, which are still loading when the panels are defined."""

    def __init__(self, *args, inline=False, **kwargs):
        self.inline = inline
        kwargs["features"] = list(INLINE_FEATURES if inline else TEXT_FEATURES)
        super().__init__(*args, **kwargs)

    def format_value(self, value):
        return super().format_value(to_editor(value))

    def value_from_datadict(self, data, files, name):
        try:
            value = super().value_from_datadict(data, files, name)
        except (ValueError, TypeError, AttributeError, KeyError, IndexError):
            # Not the editor's JSON (a browser without JavaScript posts the textarea as typed,
            # or a crafted request): the words are taken as plain text, never as markup.
            raw = data.get(name)
            return formatting.from_plain(raw) if isinstance(raw, str) else None
        return None if value is None else from_editor(value, self.inline)


class FormattedInlineTextArea(FormattedTextArea):
    """For a choice, shown inside a label: no paragraphs or lists."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, inline=True, **kwargs)
