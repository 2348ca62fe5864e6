"""Certificate templates, issued certificates, their numbering counters and bulk print jobs.

A certificate points to what it was issued for by a source kind and id (declared by another app
through `sources`: a course, a contest round's prizes) rather than by foreign key, so this app
never depends on the apps it issues for, and their records can evolve without touching issued
documents.
Everything printed on a certificate is copied onto it at issue time: an issued certificate is a
legal record and must not change when a template, a person or a course is edited later.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.http import HttpResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.models import PreviewableMixin

from common.storage import private_storage

from . import sources
from .errors import CertificateError
from .placeholders import validate_placeholders
from .rendering import build_html, sample_page

MAX_IMAGE_BYTES = 2 * 1024 * 1024


def validate_image_size(file):
    size = getattr(file, "size", 0) or 0
    if size > MAX_IMAGE_BYTES:
        raise ValidationError(
            _(
                "The image is %(size)s MB; images may be at most 2 MB. Please upload a smaller file."
            ),
            params={"size": f"{size / 1024 / 1024:.1f}".replace(".", ",")},
            code="too_large",
        )


agency_code_validator = RegexValidator(
    r"^[A-Z0-9]{1,12}$",
    _("Use 1 to 12 capital letters or digits without tone marks, e.g. SNV."),
)


class CertificateTemplate(PreviewableMixin, models.Model):
    class Kind(models.TextChoices):
        CERTIFICATE = "certificate", _("Certificate of completion (giấy chứng nhận)")
        DIPLOMA = "diploma", _("Programme certificate (chứng chỉ)")
        MERIT = "merit", _("Certificate of merit (giấy khen)")

    class PaperSize(models.TextChoices):
        A4 = "A4", "A4"
        A5 = "A5", "A5"

    class Orientation(models.TextChoices):
        LANDSCAPE = "landscape", _("Landscape")
        PORTRAIT = "portrait", _("Portrait")

    class Border(models.TextChoices):
        NONE = "none", _("No border")
        SIMPLE = "simple", _("Single line")
        DOUBLE = "double", _("Double line")
        ORNATE = "ornate", _("Decorative double frame")

    name = models.CharField(
        _("name"), max_length=200, help_text=_("For the admin only, e.g. “Completion, 2026”.")
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.CERTIFICATE
    )
    parent_agency = models.CharField(
        _("parent agency"),
        max_length=200,
        blank=True,
        help_text=_("Printed above the issuing agency, e.g. “Ủy ban nhân dân tỉnh An Lạc”."),
    )
    agency = models.CharField(
        _("issuing agency"), max_length=200, help_text=_("e.g. “Sở Nội vụ tỉnh An Lạc”.")
    )
    agency_code = models.CharField(
        _("agency code"),
        max_length=12,
        validators=[agency_code_validator],
        help_text=_(
            "Short code used in serial and register numbers; numbering runs per agency code and year."
        ),
    )
    national_heading = models.CharField(
        _("national heading"), max_length=200, default="CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    )
    motto = models.CharField(_("motto"), max_length=200, default="Độc lập - Tự do - Hạnh phúc")
    title = models.CharField(_("title"), max_length=200, help_text=_("e.g. “GIẤY CHỨNG NHẬN”."))
    body = models.TextField(
        _("body"),
        validators=[validate_placeholders],
        help_text=_(
            "Text under the title. Placeholders: {ho_ten}, {ngay_sinh}, {don_vi}, {noi_dung}, "
            "{thoi_gian}, {xep_loai}. One paragraph per line."
        ),
    )
    place_name = models.CharField(
        _("place name"),
        max_length=100,
        blank=True,
        help_text=_("For the place and date line; empty = the province's name."),
    )
    signer_title = models.CharField(
        _("signer's title"), max_length=200, help_text=_("e.g. “GIÁM ĐỐC”.")
    )
    signer_name = models.CharField(_("signer's name"), max_length=200)
    signature = models.ImageField(
        _("signature image"),
        upload_to="certificates/signatures/",
        storage=private_storage,
        blank=True,
        validators=[validate_image_size],
        help_text=_("PNG with a transparent background, at most 2 MB."),
    )
    seal = models.ImageField(
        _("seal image"),
        upload_to="certificates/seals/",
        storage=private_storage,
        blank=True,
        validators=[validate_image_size],
        help_text=_("PNG with a transparent background, at most 2 MB."),
    )
    background = models.ImageField(
        _("background image"),
        upload_to="certificates/backgrounds/",
        storage=private_storage,
        blank=True,
        validators=[validate_image_size],
        help_text=_("Optional, at most 2 MB; printed under the text over the whole page."),
    )
    border = models.CharField(
        _("border"), max_length=20, choices=Border.choices, default=Border.ORNATE
    )
    paper_size = models.CharField(
        _("paper size"), max_length=2, choices=PaperSize.choices, default=PaperSize.A4
    )
    orientation = models.CharField(
        _("orientation"), max_length=10, choices=Orientation.choices, default=Orientation.LANDSCAPE
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("certificate template")
        verbose_name_plural = _("certificate templates")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def serve_preview(self, request, mode_name):
        try:
            page = sample_page(self)
        except CertificateError as exc:
            # Text saved before the validator refused it: say what is wrong instead of a 500.
            return HttpResponse(
                format_html('<!doctype html><html lang="vi"><body><p role="alert">{}</p>', exc)
            )
        return HttpResponse(build_html([page], for_browser=True))

    @property
    def register_book(self):
        return {
            self.Kind.CERTIFICATE: "GCN",
            self.Kind.DIPLOMA: "CC",
            self.Kind.MERIT: "GK",
        }.get(self.kind, "GCN")

    @property
    def effective_place_name(self):
        return self.place_name or settings.PROVINCE_PLACE_NAME


def new_code():
    # 24 random bytes = 192 bits, 32 URL-safe characters.
    return secrets.token_urlsafe(24)


class Certificate(models.Model):
    class Source(models.TextChoices):
        """The one kind this app knows itself; the others come from `sources` (other apps)."""

        OTHER = sources.OTHER, sources.OTHER_LABEL

    class DocumentType(models.TextChoices):
        CERTIFICATE = "certificate", _("Certificate")
        CONFIRMATION = "confirmation", _("Certification of completion (lost certificate)")

    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        REVOKED = "revoked", _("Revoked")
        REPLACED = "replaced", _("Replaced")

    class RevokeReason(models.TextChoices):
        FRAUD = "fraud", _("Fraud")
        INELIGIBLE = "ineligible", _("Not eligible")
        ALTERED = "altered", _("Altered")
        ISSUER_ERROR = "issuer_error", _("Error by the issuer")

    code = models.CharField(_("verification code"), max_length=64, unique=True, default=new_code)
    template = models.ForeignKey(
        CertificateTemplate,
        verbose_name=_("template"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    document_type = models.CharField(
        _("document type"),
        max_length=20,
        choices=DocumentType.choices,
        default=DocumentType.CERTIFICATE,
    )
    source_kind = models.CharField(_("issued for"), max_length=20, choices=sources.kind_choices)
    source_id = models.PositiveBigIntegerField(_("source id"))
    group_key = models.CharField(
        _("print group"),
        max_length=50,
        db_index=True,
        help_text=_("The course or contest round whose certificates are printed together."),
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("holder"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    # Snapshot at issue time.
    holder_name = models.CharField(_("full name"), max_length=300)
    holder_birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    unit_name = models.CharField(_("unit"), max_length=300, blank=True)
    achievement = models.CharField(
        _("achievement"), max_length=500, help_text=_("Course or contest and round.")
    )
    period = models.CharField(_("period"), max_length=200, blank=True)
    grade = models.CharField(_("grade or prize"), max_length=200, blank=True)
    agency = models.CharField(_("issuing agency"), max_length=200)
    parent_agency = models.CharField(_("parent agency"), max_length=200, blank=True)
    agency_code = models.CharField(_("agency code"), max_length=12)
    title = models.CharField(_("title"), max_length=200)
    body_text = models.TextField(_("text"))
    place_name = models.CharField(_("place name"), max_length=100)
    signer_title = models.CharField(_("signer's title"), max_length=200)
    signer_name = models.CharField(_("signer's name"), max_length=200)
    issued_on = models.DateField(_("issued on"))
    year = models.PositiveSmallIntegerField(_("year"))
    serial_no = models.PositiveIntegerField(_("serial sequence"))
    serial = models.CharField(_("serial number"), max_length=40, unique=True)
    register_book = models.CharField(_("register book"), max_length=10)
    register_no = models.PositiveIntegerField(_("register sequence"))
    register_number = models.CharField(_("register number"), max_length=40)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.VALID
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoke_reason = models.CharField(
        _("reason for revocation"), max_length=20, choices=RevokeReason.choices, blank=True
    )
    revoke_note = models.TextField(_("note on revocation"), blank=True)
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("replaces"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replacement",
    )
    confirms = models.ForeignKey(
        "self",
        verbose_name=_("confirms the certificate"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="confirmations",
    )
    pdf = models.FileField(
        _("PDF file"), upload_to="certificates/pdf/", storage=private_storage, blank=True
    )
    pdf_status = models.CharField(
        _("status printed on the PDF"),
        max_length=20,
        choices=Status.choices,
        blank=True,
        help_text=_("The status the stored PDF was rendered with; empty when unknown."),
    )
    rendered_at = models.DateTimeField(_("rendered at"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-year", "agency_code", "register_book", "-register_no"]
        constraints = [
            # Once per person per source (a course, a round's prizes); a replaced certificate no
            # longer counts.
            models.UniqueConstraint(
                fields=["source_kind", "source_id", "holder"],
                condition=models.Q(document_type="certificate") & ~models.Q(status="replaced"),
                name="certificates_once_per_source",
            ),
            models.UniqueConstraint(
                fields=["agency_code", "year", "serial_no"], name="certificates_unique_serial_no"
            ),
            models.UniqueConstraint(
                fields=["agency_code", "year", "register_book", "register_no"],
                name="certificates_unique_register_no",
            ),
        ]
        indexes = [models.Index(fields=["holder", "status"])]
        permissions = [
            ("issue_certificate", _("Can issue certificates")),
            ("revoke_certificate", _("Can revoke and reissue certificates")),
            ("print_certificate", _("Can print certificates in bulk")),
        ]

    def __str__(self):
        return f"{self.serial} – {self.holder_name}"

    def get_verify_url(self):
        return reverse("certificates:verify_code", args=[self.code])

    def get_absolute_verify_url(self):
        return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + self.get_verify_url()

    def get_download_url(self):
        return reverse("certificates:download", args=[self.pk])


class NumberCounter(models.Model):
    """The last number used in one sequence (serial, or one register book) of an agency and year.

    Its row is locked while a certificate is inserted, in the same transaction, so numbers are
    handed out without gaps or duplicates even when many certificates are issued at once.
    """

    agency_code = models.CharField(_("agency code"), max_length=12)
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.CharField(_("sequence"), max_length=20)
    last_value = models.PositiveIntegerField(_("last number used"), default=0)

    class Meta:
        verbose_name = _("number counter")
        verbose_name_plural = _("number counters")
        constraints = [
            models.UniqueConstraint(
                fields=["agency_code", "year", "sequence"], name="certificates_unique_counter"
            )
        ]

    def __str__(self):
        return f"{self.agency_code}/{self.year}/{self.sequence}: {self.last_value}"


class BulkPrintJob(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Printing")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    group_key = models.CharField(_("print group"), max_length=50)
    label = models.CharField(_("what is printed"), max_length=300)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    total = models.PositiveIntegerField(_("certificates to print"), default=0)
    done = models.PositiveIntegerField(_("certificates printed"), default=0)
    pdf = models.FileField(
        _("combined PDF"), upload_to="certificates/bulk/", storage=private_storage, blank=True
    )
    zip_file = models.FileField(
        _("ZIP of single PDFs"),
        upload_to="certificates/bulk/",
        storage=private_storage,
        blank=True,
    )
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("bulk print job")
        verbose_name_plural = _("bulk print jobs")
        ordering = ["-created_at"]

    def __str__(self):
        return self.label

    @property
    def percent(self):
        if not self.total:
            return 100 if self.status == self.Status.DONE else 0
        return min(100, round(self.done * 100 / self.total))
