"""A change in the register changes public pages (lists, articles linking a document, the
sitemap): say so once the change is committed, for whoever caches them."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from common.signals import public_content_changed

from .models import Issuer, LegalDocument


def announce(sender, **_kwargs):
    transaction.on_commit(lambda: public_content_changed.send(sender=sender))


def connect():
    for model in (LegalDocument, Issuer):
        name = model.__name__
        post_save.connect(announce, sender=model, dispatch_uid=f"legaldocs-saved-{name}")
        post_delete.connect(announce, sender=model, dispatch_uid=f"legaldocs-deleted-{name}")
