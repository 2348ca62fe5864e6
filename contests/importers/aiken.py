"""The Aiken format, read as Moodle reads it (question/format/aiken): question text, then one
choice a line ("A. …" or "A) …"), then "ANSWER: X", which ends the question; blank lines are
optional. A question that breaks the pattern is reported on its own and the reading carries on
with the next one."""

import re

from .. import formatting
from .core import ParsedFile, ParsedQuestion, Question, _choices_from_columns, _read_text

CHOICE = re.compile(r"^([A-Z])[.)][ \t]+(.*)$")
ANSWER = re.compile(r"^ANSWER\s*:\s*(.*)$", re.IGNORECASE)
LETTERS_ANSWER = re.compile(r"^[A-Z](?:\s*[,;]\s*[A-Z])*$")


def read_aiken(uploaded, default_area):
    text = _read_text(uploaded)
    parsed = ParsedFile()
    current = None  # {"row", "question": [...], "choices": [(letter, text)]}

    def close(answer_line=None):
        item = ParsedQuestion(row=current["row"], area=default_area)
        _build(item, current, answer_line)
        parsed.append(item)

    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if len(line) < 2:
            continue
        answer = ANSWER.match(line)
        choice = CHOICE.match(line)
        if answer:
            if current is None:
                current = {"row": number, "question": [], "choices": []}
            close(answer.group(1).strip())
            current = None
        elif choice and current is not None and current["question"]:
            current["choices"].append((choice.group(1), choice.group(2).strip()))
        elif current is not None and current["choices"]:
            # Text after the choices without an ANSWER line: that question is broken and this
            # line starts the next one (Moodle's reading too).
            close()
            current = {"row": number, "question": [line], "choices": []}
        elif current is None:
            current = {"row": number, "question": [line], "choices": []}
        else:
            current["question"].append(line)
    if current is not None:
        close()
    return parsed


def _build(item, block, answer_line):
    item.text = formatting.from_plain("\n".join(block["question"]))
    choices = block["choices"]
    if answer_line is None:
        item.error("", "aiken_no_answer")
        item.unreadable = True
    elif not choices:
        item.error("", "aiken_no_choices")
        item.unreadable = True
    letters_given = [letter for letter, _text in choices]
    expected = [chr(ord("A") + index) for index in range(len(choices))]
    texts = [formatting.from_plain(text) for _letter, text in choices]
    if letters_given != expected:
        item.error("", "aiken_letters", letters=", ".join(letters_given))
    if len(texts) > 4:
        item.error("", "too_many_choices")
    letters = []
    if answer_line is not None and choices:
        cleaned = answer_line.upper().replace(" ", "")
        if not LETTERS_ANSWER.match(cleaned):
            item.error("đáp án", "aiken_bad_answer", value=f"ANSWER: {answer_line}")
        else:
            letters = sorted(set(re.findall(r"[A-Z]", cleaned)))
            missing = [letter for letter in letters if letter not in expected]
            for letter in missing:
                item.error("đáp án", "answer_empty_choice", letter=letter)
            letters = [letter for letter in letters if letter in expected[:4]]
    padded = texts[:4] + [""] * (4 - min(4, len(texts)))
    item.choices = _choices_from_columns(item, padded, letters)
    if len(letters) > 1:
        item.kind = Question.Kind.MULTIPLE
    elif [formatting.plain_text(t).lower() for t in texts] in (["đúng", "sai"], ["sai", "đúng"]):
        item.kind = Question.Kind.TRUE_FALSE
