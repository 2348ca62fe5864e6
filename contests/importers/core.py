"""What every question reader shares: the parsed question, its error messages, the names
accepted for areas, difficulties, entrant groups and kinds, the checks and the saving."""

import re
import unicodedata
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from common import vietnamese

from ..formatting import plain_text
from ..models import KIND_MESSAGES, Area, Audience, Choice, Question, kind_problem

LETTERS = "ABCD"

#: The template's columns, in order (headers are matched without case).
COLUMNS = [
    "câu hỏi",
    "lĩnh vực",
    "mức độ",
    "đối tượng",
    "loại",
    "a",
    "b",
    "c",
    "d",
    "đáp án",
    "giải thích",
    "căn cứ pháp lý",
]
REQUIRED = ("câu hỏi", "lĩnh vực", "a", "b", "đáp án")

ERRORS = {
    "no_text": _("The question is empty."),
    "no_correct": _("No correct answer is given."),
    "several_correct": _("Several correct answers where the question allows only one."),
    "duplicate_file": _("Duplicate question: the same text appears in row %(row)s."),
    "duplicate_bank": _("Duplicate question: the bank already has this question."),
    "empty_choice": _("Choice %(letter)s is empty but a later choice is filled in."),
    "answer_empty_choice": _("The answer %(letter)s points to an empty choice."),
    "too_few_choices": _("A question needs at least two choices."),
    "too_many_choices": _("A question may have at most four choices (A to D)."),
    "unknown_area": _("Unknown reform area “%(value)s”."),
    "unknown_difficulty": _("Unknown difficulty “%(value)s” (use: dễ, trung bình, khó)."),
    "unknown_audience": _("Unknown entrant group “%(value)s” (use: tất cả, công chức, người dân)."),
    "unknown_kind": _("Unknown kind “%(value)s” (use: một đáp án, nhiều đáp án, đúng/sai)."),
    "bad_answer": _("The answer must be letters A to D, e.g. “B” or “A, C”."),
    "gift_syntax": _("Cannot read this question: the answer block {…} is missing or not closed."),
    "gift_braces": _(
        "Cannot read this question: it has %(opening)s “{” and %(closing)s “}”; a question has"
        " one answer block {…}. Write \\{ or \\} for a brace that is part of the text."
    ),
    "gift_several_blocks": _(
        "This question has more than one answer block {…}; the bank has one per question."
    ),
    "partial_credit": _(
        "Choice “%(choice)s” carries a weight of %(weight)s%%; a contest question counts each"
        " choice as right or wrong. Mark it = (right) or ~ (wrong)."
    ),
    "unsupported_kind": _("Questions of the kind %(kind)s are not supported yet."),
    "unknown_category": _(
        "The category “%(value)s” matches no reform area; the default area is used."
    ),
    "unknown_category_no_default": _(
        "The category “%(value)s” matches no reform area; choose a default area or rename it."
    ),
    "aiken_no_answer": _(
        "Cannot read this question: the line “ANSWER: X” is missing after its choices."
    ),
    "aiken_no_choices": _(
        "Cannot read this question: “ANSWER:” comes before any choice line “A. …”."
    ),
    "aiken_letters": _(
        "The choices are lettered %(letters)s; letter them A, B, C, D in order, one a line."
    ),
    "aiken_bad_answer": _("The line “%(value)s” must name one choice letter, e.g. “ANSWER: B”."),
    "formula": _("Cell %(cell)s holds a formula; type or paste the value instead."),
    "merged": _("Cells %(range)s are merged; unmerge them and fill in every row."),
    "hidden_row": _("This row is hidden in the workbook; show it or delete it."),
    "hidden_sheets": _(
        "Hidden sheets were not read: %(sheets)s. Only the first visible sheet is imported."
    ),
    "aiken_syntax": _("Cannot read this question: expected choice lines “A. …” and “ANSWER: X”."),
    "too_long": _("The text is too long (at most %(max)s characters)."),
    "file_empty": _("The file is empty."),
    "file_not_text": _("The file is not a text file; save it as UTF-8 text."),
    "file_too_large": _("The file is too large; the limit is %(limit)s MB."),
    "no_questions": _("No questions were found in the file."),
    **KIND_MESSAGES,
}


