"""Courses and workshops, their sessions, registrations and attendance."""

import datetime as dt
from decimal import Decimal

from django.conf import settings
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
from common.validators import validate_http_url

#: The most seats a course may have (the column is a 32-bit integer on PostgreSQL).
MAX_CAPACITY = 100_000
#: The longest time an offered seat waits for its person: one week.
MAX_OFFER_HOURS = 168


class CourseQuerySet(models.QuerySet):
    def visible(self):
        return self.exclude(status=Course.Status.DRAFT)

    def open_to(self, unit):
        """Courses whose audience includes `unit` (everyone's courses included)."""
        condition = Q(audience=Course.Audience.ALL)
        if unit is not None:
            condition |= Q(audience_units=unit)
            if unit.group_id:
                condition |= Q(audience_groups=unit.group_id)
        return self.filter(condition).distinct()

    # The registration window, in SQL: the same rule as `Course.registration_refusal`.
    def open_for_registration(self, now):
        """Published courses whose registration window contains `now`."""
        return self.filter(status=Course.Status.PUBLISHED, registration_paused=False).filter(
            Q(registration_opens_at__isnull=True) | Q(registration_opens_at__lte=now),
            Q(registration_closes_at__isnull=True) | Q(registration_closes_at__gt=now),
        )

    def not_closed_yet(self, now):
        """Published courses whose registration is open now or will open later."""
        return self.filter(status=Course.Status.PUBLISHED).filter(
            Q(registration_closes_at__isnull=True) | Q(registration_closes_at__gt=now)
        )


