"""Demo: the 2026 online reform contest with two entrant groups and four weekly rounds (one with
published results from simulated entries across the demo units, one open now), and the bank."""

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from accounts.models import Unit, User

from . import services
from .demo_bank import all_questions
from .importers import save_questions
from .models import (
    Area,
    Attempt,
    Audience,
    BlueprintItem,
    Contest,
    EntrantGroup,
    PrizeQuota,
    Question,
    Round,
)

TITLE = "Hội thi trực tuyến tìm hiểu công tác cải cách hành chính năm 2026"
SLUG = "hoi-thi-cai-cach-hanh-chinh-2026"
BLUEPRINT = {
    Area.LEADERSHIP: 2,
    Area.INSTITUTIONS: 2,
    Area.PROCEDURES: 4,
    Area.ORGANISATION: 2,
    Area.CIVIL_SERVICE: 2,
    Area.PUBLIC_FINANCE: 1,
    Area.DIGITAL: 2,
}
GIVEN_NAMES = [
    "An",
    "Bình",
    "Chi",
    "Dũng",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hùng",
    "Khánh",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Minh",
    "Nam",
    "Ngọc",
    "Phúc",
    "Quân",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trang",
    "Tuấn",
    "Vy",
    "Yến",
]
FAMILY = [
    "Nguyễn Văn",
    "Trần Thị",
    "Lê Hoàng",
    "Phạm Minh",
    "Huỳnh Thị",
    "Võ Quốc",
    "Đặng Thị",
    "Bùi Văn",
    "Đỗ Thanh",
    "Ngô Thị",
]


def seed(command):
    organizer = User.objects.filter(email="bantochuc@demo.gov.vn").first()
    appraiser = User.objects.filter(email="quantri@demo.gov.vn").first()
    now = timezone.now()
    _seed_bank(organizer, appraiser, now)
    contest, servants, citizens = _seed_contest(organizer)
    rounds = _seed_rounds(contest, servants, citizens, now)
    first = rounds[0]
    if first.results_published_at is None and not first.attempts.exists():
        _simulate(first, servants, citizens)
        services.compute_results(first, now=first.closes_at + timedelta(hours=2))
        services.publish_results(first, now=first.closes_at + timedelta(days=1))
    learner = User.objects.filter(email="hocvien@demo.gov.vn").first()
    if learner and not contest.entries.filter(person=learner).exists():
        born = learner.date_of_birth or date(1992, 3, 15)
        services.create_entry(
            contest,
            learner,
            group=servants,
            unit=learner.unit,
            full_name=learner.full_name,
            date_of_birth=born,
            cccd=learner.cccd or _cccd(born, 999),
            phone=learner.phone or "0912345678",
            consent=True,
            now=now,
        )
    command.stdout.write(
        f"  {Question.objects.count()} questions, {contest.entries.count()} entries"
    )


def _seed_bank(organizer, appraiser, now):
    rows = [
        row
        for row in all_questions()
        if not Question.objects.filter(text_key=Question.key_for(row["text"])).exists()
    ]
    if rows:
        save_questions(rows, organizer)
    Question.objects.filter(status=Question.Status.DRAFT, author=organizer).update(
        status=Question.Status.APPRAISED, appraised_by=appraiser, appraised_at=now
    )


def _seed_contest(organizer):
    contest, created = Contest.objects.get_or_create(
        slug=SLUG,
        defaults={
            "title": TITLE,
            "summary": (
                "Hội thi do Ủy ban nhân dân tỉnh An Lạc tổ chức nhằm nâng cao nhận thức của cán bộ, "
                "công chức, viên chức và Nhân dân về cải cách hành chính. Mỗi tuần một vòng thi "
                "15 câu hỏi trắc nghiệm trong 20 phút, kèm một câu hỏi dự đoán."
            ),
            "rules_url": "/the-le-hoi-thi-cai-cach-hanh-chinh-2026/",
            "is_published": True,
            "consent_text": (
                "Tôi đồng ý để Ban Tổ chức xử lý họ tên, ngày sinh, số CCCD, số điện thoại và đơn vị "
                "công tác của tôi để tổ chức hội thi, xét và trao giải."
            ),
            "team_prizes_per_group": 1,
            "team_min_rate": 5,
        },
    )
    if created and organizer:
        contest.committee.add(organizer)
    servants, _ = EntrantGroup.objects.get_or_create(
        contest=contest,
        audience=Audience.CIVIL_SERVANTS,
        defaults={"name": "Cán bộ, công chức, viên chức", "sort_order": 1},
    )
    citizens, _ = EntrantGroup.objects.get_or_create(
        contest=contest,
        audience=Audience.PUBLIC,
        defaults={"name": "Người dân", "min_age": 18, "sort_order": 2},
    )
    return contest, servants, citizens


