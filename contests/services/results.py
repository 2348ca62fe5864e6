"""Results of a round: which attempt counts, the true value of the prediction, ranks computed by
the database (window functions) in one statement, prizes, team prizes and publication."""

from collections import defaultdict
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Avg, Count, F, Q
from django.utils import timezone
from wagtail.log_actions import log

from ..errors import ContestError
from ..models import Attempt, Prize, PrizeQuota, Round, TeamPrize
from ..signals import results_published
from .attempts import MAX_PREDICTION, submit


def _update_from(sql_select, params, set_clause):
    """UPDATE contests_attempt from a SELECT that yields (id, value); works on SQLite and PG."""
    table = Attempt._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {set_clause} FROM ({sql_select}) AS ranked "
            f"WHERE {table}.id = ranked.id",
            params,
        )
        return cursor.rowcount


def _mark_counted(round_):
    """Choose, per entry, the attempt that counts (best, first or last), in one statement."""
    from django.db.models import Window
    from django.db.models.functions import RowNumber

    if round_.counted_attempt == Round.Counted.FIRST:
        order = [F("number").asc()]
    elif round_.counted_attempt == Round.Counted.LAST:
        order = [F("number").desc()]
    else:
        order = [F("score").desc(), F("duration_ms").asc(), F("submitted_at").asc(), F("pk")]
    graded = Attempt.objects.filter(
        round=round_, entry__voided_at__isnull=True, score__isnull=False
    ).exclude(status=Attempt.Status.OPEN)
    # Rows outside the ranking (voided, ungraded) are reset; the graded ones get counted and a
    # cleared rank in one statement, without a separate pass over the whole round.
    Attempt.objects.filter(round=round_).exclude(pk__in=graded.values("pk")).filter(
        Q(counted=True) | Q(rank__isnull=False)
    ).update(counted=False, rank=None)
    ranked = (
        graded.annotate(position=Window(RowNumber(), partition_by=[F("entry_id")], order_by=order))
        .values("pk", "position")
        .order_by()
    )
    sql, params = ranked.query.sql_with_params()
    _update_from(
        f"SELECT inner_q.pk AS id, inner_q.position AS position FROM ({sql}) AS inner_q",
        params,
        "counted = (ranked.position = 1), rank = NULL",
    )


def _prediction_truth(round_):
    counted = Attempt.objects.filter(round=round_, counted=True)
    if round_.predicts == Round.Predicts.FULL_SCORE:
        return counted.filter(score=Decimal("100")).count()
    if round_.predicts == Round.Predicts.PARTICIPANTS:
        return counted.values("entry_id").distinct().count()
    if round_.predicts == Round.Predicts.ENTERED:
        return round_.entered_truth
    return None


def set_prediction_truth(round_, raw, user, now=None):
    """The organizers enter the true value of a prediction the system cannot count. Allowed until
    the results are published; each value goes into the round's history with the previous one.
    Results computed with another value must be computed again before they can be published."""
    from .attempts import parse_prediction

    try:
        value = parse_prediction(raw)
    except ContestError:
        raise ContestError("truth_invalid") from None
    now = now or timezone.now()
    with transaction.atomic():
        round_ = Round.objects.select_for_update().get(pk=round_.pk)
        if round_.predicts != Round.Predicts.ENTERED:
            raise ContestError("truth_not_entered")
        if round_.results_published_at is not None:
            raise ContestError("truth_after_publication")
        previous = round_.entered_truth
        if previous == value:
            return round_
        round_.entered_truth = value
        fields = ["entered_truth"]
        if round_.results_computed_at is not None:
            round_.results_computed_at = None
            fields.append("results_computed_at")
        round_.save(update_fields=fields)
        log(
            round_,
            "contests.set_truth",
            user=user,
            data={"previous": previous, "value": value, "at": now.isoformat()},
        )
    return round_


def ranking_queryset(round_, truth):
    """Counted attempts with their rank inside their entrant group, as the database orders them:
    score ↓, |prediction − truth| ↑ (no prediction last), duration ↑, submission time ↑."""
    from django.db.models import Value, Window
    from django.db.models.functions import Abs, Coalesce, RowNumber

    if truth is None:
        distance = Value(0)
    else:
        distance = Coalesce(Abs(F("prediction") - Value(truth)), Value(MAX_PREDICTION * 10))
    return (
        Attempt.objects.filter(round=round_, counted=True)
        .annotate(distance=distance)
        .annotate(
            position=Window(
                RowNumber(),
                partition_by=[F("entry__group_id")],
                order_by=[
                    F("score").desc(),
                    F("distance").asc(),
                    F("duration_ms").asc(),
                    F("submitted_at").asc(),
                    F("pk").asc(),
                ],
            )
        )
    )


def _store_ranks(round_, truth):
    ranked = ranking_queryset(round_, truth).values("pk", "position").order_by()
    sql, params = ranked.query.sql_with_params()
    _update_from(
        f"SELECT inner_q.pk AS id, inner_q.position AS position FROM ({sql}) AS inner_q",
        params,
        "rank = ranked.position",
    )


LEVEL_ORDER = [
    (Prize.Level.FIRST, "first"),
    (Prize.Level.SECOND, "second"),
    (Prize.Level.THIRD, "third"),
    (Prize.Level.CONSOLATION, "consolation"),
]


