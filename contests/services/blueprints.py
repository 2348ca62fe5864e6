"""Whether the bank can fill a round: its blueprint lines (area × difficulty × count), bank
rotation (questions drawn in the previous N rounds of the contest are left out) and, for each
entrant group, the appraised questions its entrants may be asked.

The draw at start (`attempts.draw_questions`) and the check before a round opens use the same
pool and the same order of lines, so a round the check accepts is a round every entrant can
start: lines of one difficulty are drawn first, a line of any difficulty takes what the area's
other lines leave.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count

from ..errors import MESSAGES, ContestError
from ..models import Area, Audience, EntrantGroup, Question, Round, RoundQuestion


@dataclass(frozen=True)
class Line:
    area: str
    difficulty: str  # "" = any difficulty
    count: int


@dataclass(frozen=True)
class Shortfall:
    """One line (or, without a blueprint, the whole round) the bank cannot fill for a group."""

    group: str
    area: str
    difficulty: str
    needed: int
    available: int

    @property
    def missing(self):
        return self.needed - self.available

    @property
    def message(self):
        params = {
            "group": self.group,
            "missing": self.missing,
            "needed": self.needed,
            "available": self.available,
        }
        if not self.area:
            return MESSAGES["short_total"] % params
        params["area"] = Area(self.area).label
        if not self.difficulty:
            return MESSAGES["short_area"] % params
        params["difficulty"] = str(Question.Difficulty(self.difficulty).label).lower()
        return MESSAGES["short_line"] % params


def lines_of(items):
    """Blueprint lines from BlueprintItem-like objects (saved rows or a form's cleaned data):
    lines of one difficulty first, then those of any difficulty, each in the given order."""
    lines = [Line(item.area, item.difficulty or "", item.count) for item in items if item.count]
    return sorted(lines, key=lambda line: line.difficulty == "")


def round_lines(round_):
    return lines_of(round_.blueprint.all())


def recent_round_ids(round_, rounds_back):
    """The ids of the `rounds_back` rounds of the same contest that opened before this one."""
    if not rounds_back or not round_.contest_id or round_.opens_at is None:
        return Round.objects.none().values("pk")
    earlier = Round.objects.filter(contest_id=round_.contest_id, opens_at__lt=round_.opens_at)
    if round_.pk:
        earlier = earlier.exclude(pk=round_.pk)
    return earlier.order_by("-opens_at", "-pk").values("pk")[:rounds_back]


def pool(round_, audience, rounds_back=None):
    """Appraised questions an entrant of `audience` may be asked in this round, rotation applied.
    One query when evaluated (the rotation is a subquery)."""
    rounds_back = round_.exclude_recent_rounds if rounds_back is None else rounds_back
    questions = Question.objects.filter(
        status=Question.Status.APPRAISED, audience__in=[Audience.ALL, audience]
    )
    if rounds_back:
        used = RoundQuestion.objects.filter(
            round_id__in=recent_round_ids(round_, rounds_back)
        ).values("question_id")
        questions = questions.exclude(pk__in=used)
    return questions


def shortfalls_for(lines, question_count, available, group=""):
    """What `lines` (or `question_count` questions when there are none) lack, given `available`:
    {(area, difficulty): count}."""
    if not lines:
        total = sum(available.values())
        if total < question_count:
            return [Shortfall(group, "", "", question_count, total)]
        return []
    result = []
    per_area = Counter()
    for (area, _difficulty), count in available.items():
        per_area[area] += count
    taken = Counter()
    for line in lines:
        if line.difficulty:
            have = available.get((line.area, line.difficulty), 0)
            taken[line.area] += min(have, line.count)
        else:
            have = per_area[line.area] - taken[line.area]
            taken[line.area] += min(have, line.count)
        if have < line.count:
            result.append(Shortfall(group, line.area, line.difficulty, line.count, max(have, 0)))
    return result


def _available(questions):
    rows = questions.values("area", "difficulty").annotate(count=Count("pk")).order_by()
    return {(row["area"], row["difficulty"]): row["count"] for row in rows}


def bank_shortfalls(round_, lines=None, question_count=None, rounds_back=None, groups=None):
    """Every line the bank cannot fill, for every entrant group of the round's contest.

    The round's own blueprint, question count, rotation and groups unless given (the round
    form passes what is being saved). One query per distinct audience, plus the groups'."""
    lines = round_lines(round_) if lines is None else lines
    question_count = round_.question_count if question_count is None else question_count
    if groups is None:
        groups = list(EntrantGroup.objects.filter(contest_id=round_.contest_id))
    counted = {}
    result = []
    for group in groups:
        if group.audience not in counted:
            counted[group.audience] = _available(pool(round_, group.audience, rounds_back))
        result += shortfalls_for(lines, question_count, counted[group.audience], group.name)
    return result


def check_round_bank(round_, **kwargs):
    """Refuse a round the bank cannot fill for some entrant group: the round editor saves no such
    round, and the "Today" panel names one that a later change to the bank left short."""
    shortfalls = bank_shortfalls(round_, **kwargs)
    if shortfalls:
        raise ContestError(
            "blueprint_short", detail=" ".join(shortfall.message for shortfall in shortfalls)
        )


def draw_ids(lines, question_count, candidates, rng):
    """The drawn question ids. `candidates`: (pk, area, difficulty) in a stable order, so the
    same seed gives the same draw."""
    if not lines:
        everything = [pk for pk, _area, _difficulty in candidates]
        if len(everything) < question_count:
            raise ContestError("bank_too_small")
        return rng.sample(everything, question_count)
    by_line = defaultdict(list)
    by_area = defaultdict(list)
    for pk, area, difficulty in candidates:
        by_line[(area, difficulty)].append(pk)
        by_area[area].append(pk)
    chosen = []
    taken = set()
    for line in lines:
        if line.difficulty:
            bucket = by_line[(line.area, line.difficulty)]
        else:
            bucket = [pk for pk in by_area[line.area] if pk not in taken]
        if len(bucket) < line.count:
            raise ContestError("bank_too_small")
        picked = rng.sample(bucket, line.count)
        taken.update(picked)
        chosen.extend(picked)
    return chosen
