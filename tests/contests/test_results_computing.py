"""Computing results: the one-statement ranking against a Python reference on random data full
of ties, rows written only when they change, the background job (progress, void, failure and
resuming), and the admin screens that show it."""

import random
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from contests import services
from contests.models import Attempt, Entry, Prize, ResultsJob, Round, TeamPrize
from contests.services import ContestError, computing, results
from tests.contests.factories import EntrantGroupFactory, EntryFactory, RoundFactory, quota
from tests.factories import UnitFactory, UnitGroupFactory, UserFactory
from tests.helpers import admin_client

pytestmark = pytest.mark.django_db

T0 = timezone.now().replace(microsecond=0) - timedelta(days=10)
MISSING = services.MAX_PREDICTION * 10


def closed_round(contest=None, **kwargs):
    group = EntrantGroupFactory(**({"contest": contest} if contest else {}))
    round_ = RoundFactory(
        contest=group.contest, opens_at=T0, closes_at=T0 + timedelta(days=7), **kwargs
    )
    return round_, group


def attempt(round_, entry, score, *, number=1, prediction=None, duration=60, submitted=0, **kw):
    started = T0 + timedelta(hours=1, seconds=submitted) - timedelta(seconds=duration)
    return Attempt.objects.create(
        round=round_,
        entry=entry,
        number=number,
        status=kw.pop("status", Attempt.Status.SUBMITTED),
        started_at=started,
        deadline=started + timedelta(minutes=30),
        submitted_at=started + timedelta(seconds=duration),
        duration_ms=duration * 1000,
        prediction=prediction,
        question_total=10,
        correct_count=int(score // 10),
        score=Decimal(score),
        **kw,
    )


def random_round(rng, counted_attempt, predicts, entries=60):
    """Two entrant groups, up to three attempts per entry, scores, predictions, durations and
    submission times drawn from small sets (ties at every level), some voided entries, some
    attempts still open."""
    round_, group = closed_round(
        counted_attempt=counted_attempt, predicts=predicts, attempts_allowed=3
    )
    other = EntrantGroupFactory(contest=round_.contest)
    if predicts == Round.Predicts.ENTERED:
        round_.entered_truth = rng.choice([0, 5, 12])
        round_.save(update_fields=["entered_truth"])
    for _n in range(entries):
        entry = EntryFactory(group=rng.choice([group, other]), contest=round_.contest)
        if rng.random() < 0.1:
            Entry.objects.filter(pk=entry.pk).update(voided_at=T0, void_reason="x")
        for number in range(1, rng.randint(1, 3) + 1):
            attempt(
                round_,
                entry,
                rng.choice([0, 50, 90, 100, 100]),
                number=number,
                prediction=rng.choice([None, 3, 5, 8, 12]),
                duration=rng.choice([40, 60, 60]),
                submitted=rng.choice([0, 10, 10]),
            )
    return round_


def reference(round_):
    """What the ranking must be, in plain Python: {attempt id: (counted, rank)}."""
    rows = list(Attempt.objects.filter(round=round_).select_related("entry").order_by("pk"))
    graded = [
        a
        for a in rows
        if a.entry.voided_at is None and a.score is not None and a.status != Attempt.Status.OPEN
    ]
    by_entry = {}
    for a in graded:
        by_entry.setdefault(a.entry_id, []).append(a)
    counted = []
    for attempts in by_entry.values():
        if round_.counted_attempt == Round.Counted.FIRST:
            counted.append(min(attempts, key=lambda a: a.number))
        elif round_.counted_attempt == Round.Counted.LAST:
            counted.append(max(attempts, key=lambda a: a.number))
        else:
            counted.append(
                min(attempts, key=lambda a: (-a.score, a.duration_ms, a.submitted_at, a.pk))
            )
    if round_.predicts == Round.Predicts.FULL_SCORE:
        truth = sum(1 for a in counted if a.score == 100)
    elif round_.predicts == Round.Predicts.PARTICIPANTS:
        truth = len(counted)
    elif round_.predicts == Round.Predicts.ENTERED:
        truth = round_.entered_truth
    else:
        truth = None

    def distance(a):
        if truth is None:
            return 0
        return MISSING if a.prediction is None else abs(a.prediction - truth)

    wanted = {a.pk: (False, None) for a in rows}
    groups = {}
    for a in counted:
        groups.setdefault(a.entry.group_id, []).append(a)
    for members in groups.values():
        members.sort(key=lambda a: (-a.score, distance(a), a.duration_ms, a.submitted_at, a.pk))
        for position, a in enumerate(members, start=1):
            wanted[a.pk] = (True, position)
    return wanted, truth


def stored(round_):
    return {
        pk: (counted, rank)
        for pk, counted, rank in Attempt.objects.filter(round=round_).values_list(
            "pk", "counted", "rank"
        )
    }


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize(
    "counted_attempt,predicts",
    [
        (Round.Counted.BEST, Round.Predicts.FULL_SCORE),
        (Round.Counted.FIRST, Round.Predicts.PARTICIPANTS),
        (Round.Counted.LAST, Round.Predicts.NONE),
        (Round.Counted.BEST, Round.Predicts.ENTERED),
    ],
)
def test_ranking_matches_the_python_reference_on_random_data_with_ties(
    seed, counted_attempt, predicts
):
    rng = random.Random(seed)
    round_ = random_round(rng, counted_attempt, predicts)
    computed = services.compute_results(round_)
    wanted, truth = reference(round_)
    assert computed.prediction_truth == truth
    assert stored(round_) == wanted
    # The ORM ranking (what the screens documented) agrees too.
    positions = dict(services.ranking_queryset(round_, truth).values_list("pk", "position"))
    assert positions == {pk: rank for pk, (counted, rank) in wanted.items() if counted}

    # Computing again with nothing changed writes no row and changes nothing.
    again = services.compute_results(round_)
    assert again.rows_written == 0
    assert stored(round_) == wanted

    # A change is followed: void one more entry, then only the rows that move are written.
    victim = Attempt.objects.filter(round=round_, counted=True, rank=1).first()
    Entry.objects.filter(pk=victim.entry_id).update(voided_at=T0, void_reason="x")
    before = stored(round_)
    after_void = services.compute_results(round_)
    wanted, _ = reference(round_)
    assert stored(round_) == wanted
    assert after_void.rows_written == sum(1 for pk in wanted if wanted[pk] != before[pk])


def reference_team_standings(round_):
    """Team standings in plain Python from the stored counted attempts: {unit id: (participants,
    average)} for the units whose confirmed members have a counted attempt."""
    members = {}
    for a in Attempt.objects.filter(round=round_, counted=True).select_related("entry__person"):
        person = a.entry.person
        if a.entry.unit_id and a.entry.unit_id == person.unit_id and person.unit_confirmed_at:
            members.setdefault(a.entry.unit_id, []).append(a.score)
    return {
        unit_id: (len(scores), (sum(scores) / len(scores)).quantize(Decimal("0.01")))
        for unit_id, scores in members.items()
    }


@pytest.mark.parametrize("seed", [11, 12])
def test_team_standings_count_only_counted_attempts_of_confirmed_members(seed):
    """Team standings aggregate the round's attempts with a filter on `counted` (so the planner
    is not misled by statistics taken before the ranking rewrote it): a unit whose members have
    only attempts that do not count (voided, open, a second attempt) has no standing, and a
    person's several attempts count once."""
    rng = random.Random(seed)
    round_, group = closed_round(attempts_allowed=3)
    round_.contest.team_min_rate = Decimal("0")
    round_.contest.save(update_fields=["team_min_rate"])
    units = [UnitFactory(group=UnitGroupFactory(code="xa"), headcount=50) for _ in range(5)]
    # The last unit's only entrant is voided: it must not appear with 0 participants.
    voided = EntryFactory(group=group, person=UserFactory(unit=units[-1]))
    attempt(round_, voided, 100)
    Entry.objects.filter(pk=voided.pk).update(voided_at=T0, void_reason="x")
    for _n in range(40):
        person = UserFactory(
            unit=rng.choice(units[:-1]),
            **({"unit_confirmed_at": None} if rng.random() < 0.2 else {}),
        )
        entry = EntryFactory(group=group, person=person)
        if rng.random() < 0.1:
            Entry.objects.filter(pk=entry.pk).update(voided_at=T0, void_reason="x")
        for number in range(1, rng.randint(1, 3) + 1):
            attempt(round_, entry, rng.choice([0, 50, 90, 100]), number=number)
        if rng.random() < 0.1:
            attempt(round_, entry, 100, number=4, status=Attempt.Status.OPEN)
    services.compute_results(round_)
    standings = {
        item["unit_id"]: (item["participants"], item["average"])
        for items in services.team_standings(round_).values()
        for item in items
    }
    wanted = reference_team_standings(round_)
    assert standings == wanted
    assert units[-1].pk not in standings
    # More attempts than counted ones, so the filter is what made the difference.
    assert Attempt.objects.filter(round=round_).count() > sum(n for n, _ in wanted.values())


def test_the_attempt_table_keeps_only_the_indexes_a_ranking_rewrite_must_write():
    """Rewriting a rank writes the row again into every index whose condition it meets: the
    round has no index of its own (the unique (round, entry, number) one starts with it) and
    the deadline index holds open attempts only (docs/contests.md)."""
    from django.db import connection

    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Attempt._meta.db_table)
    indexed = sorted(
        tuple(item["columns"])
        for item in constraints.values()
        if item["index"] or item["unique"] or item["primary_key"]
    )
    assert ("round_id",) not in indexed
    assert ("status", "deadline") not in indexed
    assert ("deadline",) in indexed and ("round_id", "entry_id", "number") in indexed


