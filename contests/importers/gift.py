"""Moodle's GIFT format, read the way Moodle's own importer reads it (question/format/gift):
blank lines separate questions, `//` lines are comments, `$CATEGORY:` switches the category,
`::title::` names a question, the first `{…}` is the answer block and decides the kind, and a
backslash escapes `: # = { } ~` (and `\\n` is a line break). Kinds the bank cannot hold are
reported by name, never read as another kind. docs/contests.md has the construct-by-construct
table."""

import re

from django.utils.html import escape
from django.utils.translation import pgettext_lazy

from common import vietnamese

from .. import formatting
from .core import (
    AREA_ALIASES,
    LETTERS,
    ParsedFile,
    ParsedQuestion,
    Question,
    _blocks,
    _choices_from_columns,
    _read_text,
)

KINDS = {
    "essay": pgettext_lazy("question kind", "essay"),
    "numerical": pgettext_lazy("question kind", "numerical"),
    "matching": pgettext_lazy("question kind", "matching"),
    "short_answer": pgettext_lazy("question kind", "short answer"),
    "description": pgettext_lazy("question kind", "description (text without an answer block)"),
    "negative_weights": pgettext_lazy(
        "question kind", "multiple answers with negative weights (partial credit)"
    ),
}

# Moodle swaps escaped characters for placeholders before reading the structure and puts them
# back in each piece of text afterwards; private-use characters play the placeholders here.
_ESCAPES = {
    ":": "\ue000",
    "#": "\ue001",
    "=": "\ue002",
    "{": "\ue003",
    "}": "\ue004",
    "~": "\ue005",
}
_NEWLINE = "\ue006"
_RESTORE = str.maketrans({**{v: k for k, v in _ESCAPES.items()}, _NEWLINE: "\n"})
_FORMAT = re.compile(r"^\[(html|moodle|plain|markdown)\]", re.IGNORECASE)
_WEIGHT = re.compile(r"^%(-?\d+(?:[.,]\d+)?)%")
_CATEGORY = re.compile(r"^\$CATEGORY:(.*)$", re.IGNORECASE)
_TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}


def _protect(text):
    out, index = [], 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            following = text[index + 1]
            if following == "\\":
                out.append("\\")
                index += 2
                continue
            if following in _ESCAPES:
                out.append(_ESCAPES[following])
                index += 2
                continue
            if following == "n":
                out.append(_NEWLINE)
                index += 2
                continue
        out.append(char)
        index += 1
    return "".join(out)


def _restore(text):
    return (text or "").translate(_RESTORE).strip()


def _with_format(text, default="moodle"):
    """Moodle's parse_text_with_format: a leading [html], [moodle], [plain] or [markdown]
    says how the text is written and is removed; any other [word] is text."""
    text = text.strip()
    match = _FORMAT.match(text)
    if match:
        return text[match.end() :].strip(), match.group(1).lower()
    return text, default


def _markdown(text):
    """The markdown a question needs: **bold**, *italic* or _italic_, lists, line breaks."""
    text = escape(text)
    text = re.sub(r"\*\*(?!\s)(.+?)(?<!\s)\*\*", r"<b>\1</b>", text)
    text = re.sub(r"(?<![\w*])\*(?![\s*])(.+?)(?<![\s*])\*(?![\w*])", r"<i>\1</i>", text)
    text = re.sub(r"(?<![\w_])_(?![\s_])(.+?)(?<![\s_])_(?![\w_])", r"<i>\1</i>", text)
    out, open_list, previous_line = [], None, False
    for line in text.split("\n"):
        bullet = re.match(r"^\s*(?:[-*+]|(\d+)\.)\s+(.*)$", line)
        if bullet:
            kind = "ol" if bullet.group(1) else "ul"
            if open_list != kind:
                if open_list:
                    out.append(f"</{open_list}>")
                out.append(f"<{kind}>")
                open_list = kind
            out.append(f"<li>{bullet.group(2)}</li>")
            previous_line = False
            continue
        if open_list:
            out.append(f"</{open_list}>")
            open_list = None
        if previous_line:
            out.append("<br>")
        out.append(line)
        previous_line = True
    if open_list:
        out.append(f"</{open_list}>")
    return "".join(out)


def _stored(text, text_format):
    """A piece of GIFT text as the bank stores it (contests.formatting)."""
    text = _restore(text)
    if text_format == "plain":
        return formatting.from_plain(text)
    if text_format == "markdown":
        return formatting.sanitise(_markdown(text))
    if text_format == "html":
        return formatting.sanitise(text)
    # [moodle], the default: HTML is allowed and a line break is a line break.
    if formatting.has_markup(text):
        return formatting.sanitise(text.replace("\n", "<br>"))
    return text


def _join(parts):
    """General feedback and each choice's feedback, in one explanation."""
    parts = [part for part in parts if formatting.plain_text(part)]
    if not any(formatting.is_html(part) for part in parts):
        return "\n".join(parts)
    return "".join(
        part if formatting.is_html(part) else f"<p>{escape(part)}</p>".replace("\n", "<br>")
        for part in parts
    )


def _split_feedback(raw):
    """Moodle's commentparser: the text before the first # is the answer, the rest feedback."""
    answer, _sep, feedback = raw.partition("#")
    return answer, feedback


def _category_area(name):
    name = _restore(name)
    path = re.sub(r"^\$(course|system|module|cat\d*)\$/", "", name).strip("/ ")
    path = re.sub(r"^top/", "", path)
    for candidate in (path, path.split("/")[-1]):
        area = AREA_ALIASES.get(vietnamese.fold(candidate.strip()))
        if area:
            return area
    return None


