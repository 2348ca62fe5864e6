"""Reform knowledge contests: the question bank, contests with entrant groups, rounds, entries,
timed attempts with their answers, and the prizes of each round."""

from decimal import Decimal

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel

from common import vietnamese
from common.reform import ReformArea as Area
from common.validators import validate_link

from . import formatting

# ----------------------------------------------------------------------------------------------
# Question bank
# ----------------------------------------------------------------------------------------------


class Audience(models.TextChoices):
    """Which entrant group a question, or an entrant group, is for."""

    ALL = "all", _("Everyone")
    CIVIL_SERVANTS = "civil_servants", _("Civil servants")
    PUBLIC = "public", _("Citizens")


class Question(ClusterableModel):
    class Kind(models.TextChoices):
        SINGLE = "single", _("One correct choice")
        MULTIPLE = "multiple", _("Several correct choices")
        TRUE_FALSE = "true_false", _("True or false")

    class Difficulty(models.TextChoices):
        EASY = "easy", _("Easy")
        MEDIUM = "medium", _("Medium")
        HARD = "hard", _("Hard")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPRAISED = "appraised", _("Appraised")
        RETIRED = "retired", _("Retired")

    text = models.TextField(_("question"))
    text_key = models.CharField(max_length=255, editable=False, db_index=True)
    area = models.CharField(_("reform area"), max_length=20, choices=Area.choices)
    difficulty = models.CharField(
        _("difficulty"), max_length=10, choices=Difficulty.choices, default=Difficulty.MEDIUM
    )
    audience = models.CharField(
        _("entrant group"),
        max_length=20,
        choices=Audience.choices,
        default=Audience.ALL,
        help_text=_("Which entrants may be asked this question."),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.SINGLE)
    explanation = models.TextField(_("explanation"), blank=True)
    legal_source = models.CharField(
        _("legal source"),
        max_length=255,
        blank=True,
        help_text=_("The document the answer comes from, e.g. Decree 118/2025/NĐ-CP, Article 5."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    appraised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("appraised by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    appraised_at = models.DateTimeField(_("appraised at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["area", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        indexes = [models.Index(fields=["status", "area", "audience"])]

    def __str__(self):
        return formatting.plain_text(self.text)[:80]

    @admin.display(description=_("question"))
    def text_summary(self):
        """The question's words for the bank's list (its tags would show as text there)."""
        return formatting.plain_text(self.text)

    @staticmethod
    def key_for(text):
        # Formatting never makes two questions different: "<b>Ai</b> ký?" is "Ai ký?".
        return vietnamese.normalize(formatting.plain_text(text))[:255]

    def save(self, *args, **kwargs):
        self.text_key = self.key_for(self.text)
        super().save(*args, **kwargs)


KIND_MESSAGES = {
    "kind_single": _(
        "A question with one correct choice must have exactly one choice marked correct."
    ),
    "kind_multiple": _(
        "A question with several correct choices needs at least one choice marked correct."
    ),
    "kind_true_false": _(
        "A true-or-false question must have exactly two choices, one of them marked correct."
    ),
}


def kind_problem(kind, correct_flags):
    """Why the choices (their "correct" flags) do not fit the question's kind, as a key of
    KIND_MESSAGES, or None. Otherwise a single-answer question with two correct choices could be
    appraised and nobody could ever score on it."""
    flags = [bool(flag) for flag in correct_flags]
    correct = sum(flags)
    if kind == Question.Kind.SINGLE and correct != 1:
        return "kind_single"
    if kind == Question.Kind.MULTIPLE and correct < 1:
        return "kind_multiple"
    if kind == Question.Kind.TRUE_FALSE and (len(flags) != 2 or correct != 1):
        return "kind_true_false"
    return None


class Choice(models.Model):
    question = ParentalKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="choices"
    )
    text = models.CharField(_("choice"), max_length=500)
    is_correct = models.BooleanField(_("correct"), default=False)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("choice")
        verbose_name_plural = _("choices")

    def __str__(self):
        return formatting.plain_text(self.text)


# ----------------------------------------------------------------------------------------------
# Contests, entrant groups, rounds
# ----------------------------------------------------------------------------------------------


class Contest(ClusterableModel):
    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    summary = models.TextField(_("summary"), blank=True)
    rules_url = models.CharField(
        _("rules page"),
        max_length=500,
        blank=True,
        validators=[validate_link],
        help_text=_(
            "Link to the page with the contest rules (thể lệ): an address starting with "
            "https:// or a path on this site such as /the-le/."
        ),
    )
    is_published = models.BooleanField(
        _("published"), default=False, help_text=_("Shown on the public contest list.")
    )
    require_phone = models.BooleanField(_("entrants must give a phone number"), default=True)
    require_date_of_birth = models.BooleanField(
        _("entrants must give their date of birth"), default=True
    )
    require_cccd = models.BooleanField(_("entrants must give their CCCD"), default=True)
    consent_text = models.TextField(
        _("consent notice"),
        blank=True,
        help_text=_("What entrants agree to about their personal data."),
    )
    committee = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organizing committee"),
        blank=True,
        related_name="contest_committees",
        help_text=_("Members of the organizing committee may not enter."),
    )
    one_prize_per_person = models.BooleanField(
        _("one prize per person per contest"),
        default=True,
        help_text=_("A person who already won a prize in an earlier round is passed over."),
    )
    team_prizes_per_group = models.PositiveSmallIntegerField(
        _("team prizes per unit group"), default=0
    )
    team_min_rate = models.DecimalField(
        _("minimum participation rate for team prizes (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("50"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    certificate_template = models.ForeignKey(
        "certificates.CertificateTemplate",
        verbose_name=_("prize certificate template"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "When set, prize certificates are issued when a round's results are published."
        ),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("contest")
        verbose_name_plural = _("contests")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("contests:detail", kwargs={"slug": self.slug})


class EntrantGroup(models.Model):
    contest = ParentalKey(
        Contest, verbose_name=_("contest"), on_delete=models.CASCADE, related_name="groups"
    )
    name = models.CharField(_("name"), max_length=150)
    audience = models.CharField(
        _("who"),
        max_length=20,
        choices=[
            (Audience.CIVIL_SERVANTS, Audience.CIVIL_SERVANTS.label),
            (Audience.PUBLIC, Audience.PUBLIC.label),
        ],
        default=Audience.CIVIL_SERVANTS,
        help_text=_(
            "Civil servants answer civil-servant questions; citizens answer citizens' ones."
        ),
    )
    units = ParentalManyToManyField(
        "accounts.Unit",
        verbose_name=_("units"),
        blank=True,
        related_name="+",
        help_text=_("Civil servants of these units may enter; empty means every unit."),
    )
    min_age = models.PositiveSmallIntegerField(_("minimum age"), default=18)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("entrant group")
        verbose_name_plural = _("entrant groups")

    def __str__(self):
        return self.name


class Round(ClusterableModel):
    class Counted(models.TextChoices):
        BEST = "best", _("Best attempt")
        FIRST = "first", _("First attempt")
        LAST = "last", _("Last attempt")

    class Reveal(models.TextChoices):
        AFTER_ATTEMPT = "after_attempt", _("After each attempt")
        AFTER_CLOSE = "after_close", _("After the round closes")
        NEVER = "never", pgettext_lazy("when answers are revealed", "Never")

    class Predicts(models.TextChoices):
        NONE = "none", _("No prediction question")
        FULL_SCORE = "full_score", _("Entries with a full score")
        PARTICIPANTS = "participants", _("Participants")
        # A figure the system cannot count ("how many applications were filed online this
        # year?"): the organizers enter it before computing the results.
        ENTERED = "entered", _("A value the organizers enter")

    contest = ParentalKey(
        Contest, verbose_name=_("contest"), on_delete=models.CASCADE, related_name="rounds"
    )
    title = models.CharField(_("title"), max_length=150, help_text=_("For example: Week 1."))
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    question_count = models.PositiveSmallIntegerField(
        _("number of questions"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Used when the blueprint is empty; otherwise the blueprint's total."),
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"), default=15, validators=[MinValueValidator(1)]
    )
    grace_seconds = models.PositiveSmallIntegerField(
        _("grace (seconds)"),
        default=20,
        help_text=_("Extra seconds the server accepts after the limit, for slow connections."),
    )
    attempts_allowed = models.PositiveSmallIntegerField(
        _("attempts allowed"), default=1, validators=[MinValueValidator(1)]
    )
    counted_attempt = models.CharField(
        _("attempt that counts"), max_length=10, choices=Counted.choices, default=Counted.BEST
    )
    show_score = models.CharField(
        _("show the score"), max_length=15, choices=Reveal.choices, default=Reveal.AFTER_ATTEMPT
    )
    show_answers = models.CharField(
        _("show the correct answers"),
        max_length=15,
        choices=Reveal.choices,
        default=Reveal.AFTER_CLOSE,
    )
    predicts = models.CharField(
        _("the prediction predicts"),
        max_length=15,
        choices=Predicts.choices,
        default=Predicts.FULL_SCORE,
    )
    prediction_question = models.CharField(
        _("prediction question"),
        max_length=300,
        blank=True,
        help_text=_("E.g. How many entries will answer every question correctly?"),
    )
    course = models.ForeignKey(
        "courses.Course",
        verbose_name=_("course"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="test_rounds",
        help_text=_(
            "When set, this round is the course's final test: only its participants may take it."
        ),
    )
    exclude_recent_rounds = models.PositiveSmallIntegerField(
        _("leave out questions used in the previous rounds"),
        default=0,
        validators=[MaxValueValidator(52)],
        help_text=_(
            "Bank rotation: questions drawn in this many earlier rounds of the contest are not "
            "drawn again. 0 = no rotation."
        ),
    )
    entered_truth = models.PositiveIntegerField(
        _("true value entered by the organizers"),
        null=True,
        blank=True,
        help_text=_(
            "For a prediction the system cannot count; entered on the results screen, "
            "with its history kept."
        ),
    )
    prediction_truth = models.PositiveIntegerField(_("true value"), null=True, blank=True)
    results_computed_at = models.DateTimeField(_("results computed at"), null=True, blank=True)
    results_published_at = models.DateTimeField(_("results published at"), null=True, blank=True)

    class Meta:
        ordering = ["opens_at", "pk"]
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="round_closes_after_opens"
            )
        ]

    def __str__(self):
        return f"{self.contest} – {self.title}" if self.contest_id else self.title

    def clean(self):
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The round must close after it opens.")})

    def get_absolute_url(self):
        return reverse("contests:detail", kwargs={"slug": self.contest.slug}) + f"#vong-{self.pk}"

    def is_open(self, now=None):
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    def is_closed(self, now=None):
        return (now or timezone.now()) >= self.closes_at

    def reveals(self, policy_field, attempt_done, now=None):
        policy = getattr(self, policy_field)
        if policy == self.Reveal.AFTER_ATTEMPT:
            return attempt_done
        if policy == self.Reveal.AFTER_CLOSE:
            return self.is_closed(now)
        return False


class BlueprintItem(models.Model):
    """A line of a round's blueprint: so many questions of one area, of one difficulty or of
    any. A line of any difficulty is drawn from what the area's other lines leave."""

    round = ParentalKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="blueprint"
    )
    area = models.CharField(_("reform area"), max_length=20, choices=Area.choices)
    difficulty = models.CharField(
        _("difficulty"),
        max_length=10,
        choices=Question.Difficulty.choices,
        blank=True,
        help_text=_("Empty: any difficulty."),
    )
    count = models.PositiveSmallIntegerField(
        _("questions"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("blueprint line")
        verbose_name_plural = _("blueprint")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "area", "difficulty"], name="blueprint_one_line_per_kind"
            )
        ]

    def __str__(self):
        if self.difficulty:
            return f"{self.get_area_display()} ({self.get_difficulty_display()}): {self.count}"
        return f"{self.get_area_display()}: {self.count}"


class RoundQuestion(models.Model):
    """A question drawn in a round (for at least one attempt): what bank rotation leaves out of
    the next rounds and what the bank's "used in round" filter reads. Written when an attempt
    starts, so it never has to be read back out of the attempts' stored draws."""

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="drawn_questions"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="round_uses"
    )

    class Meta:
        verbose_name = _("question drawn in a round")
        verbose_name_plural = _("questions drawn in rounds")
        constraints = [
            models.UniqueConstraint(fields=["round", "question"], name="round_question_once")
        ]

    def __str__(self):
        return f"{self.round_id}/{self.question_id}"


class PrizeQuota(models.Model):
    """How many prizes of each level a round gives in one entrant group."""

    round = ParentalKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="quotas"
    )
    group = models.ForeignKey(
        EntrantGroup, verbose_name=_("entrant group"), on_delete=models.CASCADE, related_name="+"
    )
    first = models.PositiveSmallIntegerField(_("first prizes"), default=1)
    second = models.PositiveSmallIntegerField(_("second prizes"), default=2)
    third = models.PositiveSmallIntegerField(_("third prizes"), default=3)
    consolation = models.PositiveSmallIntegerField(_("consolation prizes"), default=5)

    class Meta:
        verbose_name = _("prize scheme")
        verbose_name_plural = _("prize schemes")
        constraints = [
            models.UniqueConstraint(fields=["round", "group"], name="quota_one_per_group")
        ]

    def __str__(self):
        return f"{self.group}: {self.first}/{self.second}/{self.third}/{self.consolation}"


