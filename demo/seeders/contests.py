"""Demo: the 2026 online reform contest with two entrant groups and four weekly rounds (one with
published results from simulated entries across the demo units, one open now), and the question
bank (data in demo/data/contests/).

The bank is a spreadsheet in the organizers' import template, read and saved by the same
importer as the admin's "Import questions" screen, so the demo exercises that path too.
"""

import random
from datetime import date, datetime, time, timedelta

from django.core.files import File
from django.core.management.base import CommandError
from django.utils import timezone

from accounts.models import Unit, User
from contests import importers, services
from contests.models import (
    Attempt,
    BlueprintItem,
    Choice,
    Contest,
    EntrantGroup,
    PrizeQuota,
    Question,
    Round,
)
from demo.files import path, read_json

from . import report

#: Contest fields that name another row in contest.json, not a value.
RELATIONS = ("slug", "committee", "groups", "rounds", "round", "bank", "simulation", "entrant")


def seed(command=None):
    data = read_json("contests/contest.json")
    bank = data["bank"]
    organizer = User.objects.filter(email=bank["author"]).first()
    appraiser = User.objects.filter(email=bank["appraiser"]).first()
    now = timezone.now()
    seed_bank(bank["file"], organizer, appraiser, now)
    contest, groups = _seed_contest(data)
    rounds = _seed_rounds(contest, groups, data, now)
    simulation = data["simulation"]
    simulated = rounds[simulation["round"]]
    if simulated.results_published_at is None and not simulated.attempts.exists():
        _simulate(simulated, groups, simulation)
        services.compute_results(simulated, now=simulated.closes_at + timedelta(hours=2))
        services.publish_results(simulated, now=simulated.closes_at + timedelta(days=1))
    _enter(contest, groups, data["entrant"], now)
    report(command, f"  {Question.objects.count()} questions, {contest.entries.count()} entries")


def seed_bank(name, author, appraiser, now):
    """Import the questions the bank does not have yet, then appraise the demo's drafts."""
    with path(f"contests/{name}").open("rb") as handle:
        parsed = importers.parse(File(handle, name=name))
    known = set(
        Question.objects.filter(
            text_key__in=[Question.key_for(item.text) for item in parsed]
        ).values_list("text_key", flat=True)
    )
    new = [item for item in parsed if Question.key_for(item.text) not in known]
    problems = [
        f"row {item.row}, {column or '-'}: {message}"
        for item in new
        for column, message in item.errors
    ]
    if problems:
        raise CommandError(f"{name} does not import cleanly:\n" + "\n".join(problems))
    if new:
        importers.save_questions([item.as_dict() for item in new], author)
    Question.objects.filter(status=Question.Status.DRAFT, author=author).update(
        status=Question.Status.APPRAISED, appraised_by=appraiser, appraised_at=now
    )


def _seed_contest(data):
    fields = {key: value for key, value in data.items() if key not in RELATIONS}
    contest, created = Contest.objects.get_or_create(slug=data["slug"], defaults=fields)
    if created:
        contest.committee.add(*User.objects.filter(email__in=data["committee"]))
    groups = {}
    for group in data["groups"]:
        defaults = {key: value for key, value in group.items() if key not in ("key", "audience")}
        groups[group["key"]], _ = EntrantGroup.objects.get_or_create(
            contest=contest, audience=group["audience"], defaults=defaults
        )
    return contest, groups


def _monday(day, at):
    monday = day - timedelta(days=day.weekday())
    return timezone.make_aware(datetime.combine(monday, at))


