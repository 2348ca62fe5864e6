"""The refusals of the contests services, with the text a person sees for each."""

from django.utils.translation import gettext_lazy as _

from common.errors import ServiceError

from .models import KIND_MESSAGES


class ContestError(ServiceError):
    """A refusal with a message for the person; `code` names it in `messages`. JSON answers
    (the autosave) take the status from `status_codes`: a missing attempt is 404, an attempt
    that can no longer take answers (submitted, or past its deadline) is a conflict."""

    messages = {
        "committee": _("Members of the organizing committee may not enter this contest."),
        "already_entered": _("You have already entered this contest."),
        "duplicate_cccd": _("An entry with this CCCD number already exists in this contest."),
        "cccd_format": _("The CCCD number must have exactly 12 digits."),
        "cccd_century": _("The CCCD number is not valid (its fourth digit must be 0 to 3)."),
        "cccd_birth_year": _("The CCCD number does not match the year of birth."),
        "cccd_required": _("Enter your CCCD number."),
        "dob_required": _("Enter your date of birth."),
        "phone_required": _("Enter a Vietnamese phone number (10 digits starting with 0)."),
        "consent_required": _("You must agree to the processing of your personal data to enter."),
        "unit_required": _("Choose your work unit from the list."),
        "unit_not_eligible": _("Civil servants of your unit may not enter this group."),
        "too_young": _("Entrants in this group must be at least %(age)s years old."),
        "dob_required_public": _(
            "Citizens entering this group must give their date of birth: entrants must be at least "
            "%(age)s years old."
        ),
        "group_other_contest": _("This entrant group belongs to another contest."),
        "not_entered": _("Enter the contest before taking a round."),
        "voided": _("Your entry has been voided; you cannot take part."),
        "not_open_yet": _("This round has not opened yet."),
        "closed": _("This round is closed."),
        "other_attempt_open": _("Finish your attempt in the other round first."),
        "no_attempts_left": _("You have used all the attempts this round allows."),
        "not_participant": _("This test is only for participants of the course."),
        "bank_too_small": _(
            "The question bank does not have enough appraised questions for this round; "
            "tell the organizers."
        ),
        "not_found": _("This attempt does not exist or is not yours."),
        "attempt_closed": _("This attempt has already been submitted."),
        "deadline": _("Time is up: answers after the deadline are not accepted."),
        "question_not_in_attempt": _("This question is not part of your attempt."),
        "choice_not_in_question": _("This choice does not belong to the question."),
        "one_choice_only": _("Choose only one answer for this question."),
        "prediction_invalid": _("The prediction must be a whole number, zero or more."),
        "prediction_not_whole": _(
            "The prediction must be a whole number without a decimal part (for example 125, not 12.5)."
        ),
        "answer_invalid": _("Your answer could not be read; reload the page and choose again."),
        "round_not_closed": _("Results can be computed only after the round closes."),
        "not_computed": _("Compute the results before publishing them."),
        "already_published": _("The results of this round are already published."),
        "results_computing": _(
            "The results of this round are being computed; publish them when it is done."
        ),
        "reason_required": _("Give a reason for voiding the entry."),
        "already_voided": _("This entry is already voided."),
        "appraiser_is_author": _("A question must be appraised by someone other than its author."),
        "not_draft": _("Only draft questions can be appraised."),
        "question_invalid": _("The question needs at least two choices and a correct answer."),
        "group_has_entries": _(
            "The entrant group “%(group)s” cannot be deleted: it already has entries (%(count)s)."
            " Keep the group; rename it if needed."
        ),
        "quota_group_other_contest": _(
            "The entrant group “%(group)s” belongs to the contest “%(contest)s”, not to this"
            " round's contest."
        ),
        "blueprint_short": _(
            "The appraised question bank cannot fill this round for every entrant group: "
            "%(detail)s Appraise more questions, change the blueprint or the rotation."
        ),
        "bank_cannot_fill": _(
            "The appraised question bank cannot fill this round: entrants of these groups "
            "cannot start it."
        ),
        "short_line": _(
            "“%(group)s”: %(missing)s %(difficulty)s questions short in the area “%(area)s” "
            "(%(needed)s needed, %(available)s available)."
        ),
        "short_area": _(
            "“%(group)s”: %(missing)s questions short in the area “%(area)s” "
            "(%(needed)s needed, %(available)s available)."
        ),
        "short_total": _(
            "“%(group)s”: %(missing)s questions short (%(needed)s needed, %(available)s available)."
        ),
        "truth_required": _(
            "Enter the true value of the prediction before computing the results: the system "
            "cannot count it for this round."
        ),
        "truth_not_entered": _(
            "This round's prediction is counted by the system; its true value cannot be entered."
        ),
        "truth_after_publication": _(
            "The results are published: the true value of the prediction can no longer change."
        ),
        "truth_invalid": _("The true value must be a whole number, zero or more."),
        **KIND_MESSAGES,
    }

    status_codes = {"not_found": 404, "deadline": 409, "attempt_closed": 409}

    # Codes after which the submit button still grades what was saved in time.
    LATE_CODES = frozenset({"deadline", "attempt_closed"})


MESSAGES = ContestError.messages
