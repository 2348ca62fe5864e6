"""The one table the shared code keeps: the log of organizers' mailings (common/messaging.py).

A mailing is owned by the app whose people it writes to (`audience`, e.g. "courses.course",
with the id of the course or round): no foreign key to that app, so `common` imports none.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

#: Longest subject and body an organizer may write (plain text).
SUBJECT_MAX_LENGTH = 150
BODY_MAX_LENGTH = 5000


class Mailing(models.Model):
    """One email written by an organizer to the people of a course or a contest round, and its
    sending: who, when, which filter, to how many, and how far the task has got."""

    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("mailing status", "Waiting to be sent")
        SENDING = "sending", pgettext_lazy("mailing status", "Sending")
        DONE = "done", pgettext_lazy("mailing status", "Sent")
        FAILED = "failed", pgettext_lazy("mailing status", "Stopped by an error")

    audience = models.CharField(_("audience"), max_length=50)
    object_id = models.PositiveBigIntegerField(_("object id"))
    object_label = models.CharField(_("sent about"), max_length=300)
    filter = models.CharField(_("recipients"), max_length=30)
    filter_label = models.CharField(_("recipients (label)"), max_length=150)
    subject = models.CharField(_("subject"), max_length=SUBJECT_MAX_LENGTH)
    body = models.TextField(_("message"), max_length=BODY_MAX_LENGTH)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # The key of the confirmation page: the same confirmation posted twice finds this row.
    key = models.UUIDField(_("idempotency key"), unique=True, editable=False)
    # The people chosen when the organizer confirmed (user ids, in order).
    recipients = models.JSONField(_("recipients (ids)"), default=list, editable=False)
    total = models.PositiveIntegerField(_("recipients (count)"), default=0)
    position = models.PositiveIntegerField(_("processed"), default=0)
    sent = models.PositiveIntegerField(_("emails sent"), default=0)
    skipped = models.PositiveIntegerField(_("skipped"), default=0)
    failed = models.PositiveIntegerField(_("failed"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    #: When the sender last finished a batch: a mailing "sending" with no progress for a while
    #: lost its worker and is resumed from `position` (messaging.resume_stalled).
    progressed_at = models.DateTimeField(_("last progress"), null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("mailing")
        verbose_name_plural = _("mailings")
        indexes = [models.Index(fields=["audience", "object_id", "created_at"])]

    def __str__(self):
        return f"{self.subject} ({self.object_label})"

    @property
    def percent(self) -> int:
        if not self.total:
            return 100 if self.is_finished else 0
        return min(100, round(100 * self.position / self.total))

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
