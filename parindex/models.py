"""PAR index (Chỉ số cải cách hành chính): index sets, assessments, scores, evidence, roles.

An index set belongs to one year and one level (departments, communes, or a level the organizer
adds); its tree is area → criterion → sub-criterion, and only sub-criteria carry scores. An
assessment is one unit's work on one set; its `version` goes up on every appraisal save, so two
appraisers editing the same unit cannot overwrite each other silently.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from common.storage import private_storage

POINTS = {"max_digits": 6, "decimal_places": 2}
ZERO = Decimal("0")


class Level(models.Model):
    """A level of units ranked together (cấp sở, cấp xã, …); the organizer may add more."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    unit_kinds = models.CharField(
        _("unit kinds"),
        max_length=200,
        blank=True,
        help_text=_(
            "Kinds of units assessed at this level, separated by commas (department,"
            " committee_office, commune, …); used to open assessments for every such unit."
        ),
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = pgettext_lazy("par index", "level")
        verbose_name_plural = _("levels")

    def __str__(self):
        return self.name

    def kinds(self):
        return [kind.strip() for kind in self.unit_kinds.split(",") if kind.strip()]


class IndexSet(ClusterableModel):
    """One year's index set for one level, with its period and classification bands."""

    year = models.PositiveSmallIntegerField(_("year"))
    level = models.ForeignKey(
        Level,
        verbose_name=pgettext_lazy("par index", "level"),
        on_delete=models.PROTECT,
        related_name="index_sets",
    )
    title = models.CharField(_("title"), max_length=255)
    decision = models.CharField(
        _("decision"), max_length=255, blank=True, help_text=_("The decision that issued it.")
    )
    max_total = models.DecimalField(
        _("maximum total"),
        default=Decimal("100"),
        validators=[MinValueValidator(Decimal("1"))],
        help_text=_("The areas' maxima must add up to this (100 unless the set says otherwise)."),
        **POINTS,
    )
    self_opens_at = models.DateTimeField(_("self-assessment opens at"), null=True, blank=True)
    self_closes_at = models.DateTimeField(_("self-assessment closes at"), null=True, blank=True)
    appraisal_closes_at = models.DateTimeField(_("appraisal closes at"), null=True, blank=True)
    explanation_closes_at = models.DateTimeField(
        _("explanations close at"),
        null=True,
        blank=True,
        help_text=_("Units answer the appraisal from the end of the appraisal until then."),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-year", "level__sort_order"]
        verbose_name = _("index set")
        verbose_name_plural = _("index sets")
        constraints = [
            models.UniqueConstraint(fields=["year", "level"], name="parindex_one_set_per_level")
        ]
        permissions = [
            ("manage_index", _("Can manage the PAR index (periods, assignments, publication)")),
            ("appraise", _("Can appraise assessments of assigned units")),
        ]

    def __str__(self):
        return self.title or f"{self.level} {self.year}"

    def clean(self):
        order = [
            ("self_opens_at", self.self_opens_at),
            ("self_closes_at", self.self_closes_at),
            ("appraisal_closes_at", self.appraisal_closes_at),
            ("explanation_closes_at", self.explanation_closes_at),
        ]
        previous = None
        for name, value in order:
            if value is None:
                continue
            if previous is not None and value <= previous:
                raise ValidationError(
                    {name: _("Each date of the period must follow the one before.")}
                )
            previous = value

    # The period, checked by the services (never by templates alone).
    def self_assessment_open(self, now=None):
        now = now or timezone.now()
        return bool(
            self.self_opens_at
            and self.self_closes_at
            and self.self_opens_at <= now < self.self_closes_at
        )

    def answers_open(self, now=None):
        now = now or timezone.now()
        return bool(
            self.appraisal_closes_at
            and self.explanation_closes_at
            and self.appraisal_closes_at <= now < self.explanation_closes_at
        )

    @property
    def is_published(self):
        return self.published_at is not None

    def band_for(self, index_value, bands=None):
        bands = bands if bands is not None else list(self.bands.all())
        for band in sorted(bands, key=lambda b: b.min_index, reverse=True):
            if index_value is not None and index_value >= band.min_index:
                return band.label
        return ""


class Band(Orderable):
    """A classification band: an index at or above `min_index` gets `label`."""

    index_set = ParentalKey(IndexSet, on_delete=models.CASCADE, related_name="bands")
    label = models.CharField(_("label"), max_length=60)
    min_index = models.DecimalField(_("minimum index"), **POINTS)

    class Meta(Orderable.Meta):
        verbose_name = _("classification band")
        verbose_name_plural = _("classification bands")

    def __str__(self):
        return f"{self.label} ≥ {self.min_index}"


class Area(models.Model):
    index_set = models.ForeignKey(
        IndexSet, verbose_name=_("index set"), on_delete=models.CASCADE, related_name="areas"
    )
    number = models.CharField(_("number"), max_length=10, help_text=_("As printed: I, II, …"))
    title = models.CharField(_("title"), max_length=500)
    max_points = models.DecimalField(_("maximum points"), **POINTS)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["index_set", "sort_order", "pk"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")

    def __str__(self):
        return f"{self.number}. {self.title}"


class Criterion(models.Model):
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.CASCADE, related_name="criteria"
    )
    number = models.CharField(_("number"), max_length=10)
    title = models.CharField(_("title"), max_length=500)
    max_points = models.DecimalField(_("maximum points"), **POINTS)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["area", "sort_order", "pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self):
        return f"{self.number}. {self.title}"


class SubCriterion(models.Model):
    class Method(models.TextChoices):
        SELF = "self", _("self-assessed")
        SURVEY = "survey", _("survey")
        COMPUTED = "computed", _("computed from this system")

    class Metric(models.TextChoices):
        NONE = "", _("none")
        TRAINING = "training", _("share of confirmed staff who completed a course in the year (%)")
        CONTEST = (
            "contest",
            _("share of confirmed staff who took part in a contest in the year (%)"),
        )
        NEWS = "news", _("news items from the unit published on the portal in the year")

    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.CASCADE, related_name="subs"
    )
    # Denormalised from criterion → area so scores, totals and ranks need one join, not three.
    index_set = models.ForeignKey(
        IndexSet,
        verbose_name=_("index set"),
        on_delete=models.CASCADE,
        related_name="subs",
        editable=False,
    )
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.CASCADE, related_name="subs", editable=False
    )
    number = models.CharField(_("number"), max_length=12)
    title = models.TextField(_("title"))
    max_points = models.DecimalField(
        _("maximum points"), validators=[MinValueValidator(ZERO)], **POINTS
    )
    guidance = models.JSONField(
        _("scoring guidance"),
        default=list,
        blank=True,
        help_text=_('Levels with their points, e.g. [["Ban hành đúng hạn", 1], ["Chậm", 0.5]].'),
    )
    evidence_expected = models.TextField(_("evidence expected"), blank=True)
    method = models.CharField(
        _("scoring method"), max_length=10, choices=Method.choices, default=Method.SELF
    )
    metric = models.CharField(
        _("metric"), max_length=20, choices=Metric.choices, blank=True, default=""
    )
    thresholds = models.JSONField(
        _("thresholds"),
        default=list,
        blank=True,
        help_text=_(
            "For computed sub-criteria: [[minimum value, points], …], e.g. [[80, 2], [50, 1]]."
        ),
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["index_set", "sort_order", "pk"]
        verbose_name = _("sub-criterion")
        verbose_name_plural = _("sub-criteria")

    def __str__(self):
        return f"{self.number}. {self.title[:80]}"

    def save(self, *args, **kwargs):
        self.area_id = self.criterion.area_id
        self.index_set_id = self.criterion.area.index_set_id
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        for _label, points in self.guidance_levels():
            if (
                points is None
                or points < 0
                or (self.max_points is not None and points > self.max_points)
            ):
                errors["guidance"] = _("Each level's points must be between 0 and the maximum.")
        if self.method == self.Method.COMPUTED and not self.metric:
            errors["metric"] = _("A computed sub-criterion needs a metric.")
        if errors:
            raise ValidationError(errors)

    def guidance_levels(self):
        levels = []
        for item in self.guidance or []:
            try:
                label, points = item
                levels.append((str(label), Decimal(str(points))))
            except (TypeError, ValueError, ArithmeticError):
                levels.append((str(item), None))
        return levels

    def points_for(self, value):
        """Points for a computed value under the thresholds (the best threshold reached)."""
        best = ZERO
        for minimum, points in self.thresholds or []:
            if value is not None and Decimal(str(value)) >= Decimal(str(minimum)):
                best = max(best, Decimal(str(points)))
        return min(best, self.max_points)


class UnitOfficer(models.Model):
    """A unit's reform officer (cán bộ CCHC): may self-assess for that unit."""

    unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name=_("unit"),
        on_delete=models.CASCADE,
        related_name="reform_officers",
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("par index", "person"),
        on_delete=models.CASCADE,
        related_name="reform_units",
    )
    added_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        verbose_name = _("unit reform officer")
        verbose_name_plural = _("unit reform officers")
        constraints = [
            models.UniqueConstraint(fields=["unit", "person"], name="parindex_officer_once")
        ]

    def __str__(self):
        return f"{self.person} – {self.unit}"