def test_no_index_of_the_attempt_table_holds_rank_or_counted():
    """Computing results rewrites `rank` and `counted`: with neither in an index, PostgreSQL
    rewrites the row without writing any index (HOT). SQLite's introspection gives no index
    condition; PostgreSQL's index definitions are checked whole."""
    from django.db import connection

    table = Attempt._meta.db_table
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
        definitions = []
        if connection.vendor == "postgresql":
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = %s", [table])
            definitions = [row[0] for row in cursor.fetchall()]
    for item in constraints.values():
        if item["index"] or item["unique"] or item["primary_key"]:
            assert not {"rank", "counted"} & set(item["columns"]), item
    for definition in definitions:
        assert "rank" not in definition and "counted" not in definition, definition


@pytest.mark.postgres
def test_rank_rewrites_are_hot_updates_on_postgresql():
    """A void moves everyone after the voided entry up: every attempt row rewritten is a HOT
    update (no index written), and the table leaves room for them (fillfactor)."""
    from django.db import connection

    rng = random.Random(5)
    round_ = random_round(rng, Round.Counted.BEST, Round.Predicts.FULL_SCORE, entries=40)
    table = Attempt._meta.db_table

    def updates():
        # This transaction's own counts (the test runs in one), read at once.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_xact_user_tables WHERE relname = %s",
                [table],
            )
            return cursor.fetchone()

    # The first computation also closes the attempts still open (their status is indexed).
    services.compute_results(round_)
    before = updates()
    top = Attempt.objects.filter(round=round_, counted=True, rank=1).first()
    # Everyone ranked in the group moves up one, and the voided one no longer counts.
    moving = Attempt.objects.filter(round=round_, counted=True, entry__group=top.entry.group_id)
    moving = moving.count()
    services.void_entry(top.entry, "Khai sai thông tin")
    after = updates()
    assert moving > 5
    assert after[0] - before[0] == moving
    assert after[1] - before[1] == moving
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = %s", [table])
        assert "fillfactor=50" in cursor.fetchone()[0]