# ----------------------------------------------------------------------------------------------
# Entries, attempts, answers
# ----------------------------------------------------------------------------------------------


class Entry(models.Model):
    contest = models.ForeignKey(
        Contest, verbose_name=_("contest"), on_delete=models.CASCADE, related_name="entries"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="contest_entries",
    )
    group = models.ForeignKey(
        EntrantGroup,
        verbose_name=_("entrant group"),
        on_delete=models.PROTECT,
        related_name="entries",
    )
    unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty for citizens (other)."),
    )
    full_name = models.CharField(_("full name"), max_length=150)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    cccd = models.CharField(_("citizen ID (CCCD)"), max_length=12, blank=True)
    phone = models.CharField(_("phone"), max_length=10, blank=True)
    consented_at = models.DateTimeField(_("consent given at"))
    created_at = models.DateTimeField(_("entered at"), default=timezone.now)
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)
    void_reason = models.TextField(_("reason for voiding"), blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        constraints = [
            models.UniqueConstraint(fields=["contest", "person"], name="entry_one_per_person"),
            models.UniqueConstraint(
                fields=["contest", "cccd"], condition=~Q(cccd=""), name="entry_one_per_cccd"
            ),
        ]

    def __str__(self):
        return f"{self.full_name} – {self.contest}"

    @property
    def masked_cccd(self):
        return vietnamese.mask_cccd(self.cccd)


class Attempt(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("contest attempt status", "In progress")
        SUBMITTED = "submitted", pgettext_lazy("contest attempt status", "Submitted")
        TIMED_OUT = "timed_out", _("Closed at the deadline")

    # No index of its own: the unique (round, entry, number) index starts with the round. Every
    # index is written again whenever computing results rewrites a row, unless the rewrite is
    # "HOT" (docs/contests.md, "Results").
    round = models.ForeignKey(
        Round,
        verbose_name=_("round"),
        on_delete=models.CASCADE,
        related_name="attempts",
        db_index=False,
    )
    entry = models.ForeignKey(
        Entry, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="attempts"
    )
    number = models.PositiveSmallIntegerField(_("attempt number"), default=1)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    started_at = models.DateTimeField(_("started at"))
    deadline = models.DateTimeField(
        _("deadline"), help_text=_("Start plus the time limit plus the grace.")
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    duration_ms = models.PositiveBigIntegerField(_("time taken (ms)"), null=True, blank=True)
    # The drawn questions in order, each with its shuffled choice ids: [[question_id, [choice ids]]].
    draw = models.JSONField(_("drawn questions"), default=list)
    prediction = models.PositiveIntegerField(_("prediction"), null=True, blank=True)
    correct_count = models.PositiveSmallIntegerField(_("correct answers"), null=True, blank=True)
    question_total = models.PositiveSmallIntegerField(_("questions"), default=0)
    score = models.DecimalField(
        _("score (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    # Written by computing results for every row that moves (≈ 92,000 of 100,000 after voiding
    # the 10th). Neither column is in any index, a condition of one included, so PostgreSQL
    # rewrites such a row in its own page without touching an index (a HOT update), given room
    # in the page: migration 0008 leaves half of each page free (fillfactor 50). Indexing
    # either column again makes every computation rewrite every index (docs/contests.md).
    counted = models.BooleanField(_("counts for the results"), default=False)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)

    class Meta:
        ordering = ["round", "rank", "pk"]
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "entry", "number"], name="attempt_number_unique"
            ),
            models.UniqueConstraint(
                fields=["entry"], condition=Q(status="open"), name="attempt_one_open_per_entry"
            ),
        ]
        indexes = [
            # Closing attempts whose time ran out reads the open ones by deadline. Partial: a
            # submitted attempt is not in it, so rewriting its rank does not write this index.
            models.Index(
                fields=["deadline"], condition=Q(status="open"), name="attempt_open_deadline"
            ),
            # No index on `rank` or `counted` (see the fields): readers in rank order sort the
            # round's counted attempts (a top-N sort for the results screen and prizes).
        ]

    def __str__(self):
        return f"{self.entry.full_name} – {self.round.title} #{self.number}"

    @property
    def is_open(self):
        return self.status == self.Status.OPEN

    def question_ids(self):
        return [item[0] for item in self.draw]


class Answer(models.Model):
    attempt = models.ForeignKey(
        Attempt, verbose_name=_("attempt"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.PROTECT, related_name="+"
    )
    choices = models.JSONField(_("chosen choices"), default=list)
    saved_at = models.DateTimeField(_("saved at"))
    is_correct = models.BooleanField(_("correct"), null=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["attempt", "question"], name="answer_one_per_question")
        ]

    def __str__(self):
        return f"{self.attempt_id}/{self.question_id}"


# ----------------------------------------------------------------------------------------------
# Prizes
# ----------------------------------------------------------------------------------------------


class Prize(models.Model):
    class Level(models.TextChoices):
        FIRST = "first", _("First prize")
        SECOND = "second", _("Second prize")
        THIRD = "third", _("Third prize")
        CONSOLATION = "consolation", _("Consolation prize")

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="prizes"
    )
    group = models.ForeignKey(
        EntrantGroup, verbose_name=_("entrant group"), on_delete=models.CASCADE, related_name="+"
    )
    attempt = models.ForeignKey(
        Attempt, verbose_name=_("attempt"), on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="contest_prizes",
    )
    unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    rank = models.PositiveIntegerField(_("rank"))
    score = models.DecimalField(_("score (%)"), max_digits=5, decimal_places=2)

    class Meta:
        ordering = ["round", "group", "rank"]
        verbose_name = _("prize")
        verbose_name_plural = _("prizes")
        constraints = [
            models.UniqueConstraint(fields=["round", "person"], name="prize_one_per_round")
        ]

    def __str__(self):
        return f"{self.get_level_display()} – {self.person}"


