"""Signals between apps that must not import one another.

`public_content_changed`: an app's public pages changed (a record was published, edited or
deleted) outside Wagtail's page tree. The portal listens to drop its cached pages and sitemap;
the app sending it needs to know nothing about the portal.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal

public_content_changed = Signal()


def _announce(sender, **_kwargs):
    transaction.on_commit(lambda: public_content_changed.send(sender=sender))


def announce_changes_of(*models):
    """Send `public_content_changed` after the commit of any save or delete of `models`: for
    records that appear in the portal's sitemap or site map and change rarely (a course, a
    contest round, a published index set), never for rows written on every reader's action."""
    for model in models:
        label = model._meta.label_lower
        post_save.connect(_announce, sender=model, dispatch_uid=f"public-saved-{label}")
        post_delete.connect(_announce, sender=model, dispatch_uid=f"public-deleted-{label}")
