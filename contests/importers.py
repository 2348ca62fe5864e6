"""Reading question banks from .xlsx/.csv (our template), Moodle GIFT and Aiken text files.

Every reader returns ParsedQuestion objects with their problems listed by row (or question number)
and column; nothing is saved until `save_questions` runs, which saves all or nothing.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from common import vietnamese
from common.spreadsheets import TableError, read_table

from .models import KIND_MESSAGES, Area, Audience, Choice, Question, kind_problem

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

    def error(self, column, code, **params):
        message = ERRORS[code] % params if params else ERRORS[code]
        self.errors.append((column, message))

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


class ImportFileError(Exception):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


# ----------------------------------------------------------------------------------------------
# Spreadsheets
# ----------------------------------------------------------------------------------------------


def read_spreadsheet(uploaded, default_area=""):
    try:
        table = read_table(uploaded, required=REQUIRED)
    except TableError as exc:
        raise ImportFileError(exc.message) from exc
    parsed = []
    for row_number, values in table.rows:
        item = ParsedQuestion(row=row_number, text=values.get("câu hỏi", ""))
        _lookup(
            item,
            "lĩnh vực",
            values.get("lĩnh vực", ""),
            AREA_ALIASES,
            "area",
            "unknown_area",
            default_area,
        )
        _lookup(
            item,
            "mức độ",
            values.get("mức độ", ""),
            DIFFICULTY_ALIASES,
            "difficulty",
            "unknown_difficulty",
        )
        _lookup(
            item,
            "đối tượng",
            values.get("đối tượng", ""),
            AUDIENCE_ALIASES,
            "audience",
            "unknown_audience",
        )
        declared_kind = ""
        if values.get("loại", ""):
            before = len(item.errors)
            _lookup(item, "loại", values["loại"], KIND_ALIASES, "kind", "unknown_kind")
            declared_kind = item.kind if len(item.errors) == before else ""
        texts = [values.get(letter.lower(), "") for letter in LETTERS]
        letters = _answer_letters(item, values.get("đáp án", ""))
        item.choices = _choices_from_columns(item, texts, letters)
        if declared_kind:
            item.kind = declared_kind
        elif len(letters) > 1:
            item.kind = Question.Kind.MULTIPLE
        elif _is_true_false(texts):
            item.kind = Question.Kind.TRUE_FALSE
        item.explanation = values.get("giải thích", "")
        item.legal_source = values.get("căn cứ pháp lý", "")
        parsed.append(item)
    return parsed


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


# ----------------------------------------------------------------------------------------------
# Text formats
# ----------------------------------------------------------------------------------------------

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


AIKEN_CHOICE = re.compile(r"^\s*([A-D])[.)]\s*(.*)$")
AIKEN_ANSWER = re.compile(r"^\s*ANSWER\s*:\s*([A-D](?:\s*[,;]\s*[A-D])*)\s*$", re.IGNORECASE)


def read_aiken(uploaded, default_area):
    text = _read_text(uploaded)
    parsed = []
    for start, lines in _blocks(text):
        item = ParsedQuestion(row=start, area=default_area)
        question_lines, texts, answer = [], ["", "", "", ""], None
        for line in lines:
            choice = AIKEN_CHOICE.match(line)
            answer_match = AIKEN_ANSWER.match(line)
            if answer_match:
                answer = sorted(set(re.findall(r"[A-D]", answer_match.group(1).upper())))
            elif choice and (question_lines or any(texts)):
                texts[LETTERS.index(choice.group(1))] = choice.group(2).strip()
            elif not any(texts):
                question_lines.append(line.strip())
        item.text = " ".join(question_lines)
        if answer is None or not any(texts):
            item.error("", "aiken_syntax")
            answer = []
        item.choices = _choices_from_columns(item, texts, answer)
        if len(answer) > 1:
            item.kind = Question.Kind.MULTIPLE
        elif _is_true_false(texts):
            item.kind = Question.Kind.TRUE_FALSE
        parsed.append(item)
    return parsed


def _gift_unescape(text):
    return re.sub(r"\\([~=#{}:])", r"\1", text).strip()


def _gift_split(body):
    """Split an answer block on unescaped ~ and = markers, keeping the marker."""
    parts, current, marker, index = [], "", None, 0
    while index < len(body):
        ch = body[index]
        if ch == "\\" and index + 1 < len(body):
            current += body[index : index + 2]
            index += 2
            continue
        if ch in "~=":
            if marker is not None:
                parts.append((marker, current))
            marker, current = ch, ""
        else:
            current += ch
        index += 1
    if marker is not None:
        parts.append((marker, current))
    return parts


def read_gift(uploaded, default_area):
    text = _read_text(uploaded)
    parsed = []
    area = default_area
    for start, lines in _blocks(text, comment_prefix="//"):
        block = "\n".join(lines).strip()
        category = re.match(r"^\$CATEGORY:\s*(.+)$", block, re.IGNORECASE)
        if category:
            name = category.group(1).strip().split("/")[-1]
            area = AREA_ALIASES.get(vietnamese.fold(name), default_area)
            continue
        item = ParsedQuestion(row=start, area=area)
        block = re.sub(r"^::(.*?)::", "", block, flags=re.DOTALL).strip()
        opening = _unescaped_index(block, "{")
        closing = _unescaped_index(block, "}", opening + 1) if opening >= 0 else -1
        if opening < 0 or closing < 0:
            item.text = _gift_unescape(block)
            item.error("", "gift_syntax")
            parsed.append(item)
            continue
        item.text = _gift_unescape(
            re.sub(r"^\[(html|moodle|markdown|plain)\]", "", block[:opening])
        )
        body = block[opening + 1 : closing].strip()
        general_feedback = ""
        if "####" in body:
            body, general_feedback = body.split("####", 1)
        item.explanation = _gift_unescape(general_feedback)
        head = body.strip().upper()
        if head in ("T", "TRUE", "F", "FALSE") or head.startswith(("T#", "F#", "TRUE#", "FALSE#")):
            truth = head.startswith("T")
            item.kind = Question.Kind.TRUE_FALSE
            item.choices = [("Đúng", truth), ("Sai", not truth)]
        else:
            choices = []
            for marker, raw in _gift_split(body):
                raw = raw.split("#", 1)[0] if "#" in raw and "\\#" not in raw else raw
                weight = re.match(r"^\s*%(-?\d+(?:\.\d+)?)%", raw)
                correct = marker == "="
                if weight:
                    correct = float(weight.group(1)) > 0
                    raw = raw[weight.end() :]
                choices.append((_gift_unescape(raw), correct))
            if len(choices) > 4:
                item.error("", "too_many_choices")
            texts = [text for text, _correct in choices][:4] + [""] * (4 - min(4, len(choices)))
            letters = [LETTERS[i] for i, (_t, correct) in enumerate(choices[:4]) if correct]
            item.choices = _choices_from_columns(item, texts, letters)
            if len(letters) > 1 or any(_is_weighted(raw) for _m, raw in _gift_split(body)):
                item.kind = Question.Kind.MULTIPLE
        parsed.append(item)
    return parsed


def _is_weighted(raw):
    return bool(re.match(r"^\s*%\d", raw))


def _unescaped_index(text, char, start=0):
    index = start
    while index < len(text):
        if text[index] == "\\":
            index += 2
            continue
        if text[index] == char:
            return index
        index += 1
    return -1


# ----------------------------------------------------------------------------------------------
# Checking and saving
# ----------------------------------------------------------------------------------------------

READERS = {
    "table": read_spreadsheet,
    "gift": read_gift,
    "aiken": read_aiken,
}


def detect_format(name):
    name = (name or "").lower()
    if name.endswith(".gift"):
        return "gift"
    if name.endswith(".txt"):
        return "aiken"
    return "table"


def parse(uploaded, file_format="auto", default_area=""):
    """Read and check a file; returns the parsed questions, each with its errors."""
    if file_format == "auto":
        file_format = detect_format(getattr(uploaded, "name", ""))
    questions = READERS[file_format](uploaded, default_area)
    if not questions:
        raise ImportFileError(ERRORS["no_questions"])
    check(questions)
    return questions


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
    keys = {Question.key_for(item.text) for item in questions if item.text}
    existing = set(
        Question.objects.filter(text_key__in=keys)
        .exclude(status=Question.Status.RETIRED)
        .values_list("text_key", flat=True)
    )
    for item in questions:
        if not item.text:
            item.error("câu hỏi", "no_text")
            continue
        if len(item.text) > 2000:
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


# ----------------------------------------------------------------------------------------------
# Template and export
# ----------------------------------------------------------------------------------------------

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


def question_row(question, choices):
    texts = [choice.text for choice in choices][:4]
    texts += [""] * (4 - len(texts))
    answer = ", ".join(LETTERS[i] for i, choice in enumerate(choices[:4]) if choice.is_correct)
    return [
        question.text,
        AREA_LABELS_VI[question.area],
        DIFFICULTY_VI[question.difficulty],
        AUDIENCE_VI[question.audience],
        KIND_VI[question.kind],
        *texts,
        answer,
        question.explanation,
        question.legal_source,
    ]


def template_rows():
    return HEADERS, [
        [
            "Cơ quan nào chủ trì xây dựng Cổng Dịch vụ công quốc gia?",
            "Chính phủ điện tử, chính phủ số",
            "Dễ",
            "Tất cả",
            "Một đáp án",
            "Văn phòng Chính phủ",
            "Bộ Nội vụ",
            "Bộ Tư pháp",
            "Bộ Tài chính",
            "A",
            "Văn phòng Chính phủ xây dựng, quản lý Cổng Dịch vụ công quốc gia.",
            "Nghị định 45/2020/NĐ-CP",
        ],
        [
            "Kết quả giải quyết thủ tục hành chính được trả đúng hẹn thì không cần xin lỗi người dân.",
            "Cải cách thủ tục hành chính",
            "Dễ",
            "Tất cả",
            "Đúng/Sai",
            "Đúng",
            "Sai",
            "",
            "",
            "A",
            "",
            "",
        ],
    ]


def export_rows(queryset):
    for question in queryset.prefetch_related("choices").iterator(chunk_size=500):
        yield question_row(question, list(question.choices.all()))
