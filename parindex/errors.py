from django.utils.translation import gettext_lazy as _

from common.errors import ServiceError


class ParIndexError(ServiceError):
    messages = {
        "not_a_number": _("“%(value)s” is not a number of points (write 0,5 or 0.5)."),
        "negative": _("The score cannot be negative."),
        "above_max": _("%(sub)s: the score %(value)s is above the maximum of %(max)s points."),
        "too_precise": _("Write points with at most two decimals."),
        "unknown_level": _("Choose one of the scoring guidance levels."),
        "evidence_or_explanation": _(
            "%(sub)s: attach an evidence file or write an explanation of the score."
        ),
        "not_self_scored": _("%(sub)s is not self-assessed: its score comes from %(method)s."),
        "self_not_open": _("Self-assessment opens at %(at)s."),
        "self_closed": _("Self-assessment closed at %(at)s; nothing was saved."),
        "read_only": _("The assessment has been submitted and can no longer be changed."),
        "not_officer": _("You are not a reform officer of this unit."),
        "incomplete": _("Score every sub-criterion before submitting (%(count)s left)."),
        "not_submitted": _("The assessment has not been submitted yet."),
        "not_assigned": _("You are not assigned to appraise this unit."),
        "own_unit": _("An appraiser cannot appraise their own unit."),
        "appraisal_closed": _("The appraisal period closed at %(at)s."),
        "stale": _(
            "Someone else saved this assessment after you opened it (%(by)s). Nothing of yours"
            " was saved: reload the page to see their scores, then make your changes again."
        ),
        "answer_not_open": _("Answers to the appraisal are accepted from %(opens)s to %(closes)s."),
        "nothing_to_answer": _(
            "The appraisal did not change this score; there is nothing to answer."
        ),
        "final_not_open": _("The final decision is taken after the appraisal."),
        "published": _("The results are published; the assessment can no longer change."),
        "not_published": _("The results of this index set are not published."),
        "publish_too_early": _("The results can be published after %(at)s."),
        "file_type": _("Upload a PDF, Word, Excel, PowerPoint or image file (%(allowed)s)."),
        "file_content": _(
            "The content of the file is not a .%(extension)s file. Upload the document itself,"
            " saved in the format its name says."
        ),
        "file_too_large": _("The file is too large (%(size)s MB); the limit is %(limit)s MB."),
        "file_empty": _("The file is empty."),
        "too_many_files": _("A sub-criterion takes at most %(max)s files."),
        "maxima": _("The maximum points do not add up: %(detail)s"),
        "table": _("%(message)s"),
        "import_rows": _("The file has %(count)s rows with errors; nothing was imported."),
        "set_exists": _("An index set for %(level)s in %(year)s already exists."),
        "no_previous": _("There is no earlier index set for %(level)s to copy."),
        "row_number": _("“%(value)s” in STT is not I, II…, 1, 2… or 1.1, 1.2…"),
        "row_order": _("A %(what)s must come after the line of its parent."),
        "row_title": _("The content is empty."),
        "row_guidance": _("The scoring guidance “%(text)s” does not read as “level: points; …”."),
        "row_sum": _("%(number)s: the maximum %(max)s is not the sum of its parts (%(sum)s)."),
        "set_total": _("The areas add up to %(sum)s, not %(max)s."),
        "set_has_assessments": _(
            "The set already has assessments; its tree can no longer be replaced."
        ),
        "method": _("“%(value)s” is not a scoring method (tự chấm, điều tra, tự động)."),
        "survey_row": _("Unknown unit code “%(unit)s” or survey sub-criterion “%(sub)s”."),
        "not_reopenable": _(
            "Only a submitted assessment that is not yet appraised can be reopened."
        ),
        "not_organizer": _("Only the organizers can do this."),
        "survey_entries": _(
            "%(count)s survey points are not valid; nothing was saved. Correct the fields marked."
        ),
    }
    status_codes = {"stale": 409}