def _words(*values):
    return {vietnamese.fold(str(value)).strip() for value in values}


AREA_ALIASES = {}
for number, (value, label) in enumerate(Area.choices, start=1):
    for alias in _words(value, label, number):
        AREA_ALIASES[alias] = value
for alias, value in {
    "lanh dao, chi dao": Area.LEADERSHIP,
    "cong tac chi dao, dieu hanh": Area.LEADERSHIP,
    "chi dao dieu hanh": Area.LEADERSHIP,
    "lanh dao chi dao": Area.LEADERSHIP,
    "cai cach the che": Area.INSTITUTIONS,
    "the che": Area.INSTITUTIONS,
    "cai cach thu tuc hanh chinh": Area.PROCEDURES,
    "thu tuc hanh chinh": Area.PROCEDURES,
    "tthc": Area.PROCEDURES,
    "cai cach to chuc bo may": Area.ORGANISATION,
    "to chuc bo may": Area.ORGANISATION,
    "cai cach che do cong vu": Area.CIVIL_SERVICE,
    "che do cong vu": Area.CIVIL_SERVICE,
    "cong vu": Area.CIVIL_SERVICE,
    "cai cach tai chinh cong": Area.PUBLIC_FINANCE,
    "tai chinh cong": Area.PUBLIC_FINANCE,
    "chinh phu dien tu": Area.DIGITAL,
    "chinh phu so": Area.DIGITAL,
    "chinh phu dien tu, chinh phu so": Area.DIGITAL,
    "chuyen doi so": Area.DIGITAL,
}.items():
    AREA_ALIASES[alias] = value

DIFFICULTY_ALIASES = {
    **dict.fromkeys(_words("de", "easy", "1"), Question.Difficulty.EASY),
    **dict.fromkeys(_words("trung bình", "medium", "2", "tb"), Question.Difficulty.MEDIUM),
    **dict.fromkeys(_words("khó", "hard", "3"), Question.Difficulty.HARD),
}
AUDIENCE_ALIASES = {
    **dict.fromkeys(_words("tất cả", "all", "chung"), Audience.ALL),
    **dict.fromkeys(
        _words("công chức", "cán bộ, công chức, viên chức", "cbccvc", "civil_servants"),
        Audience.CIVIL_SERVANTS,
    ),
    **dict.fromkeys(_words("người dân", "public", "citizens", "công dân"), Audience.PUBLIC),
}
KIND_ALIASES = {
    **dict.fromkeys(_words("một đáp án", "single", "1"), Question.Kind.SINGLE),
    **dict.fromkeys(_words("nhiều đáp án", "multiple", "n"), Question.Kind.MULTIPLE),
    **dict.fromkeys(
        _words("đúng/sai", "đúng sai", "true_false", "true/false"), Question.Kind.TRUE_FALSE
    ),
}


@dataclass
class ParsedQuestion:
    row: int
    text: str = ""
    area: str = ""
    difficulty: str = Question.Difficulty.MEDIUM
    audience: str = Audience.ALL
    kind: str = Question.Kind.SINGLE
    choices: list = field(default_factory=list)  # [(text, is_correct)]
    explanation: str = ""
    legal_source: str = ""
    errors: list = field(default_factory=list)  # [(column, message)]
    warnings: list = field(default_factory=list)  # [message]: imported all the same
    unsupported: str = ""  # the name of a question kind the bank cannot hold
    unreadable: bool = False  # its structure is broken: what was read of it proves nothing
    source: list = field(default_factory=list)  # the row as the person wrote it (template layout)

    def error(self, column, code, **params):
        message = ERRORS[code] % params if params else ERRORS[code]
        self.errors.append((column, message))

    def warn(self, code, **params):
        self.warnings.append(ERRORS[code] % params if params else ERRORS[code])

    @property
    def kind_label(self):
        return self.unsupported or Question.Kind(self.kind).label

    @property
    def area_label(self):
        return Area(self.area).label if self.area else ""

    @property
    def plain(self):
        return plain_text(self.text)

    def as_dict(self):
        return {
            "row": self.row,
            "text": self.text,
            "area": self.area,
            "difficulty": self.difficulty,
            "audience": self.audience,
            "kind": self.kind,
            "choices": self.choices,
            "explanation": self.explanation,
            "legal_source": self.legal_source,
        }