class AppraiserAssignment(models.Model):
    index_set = models.ForeignKey(
        IndexSet, verbose_name=_("index set"), on_delete=models.CASCADE, related_name="assignments"
    )
    unit = models.ForeignKey(
        "accounts.Unit", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+"
    )
    appraiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("appraiser"),
        on_delete=models.CASCADE,
        related_name="parindex_assignments",
    )

    class Meta:
        verbose_name = _("appraiser assignment")
        verbose_name_plural = _("appraiser assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["index_set", "unit", "appraiser"], name="parindex_assign_once"
            )
        ]

    def __str__(self):
        return f"{self.appraiser} → {self.unit}"

    def clean(self):
        if self.appraiser_id and self.unit_id and self.appraiser.unit_id == self.unit_id:
            raise ValidationError({"appraiser": _("An appraiser cannot appraise their own unit.")})


class Assessment(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("not started")
        IN_PROGRESS = "in_progress", _("self-assessing")
        SUBMITTED = "submitted", _("submitted")
        APPRAISING = "appraising", _("under appraisal")
        ANSWERED = "answered", _("answered")
        DONE = "done", _("completed")

    index_set = models.ForeignKey(
        IndexSet, verbose_name=_("index set"), on_delete=models.CASCADE, related_name="assessments"
    )
    unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="par_assessments",
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=Status.choices,
        default=Status.NOT_STARTED,
        db_index=True,
    )
    version = models.PositiveIntegerField(_("version"), default=0)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last saved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_by_name = models.CharField(_("approved by (head of unit)"), max_length=150, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    # Frozen at publication, so the public page reads them without recomputing.
    total = models.DecimalField(_("total"), null=True, blank=True, **POINTS)
    index_value = models.DecimalField(_("index"), null=True, blank=True, **POINTS)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    band = models.CharField(_("classification"), max_length=60, blank=True)

    class Meta:
        ordering = ["index_set", "unit__sort_order", "unit__name"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.UniqueConstraint(fields=["index_set", "unit"], name="parindex_one_per_unit")
        ]

    def __str__(self):
        return f"{self.unit} – {self.index_set}"

    @property
    def is_editable_by_unit(self):
        return self.status in (self.Status.NOT_STARTED, self.Status.IN_PROGRESS)


class Score(models.Model):
    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="scores"
    )
    # The assessment's set, kept on each score row (it never changes): results aggregate a
    # set's rows by this column instead of joining 200,000 rows to the assessments. Indexed by
    # `parindex_score_set_totals` below, which starts with it.
    index_set = models.ForeignKey(
        IndexSet,
        verbose_name=_("index set"),
        on_delete=models.CASCADE,
        related_name="+",
        editable=False,
        db_index=False,
    )
    sub = models.ForeignKey(
        SubCriterion,
        verbose_name=_("sub-criterion"),
        on_delete=models.CASCADE,
        related_name="scores",
    )
    self_score = models.DecimalField(_("self score"), null=True, blank=True, **POINTS)
    level_label = models.CharField(_("guidance level chosen"), max_length=500, blank=True)
    explanation = models.TextField(_("explanation"), blank=True)
    computed_value = models.DecimalField(
        _("computed value"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    appraised_score = models.DecimalField(_("appraised score"), null=True, blank=True, **POINTS)
    appraiser_comment = models.TextField(_("appraiser's comment"), blank=True)
    unit_answer = models.TextField(_("unit's answer"), blank=True)
    final_score = models.DecimalField(_("final score"), null=True, blank=True, **POINTS)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        indexes = [
            # Everything the results read, in the order they group it: SQLite sums a set's
            # totals from this index alone, without visiting the table (bench/parindex_results).
            models.Index(
                fields=["index_set", "assessment", "final_score", "appraised_score", "self_score"],
                name="parindex_score_set_totals",
            )
        ]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "sub"], name="parindex_score_once"),
            models.CheckConstraint(
                condition=Q(self_score__isnull=True) | Q(self_score__gte=0),
                name="parindex_self_score_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.assessment} – {self.sub.number}"

    @property
    def current(self):
        for value in (self.final_score, self.appraised_score, self.self_score):
            if value is not None:
                return value
        return None

    @property
    def differs(self):
        return self.appraised_score is not None and self.appraised_score != self.self_score


def evidence_path(instance, filename):
    return f"parindex/{instance.score.assessment.index_set.year}/{instance.score.assessment_id}/{filename}"


class Evidence(models.Model):
    """A file of evidence (tài liệu kiểm chứng), on the private storage."""

    score = models.ForeignKey(
        Score, verbose_name=_("score"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(
        _("file"), upload_to=evidence_path, storage=private_storage, max_length=300
    )
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    is_public = models.BooleanField(
        _("public"), default=False, help_text=_("Shown on the published results page.")
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self):
        return self.original_name
