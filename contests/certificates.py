"""The certificates a contest round owes: one per prize winner, and optionally one per person
with a full score.

This is the contest's side of the certificates app's sources registry (docs/certificates.md,
"Sources"): what is printed (contest and round, the round's dates, the prize), issuing for a
prize, a full score or a whole round, and the automatic issuing when results are published. The
receiver below is connected when this module is imported, which the app's `ready()` does at
startup.
"""

from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from certificates import services as certificate_services
from certificates.errors import CertificateError
from certificates.sources import CertificateSource
from certificates.tasks import issue_from_source_task

from .models import Round
from .services import full_score_people
from .signals import results_published

#: Stored in Certificate.source_kind, with the ROUND's id for both: never change them.
PRIZE = "prize"
FULL_SCORE = "full_score"
GROUP = "round"


def round_text(round_):
    return f"{round_.contest.title} – {round_.title}"


def round_period(round_):
    vn_date = certificate_services.vn_date
    return f"từ ngày {vn_date(timezone.localdate(round_.opens_at))} đến ngày " + vn_date(
        timezone.localdate(round_.closes_at)
    )


def _achievement(round_, kind, grade, unit):
    return certificate_services.Achievement(
        source_kind=kind,
        source_id=round_.pk,
        group_key=PRIZE_SOURCE.group_key(round_.pk),
        achievement=round_text(round_),
        period=round_period(round_),
        grade=grade,
        unit_name=unit.name if unit else None,
    )


def issue_for_prize(prize, *, issued_by=None, now=None):
    """A prize certificate is once per person per round: contests recreate Prize rows whenever
    results are computed again (voiding an entry does), so the source is the round, not the
    prize row, and a recomputed result issues only to people who newly won."""
    round_ = prize.round
    template = round_.contest.certificate_template
    if template is None:
        raise CertificateError("no_template")
    with translation.override("vi"):
        grade = str(prize.get_level_display())
    return certificate_services.issue(
        template=template,
        holder=prize.person,
        what=_achievement(round_, PRIZE, grade, getattr(prize, "unit", None)),
        issued_by=issued_by,
        now=now,
    )


def issue_for_full_score(round_, person, unit=None, *, issued_by=None, now=None):
    template = round_.contest.certificate_template
    if template is None:
        raise CertificateError("no_template")
    with translation.override("vi"):
        grade = str(_("Full score"))
    return certificate_services.issue(
        template=template,
        holder=person,
        what=_achievement(round_, FULL_SCORE, grade, unit),
        issued_by=issued_by,
        now=now,
    )


def issue_for_round(round_, *, include_full_score=False, issued_by=None, now=None):
    """Issue to every prize winner of the round (and everyone with a full score) who has no
    certificate for it yet."""
    if round_.contest.certificate_template is None:
        raise CertificateError("no_template")
    prizes = round_.prizes.select_related("person", "person__unit", "round__contest")
    result = certificate_services.issue_each(
        prizes, lambda prize: issue_for_prize(prize, issued_by=issued_by, now=now)
    )
    if include_full_score:
        full = certificate_services.issue_each(
            full_score_people(round_),
            lambda person_unit: issue_for_full_score(
                round_, *person_unit, issued_by=issued_by, now=now
            ),
        )
        result.issued += full.issued
        result.skipped += full.skipped
    return result


# ------------------------------------------------------------------------------------------
# The sources, for the certificates app's screens and tasks
# ------------------------------------------------------------------------------------------


def _group_labels(round_ids):
    rounds = Round.objects.filter(pk__in=round_ids).select_related("contest")
    return {round_.pk: _("Round: %(title)s") % {"title": round_text(round_)} for round_ in rounds}


def _batch_choices():
    rounds = (
        Round.objects.filter(
            contest__certificate_template__isnull=False, results_published_at__isnull=False
        )
        .select_related("contest")
        .order_by("-pk")[:200]
    )
    return [(round_.pk, round_text(round_)) for round_ in rounds]


def _issue_batch(round_id, *, issued_by=None, full_score=False):
    round_ = (
        Round.objects.filter(
            pk=round_id,
            contest__certificate_template__isnull=False,
            results_published_at__isnull=False,
        )
        .select_related("contest")
        .first()
    )
    if round_ is None:
        raise CertificateError("no_template")
    return issue_for_round(round_, include_full_score=full_score, issued_by=issued_by)


def _issue_automatically(round_id):
    round_ = Round.objects.select_related("contest").filter(pk=round_id).first()
    if round_ is not None:
        issue_for_round(round_)


PRIZE_SOURCE = CertificateSource(
    kind=PRIZE,
    label=_("Contest prize"),
    group=GROUP,
    group_labels=_group_labels,
    batch_label=_("Contest rounds (prize winners)"),
    batch_choices=_batch_choices,
    issue_batch=_issue_batch,
    batch_options=(("full_score", _("For a round, also issue to everyone with a full score")),),
    issue_automatically=_issue_automatically,
    order=20,
)
FULL_SCORE_SOURCE = CertificateSource(
    kind=FULL_SCORE,
    label=_("Full score in a contest round"),
    group=GROUP,
    group_labels=_group_labels,
    order=30,
)
SOURCES = [PRIZE_SOURCE, FULL_SCORE_SOURCE]


@receiver(results_published, dispatch_uid="contests.certificates.issue_on_results")
def issue_on_results(sender, round, **kwargs):
    """Sent after commit; the issuing runs in a task. Only contests with a certificate template
    issue, and only to prize winners (full scores are issued from the admin)."""
    if round.contest.certificate_template_id is None:
        return
    transaction.on_commit(lambda: issue_from_source_task.enqueue(PRIZE, round.pk))
