"""Signal handlers of the accounts app (it sends none of its own yet), connected once from
AccountsConfig.ready()."""

from urllib.parse import urlsplit

from django.conf import settings
from django.db.models.signals import post_migrate


def name_the_site(sender, using="default", **kwargs):
    """Give the sites framework's Site the portal's name and address after migrating.

    allauth writes the site's name and domain into every email; Django creates it as
    "example.com". Only that placeholder is replaced, so a name set in the admin is kept.
    """
    # Sent once per app after all migrations ran; the sites app creates its Site in its own
    # handler, which may come after ours for its own sender, so every sender tries (one UPDATE).
    from django.contrib.sites.models import Site

    domain = urlsplit(settings.WAGTAILADMIN_BASE_URL).netloc or "localhost"
    Site.objects.using(using).filter(pk=settings.SITE_ID, domain="example.com").update(
        domain=domain, name=settings.WAGTAIL_SITE_NAME
    )


def connect():
    post_migrate.connect(name_the_site, dispatch_uid="accounts-name-the-site")
