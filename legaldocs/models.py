"""The register of legal and steering documents (văn bản) the portal publishes: who issued each
one, its number and dates, the reform area it concerns, whether it is still in force (or which
document replaced it), and its files."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from common.reform import ReformArea

from . import search


class Issuer(models.Model):
    """An agency that issues documents. Not the accounts unit tree: the register also holds the
    Government's, ministries' and the Party's documents, which are no unit of the province."""

    name = models.CharField(
        _("name"),
        max_length=255,
        unique=True,
        help_text=_("In full, e.g. Ủy ban nhân dân tỉnh An Lạc."),
    )
    short_name = models.CharField(
        _("short name"),
        max_length=80,
        blank=True,
        help_text=_("Shown in lists, e.g. UBND tỉnh. Leave empty to use the name."),
    )
    sort_order = models.PositiveIntegerField(
        _("order"), default=0, help_text=_("Lower numbers come first in the filter.")
    )

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = pgettext_lazy("legal document", "issuing agency")
        verbose_name_plural = _("issuing agencies")

    def __str__(self):
        return self.name

    @property
    def label(self):
        return self.short_name or self.name


class LegalDocument(ClusterableModel):
    class Type(models.TextChoices):
        # The kinds of Decree 30/2020/NĐ-CP on office work, with the legal normative ones above
        # them; a fixed list set by law, so choices rather than an editable table.
        LAW = "luat", pgettext_lazy("legal document type", "Law")
        RESOLUTION = "nghi-quyet", pgettext_lazy("legal document type", "Resolution")
        DECREE = "nghi-dinh", pgettext_lazy("legal document type", "Decree")
        CIRCULAR = "thong-tu", pgettext_lazy("legal document type", "Circular")
        DECISION = "quyet-dinh", pgettext_lazy("legal document type", "Decision")
        DIRECTIVE = "chi-thi", pgettext_lazy("legal document type", "Directive")
        PROGRAMME = "chuong-trinh", pgettext_lazy("legal document type", "Programme")
        PLAN = "ke-hoach", pgettext_lazy("legal document type", "Plan")
        GUIDANCE = "huong-dan", pgettext_lazy("legal document type", "Guidance")
        OFFICIAL_LETTER = "cong-van", pgettext_lazy("legal document type", "Official letter")
        NOTICE = "thong-bao", pgettext_lazy("legal document type", "Notice")
        REPORT = "bao-cao", pgettext_lazy("legal document type", "Report")
        OTHER = "khac", pgettext_lazy("legal document type", "Other")

    class Status(models.TextChoices):
        IN_FORCE = "in_force", pgettext_lazy("legal document status", "In force")
        EXPIRED = "expired", pgettext_lazy("legal document status", "No longer in force")
        REPLACED = "replaced", pgettext_lazy("legal document status", "Replaced")

    number = models.CharField(
        _("number and symbol"),
        max_length=60,
        help_text=_("As printed on the document, e.g. 12/KH-UBND."),
    )
    doc_type = models.CharField(
        pgettext_lazy("legal document", "type"), max_length=20, choices=Type.choices
    )
    issuer = models.ForeignKey(
        Issuer,
        verbose_name=pgettext_lazy("legal document", "issuing agency"),
        on_delete=models.PROTECT,
        related_name="documents",
    )
    signer = models.CharField(
        _("signed by"),
        max_length=200,
        blank=True,
        help_text=_("Position and name, e.g. Phó Chủ tịch Trần Văn Bình."),
    )
    issued_on = models.DateField(_("date issued"))
    effective_on = models.DateField(
        _("date effective"),
        null=True,
        blank=True,
        help_text=_("Leave empty when the document takes effect on the day it is issued."),
    )
    area = models.CharField(
        _("reform area"),
        max_length=20,
        choices=ReformArea.choices,
        blank=True,
        help_text=_("Leave empty for a document about the whole reform programme."),
    )
    title = models.CharField(
        pgettext_lazy("legal document", "subject"),
        max_length=500,
        help_text=_(
            "The subject line (trích yếu) as printed, e.g. Kế hoạch cải cách hành chính năm 2026."
        ),
    )
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("A few sentences on what the document says.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.IN_FORCE
    )
    replaced_by = models.ForeignKey(
        "self",
        verbose_name=_("replaced by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaces",
        help_text=_("The document that replaces this one; its status becomes Replaced."),
    )
    is_public = models.BooleanField(
        _("shown on the portal"),
        default=True,
        help_text=_("Untick to keep a document in the register without publishing it."),
    )
    slug = models.SlugField(_("slug"), max_length=120, unique=True, editable=False)
    number_key = models.CharField(max_length=60, editable=False, db_index=True, default="")
    number_folded = models.CharField(max_length=80, editable=False, default="")
    # The year of issued_on, stored: the unique number per year and the year filter use it.
    year = models.PositiveSmallIntegerField(_("year"), editable=False, default=0)
    search_folded = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("legal document")
        verbose_name_plural = _("legal documents")
        constraints = [
            # Numbering restarts every 1 January (Decree 30/2020/NĐ-CP), so 12/KH-UBND of 2025
            # and of 2026 are two documents; within a year an issuer uses a number once.
            models.UniqueConstraint(
                fields=["issuer", "number_key", "year"],
                name="legaldocs_number_once_per_issuer_and_year",
            ),
            models.CheckConstraint(
                condition=models.Q(effective_on__isnull=True)
                | models.Q(effective_on__gte=models.F("issued_on")),
                name="legaldocs_effective_not_before_issued",
            ),
            models.CheckConstraint(
                condition=~models.Q(replaced_by=models.F("pk")),
                name="legaldocs_not_replaced_by_itself",
            ),
        ]
        indexes = [
            models.Index(fields=["is_public", "issued_on"]),
            models.Index(fields=["is_public", "year"]),
            models.Index(fields=["is_public", "created_at"]),
        ]

    def __str__(self):
        return f"{self.number} — {self.title}"

    def get_absolute_url(self):
        return reverse("legaldocs:detail", kwargs={"slug": self.slug})

    @property
    def is_replaced(self):
        return self.status == self.Status.REPLACED

    def clean(self):
        super().clean()
        errors = {}
        self.number = " ".join((self.number or "").split())
        key = search.number_key(self.number)
        if self.number and not key:
            errors["number"] = _("Enter the number with its digits and letters, e.g. 12/KH-UBND.")
        if key and self.issuer_id and self.issued_on:
            same = LegalDocument.objects.filter(
                issuer_id=self.issuer_id, number_key=key, year=self.issued_on.year
            ).exclude(pk=self.pk)
            if same.exists():
                errors["number"] = _(
                    "This agency already has a document with this number in %(year)s."
                ) % {"year": self.issued_on.year}
        if self.effective_on and self.issued_on and self.effective_on < self.issued_on:
            errors["effective_on"] = _("A document cannot take effect before it is issued.")
        if self.replaced_by_id:
            if self.pk and self.replaced_by_id == self.pk:
                errors["replaced_by"] = _("A document cannot replace itself.")
            elif self.pk and self.replaced_by.replaced_by_id == self.pk:
                errors["replaced_by"] = _(
                    "That document is itself replaced by this one; undo that link first."
                )
            else:
                self.status = self.Status.REPLACED
        elif self.status == self.Status.REPLACED:
            errors["replaced_by"] = _("Choose the document that replaces this one.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.fill_derived()
        if not self.slug:
            self.slug = self._free_slug()
        super().save(*args, **kwargs)

    def fill_derived(self):
        """The stored forms search and the constraints use; save() calls it (bulk_create,
        which skips save(), must call it itself)."""
        self.number_key = search.number_key(self.number)
        self.year = self.issued_on.year
        self.number_folded = search.padded(self.number)
        self.search_folded = search.padded(f"{self.number} {self.title} {self.summary}")

    def _free_slug(self):
        base = slugify(search.fold(self.number))[:100] or "van-ban"
        if self.issued_on:
            base = f"{base}-{self.issued_on.year}"
        taken = set(
            LegalDocument.objects.filter(slug__startswith=base).values_list("slug", flat=True)
        )
        slug, counter = base, 2
        while slug in taken:
            slug, counter = f"{base}-{counter}", counter + 1
        return slug


class Attachment(Orderable):
    """A file of the document: the signed PDF, its appendices. Files here are public."""

    legal_document = ParentalKey(
        LegalDocument, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("file"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("A PDF is shown on the document's page; other files can be downloaded."),
    )
    title = models.CharField(
        _("title"),
        max_length=200,
        blank=True,
        help_text=_("e.g. Phụ lục I. Leave empty to use the file's title."),
    )

    class Meta(Orderable.Meta):
        verbose_name = _("file")
        verbose_name_plural = _("files")

    def __str__(self):
        return self.label

    @property
    def label(self):
        return self.title or self.file.title

    @property
    def is_pdf(self):
        return self.file.file_extension.lower() == "pdf"

    def get_absolute_url(self):
        return reverse(
            "legaldocs:file", kwargs={"slug": self.legal_document.slug, "file_id": self.pk}
        )
