from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from common import vietnamese

from .validators import validate_cccd_format, validate_phone

# ----------------------------------------------------------------------------------------------
# Units
# ----------------------------------------------------------------------------------------------


class UnitGroup(models.Model):
    """Groups of units that compete with each other for team prizes."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("unit group")
        verbose_name_plural = _("unit groups")

    def __str__(self):
        return self.name


class UnitQuerySet(models.QuerySet):
    def current(self, on=None):
        """Units valid on a date (today by default): the two-tier structure after July 2025."""
        on = on or timezone.localdate()
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=on)
        )

    def search(self, text):
        """Units whose name has a word starting with each word of `text`, with or without tone
        marks and with the usual abbreviations spelled out ("ubnd p trung tam"); names that
        contain the whole phrase come first. "xa an" finds "xã An Lạc", not every "nhân dân"."""
        words = vietnamese.unit_query_words(text)
        if not words:
            return self
        qs = self.annotate(_padded=Concat(Value(" "), "name_folded", Value(" ")))
        for word in words:
            qs = qs.filter(_padded__contains=" " + word)
        phrase = Case(
            When(_padded__contains=" " + " ".join(words) + " ", then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        return qs.annotate(_phrase=phrase).order_by("_phrase", *self.model._meta.ordering)


class Unit(models.Model):
    class Kind(models.TextChoices):
        PROVINCE = "province", _("Province")
        COMMITTEE_OFFICE = "committee_office", _("Office of the People's Council / Committee")
        DEPARTMENT = "department", _("Department or agency")
        PUBLIC_SERVICE = "public_service", _("Public service unit")
        COMMUNE = "commune", _("Commune-level People's Committee")
        DISTRICT = "district", _("District-level unit (before July 2025)")
        OTHER = "other", _("Other")

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=120, blank=True)
    name_folded = models.CharField(max_length=255, editable=False, db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    group = models.ForeignKey(
        UnitGroup,
        verbose_name=_("unit group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="units",
        help_text=_("The group this unit competes in for team prizes."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    headcount = models.PositiveIntegerField(
        _("headcount"),
        default=0,
        help_text=_("Number of staff; used for participation rates."),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(
        _("valid to"),
        null=True,
        blank=True,
        help_text=_("Last day the unit existed; empty while it still exists."),
    )
    predecessors = models.ManyToManyField(
        "self",
        verbose_name=_("predecessor units"),
        symmetrical=False,
        blank=True,
        related_name="successors",
        help_text=_("Units merged into or replaced by this one."),
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="unit_valid_range",
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_folded = vietnamese.fold(self.name)
        super().save(*args, **kwargs)

    def clean(self):
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The end date is before the start date.")})
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk:
                raise ValidationError({"parent": _("A unit cannot be inside itself.")})
            ancestor = ancestor.parent

    def is_current(self, on=None):
        on = on or timezone.localdate()
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_to is None or self.valid_to >= on
        )


# ----------------------------------------------------------------------------------------------
# People
# ----------------------------------------------------------------------------------------------


class UserQuerySet(models.QuerySet):
    """Who belongs to a unit. A unit chosen by the person counts only once it is confirmed (by a
    coordinator of that unit, or by the organizers' staff-list import): team prizes, coordinator
    scope and the PAR index use `confirmed_members`, never `unit=` alone."""

    def unit_confirmed(self):
        return self.filter(unit__isnull=False, unit_confirmed_at__isnull=False)

    def awaiting_unit_confirmation(self):
        return self.filter(unit__isnull=False, unit_confirmed_at__isnull=True)

    def confirmed_members(self, units):
        """Active people whose confirmed unit is `units` (a Unit, an id, or several of either)."""
        if isinstance(units, Unit | int):
            units = [units]
        return self.unit_confirmed().filter(unit__in=list(units), is_active=True)


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    class StaffCategory(models.TextChoices):
        CAN_BO = "can_bo", _("Official (cán bộ)")
        CONG_CHUC = "cong_chuc", _("Civil servant (công chức)")
        VIEN_CHUC = "vien_chuc", _("Public employee (viên chức)")
        NGUOI_LAO_DONG = "nguoi_lao_dong", _("Contract worker (người lao động)")
        NGUOI_DAN = "nguoi_dan", _("Citizen (người dân)")

    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=10, blank=True, validators=[validate_phone])
    cccd = models.CharField(
        _("citizen ID (CCCD)"),
        max_length=12,
        blank=True,
        validators=[validate_cccd_format],
        help_text=_("12 digits. Shown masked to everyone but you and the organizers."),
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("work unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    # Who confirmed the unit and when; both empty while the unit only is the person's own claim.
    # Changing the unit clears them (see save()).
    unit_confirmed_at = models.DateTimeField(
        _("unit confirmed at"),
        null=True,
        blank=True,
        help_text=_(
            "Empty while the unit is only the person's own choice: it then does not count for "
            "team prizes, coordinators or the PAR index."
        ),
    )
    unit_confirmed_by = models.ForeignKey(
        "self",
        verbose_name=_("unit confirmed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The unit's coordinator or the organizer whose staff list confirmed it."),
    )
    position = models.CharField(_("position"), max_length=150, blank=True)
    staff_category = models.CharField(
        _("staff category"), max_length=20, choices=StaffCategory.choices, blank=True
    )
    coordinated_units = models.ManyToManyField(
        Unit,
        verbose_name=_("units coordinated"),
        blank=True,
        related_name="coordinators",
        help_text=_("Units whose staff this person may nominate and follow."),
    )
    consented_at = models.DateTimeField(_("consent to data processing given at"), null=True)
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("Whether the user can log into the admin."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)
    # Set when the person was sent to "Hoàn thiện hồ sơ" after logging in, so it is asked once.
    profile_prompted_at = models.DateTimeField(
        _("asked to complete the profile at"), null=True, blank=True, editable=False
    )

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name"]
        permissions = [("confirm_unit", _("Can confirm or refuse people's work units"))]
        constraints = [
            models.UniqueConstraint(
                fields=["cccd"], condition=~Q(cccd=""), name="user_unique_cccd"
            ),
            models.UniqueConstraint(models.functions.Lower("email"), name="user_unique_email_ci"),
        ]

    def __str__(self):
        return self.full_name or self.email

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._remember_unit()
        return instance

    def _remember_unit(self):
        self._saved_unit = (self.__dict__.get("unit_id"), self.__dict__.get("unit_confirmed_at"))

    def refresh_from_db(self, using=None, fields=None, from_queryset=None):
        super().refresh_from_db(using=using, fields=fields, from_queryset=from_queryset)
        if fields is None or {"unit", "unit_id", "unit_confirmed_at"} & set(fields):
            self._remember_unit()

    def save(self, *args, **kwargs):
        # A confirmation vouches for one unit: whoever changes the unit (the person in their
        # profile, an admin form, a script) makes it a claim again, unless the same save sets a
        # new confirmation (the organizers' staff-list import does both at once).
        saved_unit, saved_confirmed_at = getattr(self, "_saved_unit", (None, None))
        if self.unit_id != saved_unit and self.unit_confirmed_at == saved_confirmed_at:
            self.unit_confirmed_at = None
            self.unit_confirmed_by = None
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {
                    *update_fields,
                    "unit_confirmed_at",
                    "unit_confirmed_by",
                }
        super().save(*args, **kwargs)
        self._remember_unit()

    #: Staff categories that work in a unit of the province.
    IN_SERVICE = (StaffCategory.CAN_BO, StaffCategory.CONG_CHUC, StaffCategory.VIEN_CHUC)

    def profile_gaps(self) -> list[str]:
        """The profile fields that courses and contests will ask for and that are still empty:
        a contest entry asks the full name, date of birth, CCCD and phone (by default); a course
        for staff of listed units needs the unit, and a nomination shows the position. Someone
        who has not said whether they work in a unit is asked that too."""
        gaps = [
            name
            for name in ("full_name", "date_of_birth", "cccd", "phone")
            if not getattr(self, name)
        ]
        if not self.staff_category:
            gaps.append("staff_category")
        if not self.staff_category or self.staff_category in self.IN_SERVICE or self.unit_id:
            gaps += [name for name in ("unit", "position") if not getattr(self, name)]
        return gaps

    @property
    def unit_is_confirmed(self):
        return self.unit_id is not None and self.unit_confirmed_at is not None

    def clean(self):
        super().clean()
        self.email = (self.email or "").strip().lower()
        if self.cccd and self.date_of_birth:
            problem = vietnamese.cccd_problem(self.cccd, self.date_of_birth)
            if problem == "birth_year":
                raise ValidationError(
                    {"cccd": _("The CCCD number does not match the year of birth.")}
                )

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split()[-1] if self.full_name else self.email

    # Wagtail's admin shows these names.
    @property
    def first_name(self):
        return self.full_name

    @property
    def last_name(self):
        return ""

    @property
    def masked_cccd(self):
        return vietnamese.mask_cccd(self.cccd)

    def get_absolute_url(self):
        return reverse("accounts:profile")

    @cached_property
    def is_coordinator(self):
        """Coordinates at least one unit: the account menu shows "Đơn vị của tôi"."""
        return self.coordinated_units.exists()

    def is_coordinator_of(self, unit):
        return unit is not None and self.coordinated_units.filter(pk=unit.pk).exists()

    def may_confirm_unit_of(self, person):
        """A coordinator of the unit the person chose, or an organizer allowed to confirm units."""
        if person.unit_id is None or not self.is_active:
            return False
        if self.has_perm("accounts.confirm_unit"):
            return True
        return self.coordinated_units.filter(pk=person.unit_id).exists()