class ParsedFile(list):
    """The questions of a file, with the notes about the file as a whole (hidden sheets)."""

    def __init__(self, *args):
        super().__init__(*args)
        self.notes = []


class ImportFileError(Exception):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def _lookup(item, column, raw, aliases, attribute, code, default=""):
    raw = (raw or "").strip()
    if not raw:
        if default or attribute != "area":
            if default:
                setattr(item, attribute, default)
            return
        item.error(column, code, value="")
        return
    value = aliases.get(vietnamese.fold(raw))
    if value is None:
        item.error(column, code, value=raw)
    else:
        setattr(item, attribute, value)


def _answer_letters(item, raw):
    cleaned = re.sub(r"[\s,;/&]+", "", (raw or "").upper().replace("VÀ", ""))
    if not cleaned:
        return []
    if not re.fullmatch(r"[ABCD]+", cleaned):
        item.error("đáp án", "bad_answer")
        return []
    return sorted(set(cleaned))


def _choices_from_columns(item, texts, letters):
    last_filled = max((i for i, text in enumerate(texts) if text), default=-1)
    for index in range(last_filled):
        if not texts[index]:
            item.error(LETTERS[index], "empty_choice", letter=LETTERS[index])
    for letter in letters:
        if not texts[LETTERS.index(letter)]:
            item.error("đáp án", "answer_empty_choice", letter=letter)
    return [(text, LETTERS[i] in letters) for i, text in enumerate(texts) if text]


def _is_true_false(texts):
    filled = [vietnamese.fold(text) for text in texts if text]
    return filled in (["dung", "sai"], ["sai", "dung"])


MAX_TEXT_BYTES = 5 * 1024 * 1024


