"""Results of a round: which attempt counts, the true value of the prediction, ranks computed by
the database (window functions) in one statement, prizes, team prizes and publication."""

from collections import defaultdict
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Avg, Count, F, Q
from django.utils import timezone
from wagtail.log_actions import log

from ..errors import ContestError
from ..models import Attempt, Prize, PrizeQuota, ResultsJob, Round, TeamPrize
from ..signals import results_published
from .attempts import MAX_PREDICTION, submit


def _distinct(vendor):
    """The null-safe "differs" operator: PostgreSQL's IS DISTINCT FROM, SQLite's IS NOT."""
    return "IS NOT" if vendor == "sqlite" else "IS DISTINCT FROM"


def _picked_sql(round_):
    """The round's graded attempts of entries not voided, each with `pick` = 1 for the attempt
    that counts for its entry (best, first or last). SQL and params, for a WITH clause."""
    attempt = Attempt._meta.db_table
    entry = Attempt._meta.get_field("entry").related_model._meta.db_table
    if round_.counted_attempt == Round.Counted.FIRST:
        order = "a.number ASC"
    elif round_.counted_attempt == Round.Counted.LAST:
        order = "a.number DESC"
    else:
        order = "a.score DESC, a.duration_ms ASC, a.submitted_at ASC, a.id ASC"
    sql = (
        "SELECT a.id, e.group_id, a.score, a.prediction, a.duration_ms, a.submitted_at, "
        f"ROW_NUMBER() OVER (PARTITION BY a.entry_id ORDER BY {order}) AS pick "
        f"FROM {attempt} a INNER JOIN {entry} e ON e.id = a.entry_id "
        "WHERE a.round_id = %s AND e.voided_at IS NULL AND a.score IS NOT NULL "
        "AND a.status <> %s"
    )
    return sql, [round_.pk, Attempt.Status.OPEN]


