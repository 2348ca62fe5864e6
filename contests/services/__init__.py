"""Every state change of contests, split by job (as pretix splits its services):

- `bank`: appraising, reopening and retiring questions, one or several at once;
- `blueprints`: whether the bank can fill a round (blueprint lines, rotation, entrant groups);
- `entries`: entering a contest, voiding an entry;
- `attempts`: drawing, starting, saving answers, submitting and grading, closing overdue ones;
- `sheets`: what the attempt page and the review page show, as plain structures;
- `results`: counted attempts, the prediction's true value, ranks, prizes, team prizes,
  publication;
- `statistics`: the figures and charts of a round.

Callers use the package (`from contests import services; services.start_attempt(...)`); the
names below are its public surface. Tests that replace a module-level hook patch the module
that owns it (`contests.services.attempts._race_window`, `..._grade`).
"""

from ..errors import MESSAGES, ContestError
from .attempts import (
    MAX_PREDICTION,
    close_overdue,
    draw_questions,
    parse_prediction,
    round_question_total,
    save_answer,
    save_form,
    save_prediction,
    start_attempt,
    submit,
    submit_form,
)
from .bank import (
    appraisal_problem,
    appraise_question,
    appraise_questions,
    reopen_question,
    retire_question,
    retire_questions,
    set_question_author,
    set_questions_field,
)
from .blueprints import bank_shortfalls, check_round_bank
from .entries import create_entry, public_age_problem, void_entry
from .results import (
    COUNTS_FOR_UNIT,
    compute_results,
    full_score_people,
    publish_results,
    ranking_queryset,
    set_prediction_truth,
    team_standings,
)
from .sheets import attempt_record, attempt_review, attempt_sheet, question_preview
from .statistics import (
    SCORE_BANDS,
    area_facility_chart,
    entries_per_hour,
    hours_chart,
    question_statistics,
    round_charts,
    round_statistics,
    score_band_chart,
    unit_participation,
    unit_participation_chart,
)

__all__ = [
    "COUNTS_FOR_UNIT",
    "MAX_PREDICTION",
    "MESSAGES",
    "SCORE_BANDS",
    "ContestError",
    "appraisal_problem",
    "appraise_question",
    "appraise_questions",
    "bank_shortfalls",
    "check_round_bank",
    "area_facility_chart",
    "attempt_record",
    "attempt_review",
    "attempt_sheet",
    "close_overdue",
    "compute_results",
    "create_entry",
    "draw_questions",
    "entries_per_hour",
    "question_statistics",
    "full_score_people",
    "hours_chart",
    "parse_prediction",
    "public_age_problem",
    "publish_results",
    "question_preview",
    "ranking_queryset",
    "reopen_question",
    "retire_question",
    "retire_questions",
    "round_charts",
    "round_question_total",
    "round_statistics",
    "save_answer",
    "save_form",
    "save_prediction",
    "score_band_chart",
    "set_prediction_truth",
    "set_question_author",
    "set_questions_field",
    "start_attempt",
    "submit",
    "submit_form",
    "team_standings",
    "unit_participation",
    "unit_participation_chart",
    "void_entry",
]
