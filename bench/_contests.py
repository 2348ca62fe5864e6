"""What the contest benchmarks share: a bank of appraised questions, a contest with a round open
now drawing them by blueprint (bench.contests_quiz, bench.round_start), and a closed round of
many submitted attempts to compute results for (bench.contests_results, bench.contests_quiz).

Models are imported inside the functions: bench.round_start sets Django up with its own settings
before it seeds."""

import random
from datetime import timedelta
from decimal import Decimal


def question_bank(count, text="Câu hỏi đo số {n}?"):
    """`count` appraised questions spread over the areas, four choices each, one of them right."""
    from contests.models import Area, Choice, Question

    areas = list(Area)
    for n in range(count):
        question = Question.objects.create(
            text=text.format(n=n), area=areas[n % len(areas)], status=Question.Status.APPRAISED
        )
        Choice.objects.bulk_create(
            Choice(question=question, text=f"Phương án {k}", is_correct=k == n % 4, sort_order=k)
            for k in range(4)
        )


def open_round(
    *, title, slug, round_title, opened_ago, time_limit_minutes, attempts_allowed, blueprint
):
    """A published contest that asks for no identity papers, its civil servants' group, and a
    round opened `opened_ago` before now and closing in a day, drawing `blueprint[i]` questions
    of the i-th area. Returns (contest, group, round)."""
    from django.utils import timezone

    from contests.models import Area, Audience, BlueprintItem, Contest, EntrantGroup, Round

    contest = Contest.objects.create(
        title=title,
        slug=slug,
        is_published=True,
        require_cccd=False,
        require_phone=False,
        require_date_of_birth=False,
    )
    group = EntrantGroup.objects.create(
        contest=contest, name="Công chức", audience=Audience.CIVIL_SERVANTS
    )
    now = timezone.now()
    round_ = Round.objects.create(
        contest=contest,
        title=round_title,
        opens_at=now - opened_ago,
        closes_at=now + timedelta(days=1),
        time_limit_minutes=time_limit_minutes,
        attempts_allowed=attempts_allowed,
    )
    for area, count in zip(list(Area), blueprint, strict=False):
        BlueprintItem.objects.create(round=round_, area=area, count=count)
    return contest, group, round_


def closed_round(count):
    """One closed round of `count` entrants in one civil servants' group (50 units), one
    submitted attempt each, scores in fifteenths (many ties), random predictions and durations
    (seeded: every run builds the same round). Returns the round."""
    from django.utils import timezone

    from accounts.models import Unit, UnitGroup, User
    from contests.models import Attempt, Audience, Contest, EntrantGroup, Entry, PrizeQuota, Round

    rng = random.Random(7)
    unit_group, _ = UnitGroup.objects.get_or_create(code="bench", defaults={"name": "Khối đo"})
    units = [
        Unit.objects.create(
            code=f"BU{n}",
            name=f"Đơn vị đo {n}",
            kind="commune",
            group=unit_group,
            headcount=2000 + n,
        )
        for n in range(50)
    ]
    contest = Contest.objects.create(
        title="Đo kết quả", slug="do-ket-qua", is_published=True, team_prizes_per_group=3
    )
    group = EntrantGroup.objects.create(
        contest=contest, name="Công chức", audience=Audience.CIVIL_SERVANTS
    )
    now = timezone.now()
    round_ = Round.objects.create(
        contest=contest,
        title="Tuần lớn",
        opens_at=now - timedelta(days=8),
        closes_at=now - timedelta(days=1),
    )
    PrizeQuota.objects.create(round=round_, group=group, first=1, second=3, third=5, consolation=20)
    User.objects.bulk_create(
        (
            User(email=f"lon{n}@bench.local", full_name=f"Thí sinh {n}", password="!")
            for n in range(count)
        ),
        batch_size=5000,
    )
    # Other benchmarks in the same database have people @bench.local too.
    people = list(
        User.objects.filter(email__endswith="@bench.local", email__startswith="lon").values_list(
            "pk", flat=True
        )
    )
    Entry.objects.bulk_create(
        (
            Entry(
                contest=contest,
                person_id=pk,
                group=group,
                unit=units[i % 50],
                full_name=f"Thí sinh {i}",
                consented_at=now,
            )
            for i, pk in enumerate(people)
        ),
        batch_size=5000,
    )
    entries = list(Entry.objects.filter(contest=contest).values_list("pk", flat=True))

    def attempt(entry_id):
        begun = round_.opens_at + timedelta(seconds=rng.randrange(600_000))
        duration = rng.randrange(60_000, 1_200_000)
        correct = min(15, int(rng.betavariate(5, 2) * 16))
        return Attempt(
            round=round_,
            entry_id=entry_id,
            number=1,
            status="submitted",
            started_at=begun,
            deadline=begun + timedelta(minutes=20),
            submitted_at=begun + timedelta(milliseconds=duration),
            duration_ms=duration,
            prediction=rng.randrange(0, 20_000),
            question_total=15,
            correct_count=correct,
            score=(Decimal(correct) * 100 / 15).quantize(Decimal("0.01")),
        )

    Attempt.objects.bulk_create((attempt(e) for e in entries), batch_size=5000)
    return round_