def test_a_second_computation_writes_nothing_and_keeps_prizes():
    rng = random.Random(9)
    round_ = random_round(rng, Round.Counted.BEST, Round.Predicts.FULL_SCORE, entries=30)
    quota(round_, round_.contest.groups.first(), 1, 2, 3, 4)
    first = services.compute_results(round_)
    assert first.rows_written > 0
    winners = list(Prize.objects.filter(round=round_).values_list("person_id", "level", "rank"))
    assert winners
    assert services.compute_results(round_).rows_written == 0
    assert (
        list(Prize.objects.filter(round=round_).values_list("person_id", "level", "rank"))
        == winners
    )


def test_the_query_count_does_not_grow_with_the_round():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for seed, entries in ((4, 10), (5, 80)):
        round_ = random_round(
            random.Random(seed), Round.Counted.BEST, Round.Predicts.FULL_SCORE, entries=entries
        )
        with CaptureQueriesContext(connection) as queries:
            services.compute_results(round_)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_voiding_recomputes_every_computed_round_through_a_job():
    round1, group = closed_round(predicts=Round.Predicts.NONE)
    round2 = RoundFactory(
        contest=round1.contest,
        opens_at=T0 + timedelta(days=1),
        closes_at=T0 + timedelta(days=8),
        predicts=Round.Predicts.NONE,
    )
    untouched = RoundFactory(contest=round1.contest, opens_at=T0, closes_at=T0 + timedelta(days=8))
    entries = [EntryFactory(group=group, full_name=f"Người {n}") for n in range(5)]
    for n, entry in enumerate(entries):
        attempt(round1, entry, 100 - n * 10)
        attempt(round2, entry, 100 - n * 10)
    services.compute_results(round1)
    services.compute_results(round2)
    organizer = UserFactory()

    entry = services.void_entry(entries[0], "Khai sai thông tin", user=organizer)

    job = entry.results_job
    assert job.reason == ResultsJob.Reason.VOID and job.entry_id == entries[0].pk
    assert set(job.rounds.all()) == {round1, round2}  # not the round never computed
    assert untouched not in job.rounds.all()
    assert job.status == ResultsJob.Status.DONE and job.percent == 100
    assert sorted(job.done_round_ids) == sorted([round1.pk, round2.pk])
    # Four people move up one place in each round, and the voided attempt loses its rank.
    assert job.rows_written == 2 * 5
    for round_ in (round1, round2):
        ranked = Attempt.objects.filter(round=round_, counted=True).order_by("rank")
        assert [a.entry_id for a in ranked] == [e.pk for e in entries[1:]]
        assert [a.rank for a in ranked] == [1, 2, 3, 4]