class Course(ClusterableModel):
    class Kind(models.TextChoices):
        CLASS = "class", _("Training class")
        TRAINING = "training", _("Training session")
        WORKSHOP = "workshop", _("Workshop")
        CONFERENCE = "conference", _("Conference")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", pgettext_lazy("course status", "Published")
        CANCELLED = "cancelled", _("Cancelled")

    class Audience(models.TextChoices):
        ALL = "all", _("All civil servants")
        LISTED = "listed", _("Listed units and unit groups only")

    class FreedSeat(models.TextChoices):
        """How a seat freed by a cancellation is filled from the waiting list."""

        AUTOMATIC = "automatic", _("Given at once to the next person waiting")
        OFFER = "offer", _("Offered to the next person waiting, who must accept in time")

    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, allow_unicode=False)
    title_folded = models.CharField(max_length=255, editable=False, db_index=True, default="")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CLASS)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text=_("Only published courses accept registrations."),
    )
    summary = models.TextField(_("summary"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True)
    audience = models.CharField(
        _("audience"), max_length=10, choices=Audience.choices, default=Audience.ALL
    )
    audience_units = ParentalManyToManyField(
        "accounts.Unit",
        verbose_name=_("units admitted"),
        blank=True,
        related_name="+",
        help_text=_("When the audience is restricted: staff of these units may register."),
    )
    audience_groups = ParentalManyToManyField(
        "accounts.UnitGroup",
        verbose_name=_("unit groups admitted"),
        blank=True,
        related_name="+",
        help_text=_(
            "When the audience is restricted: staff of units in these groups may register."
        ),
    )
    organizing_unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name=_("organizing unit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organized_courses",
    )
    contact = models.CharField(
        _("contact"), max_length=255, blank=True, help_text=_("Name, phone or email to ask.")
    )
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    online_link = models.URLField(_("online link"), blank=True, validators=[validate_http_url])
    registration_opens_at = models.DateTimeField(_("registration opens at"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(
        _("registration closes at"), null=True, blank=True
    )
    capacity = models.PositiveIntegerField(
        _("capacity"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_CAPACITY)],
        help_text=_("Number of seats."),
    )
    unit_quota = models.PositiveIntegerField(
        _("seats per unit"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_CAPACITY)],
        help_text=_(
            "Optional: at most this many people of one unit hold a seat. The next ones of that "
            "unit join the waiting list; a seat freed goes to the next person whose unit still "
            "has room. Empty: no limit per unit."
        ),
    )
    requires_approval = models.BooleanField(
        _("approval required"),
        default=False,
        help_text=_("Registrations wait for an organizer to approve them."),
    )
    waiting_list_enabled = models.BooleanField(
        _("waiting list"),
        default=True,
        help_text=_("When the course is full, people join a first-come waiting list."),
    )
    freed_seat = models.CharField(
        _("freed seats"),
        max_length=10,
        choices=FreedSeat.choices,
        default=FreedSeat.AUTOMATIC,
        help_text=_(
            "Automatically: the next person on the waiting list gets the seat at once. As an "
            "offer: the next person is emailed and must press “Accept the seat” within the "
            "hours below; an offer not taken in time passes to the person after them."
        ),
    )
    offer_hours = models.PositiveSmallIntegerField(
        _("hours to accept an offer"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_OFFER_HOURS)],
        help_text=_(
            "When freed seats are offered: how long the person has to accept, from 1 to 168 "
            "hours (one week). An offer never runs past the start of the first session."
        ),
    )
    min_attendance_percent = models.PositiveSmallIntegerField(
        _("minimum attendance (%)"),
        default=80,
        validators=[MaxValueValidator(100)],
        help_text=_("Share of sessions a participant must attend (present or late) to complete."),
    )
    pass_mark = models.DecimalField(
        _("pass mark"),
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("10"))],
        help_text=_("Final test pass mark out of 10. Empty when the course has no final test."),
    )
    certificate_template = models.ForeignKey(
        "certificates.CertificateTemplate",
        verbose_name=_("certificate template"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="courses",
        help_text=_("When set, a certificate is issued to everyone whose completion is confirmed."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True, editable=False)
    # Switched from the course's dashboard ("Stop taking registrations"), not from the edit
    # form: it closes sign-up at once, whatever the registration window says.
    registration_paused = models.BooleanField(
        _("registration paused"), default=False, editable=False
    )

    objects = CourseQuerySet.as_manager()

    class Meta:
        ordering = ["-registration_opens_at", "title"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        permissions = [("manage_registrations", _("Can manage registrations and attendance"))]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.title_folded = vietnamese.fold(self.title)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if (
            self.registration_opens_at
            and self.registration_closes_at
            and self.registration_closes_at <= self.registration_opens_at
        ):
            raise ValidationError(
                {"registration_closes_at": _("Registration must close after it opens.")}
            )

    def get_absolute_url(self):
        return reverse("courses:detail", kwargs={"slug": self.slug})

    # Dates come from the sessions; a prefetch of `sessions` makes these free.
    def _session_dates(self):
        return [session.date for session in self.sessions.all()]

    @property
    def first_day(self) -> dt.date | None:
        dates = self._session_dates()
        return min(dates) if dates else None

    @property
    def last_day(self) -> dt.date | None:
        dates = self._session_dates()
        return max(dates) if dates else None

    def registration_refusal(self, now=None) -> str | None:
        """Why the course takes no registration at `now` (a RegistrationError code), or None
        when registration is open. The one definition of "open" (CourseQuerySet mirrors it in
        SQL for listings): published, not paused by an organizer, and `now` within
        [opens_at, closes_at)."""
        now = now or timezone.now()
        if self.status == Course.Status.CANCELLED:
            return "course_cancelled"
        if self.status != Course.Status.PUBLISHED:
            return "not_published"
        if self.registration_paused:
            return "paused"
        if self.registration_opens_at and now < self.registration_opens_at:
            return "not_open_yet"
        if self.registration_closes_at and now >= self.registration_closes_at:
            return "closed"
        return None

    def meets_attendance(self, attended, sessions) -> bool:
        """The completion rule's attendance part: the required share of sessions attended."""
        return sessions > 0 and 100 * attended >= self.min_attendance_percent * sessions

    def meets_test(self, score) -> bool:
        """The completion rule's test part: the final test at or above the pass mark, if any."""
        return self.pass_mark is None or (score is not None and score >= self.pass_mark)

    def registration_is_open(self, now=None) -> bool:
        return self.registration_refusal(now) is None

    def admits(self, unit) -> bool:
        """Whether staff of `unit` are in the audience (queries the audience lists)."""
        if self.audience == Course.Audience.ALL:
            return True
        if unit is None:
            return False
        if self.audience_units.filter(pk=unit.pk).exists():
            return True
        return bool(unit.group_id) and self.audience_groups.filter(pk=unit.group_id).exists()


class RegistrationQuestion(models.Model):
    """An extra question asked when people register (e.g. "Which procedures do you handle?")."""

    course = ParentalKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="questions"
    )
    text = models.CharField(_("question"), max_length=255)
    required = models.BooleanField(_("required"), default=True)
    max_length = models.PositiveIntegerField(
        _("maximum length"),
        default=500,
        validators=[MinValueValidator(1), MaxValueValidator(5000)],
        help_text=_("Maximum number of characters in an answer."),
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0, editable=False)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("registration question")
        verbose_name_plural = _("registration questions")

    def __str__(self):
        return self.text


class Session(models.Model):
    course = ParentalKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="sessions"
    )
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))
    topic = models.CharField(_("topic"), max_length=255, blank=True)
    lecturer = models.CharField(_("lecturer"), max_length=255, blank=True)
    venue = models.CharField(
        _("venue"), max_length=255, blank=True, help_text=_("Empty: the course's venue.")
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0, editable=False)

    class Meta:
        ordering = ["date", "starts_at", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            )
        ]

    def __str__(self):
        label = self.date.strftime("%d/%m/%Y") + " " + self.starts_at.strftime("%H:%M")
        return f"{label} – {self.topic}" if self.topic else label

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A session must end after it starts.")})

    @property
    def start(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.date, self.starts_at))

    @property
    def end(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.date, self.ends_at))

    @property
    def place(self) -> str:
        return self.venue or self.course.venue