def _allocate_prizes(round_):
    Prize.objects.filter(round=round_).delete()
    contest = round_.contest
    excluded = set()
    if contest.one_prize_per_person:
        excluded = set(
            Prize.objects.filter(round__contest=contest, round__results_published_at__isnull=False)
            .exclude(round=round_)
            .values_list("person_id", flat=True)
        )
    prizes = []
    for quota in PrizeQuota.objects.filter(round=round_).select_related("group"):
        slots = [level for level, field in LEVEL_ORDER for _ in range(getattr(quota, field))]
        if not slots:
            continue
        candidates = (
            Attempt.objects.filter(
                round=round_, counted=True, entry__group=quota.group, score__gt=0
            )
            .select_related("entry")
            .order_by("rank")
        )
        for attempt in candidates.iterator(chunk_size=200):
            if not slots:
                break
            if attempt.entry.person_id in excluded:
                continue
            prizes.append(
                Prize(
                    round=round_,
                    group=quota.group,
                    attempt=attempt,
                    person_id=attempt.entry.person_id,
                    unit_id=attempt.entry.unit_id,
                    level=slots.pop(0),
                    rank=attempt.rank,
                    score=attempt.score,
                )
            )
    Prize.objects.bulk_create(prizes)
    return prizes


#: An attempt counts for its entry's unit only when that unit is the entrant's confirmed unit
#: (docs/contests.md, "Team prizes"): the unit typed in the entry form, or chosen in the profile
#: and not yet confirmed by the unit's coordinator, is the person's claim, not the unit's.
COUNTS_FOR_UNIT = Q(
    entry__unit__isnull=False,
    entry__unit=F("entry__person__unit"),
    entry__person__unit_confirmed_at__isnull=False,
)


def team_standings(round_):
    """Per unit group, units with participants, headcount, rate and average score, ranked by
    participation rate then average score (units below the contest's minimum rate excluded).
    Only entrants confirmed in the unit count (COUNTS_FOR_UNIT)."""
    contest = round_.contest
    rows = (
        Attempt.objects.filter(COUNTS_FOR_UNIT, round=round_, counted=True)
        .values(
            "entry__unit_id",
            "entry__unit__name",
            "entry__unit__headcount",
            "entry__unit__group_id",
        )
        .annotate(participants=Count("entry_id", distinct=True), average=Avg("score"))
    )
    groups = defaultdict(list)
    for row in rows:
        headcount = row["entry__unit__headcount"]
        if not headcount or row["entry__unit__group_id"] is None:
            continue
        rate = (Decimal(row["participants"]) * 100 / headcount).quantize(Decimal("0.01"))
        if rate < contest.team_min_rate:
            continue
        groups[row["entry__unit__group_id"]].append(
            {
                "unit_id": row["entry__unit_id"],
                "unit_name": row["entry__unit__name"],
                "participants": row["participants"],
                "headcount": headcount,
                "rate": rate,
                "average": Decimal(row["average"] or 0).quantize(Decimal("0.01")),
            }
        )
    for standings in groups.values():
        standings.sort(key=lambda item: (-item["rate"], -item["average"], item["unit_id"]))
    return groups


def _allocate_team_prizes(round_):
    TeamPrize.objects.filter(round=round_).delete()
    count = round_.contest.team_prizes_per_group
    if not count:
        return []
    prizes = []
    for group_id, standings in team_standings(round_).items():
        for rank, item in enumerate(standings[:count], start=1):
            prizes.append(
                TeamPrize(
                    round=round_,
                    unit_group_id=group_id,
                    unit_id=item["unit_id"],
                    rank=rank,
                    participants=item["participants"],
                    headcount=item["headcount"],
                    participation_rate=item["rate"],
                    average_score=item["average"],
                )
            )
    TeamPrize.objects.bulk_create(prizes)
    return prizes


def compute_results(round_, user=None, now=None):
    """Close what is still open, choose counted attempts, find the true value, rank, award.

    Safe to run again (voiding an entry runs it again, and the next person moves up).
    """
    now = now or timezone.now()
    if not round_.is_closed(now):
        raise ContestError("round_not_closed")
    # Read afresh: the value may have been entered since the caller loaded the round.
    stored = Round.objects.filter(pk=round_.pk).values("predicts", "entered_truth").get()
    if stored["predicts"] == Round.Predicts.ENTERED and stored["entered_truth"] is None:
        raise ContestError("truth_required")
    overdue = Attempt.objects.filter(round=round_, status=Attempt.Status.OPEN)
    for pk in overdue.values_list("pk", flat=True):
        submit(pk, now=max(now, round_.closes_at))
    with transaction.atomic():
        round_ = Round.objects.select_for_update().select_related("contest").get(pk=round_.pk)
        _mark_counted(round_)
        truth = _prediction_truth(round_)
        _store_ranks(round_, truth)
        round_.prediction_truth = truth
        round_.results_computed_at = now
        round_.save(update_fields=["prediction_truth", "results_computed_at"])
        _allocate_prizes(round_)
        _allocate_team_prizes(round_)
        if user is not None:
            log(round_, "contests.compute_results", user=user, data={"truth": truth})
    return round_


def publish_results(round_, user=None, now=None):
    now = now or timezone.now()
    with transaction.atomic():
        round_ = Round.objects.select_for_update().get(pk=round_.pk)
        if round_.results_computed_at is None:
            raise ContestError("not_computed")
        if round_.results_published_at is not None:
            raise ContestError("already_published")
        round_.results_published_at = now
        round_.save(update_fields=["results_published_at"])
        log(round_, "contests.publish_results", user=user)
        transaction.on_commit(lambda: results_published.send(sender=Round, round=round_))
    return round_


def full_score_people(round_):
    """People whose counted attempt scored 100%, with their unit (contract with certificates)."""
    attempts = (
        Attempt.objects.filter(
            round=round_, counted=True, score=Decimal("100"), entry__voided_at__isnull=True
        )
        .select_related("entry__person", "entry__unit")
        .order_by("rank", "pk")
    )
    return [(attempt.entry.person, attempt.entry.unit) for attempt in attempts]