def _seed_rounds(contest, groups, data, now):
    """Weekly rounds around this week: `week` 0 opened on this week's Monday (or the last one
    if this week's opening is still ahead)."""
    settings_ = data["round"]
    this_week = _monday(timezone.localdate(now), time.fromisoformat(settings_["opens"]))
    if this_week > now:
        this_week -= timedelta(days=7)
    rounds = {}
    for spec in data["rounds"]:
        opens = this_week + timedelta(weeks=spec["week"])
        round_, created = Round.objects.get_or_create(
            contest=contest,
            title=spec["title"],
            defaults={
                "opens_at": opens,
                "closes_at": opens + timedelta(hours=settings_["open_for_hours"]),
                "time_limit_minutes": settings_["time_limit_minutes"],
                "question_count": settings_["question_count"],
                "prediction_question": settings_["prediction_question"],
            },
        )
        if created:
            for area, count in settings_["blueprint"].items():
                BlueprintItem.objects.create(round=round_, area=area, count=count)
            for group, quota in settings_["prize_quotas"].items():
                PrizeQuota.objects.create(round=round_, group=groups[group], **quota)
        rounds[spec["title"]] = round_
    return rounds


def _simulate(round_, groups, spec):
    """Simulated entrants across the demo units: realistic scores, predictions and times."""
    rng = random.Random(spec["seed"])
    units = list(Unit.objects.current().exclude(kind=Unit.Kind.PROVINCE).order_by("code"))
    family, given = spec["family_names"], spec["given_names"]
    correct = set(Choice.objects.filter(is_correct=True).values_list("pk", flat=True))
    people = []
    for index in range(spec["people"]):
        citizen = index % spec["citizen_every"] == spec["citizen_every"] - 1
        unit = None if citizen else units[(index * 7) % len(units)]
        person, created = User.objects.get_or_create(
            email=spec["email"].format(number=index + 1),
            defaults={
                "full_name": f"{family[index % len(family)]} {given[index % len(given)]}",
                "unit": unit,
                # Confirmed, as after the organizers' staff-list import: they count for their
                # unit's team prize.
                "unit_confirmed_at": round_.opens_at if unit else None,
            },
        )
        if created:
            person.set_unusable_password()
            person.save(update_fields=["password"])
        people.append((person, groups["citizens" if citizen else "servants"], unit))
    for index, (person, group, unit) in enumerate(people):
        entered = round_.opens_at + timedelta(minutes=5 + index * 37)
        if not round_.contest.entries.filter(person=person).exists():
            born = date(1965 + index % 35, 1 + index % 12, 1 + index % 28)
            services.create_entry(
                round_.contest,
                person,
                group=group,
                unit=unit,
                full_name=person.full_name,
                date_of_birth=born,
                cccd=_cccd(born, index),
                phone=f"09{index:08d}",
                consent=True,
                now=entered,
            )
        attempt = services.start_attempt(round_, person, now=entered, rng=rng)
        skill = rng.choice(spec["skills"])
        answered = entered
        for question_id, choice_ids, _several in attempt.draw:
            right = [pk for pk in choice_ids if pk in correct]
            chosen = right if rng.random() < skill else [rng.choice(choice_ids)]
            answered += timedelta(seconds=rng.randint(15, 60))
            services.save_answer(attempt.pk, person, question_id, chosen, now=answered)
        services.save_prediction(attempt.pk, person, rng.randint(5, 40), now=answered)
        services.submit(attempt.pk, person, now=answered + timedelta(seconds=rng.randint(5, 30)))
    return Attempt.objects.filter(round=round_).count()


def _enter(contest, groups, spec, now):
    """The demo learner is entered, so the open round can be taken straight away."""
    learner = User.objects.filter(email=spec["email"]).first()
    if learner is None or contest.entries.filter(person=learner).exists():
        return
    born = learner.date_of_birth or date.fromisoformat(spec["date_of_birth"])
    services.create_entry(
        contest,
        learner,
        group=groups[spec["group"]],
        unit=learner.unit,
        full_name=learner.full_name,
        date_of_birth=born,
        cccd=learner.cccd or _cccd(born, 999),
        phone=learner.phone or spec["phone"],
        consent=True,
        now=now,
    )


def _cccd(born, serial):
    """A well-formed demo CCCD: province 089, century/sex digit, year of birth, serial."""
    century = 0 if born.year < 2000 else 2
    return f"089{century + serial % 2}{born.year % 100:02d}{serial:06d}"
