"""Deleting a published question changes public pages (the list, the sitemap): say so once the
deletion is committed. Publishing and withdrawing announce it in services.py."""

from django.db import transaction
from django.db.models.signals import post_delete

from common.signals import public_content_changed

from .models import Question


def announce_deleted(sender, instance, **_kwargs):
    if instance.status == Question.Status.PUBLISHED:
        transaction.on_commit(lambda: public_content_changed.send(sender=sender))


def connect():
    post_delete.connect(announce_deleted, sender=Question, dispatch_uid="qa-question-deleted")
