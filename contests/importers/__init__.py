"""Reading question banks from .xlsx/.csv (our template), Moodle GIFT and Aiken text files.

Every reader returns the parsed questions with their problems listed by row (or line) and
column; nothing is saved until `save_questions` runs, which saves the questions it is given in
one transaction. The organizer can save every question or only the good ones, and download the
refused ones to fix (`xlsx.refused_response`).
"""

from .aiken import read_aiken
from .core import (
    AREA_ALIASES,
    AREA_LABELS_VI,
    AUDIENCE_VI,
    COLUMNS,
    DIFFICULTY_VI,
    ERRORS,
    HEADERS,
    KIND_VI,
    LETTERS,
    ImportFileError,
    ParsedFile,
    ParsedQuestion,
    check,
    save_questions,
)
from .gift import read_gift
from .xlsx import (
    export_rows,
    question_row,
    read_spreadsheet,
    refused_response,
    refused_rows,
    template_response,
    template_rows,
)

__all__ = [
    "AREA_ALIASES",
    "AREA_LABELS_VI",
    "AUDIENCE_VI",
    "COLUMNS",
    "DIFFICULTY_VI",
    "ERRORS",
    "HEADERS",
    "KIND_VI",
    "LETTERS",
    "ImportFileError",
    "ParsedFile",
    "ParsedQuestion",
    "check",
    "detect_format",
    "export_rows",
    "parse",
    "question_row",
    "read_aiken",
    "read_gift",
    "read_spreadsheet",
    "refused_response",
    "refused_rows",
    "save_questions",
    "template_response",
    "template_rows",
]

READERS = {
    "table": read_spreadsheet,
    "gift": read_gift,
    "aiken": read_aiken,
}


def detect_format(name):
    name = (name or "").lower()
    # Moodle's own exports and many editors save GIFT as "questions.gift.txt".
    if name.endswith((".gift", ".gift.txt")):
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
    if not isinstance(questions, ParsedFile):
        questions = ParsedFile(questions)
    check(questions)
    return questions