def test_voiding_when_nothing_was_computed_creates_no_job():
    round_, group = closed_round()
    entry = EntryFactory(group=group)
    attempt(round_, entry, 80)
    assert services.void_entry(entry, "Trùng người").results_job is None
    assert not ResultsJob.objects.exists()


def test_progress_is_recorded_while_overdue_attempts_are_closed(monkeypatch):
    round_, group = closed_round(predicts=Round.Predicts.NONE)
    for n in range(3):
        attempt(round_, EntryFactory(group=group), 50 + n)
    # Still open at closing time: the job closes and grades it before ranking.
    open_attempt = attempt(
        round_, EntryFactory(group=group), 0, status=Attempt.Status.OPEN, submitted=0
    )
    Attempt.objects.filter(pk=open_attempt.pk).update(score=None, submitted_at=None)
    seen = []
    real_touch = computing._touch

    def recording(job_id, **fields):
        real_touch(job_id, **fields)
        job = ResultsJob.objects.get(pk=job_id)
        seen.append((job.status, job.percent))

    monkeypatch.setattr(computing, "_touch", recording)
    job = services.start_compute(round_, user=UserFactory())
    assert job.status == ResultsJob.Status.DONE
    assert seen[0] == (ResultsJob.Status.RUNNING, 0)
    assert (ResultsJob.Status.RUNNING, 50) in seen  # the overdue attempt closed
    assert seen[-1] == (ResultsJob.Status.DONE, 100)
    assert Attempt.objects.get(pk=open_attempt.pk).status == Attempt.Status.TIMED_OUT