class Registration(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending approval")
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")
        REJECTED = "rejected", _("Rejected")
        COMPLETED = "completed", _("Completed")
        NOT_COMPLETED = "not_completed", _("Not completed")
        OFFERED = "offered", _("Seat offered")
        OFFER_EXPIRED = "offer_expired", _("Offer expired")

    class Source(models.TextChoices):
        SELF = "self", _("The person")
        NOMINATION = "nomination", _("Nominated by the unit")
        ORGANIZER = "organizer", _("Added by an organizer")

    #: Statuses that hold a seat.
    SEATED = (Status.CONFIRMED, Status.COMPLETED, Status.NOT_COMPLETED)
    #: Statuses that take one of the course's seats: an open offer keeps its seat for its
    #: person, so the seat cannot be given twice.
    HOLDING = (*SEATED, Status.OFFERED)
    #: Statuses that still count as taking part (for "sign up twice").
    ACTIVE = (
        Status.PENDING,
        Status.CONFIRMED,
        Status.WAITLISTED,
        Status.COMPLETED,
        Status.NOT_COMPLETED,
        Status.OFFERED,
    )

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="course_registrations",
    )
    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="registrations"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, db_index=True)
    source = models.CharField(
        _("created by"), max_length=20, choices=Source.choices, default=Source.SELF
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by (person)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)
    queued_at = models.DateTimeField(
        _("joined the queue at"),
        default=timezone.now,
        help_text=_("Waiting-list order: first come, first served."),
    )
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    final_test_score = models.DecimalField(
        _("final test score"),
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("10"))],
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    offered_at = models.DateTimeField(_("seat offered at"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(
        _("offer open until"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("After this moment the offered seat passes to the next person waiting."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["course", "queued_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(fields=["person", "course"], name="registration_once"),
        ]
        indexes = [models.Index(fields=["course", "status", "queued_at"])]

    def __str__(self):
        return f"{self.person} – {self.course}"

    @property
    def is_seated(self):
        return self.status in self.SEATED

    def offer_is_open(self, now=None) -> bool:
        """An offered seat the person may still accept (the periodic job passes it on later)."""
        if self.status != self.Status.OFFERED or self.offer_expires_at is None:
            return False
        return (now or timezone.now()) < self.offer_expires_at


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        LATE = "late", _("Late")
        EXCUSED = "excused", _("Excused")
        ABSENT = "absent", _("Absent")

    class Method(models.TextChoices):
        MANUAL = "manual", _("Marked by an organizer")
        QR = "qr", _("QR check-in")

    ATTENDED = (Status.PRESENT, Status.LATE)

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="attendances"
    )
    status = models.CharField(_("attendance"), max_length=10, choices=Status.choices)
    method = models.CharField(_("recorded how"), max_length=10, choices=Method.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        ordering = ["session", "registration"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance records")
        constraints = [
            models.UniqueConstraint(fields=["registration", "session"], name="attendance_once")
        ]

    def __str__(self):
        return f"{self.registration.person} – {self.session}: {self.get_status_display()}"
