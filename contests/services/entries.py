"""Entering a contest (the eligibility and identity checks) and voiding an entry."""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.log_actions import log

from common import vietnamese

from ..errors import ContestError
from ..models import Audience, Entry, ResultsJob, Round


def _age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def public_age_problem(group, date_of_birth, now=None):
    """For a citizens' group, "dob_required_public" or "too_young" (a key of MESSAGES, taking
    the group's minimum age), or None. Civil servants' groups are not checked here."""
    if group.audience != Audience.PUBLIC:
        return None
    if not date_of_birth:
        return "dob_required_public"
    if _age_on(date_of_birth, timezone.localdate(now or timezone.now())) < group.min_age:
        return "too_young"
    return None


def create_entry(
    contest,
    person,
    *,
    group,
    unit=None,
    full_name="",
    date_of_birth=None,
    cccd="",
    phone="",
    consent=False,
    now=None,
):
    now = now or timezone.now()
    cccd = vietnamese.normalize_cccd(cccd)
    if group.contest_id != contest.pk:
        raise ContestError("group_other_contest")
    if contest.committee.filter(pk=person.pk).exists():
        raise ContestError("committee")
    if not consent:
        raise ContestError("consent_required")
    if contest.require_date_of_birth and not date_of_birth:
        raise ContestError("dob_required")
    if contest.require_cccd and not cccd:
        raise ContestError("cccd_required")
    if cccd:
        problem = vietnamese.cccd_problem(cccd, date_of_birth)
        if problem:
            raise ContestError(f"cccd_{problem}")
    if phone:
        phone = vietnamese.normalize_phone(phone)
        if not phone:
            raise ContestError("phone_required")
    elif contest.require_phone:
        raise ContestError("phone_required")
    if group.audience == Audience.PUBLIC:
        unit = None
        # Citizens' groups are open to adults only (min_age, 18 by default): without a date of
        # birth the rule could not be checked, so here it is required whatever the contest says.
        problem = public_age_problem(group, date_of_birth, now)
        if problem:
            raise ContestError(problem, age=group.min_age)
    else:
        if unit is None:
            raise ContestError("unit_required")
        allowed = [listed.pk for listed in group.units.all()]
        if allowed and unit.pk not in allowed:
            raise ContestError("unit_not_eligible")
    if Entry.objects.filter(contest=contest, person=person).exists():
        raise ContestError("already_entered")
    if cccd and Entry.objects.filter(contest=contest, cccd=cccd).exists():
        raise ContestError("duplicate_cccd")
    try:
        with transaction.atomic():
            return Entry.objects.create(
                contest=contest,
                person=person,
                group=group,
                unit=unit,
                full_name=(full_name or person.full_name).strip(),
                date_of_birth=date_of_birth,
                cccd=cccd,
                phone=phone or "",
                consented_at=now,
                created_at=now,
            )
    except IntegrityError as exc:
        # Two requests at once: the unique constraints decide, and say which one.
        if Entry.objects.filter(contest=contest, person=person).exists():
            raise ContestError("already_entered") from exc
        raise ContestError("duplicate_cccd") from exc


def void_entry(entry, reason, user=None, now=None):
    """Void an entry (false information, a committee member...) and have every round whose
    results were computed ranked again in the background, so the next person moves up. The
    entry returned carries `results_job` (None when no round was computed)."""
    from .computing import create_job

    now = now or timezone.now()
    reason = (reason or "").strip()
    if not reason:
        raise ContestError("reason_required")
    with transaction.atomic():
        entry = Entry.objects.select_for_update().get(pk=entry.pk)
        if entry.voided_at:
            raise ContestError("already_voided")
        entry.voided_at = now
        entry.void_reason = reason
        entry.save(update_fields=["voided_at", "void_reason"])
        log(entry, "contests.void_entry", user=user, data={"reason": reason})
        rounds = list(
            Round.objects.filter(contest_id=entry.contest_id, results_computed_at__isnull=False)
        )
        job = None
        if rounds:
            job = create_job(
                entry.contest_id,
                rounds,
                ResultsJob.Reason.VOID,
                user=user,
                entry=entry,
                now=now,
            )
    entry.results_job = job
    return entry
