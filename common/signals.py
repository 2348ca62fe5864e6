"""Signals between apps that must not import one another.

`public_content_changed`: an app's public pages changed (a record was published, edited or
deleted) outside Wagtail's page tree. The portal listens to drop its cached pages and sitemap;
the app sending it needs to know nothing about the portal.
"""

from django.dispatch import Signal

public_content_changed = Signal()