def test_a_failure_half_way_leaves_the_previous_results_whole_and_the_job_resumes(monkeypatch):
    round1, group = closed_round(predicts=Round.Predicts.NONE)
    round2 = RoundFactory(
        contest=round1.contest,
        opens_at=T0 + timedelta(days=1),
        closes_at=T0 + timedelta(days=8),
        predicts=Round.Predicts.NONE,
    )
    units = UnitGroupFactory()
    unit = UnitFactory(group=units, headcount=4)
    round1.contest.team_prizes_per_group = 1
    round1.contest.save()
    entries = []
    for n in range(4):
        entry = EntryFactory(group=group, full_name=f"Người {n}", unit=unit)
        entry.person.unit = unit
        entry.person.unit_confirmed_at = T0
        entry.person.save()
        entries.append(entry)
        attempt(round1, entry, 100 - n * 10)
        attempt(round2, entry, 100 - n * 10)
    for round_ in (round1, round2):
        quota(round_, group, 1, 1, 0, 0)
        services.compute_results(round_)

    def snapshot(round_):
        round_.refresh_from_db()
        return (
            stored(round_),
            list(Prize.objects.filter(round=round_).values_list("person_id", "rank")),
            TeamPrize.objects.filter(round=round_).count(),
            round_.results_computed_at,
        )

    before2 = snapshot(round2)
    real = results._allocate_team_prizes

    def fail_in_round2(round_):
        if round_.pk == round2.pk:
            raise RuntimeError("disk full")
        return real(round_)

    monkeypatch.setattr(results, "_allocate_team_prizes", fail_in_round2)
    # The worker logs the error (the immediate backend of the tests too) and the job says so.
    services.void_entry(entries[0], "Khai sai thông tin")
    job = ResultsJob.objects.get()
    assert job.status == ResultsJob.Status.FAILED and job.error == "RuntimeError"
    assert job.done_round_ids == [round1.pk] and job.percent == 50
    # Round 2 failed after its ranks and prizes were rewritten: all of it rolled back.
    assert snapshot(round2) == before2
    assert Attempt.objects.get(round=round1, entry=entries[1]).rank == 1

    monkeypatch.setattr(results, "_allocate_team_prizes", real)
    calls = []
    real_compute = computing.compute_results
    monkeypatch.setattr(
        computing,
        "compute_results",
        lambda round_, **kw: calls.append(round_.pk) or real_compute(round_, **kw),
    )
    job = services.retry_job(job)
    assert calls == [round2.pk]  # round 1 was done: not computed again
    assert job.status == ResultsJob.Status.DONE and job.error == ""
    assert Attempt.objects.get(round=round2, entry=entries[1]).rank == 1
    assert not Attempt.objects.filter(round=round2, entry=entries[0], counted=True).exists()


def test_a_refusal_fails_the_job_with_its_reason():
    round_, group = closed_round(predicts=Round.Predicts.NONE)
    attempt(round_, EntryFactory(group=group), 80)
    services.compute_results(round_)
    # The round is reopened after the job was asked for: the job fails, saying why.
    job = ResultsJob.objects.create(contest=round_.contest, reason="compute", total=100)
    job.rounds.set([round_])
    Round.objects.filter(pk=round_.pk).update(closes_at=timezone.now() + timedelta(days=1))
    job = computing.run_job(job.pk)
    assert job.status == ResultsJob.Status.FAILED and job.error == "round_not_closed"


def test_asking_twice_gives_the_same_job_and_publishing_waits_for_it(monkeypatch):
    round_, group = closed_round(predicts=Round.Predicts.NONE)
    attempt(round_, EntryFactory(group=group), 80)
    monkeypatch.setattr(computing, "_enqueue", lambda job: None)  # no worker yet
    first = services.start_compute(round_)
    assert services.start_compute(round_).pk == first.pk
    assert first.status == ResultsJob.Status.PENDING
    with pytest.raises(ContestError) as refused:
        services.publish_results(round_)
    assert refused.value.code in {"not_computed", "results_computing"}
    computing.run_job(first.pk)
    services.compute_results(round_)
    round_.refresh_from_db()
    assert services.start_compute(round_).pk != first.pk  # the first one is done
    with pytest.raises(ContestError) as refused:
        services.publish_results(round_)
    assert refused.value.code == "results_computing"


def test_the_start_refuses_an_open_round_or_a_missing_true_value():
    round_, _group = closed_round(predicts=Round.Predicts.ENTERED)
    with pytest.raises(ContestError) as refused:
        services.start_compute(round_)
    assert refused.value.code == "truth_required"
    Round.objects.filter(pk=round_.pk).update(closes_at=timezone.now() + timedelta(days=1))
    round_.refresh_from_db()
    with pytest.raises(ContestError) as refused:
        services.start_compute(round_)
    assert refused.value.code == "round_not_closed"
    assert not ResultsJob.objects.exists()