def _monday_10(day):
    monday = day - timedelta(days=day.weekday())
    return timezone.make_aware(datetime.combine(monday, time(10, 0)))


def _seed_rounds(contest, servants, citizens, now):
    this_week = _monday_10(timezone.localdate(now))
    if this_week > now:
        this_week -= timedelta(days=7)
    rounds = []
    for number, offset in enumerate((-2, -1, 0, 1), start=1):
        opens = this_week + timedelta(weeks=offset)
        round_, created = Round.objects.get_or_create(
            contest=contest,
            title=f"Tuần {number}",
            defaults={
                "opens_at": opens,
                "closes_at": opens + timedelta(days=7, hours=-1),
                "time_limit_minutes": 20,
                "question_count": 15,
                "prediction_question": "Có bao nhiêu lượt dự thi trả lời đúng tất cả các câu hỏi của tuần này?",
            },
        )
        if created:
            for area, count in BLUEPRINT.items():
                BlueprintItem.objects.create(round=round_, area=area, count=count)
            PrizeQuota.objects.create(
                round=round_, group=servants, first=1, second=2, third=3, consolation=5
            )
            PrizeQuota.objects.create(
                round=round_, group=citizens, first=1, second=1, third=1, consolation=2
            )
        rounds.append(round_)
    return rounds


def _simulate(round_, servants, citizens):
    """Simulated entrants across the demo units: realistic scores, predictions and times."""
    rng = random.Random(2026)
    units = list(Unit.objects.current().exclude(kind=Unit.Kind.PROVINCE).order_by("code"))
    people = []
    for index in range(90):
        citizen = index % 9 == 8
        email = f"thisinh{index + 1:03d}@demo.gov.vn"
        name = f"{FAMILY[index % len(FAMILY)]} {GIVEN_NAMES[index % len(GIVEN_NAMES)]}"
        unit = None if citizen else units[(index * 7) % len(units)]
        person, created = User.objects.get_or_create(
            email=email,
            defaults={
                "full_name": name,
                "unit": unit,
                # Confirmed, as after the organizers' staff-list import: they count for their
                # unit's team prize.
                "unit_confirmed_at": round_.opens_at if unit else None,
            },
        )
        if created:
            person.set_unusable_password()
            person.save(update_fields=["password"])
        people.append((person, citizens if citizen else servants, unit))
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
        skill = rng.choice([0.55, 0.7, 0.8, 0.9, 0.95, 1.0])
        answered = entered
        for question_id, choice_ids, _several in attempt.draw:
            correct = [pk for pk in choice_ids if _is_correct(pk)]
            chosen = correct if rng.random() < skill else [rng.choice(choice_ids)]
            answered += timedelta(seconds=rng.randint(15, 60))
            services.save_answer(attempt.pk, person, question_id, chosen, now=answered)
        services.save_prediction(attempt.pk, person, rng.randint(5, 40), now=answered)
        services.submit(attempt.pk, person, now=answered + timedelta(seconds=rng.randint(5, 30)))
    return Attempt.objects.filter(round=round_).count()


_CORRECT = None


def _cccd(born, serial):
    """A well-formed demo CCCD: province 089, century/sex digit, year of birth, serial."""
    century = 0 if born.year < 2000 else 2
    return f"089{century + serial % 2}{born.year % 100:02d}{serial:06d}"


def _is_correct(choice_id):
    global _CORRECT
    if _CORRECT is None:
        from .models import Choice

        _CORRECT = set(Choice.objects.filter(is_correct=True).values_list("pk", flat=True))
    return choice_id in _CORRECT