def _store_counted_and_ranks(round_, truth):
    """Choose each entry's counted attempt and rank the counted ones inside their entrant group
    (score ↓, |prediction − truth| ↑ with no prediction last, duration ↑, submission ↑, id), in ONE
    statement that writes only the rows whose `counted` or `rank` changes: computing again with
    nothing changed writes nothing, voiding an entry rewrites only the people who move up.
    Returns the number of attempt rows written."""
    attempt = Attempt._meta.db_table
    picked, params = _picked_sql(round_)
    if truth is None:
        distance, distance_params = "0", []
    else:
        distance = "COALESCE(ABS(prediction - %s), %s)"
        distance_params = [truth, MAX_PREDICTION * 10]
    differs = _distinct(connection.vendor)
    sql = (
        f"WITH picked AS ({picked}), "
        "ranked AS (SELECT id, ROW_NUMBER() OVER (PARTITION BY group_id ORDER BY score DESC, "
        f"{distance} ASC, duration_ms ASC, submitted_at ASC, id ASC) AS position "
        "FROM picked WHERE pick = 1), "
        "wanted AS (SELECT s.id, (r.id IS NOT NULL) AS counted, r.position AS rank "
        f"FROM {attempt} s LEFT OUTER JOIN ranked r ON r.id = s.id WHERE s.round_id = %s) "
        f"UPDATE {attempt} SET counted = wanted.counted, rank = wanted.rank FROM wanted "
        f"WHERE {attempt}.id = wanted.id AND ({attempt}.counted {differs} wanted.counted "
        f"OR {attempt}.rank {differs} wanted.rank)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *distance_params, round_.pk])
        if connection.vendor == "sqlite":
            # Python's sqlite3 gives no rowcount for a statement that starts with WITH.
            cursor.execute("SELECT changes()")
            return cursor.fetchone()[0]
        return max(cursor.rowcount, 0)


def _prediction_truth(round_, predicts, entered_truth):
    """The true value of the prediction, counted over the attempts that will count (the same
    choice as `_store_counted_and_ranks`), before the ranks are stored: the ranking needs it."""
    if predicts == Round.Predicts.ENTERED:
        return entered_truth
    if predicts not in (Round.Predicts.FULL_SCORE, Round.Predicts.PARTICIPANTS):
        return None
    graded = Attempt.objects.filter(
        round=round_, entry__voided_at__isnull=True, score__isnull=False
    ).exclude(status=Attempt.Status.OPEN)
    if predicts == Round.Predicts.PARTICIPANTS:
        # Every entry with a graded attempt has a counted one.
        return graded.values("entry_id").distinct().count()
    if round_.counted_attempt == Round.Counted.BEST:
        # The best attempt has the full score when any attempt has: no window needed.
        return graded.filter(score=Decimal("100")).values("entry_id").distinct().count()
    picked, params = _picked_sql(round_)
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH picked AS ({picked}) SELECT COUNT(*) FROM picked WHERE pick = 1 AND score = 100",
            params,
        )
        return cursor.fetchone()[0]


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
        # One counted attempt per person (one entry per person and contest), so the slots are
        # filled within the first `within` ranks of the group: a score of 0 ranks after every
        # other, so these are ranks 1..within. Filtering on the rank keeps the join to entries to
        # those few rows (`rank` has no index, and right after the ranking rewrote the round the
        # planner's statistics see no counted row and would join all of them one by one).
        within = len(slots) + len(excluded)
        candidates = (
            Attempt.objects.filter(
                round=round_,
                counted=True,
                rank__lte=within,
                entry__group=quota.group,
                score__gt=0,
            )
            .select_related("entry")
            .order_by("rank")
        )
        for attempt in candidates:
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
    counted = Q(counted=True)
    rows = (
        # The round's attempts, the counted ones aggregated: right after the ranking rewrote
        # `counted`, the planner's statistics still see (almost) none counted, and a filter on
        # it made it walk 100,000 attempts through nested index lookups (3× slower). The
        # round's attempts are estimated right, so the joins are hashed.
        Attempt.objects.filter(COUNTS_FOR_UNIT, round=round_)
        .values(
            "entry__unit_id",
            "entry__unit__name",
            "entry__unit__headcount",
            "entry__unit__group_id",
        )
        # One counted attempt per entry: counting rows counts entrants, without DISTINCT's sort.
        .annotate(participants=Count("pk", filter=counted), average=Avg("score", filter=counted))
        .filter(participants__gt=0)
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


def close_overdue_in_round(round_, now, progress=None):
    """Submit (and grade, once) every attempt of the round still open at closing time; each in
    its own transaction, so a crash keeps what was closed. `progress(done, total)` is told
    every 100 attempts."""
    overdue = list(
        Attempt.objects.filter(round=round_, status=Attempt.Status.OPEN).values_list(
            "pk", flat=True
        )
    )
    for done, pk in enumerate(overdue, start=1):
        submit(pk, now=max(now, round_.closes_at))
        if progress is not None and (done % 100 == 0 or done == len(overdue)):
            progress(done, len(overdue))
    return len(overdue)


def compute_results(round_, user=None, now=None, progress=None):
    """Close what is still open, choose counted attempts, find the true value, rank, award.

    The ranking, the prizes and `results_computed_at` change in ONE transaction with the round
    locked: two computations of a round never interleave, and a failure half-way leaves the
    previous results whole. Safe to run again (voiding an entry runs it again, and the next
    person moves up); with nothing changed it writes no attempt row. Returns the round, with
    `rows_written` (attempt rows whose counted flag or rank changed).
    """
    now = now or timezone.now()
    if not round_.is_closed(now):
        raise ContestError("round_not_closed")
    # Read afresh: the value may have been entered since the caller loaded the round.
    stored = Round.objects.filter(pk=round_.pk).values("predicts", "entered_truth").get()
    if stored["predicts"] == Round.Predicts.ENTERED and stored["entered_truth"] is None:
        raise ContestError("truth_required")
    close_overdue_in_round(round_, now, progress)
    with transaction.atomic():
        round_ = Round.objects.select_for_update().select_related("contest").get(pk=round_.pk)
        if round_.predicts == Round.Predicts.ENTERED and round_.entered_truth is None:
            raise ContestError("truth_required")
        truth = _prediction_truth(round_, round_.predicts, round_.entered_truth)
        written = _store_counted_and_ranks(round_, truth)
        round_.prediction_truth = truth
        round_.results_computed_at = now
        round_.save(update_fields=["prediction_truth", "results_computed_at"])
        _allocate_prizes(round_)
        _allocate_team_prizes(round_)
        if user is not None:
            log(round_, "contests.compute_results", user=user, data={"truth": truth})
    round_.rows_written = written
    return round_


def publish_results(round_, user=None, now=None):
    now = now or timezone.now()
    with transaction.atomic():
        round_ = Round.objects.select_for_update().get(pk=round_.pk)
        if round_.results_computed_at is None:
            raise ContestError("not_computed")
        if round_.results_published_at is not None:
            raise ContestError("already_published")
        # A computation waiting or running would change the ranks just published.
        if round_.results_jobs.filter(status__in=ResultsJob.UNFINISHED).exists():
            raise ContestError("results_computing")
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