class TeamPrize(models.Model):
    """A unit's team prize in a round: best participation rate in its unit group, then score."""

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="team_prizes"
    )
    unit_group = models.ForeignKey(
        "accounts.UnitGroup",
        verbose_name=_("unit group"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        "accounts.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    rank = models.PositiveSmallIntegerField(_("rank"))
    participants = models.PositiveIntegerField(_("participants"))
    headcount = models.PositiveIntegerField(_("headcount"))
    participation_rate = models.DecimalField(
        _("participation rate (%)"), max_digits=6, decimal_places=2
    )
    average_score = models.DecimalField(_("average score (%)"), max_digits=5, decimal_places=2)

    class Meta:
        ordering = ["round", "unit_group", "rank"]
        verbose_name = _("team prize")
        verbose_name_plural = _("team prizes")

    def __str__(self):
        return f"{self.unit} – {self.round}"


# ----------------------------------------------------------------------------------------------
# Computing results in the background
# ----------------------------------------------------------------------------------------------


class ResultsJob(models.Model):
    """Computing the results of one or more rounds, run by the task worker: asked for on the
    results screen (one round) or by voiding an entry (every computed round of the contest).
    Each round is computed in its own transaction; `done_round_ids` lists those finished, so a
    job run again after a crash goes on where it stopped."""

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("results computation", "Waiting")
        RUNNING = "running", pgettext_lazy("results computation", "Computing")
        DONE = "done", pgettext_lazy("results computation", "Done")
        FAILED = "failed", pgettext_lazy("results computation", "Failed")

    class Reason(models.TextChoices):
        COMPUTE = "compute", _("Compute results")
        VOID = "void", _("Entry voided")

    UNFINISHED = (Status.PENDING, Status.RUNNING)

    contest = models.ForeignKey(
        Contest, verbose_name=_("contest"), on_delete=models.CASCADE, related_name="results_jobs"
    )
    rounds = models.ManyToManyField(Round, verbose_name=_("rounds"), related_name="results_jobs")
    reason = models.CharField(_("reason"), max_length=10, choices=Reason.choices)
    entry = models.ForeignKey(
        Entry,
        verbose_name=_("voided entry"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    #: Progress in hundredths of a round: `total` is 100 per round.
    done = models.PositiveIntegerField(_("progress done"), default=0)
    total = models.PositiveIntegerField(_("progress total"), default=0)
    done_round_ids = models.JSONField(_("rounds computed"), default=list)
    rows_written = models.PositiveBigIntegerField(_("attempt rows written"), default=0)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("asked at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    #: Written with every step: a running job not touched for long lost its worker.
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("results computation")
        verbose_name_plural = _("results computations")
        indexes = [models.Index(fields=["status", "updated_at"])]

    def __str__(self):
        return f"{self.get_reason_display()} – {self.contest}"

    @property
    def percent(self):
        if self.status == self.Status.DONE:
            return 100
        if not self.total:
            return 0
        return min(99, self.done * 100 // self.total)

    @property
    def is_finished(self):
        return self.status not in self.UNFINISHED