def _read_text(uploaded):
    size = getattr(uploaded, "size", None)
    if size is not None and size > MAX_TEXT_BYTES:
        raise ImportFileError(ERRORS["file_too_large"] % {"limit": MAX_TEXT_BYTES // 1_048_576})
    data = uploaded.read(MAX_TEXT_BYTES + 1)
    if len(data) > MAX_TEXT_BYTES:
        raise ImportFileError(ERRORS["file_too_large"] % {"limit": MAX_TEXT_BYTES // 1_048_576})
    if not data.strip():
        raise ImportFileError(ERRORS["file_empty"])
    if b"\x00" in data or data[:2] == b"PK":
        raise ImportFileError(ERRORS["file_not_text"])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(ERRORS["file_not_text"]) from exc
    if not text.strip():  # a byte-order mark and line ends only
        raise ImportFileError(ERRORS["file_empty"])
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _blocks(text, comment_prefix=None):
    """Split text into blocks separated by blank lines, with the starting line number."""
    blocks, current, start = [], [], 0
    for number, line in enumerate(text.split("\n"), start=1):
        if comment_prefix and line.lstrip().startswith(comment_prefix):
            continue
        if line.strip():
            if not current:
                start = number
            current.append(line)
        elif current:
            blocks.append((start, current))
            current = []
    if current:
        blocks.append((start, current))
    return blocks


def _nfc(text):
    return unicodedata.normalize("NFC", text or "").strip()


def check(questions):
    # Windows-1258 files arrive with combining tone marks: store the composed form.
    for item in questions:
        item.text = _nfc(item.text)
        item.choices = [(_nfc(text), correct) for text, correct in item.choices]
        item.explanation = _nfc(item.explanation)
        item.legal_source = _nfc(item.legal_source)
    seen = {}
    keys = sorted({Question.key_for(item.text) for item in questions if item.text})
    existing = set()
    # A 10,000-question file would pass SQLite's limit on query parameters in one IN (…).
    for start in range(0, len(keys), 900):
        existing.update(
            Question.objects.filter(text_key__in=keys[start : start + 900])
            .exclude(status=Question.Status.RETIRED)
            .values_list("text_key", flat=True)
        )
    for item in questions:
        if not plain_text(item.text):
            item.error("câu hỏi", "no_text")
            continue
        # The limits count the words a person reads; the stored formatting may add a little.
        if len(plain_text(item.text)) > 2000 or len(item.text) > 6000:
            item.error("câu hỏi", "too_long", max=2000)
        if any(len(text) > 500 for text, _c in item.choices):
            item.error("", "too_long", max=500)
        key = Question.key_for(item.text)
        if key in seen:
            item.error("câu hỏi", "duplicate_file", row=seen[key])
        else:
            seen[key] = item.row
        if key in existing:
            item.error("câu hỏi", "duplicate_bank")
        if item.unsupported or item.unreadable:
            continue  # its choices mean something else; the kind is the one problem to fix
        if len(item.choices) < 2:
            item.error("", "too_few_choices")
        correct = sum(1 for _text, is_correct in item.choices if is_correct)
        if (
            item.choices
            and correct == 0
            and not any(message == ERRORS["bad_answer"] for _col, message in item.errors)
        ):
            item.error("đáp án", "no_correct")
        if correct > 1 and item.kind != Question.Kind.MULTIPLE:
            item.error("đáp án", "several_correct")
        # The same rule as the editor and appraisal (a true/false question with four choices
        # would otherwise pass here and be refused only at appraisal). Counts of correct answers
        # were already reported on the answer column; what is left is a kind the choices do not
        # fit, reported on the kind column.
        problem = kind_problem(item.kind, [is_correct for _text, is_correct in item.choices])
        if (
            problem
            and len(item.choices) >= 2
            and not any(column == "đáp án" for column, _m in item.errors)
        ):
            item.error("loại", problem)
        if not item.area and not any(col == "lĩnh vực" for col, _m in item.errors):
            item.error("lĩnh vực", "unknown_area", value="")
    return questions


@transaction.atomic
def save_questions(rows, author):
    """Save checked questions (as dicts) in two bulk inserts: all or nothing."""
    questions = [
        Question(
            text=row["text"],
            text_key=Question.key_for(row["text"]),
            area=row["area"],
            difficulty=row["difficulty"],
            audience=row["audience"],
            kind=row["kind"],
            explanation=row["explanation"],
            legal_source=row["legal_source"][:255],
            author=author,
        )
        for row in rows
    ]
    Question.objects.bulk_create(questions, batch_size=500)
    choices = [
        Choice(question=question, text=text, is_correct=bool(correct), sort_order=index)
        for question, row in zip(questions, rows, strict=True)
        for index, (text, correct) in enumerate(row["choices"])
    ]
    Choice.objects.bulk_create(choices, batch_size=1000)
    return questions


AREA_LABELS_VI = {
    Area.LEADERSHIP: "Công tác chỉ đạo, điều hành",
    Area.INSTITUTIONS: "Cải cách thể chế",
    Area.PROCEDURES: "Cải cách thủ tục hành chính",
    Area.ORGANISATION: "Cải cách tổ chức bộ máy",
    Area.CIVIL_SERVICE: "Cải cách chế độ công vụ",
    Area.PUBLIC_FINANCE: "Cải cách tài chính công",
    Area.DIGITAL: "Chính phủ điện tử, chính phủ số",
}
DIFFICULTY_VI = {"easy": "Dễ", "medium": "Trung bình", "hard": "Khó"}
AUDIENCE_VI = {"all": "Tất cả", "civil_servants": "Công chức", "public": "Người dân"}
KIND_VI = {"single": "Một đáp án", "multiple": "Nhiều đáp án", "true_false": "Đúng/Sai"}
HEADERS = [
    "Câu hỏi",
    "Lĩnh vực",
    "Mức độ",
    "Đối tượng",
    "Loại",
    "A",
    "B",
    "C",
    "D",
    "Đáp án",
    "Giải thích",
    "Căn cứ pháp lý",
]
for alias, value in {
    vietnamese.fold(label): value for value, label in AREA_LABELS_VI.items()
}.items():
    AREA_ALIASES.setdefault(alias, value)