def read_gift(uploaded, default_area):
    text = _read_text(uploaded)
    parsed = ParsedFile()
    area, unknown_category = default_area, ""
    for start, lines in _blocks(text, comment_prefix="//"):
        block = _protect("\n".join(lines).strip())
        category = _CATEGORY.match(block.split("\n", 1)[0])
        if category:
            name = category.group(1).strip()
            found = _category_area(name)
            area, unknown_category = (found, "") if found else (default_area, _restore(name))
            block = block.split("\n", 1)[1].strip() if "\n" in block else ""
            start += 1
            if not block:
                continue
        item = ParsedQuestion(row=start, area=area)
        if unknown_category:
            if default_area:
                item.warn("unknown_category", value=unknown_category)
            else:
                item.error("lĩnh vực", "unknown_category_no_default", value=unknown_category)
        _read_question(item, block)
        parsed.append(item)
    return parsed


def _read_question(item, text):
    if text.startswith("::"):
        text = text[2:]
        end = text.find("::")
        if end >= 0:
            text = text[end + 2 :].strip()  # the title names a question in Moodle's bank only
    opening, closing = text.count("{"), text.count("}")
    if not opening and not closing:
        item.text = _stored(*_with_format(text))
        _unsupported(item, "description")
        return
    start, end = text.find("{"), text.find("}")
    if opening != closing or end < start:
        item.text = _stored(*_with_format(text))
        item.error("", "gift_braces", opening=opening, closing=closing)
        item.unreadable = True
        return
    if opening > 1:
        item.text = _stored(*_with_format(text[:start]))
        item.error("", "gift_several_blocks")
        item.unreadable = True
        return
    answers = text[start + 1 : end].strip()
    after = text[end + 1 :]
    # Text after the block makes it a missing-word question: the block becomes a blank.
    question = text[:start] + ("_____" + after if after.strip() else "")
    general = ""
    separator = answers.rfind("####")
    if separator >= 0:
        general, answers = answers[separator + 4 :], answers[:separator].strip()
    question, text_format = _with_format(question)
    item.text = _stored(question, text_format)
    explanation = [_stored(*_with_format(general, text_format))] if general.strip() else []

    if not answers:
        _unsupported(item, "essay")
    elif answers.startswith("#"):
        _unsupported(item, "numerical")
    elif "~" in answers:
        explanation += _read_choices(item, answers, text_format)
    elif "=" in answers and "->" in answers:
        _unsupported(item, "matching")
    else:
        check = answers[: answers.find("#")].strip() if answers.find("#") > 0 else answers
        truth = _TRUE_FALSE.get(check.upper())
        if truth is None:
            _unsupported(item, "short_answer")
        else:
            item.kind = Question.Kind.TRUE_FALSE
            item.choices = [("Đúng", truth), ("Sai", not truth)]
            bits = answers.split("#")
            wrong = _stored(*_with_format(bits[1], text_format)) if len(bits) > 1 else ""
            right = _stored(*_with_format(bits[2], text_format)) if len(bits) > 2 else ""
            on_true, on_false = (right, wrong) if truth else (wrong, right)
            explanation += [_labelled("Đúng", on_true), _labelled("Sai", on_false)]
    item.explanation = _join(explanation)


def _labelled(choice, feedback):
    if not feedback:
        return ""
    if formatting.is_html(feedback):
        return f"<p>{escape(formatting.plain_text(choice))}: </p>{feedback}"
    return f"{formatting.plain_text(choice)}: {feedback}"


def _read_choices(item, answers, text_format):
    """A multiple-choice block. With an = it is one right answer (Moodle's "single"); with only
    ~ choices and weights it is several (Moodle's multiple answers)."""
    single = "=" in answers
    pieces = answers.replace("=", "~=").split("~")
    if not pieces[0].strip():
        pieces = pieces[1:]
    choices, feedback, weights = [], [], []
    for piece in pieces:
        piece = piece.strip()
        weight = 0.0
        if piece.startswith("="):
            piece, weight = piece[1:].strip(), 100.0
        match = _WEIGHT.match(piece)
        if match:
            weight = float(match.group(1).replace(",", "."))
            piece = piece[match.end() :]
        answer, comment = _split_feedback(piece)
        text = _stored(*_with_format(answer, text_format))
        choices.append(text)
        weights.append(weight)
        if comment.strip():
            feedback.append(_labelled(text, _stored(*_with_format(comment, text_format))))
    if not single and any(weight < 0 for weight in weights):
        item.choices = [(text, weight > 0) for text, weight in zip(choices, weights, strict=True)]
        _unsupported(item, "negative_weights")
        return feedback
    if single:
        for text, weight in zip(choices, weights, strict=True):
            if weight not in (0, 100):
                item.error(
                    "",
                    "partial_credit",
                    choice=formatting.plain_text(text)[:60],
                    weight=f"{weight:g}".replace(".", ","),
                )
    else:
        item.kind = Question.Kind.MULTIPLE
    # One right answer is the one at full weight; several right answers are those with credit.
    correct = [weight >= 100 if single else weight > 0 for weight in weights]
    if len(choices) > 4:
        item.error("", "too_many_choices")
    texts = choices[:4] + [""] * (4 - min(4, len(choices)))
    letters = [LETTERS[i] for i, flag in enumerate(correct[:4]) if flag]
    item.choices = _choices_from_columns(item, texts, letters)
    # Two = choices: Moodle takes either as right; check() reports "several correct answers".
    return feedback


def _unsupported(item, kind):
    item.unsupported = KINDS[kind]
    item.error("loại", "unsupported_kind", kind=KINDS[kind])