def test_stalled_jobs_are_enqueued_again_and_finish(monkeypatch):
    round_, group = closed_round(predicts=Round.Predicts.NONE)
    attempt(round_, EntryFactory(group=group), 80)
    monkeypatch.setattr(computing, "_enqueue", lambda job: None)
    job = services.start_compute(round_)
    ResultsJob.objects.filter(pk=job.pk).update(
        status=ResultsJob.Status.RUNNING, updated_at=timezone.now() - timedelta(minutes=30)
    )
    monkeypatch.undo()
    assert computing.resume_stalled_jobs() == 1
    job.refresh_from_db()
    assert job.status == ResultsJob.Status.DONE
    assert computing.resume_stalled_jobs() == 0


# ----------------------------------------------------------------------------------------------
# Admin screens
# ----------------------------------------------------------------------------------------------


@pytest.fixture
def organizer(client):
    user = UserFactory(is_superuser=True, is_staff=True)
    admin_client(client, user)
    return user


def test_the_results_screen_shows_the_progress_and_hides_the_buttons(client, organizer, vi):
    round_, group = closed_round(predicts=Round.Predicts.NONE)
    attempt(round_, EntryFactory(group=group), 80)
    job = ResultsJob.objects.create(
        contest=round_.contest, reason="compute", status="running", done=40, total=100
    )
    job.rounds.set([round_])
    response = client.get(reverse("contests_admin_results", args=[round_.pk]))
    html = response.content.decode()
    assert "Đang tính kết quả… 40%" in html
    assert '<progress max="100" value="40"' in html
    assert 'http-equiv="refresh"' in html
    assert 'value="compute"' not in html and 'value="publish"' not in html
    response = client.get(reverse("contests_admin_results_job", args=[job.pk]))
    assert "Đang tính kết quả… 40%" in response.content.decode()

    ResultsJob.objects.filter(pk=job.pk).update(status="failed", error="RuntimeError")
    html = client.get(reverse("contests_admin_results", args=[round_.pk])).content.decode()
    assert "RuntimeError" in html and 'value="retry"' in html
    assert 'http-equiv="refresh"' not in html
    client.post(reverse("contests_admin_results", args=[round_.pk]), {"action": "retry"})
    job.refresh_from_db()
    assert job.status == ResultsJob.Status.DONE
    assert Attempt.objects.get(round=round_).rank == 1


def test_voiding_in_the_admin_leads_to_the_computation(client, organizer, vi):
    round_, group = closed_round(predicts=Round.Predicts.NONE)
    entries = [EntryFactory(group=group) for _ in range(3)]
    for n, entry in enumerate(entries):
        attempt(round_, entry, 90 - n)
    services.compute_results(round_)
    response = client.post(
        reverse("contests_admin_void", args=[entries[0].pk]),
        {"reason": "Khai sai thông tin", "confirm": "yes"},
    )
    job = ResultsJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("contests_admin_results_job", args=[job.pk])
    html = client.get(response["Location"]).content.decode()
    assert "Đã tính xong kết quả lúc" in html
    assert 'http-equiv="refresh"' not in html
    assert Attempt.objects.get(round=round_, entry=entries[1]).rank == 1


def test_the_job_screen_needs_the_round_permission_and_voiding_without_it_goes_to_the_list(
    client,
):
    from tests.contests.test_admin_screens import staff_with

    round_, group = closed_round(predicts=Round.Predicts.NONE)
    entries = [EntryFactory(group=group) for _ in range(2)]
    for n, entry in enumerate(entries):
        attempt(round_, entry, 90 - n)
    services.compute_results(round_)
    job = services.start_compute(round_)
    url = reverse("contests_admin_results_job", args=[job.pk])
    staff_with(client)
    assert client.get(url).status_code in (302, 403)
    client.logout()
    staff_with(client, "change_entry")
    assert client.get(url).status_code in (302, 403)
    response = client.post(
        reverse("contests_admin_void", args=[entries[0].pk]),
        {"reason": "Khai sai thông tin", "confirm": "yes"},
    )
    assert response["Location"] == reverse("wagtailsnippets_contests_entry:list")
    assert Attempt.objects.get(round=round_, entry=entries[1]).rank == 1
    client.logout()
    staff_with(client, "change_round")
    assert client.get(url).status_code == 200
