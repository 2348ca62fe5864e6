"""Readers' questions (hỏi đáp) and feedback (phản ánh, kiến nghị), with the editors' answers.

A question is private until an editor publishes it: the public list shows only `PUBLISHED`
ones, under the name the reader chose (full name, initials, or "Reader").
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.fields import RichTextField

from common.reform import ReformArea

from . import search

#: What an editor may use in an answer: enough for steps and links to procedures, no headings
#: or images that would break the public page's layout.
ANSWER_FEATURES = ["bold", "italic", "ol", "ul", "link"]

NAME_MAX_LENGTH = 100
TITLE_MAX_LENGTH = 200
BODY_MAX_LENGTH = 4000
ANSWER_MAX_LENGTH = 20000


class QuestionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Question.Status.PUBLISHED)


class Question(models.Model):
    class Kind(models.TextChoices):
        QUESTION = "hoi-dap", pgettext_lazy("question kind", "Question")
        FEEDBACK = "phan-anh", pgettext_lazy("question kind", "Feedback or proposal")

    class Status(models.TextChoices):
        NEW = "new", pgettext_lazy("question status", "New")
        ANSWERED = "answered", pgettext_lazy("question status", "Answered, not published")
        PUBLISHED = "published", pgettext_lazy("question status", "Published")
        NOT_PUBLISHED = "not_published", pgettext_lazy("question status", "Not to be published")
        SPAM = "spam", pgettext_lazy("question status", "Spam")

    class ShowAs(models.TextChoices):
        NAME = "name", _("My name")
        INITIALS = "initials", _("My initials")
        ANONYMOUS = "anonymous", _("Anonymous (“Reader”)")

    reference = models.CharField(
        _("reference"), max_length=20, unique=True, editable=False, null=True
    )
    kind = models.CharField(
        pgettext_lazy("question", "kind"),
        max_length=10,
        choices=Kind.choices,
        default=Kind.QUESTION,
    )
    area = models.CharField(
        pgettext_lazy("question", "topic"),
        max_length=20,
        choices=ReformArea.choices,
        blank=True,
        help_text=_("The reform area it concerns; empty for other matters."),
    )
    title = models.CharField(pgettext_lazy("question", "subject"), max_length=TITLE_MAX_LENGTH)
    body = models.TextField(pgettext_lazy("question", "text"), max_length=BODY_MAX_LENGTH)
    name = models.CharField(_("full name"), max_length=NAME_MAX_LENGTH)
    email = models.EmailField(_("email address"), max_length=254)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    unit = models.CharField(_("work unit or address"), max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    show_as = models.CharField(
        _("shown as"),
        max_length=10,
        choices=ShowAs.choices,
        default=ShowAs.ANONYMOUS,
        help_text=_("How the reader asked to be named if the question is published."),
    )
    consented_at = models.DateTimeField(_("consent given at"))
    submitted_at = models.DateTimeField(pgettext_lazy("question", "submitted at"), db_index=True)
    # One per form shown: a double click or a resent form finds the question already saved.
    submission_token = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW, db_index=True
    )
    answer = RichTextField(_("answer"), blank=True, features=ANSWER_FEATURES)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answer_sent_at = models.DateTimeField(_("answer emailed at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    search_folded = models.TextField(editable=False, default="")

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions and feedback")
        indexes = [models.Index(fields=["status", "-published_at"], name="qa_published_idx")]

    def __str__(self):
        return f"{self.reference or '—'}: {self.title}"

    def save(self, *args, **kwargs):
        self.fill_derived()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_folded", "updated_at"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("qa:detail", args=[self.pk])

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def public_name(self) -> str:
        """The name shown with a published question, as the reader chose."""
        if self.show_as == self.ShowAs.NAME and self.name:
            return self.name
        if self.show_as == self.ShowAs.INITIALS and self.name:
            return ".".join(word[0].upper() for word in self.name.split()) + "."
        return str(_("Reader"))

    def fill_derived(self):
        self.search_folded = search.padded(self.title, self.body, self.answer)
