"""The refusals of the courses services, with the text the person reads for each."""

from django.utils.translation import gettext_lazy as _

from common.errors import ServiceError


class RegistrationError(ServiceError):
    messages = {
        "not_published": _("This course is not open for registration."),
        "course_cancelled": _("This course has been cancelled."),
        "not_open_yet": _("Registration opens on %(opens)s."),
        "closed": _("Registration closed on %(closes)s."),
        "paused": _("Registration for this course is paused."),
        "already_registered": _("%(name)s is already registered for this course."),
        "not_in_audience": _("This course is not open to staff of %(unit)s."),
        "no_unit": _("Your account has no work unit yet. Choose your unit in your profile first."),
        "full": _("The course is full and has no waiting list."),
        "unit_quota_full": _("Your unit has used all %(quota)s seats set aside for each unit."),
        "answer_missing": _("Please answer the question “%(question)s”."),
        "answer_too_long": _(
            "The answer to “%(question)s” is too long: at most %(max)s characters, you wrote %(length)s."
        ),
        "not_registered": _("You are not registered for this course."),
        "cannot_cancel": _("This registration can no longer be cancelled."),
        "course_started": _("The course has already started; ask the organizers to cancel."),
        "not_pending": _("Only registrations waiting for approval can be approved."),
        "cannot_reject": _("This registration can no longer be rejected."),
        "reason_required": _("Please give a reason; it is sent to the person."),
        # Names no one: the ids come from the form, and naming whoever an id belongs to would
        # show a coordinator the people of every other unit.
        "not_coordinator": _("You may only nominate staff of the units you coordinate."),
        "unit_not_confirmed": _(
            "The unit of %(name)s is not confirmed yet: confirm it on the page of staff awaiting "
            "confirmation first."
        ),
        "nobody_chosen": _("Choose at least one person to nominate."),
        "not_your_nomination": _(
            "This nomination does not exist or is not of a unit you coordinate."
        ),
        "withdraw_decided": _(
            "The nomination of %(name)s can no longer be withdrawn: it is already “%(status)s”. "
            "Ask the organizers to cancel it."
        ),
        "reorder_decided": _(
            "%(name)s already has a seat or is no longer nominated, so their place cannot change."
        ),
        "reorder_invalid": _("Move a nominee up or down."),
        "capacity_invalid": _("The capacity must be a whole number from 1 to %(max)s."),
        "capacity_below_confirmed": _(
            "The capacity cannot be lower than the %(count)s seats already confirmed."
        ),
        "move_invalid": _("A registration cannot be moved from “%(source)s” to “%(target)s”."),
        "seat_stays_free": _(
            "A seat is free, so %(name)s cannot wait on the waiting list: give them the seat, or "
            "lower the capacity first to keep it empty."
        ),
        "no_seat": _("There is no free seat; increase the capacity or cancel someone first."),
        "checkin_forged": _(
            "This check-in code is not valid. Scan the code shown at the venue again."
        ),
        "checkin_expired": _(
            "This check-in code has expired. Scan the code shown at the venue again."
        ),
        "checkin_not_now": _("Check-in is only possible while the session is running."),
        "checkin_not_participant": _("Only confirmed participants of this course can check in."),
        "already_checked_in": _("You have already checked in for this session."),
        "checkin_code_format": _(
            "A check-in code has %(length)s letters and digits (there is no 0, O, 1, I or L). "
            "Type the code shown on the screen at the venue."
        ),
        "checkin_code_wrong": _(
            "This code is not right or has expired. Type the code shown on the screen now."
        ),
        "checkin_too_many": _("Too many codes tried. Wait a few minutes and try again."),
        "door_link_invalid": _(
            "This sign-in sheet code is not valid for this session. Search for the person by name."
        ),
        "attendance_invalid": _("Unknown attendance status or participant."),
        "score_invalid": _("A test score must be a number from 0 to 10."),
        "not_participant": _("This person is not a participant of the course."),
        "session_not_started": _(
            "Attendance can be recorded only once the session has started (%(start)s)."
        ),
        "course_not_ended": _(
            "Completion can be confirmed only after the last session has ended (%(end)s)."
        ),
        "no_offer": _("You have no seat offered to you in this course."),
        "offer_expired": _(
            "The seat offered to you could be accepted until %(deadline)s; the time is over and "
            "it goes to the next person on the waiting list. You may sign up again at the end of "
            "the waiting list."
        ),
    }
